"""Fixtures of the Conversation client's tests: a fake Conversation API (and token endpoint, and one
Provisioning sender) on a loopback server, a Provisioning connection to it, and the EU Conversation API
beside that connection."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sinch_conversation.apps import AppsClient
from sinch_conversation.connection import ConversationConnection
from sinch_conversation.webhooks import AppWebhooksClient
from sinch_provisioning.connection import Connection
from sinch_provisioning.retry import RetryPolicy
from tests.client.conftest import RecordingSleep, ServeFactory
from tests.client.conversation.fake import FakeConversation
from tests.client.loopback import LoopbackServer
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID


@pytest.fixture
def fake() -> FakeConversation:
    return FakeConversation()


@pytest.fixture
def server(fake: FakeConversation, serve: ServeFactory) -> LoopbackServer:
    return serve(fake)


@pytest.fixture
def template(server: LoopbackServer) -> str:
    """The fake's Conversation API URL template (``.../conversation/{region}``)."""
    return f"{server.url}/conversation/{{region}}"


@pytest.fixture
def connection(server: LoopbackServer, sleeps: RecordingSleep) -> Iterator[Connection]:
    """A Provisioning connection to the fake, by OAuth2 (its token endpoint), never really sleeping."""
    with Connection.from_access_key(
        TEST_PROJECT_ID,
        TEST_KEY_ID,
        TEST_KEY_SECRET,
        base_url=server.url,
        auth_url=f"{server.url}/oauth2/token",
        retry=RetryPolicy(sleep=sleeps, random=lambda: 1.0),
    ) as made:
        yield made


@pytest.fixture
def eu(connection: Connection, template: str) -> ConversationConnection:
    return ConversationConnection.beside(connection, region="EU", url=template)


@pytest.fixture
def apps(eu: ConversationConnection) -> AppsClient:
    return AppsClient(eu)


@pytest.fixture
def hooks(eu: ConversationConnection) -> AppWebhooksClient:
    return AppWebhooksClient(eu)
