"""The sdist and wheel, built once per test run from this checkout.

Under pytest-xdist (``--dist loadfile``, pyproject.toml) each worker that runs a test using them builds
them once.
"""

from __future__ import annotations

import pytest

from tests.packaging.support import Distributions, build


@pytest.fixture(scope="session")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> Distributions:
    return build(tmp_path_factory.mktemp("dist"))
