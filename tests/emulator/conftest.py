"""Fixtures of the emulator tests: an ``Api`` (Provisioning API) and a ``ConversationApi`` client for the
``emulator`` fixture's server, and a webhook ``receiver`` on the loopback interface."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from emulator.server import EmulatorServer
from tests.emulator.support import Api, ConversationApi, Receiver


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[Api]:
    client = Api(emulator.url)
    yield client
    client.close()


@pytest.fixture
def conversation(emulator: EmulatorServer) -> Iterator[ConversationApi]:
    client = ConversationApi(emulator.conversation_url)
    yield client
    client.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    target = Receiver()
    yield target
    target.close()
