"""Fixtures for the harness's self-tests: an engine on this repository's project with the toy provider."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.engine import Engine
from tests.engine.toy.store import ToyStore

REPO_ROOT = Path(__file__).resolve().parents[2]
TOY_API_KEY = "toy-key-7f3c1e9a"


@pytest.fixture
def toy_store(tmp_path: Path) -> ToyStore:
    store = ToyStore(tmp_path / "toy-cloud.json")
    store.set_api_key(TOY_API_KEY)
    return store


@pytest.fixture
def engine(toy_store: ToyStore) -> Engine:
    """An engine for the repository's project (the plugin imports `tests.engine.toy` from its cwd)."""
    return Engine(
        REPO_ROOT,
        config={"toy:storePath": str(toy_store.path), "toy:apiKey": TOY_API_KEY, "greeting": "hello"},
        secret_config_keys=["toy:apiKey"],
        parallel=16,
    )
