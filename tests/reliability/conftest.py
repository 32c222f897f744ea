"""Fixtures for the reliability suite: an emulator that accepts only the suite's key, and an engine on it."""

from __future__ import annotations

import pytest

from tests.conftest import EmulatorFactory
from tests.reliability.stack import KEY_ID, KEY_SECRET, Stack, engine_for


@pytest.fixture
def stack(emulator_factory: EmulatorFactory) -> Stack:
    """A fresh emulator (every response checked against the spec) and an engine whose provider uses it."""
    server = emulator_factory(keys={KEY_ID: KEY_SECRET})
    return Stack(server, engine_for(server.url))
