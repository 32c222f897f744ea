"""The sdist and wheel, built once per test run from this checkout.

Under pytest-xdist every test that uses them runs on one worker (the group ``distributions``, with
``--dist loadgroup`` from pyproject.toml), so that they are built once, not once per worker.
"""

from __future__ import annotations

import pytest

from tests.packaging.support import Distributions, build


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "distributions" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("distributions"))


@pytest.fixture(scope="session")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> Distributions:
    return build(tmp_path_factory.mktemp("dist"))
