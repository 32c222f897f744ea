"""The Conversation client against the emulator's Conversation API: every request it sends must be one the
contract (spec/conversation-apps-webhooks.openapi.yaml) accepts (the ``emulator`` fixture fails the test
otherwise), and the emulator's answers and errors must read as the client expects."""

from __future__ import annotations

import pytest

from emulator.server import EmulatorServer
from sinch_conversation import (
    MAX_WEBHOOKS_PER_APP,
    AppsClient,
    AppWebhooksClient,
    ConversationApiError,
    ConversationConnection,
    ConversationNotFoundError,
    ulid_time,
)
from sinch_provisioning.rcs_senders import SinchRcsClient
from tests.client.conftest import ClientFactory
from tests.client.support import minimal_sender, token_requests

SMS = {"channel": "SMS", "static_bearer": {"claimed_identity": "service-plan", "token": "sms-api-token-73"}}


def test_apps_and_webhooks_through_their_lifecycle(
    emulator: EmulatorServer, client_factory: ClientFactory
) -> None:
    senders = client_factory()
    eu = ConversationConnection.beside(senders.connection, region="EU", url=emulator.conversation_url)
    apps, hooks = AppsClient(eu), AppWebhooksClient(eu)

    senders.create_sender(minimal_sender("Acme"))
    app = apps.create_app({"display_name": "ACME Parcel", "channel_credentials": [SMS]})
    assert ulid_time(app["id"]) is not None
    assert [found["id"] for found in apps.list_apps()] == [app["id"]]
    renamed = apps.update_app(app["id"], {"display_name": "ACME Parcel EU"}, ["display_name"])
    assert renamed["display_name"] == "ACME Parcel EU"
    assert [entry["channel"] for entry in renamed["channel_credentials"]] == ["SMS"]  # kept

    body = {
        "app_id": app["id"],
        "target": "https://hooks.acme.example/sinch/conversation",
        "target_type": "HTTP",
        "triggers": ["MESSAGE_DELIVERY", "MESSAGE_INBOUND"],
        "secret": "conversation-hook-secret-1",
    }
    hook = hooks.create_webhook(body)
    assert hooks.get_webhook(hook["id"])["target"] == body["target"]
    moved = hooks.update_webhook(
        hook["id"], {"target": "https://hooks.acme.example/v2", "triggers": ["MESSAGE_INBOUND"]}, ["triggers"]
    )
    assert moved["triggers"] == ["MESSAGE_INBOUND"]
    assert [found["id"] for found in hooks.list_webhooks(app["id"])] == [hook["id"]]

    for index in range(MAX_WEBHOOKS_PER_APP - 1):
        hooks.create_webhook({**body, "target": f"https://hooks.acme.example/{index}"})
    with pytest.raises(ConversationApiError) as sixth:
        hooks.create_webhook({**body, "target": "https://hooks.acme.example/sixth"})
    assert (sixth.value.status, sixth.value.status_name) == (400, "INVALID_ARGUMENT")  # its own body, read
    assert "conversation-hook-secret-1" not in str(sixth.value)

    with pytest.raises(ConversationNotFoundError):
        AppsClient.beside(eu, region="us", url=emulator.conversation_url).get_app(app["id"])
    hooks.delete_webhook(hook["id"])
    apps.delete_app(app["id"])
    with pytest.raises(ConversationNotFoundError):
        apps.get_app(app["id"])
    assert token_requests(emulator) == 1  # one token for both APIs
    assert SinchRcsClient(senders.connection).list_senders()  # the line is still open
