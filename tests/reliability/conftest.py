"""Fixtures for the reliability suite: an emulator that accepts only the bench key, and an engine on it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

import pytest

from bench.workload import KEY_ID, KEY_SECRET, Stack, engine_for
from tests.conftest import EmulatorFactory
from tests.harness import plugin

# The Pulumi engine (grpc-go) accepts up to 16 MB of response metadata; Python's grpc client gives up past
# 8-16 KB, and a provider error's traceback (the gRPC status details) with chained exceptions can be
# longer. Without this the harness would see "Stream removed (received metadata size exceeds soft
# limit ...)" where the engine sees the provider's error. Reported to the harness owner; remove once
# tests/harness/plugin.py sets it.
ENGINE_MAX_METADATA_BYTES: Final = 16 * 1024 * 1024


@contextmanager
def engine_sized_grpc() -> Iterator[None]:
    """Plugins started inside accept as much response metadata as the engine does."""
    options = [option for option in plugin._GRPC_OPTIONS if option[0] != "grpc.max_metadata_size"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            plugin, "_GRPC_OPTIONS", [*options, ("grpc.max_metadata_size", ENGINE_MAX_METADATA_BYTES)]
        )
        yield


@pytest.fixture(autouse=True)
def engine_sized_grpc_metadata() -> Iterator[None]:
    with engine_sized_grpc():
        yield


@pytest.fixture
def stack(emulator_factory: EmulatorFactory) -> Stack:
    """A fresh emulator (every response checked against the spec) and an engine whose provider uses it."""
    server = emulator_factory(keys={KEY_ID: KEY_SECRET})
    return Stack(server, engine_for(server.url))
