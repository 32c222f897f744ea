"""``AppWebhooksClient`` against the fake Conversation API: the list under the app, the rest under the
project, the contract's required fields, answers checked, secrets never in an error text."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sinch_conversation import MAX_WEBHOOKS_PER_APP, AppsClient, AppWebhooksClient, ConversationApiError
from sinch_conversation.webhooks import AppWebhooksClient as Direct
from sinch_provisioning.errors import OutcomeUnknownError, UnexpectedResponseError
from sinch_provisioning.webhooks import WebhooksClient
from tests.client.conversation.fake import FakeConversation, error_body
from tests.client.loopback import Exchange, LoopbackServer
from tests.conftest import TEST_PROJECT_ID

PROJECT_PATH = f"/conversation/eu/v1/projects/{TEST_PROJECT_ID}"
SECRET = "conversation-webhook-secret-6a0f"
CLIENT_SECRET = "oauth-client-secret-2c9d"


def hook_body(app_id: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "app_id": app_id,
        "target": "https://hooks.acme.example/sinch/conversation",
        "target_type": "HTTP",
        "triggers": ["MESSAGE_DELIVERY", "MESSAGE_INBOUND"],
        "secret": SECRET,
        "client_credentials": {
            "client_id": "acme",
            "client_secret": CLIENT_SECRET,
            "endpoint": "https://auth.acme.example/token",
        },
    }
    body.update(changes)
    return body


@pytest.fixture
def app_id(apps: AppsClient) -> str:
    made: str = apps.create_app({"display_name": "ACME Parcel", "channel_credentials": []})["id"]
    return made


def test_create_list_get_update_delete(hooks: AppWebhooksClient, app_id: str, server: LoopbackServer) -> None:
    made = hooks.create_webhook(hook_body(app_id))
    assert hooks.get_webhook(made["id"])["target"] == made["target"]
    assert [hook["id"] for hook in hooks.list_webhooks(app_id)] == [made["id"]]
    moved = hooks.update_webhook(
        made["id"],
        {"target": "https://hooks.acme.example/v2", "secret": "rotated-secret-1"},
        ["target", "secret"],
    )
    assert (moved["target"], moved["secret"]) == ("https://hooks.acme.example/v2", "rotated-secret-1")
    assert moved["triggers"] == ["MESSAGE_DELIVERY", "MESSAGE_INBOUND"]  # not named: kept
    hooks.delete_webhook(made["id"])
    assert hooks.list_webhooks(app_id) == []

    paths = [
        (seen.method, seen.path.removeprefix(PROJECT_PATH))
        for seen in server.seen
        if "/oauth2" not in seen.path
    ]
    assert paths[1:] == [
        ("POST", "/webhooks"),
        ("GET", f"/webhooks/{made['id']}"),
        ("GET", f"/apps/{app_id}/webhooks"),
        ("PATCH", f"/webhooks/{made['id']}"),
        ("DELETE", f"/webhooks/{made['id']}"),
        ("GET", f"/apps/{app_id}/webhooks"),
    ]
    [patch] = [seen for seen in server.seen if seen.method == "PATCH"]
    assert patch.query == {"update_mask": "target,secret"}


def test_the_contracts_required_fields_are_checked_before_sending(
    hooks: AppWebhooksClient, server: LoopbackServer
) -> None:
    with pytest.raises(ValueError, match="must carry 'app_id'"):
        hooks.create_webhook({"target": "https://hooks.acme.example"})
    with pytest.raises(ValueError, match="must carry 'target'"):
        hooks.create_webhook({"app_id": "01JABCDEFGHJKMNPQRSTVWXYZ0"})
    with pytest.raises(ValueError, match="PATCH body requires it"):
        hooks.update_webhook("01JABCDEFGHJKMNPQRSTVWXYZ0", {"secret": "s"}, ["secret"])
    with pytest.raises(ValueError, match="webhook_id must be a non-empty string"):
        hooks.get_webhook("")
    assert server.seen == []


def test_a_webhook_without_a_target_is_not_data(
    hooks: AppWebhooksClient, app_id: str, fake: FakeConversation
) -> None:
    def answer(exchange: Exchange) -> bool:
        exchange.json(200, {"webhooks": [{"id": "01JABCDEFGHJKMNPQRSTVWXYZ1", "target": None}]})
        return True

    fake.faults.append(answer)
    with pytest.raises(UnexpectedResponseError) as raised:
        hooks.list_webhooks(app_id)
    assert raised.value.operation == "list_app_webhooks"
    assert "webhooks[0]: not an app webhook: 'target' is null, not a string" in str(raised.value)


def test_a_lost_create_answer_is_an_unknown_outcome(
    hooks: AppWebhooksClient, app_id: str, fake: FakeConversation, server: LoopbackServer
) -> None:
    def lose(exchange: Exchange) -> bool:
        fake.apply(exchange)
        exchange.hang_up()
        return True

    fake.faults.append(lose)
    with pytest.raises(OutcomeUnknownError) as unknown:
        hooks.create_webhook(hook_body(app_id))
    assert unknown.value.operation == "create_app_webhook"
    assert sum(1 for seen in server.seen if seen.method == "POST" and seen.path.endswith("/webhooks")) == 1
    assert len(fake.webhooks) == 1


def test_no_error_text_holds_the_webhooks_secrets(
    hooks: AppWebhooksClient, app_id: str, fake: FakeConversation
) -> None:
    def echo(exchange: Exchange) -> bool:
        sent = json.loads(exchange.request.body)
        exchange.json(400, error_body(400, "INVALID_ARGUMENT", f"refused {json.dumps(sent)}", [sent]))
        return True

    fake.faults.append(echo)
    with pytest.raises(ConversationApiError) as raised:
        hooks.create_webhook(hook_body(app_id))
    text = f"{raised.value} {raised.value.details}"
    assert SECRET not in text
    assert CLIENT_SECRET not in text
    assert "hooks.acme.example" in text  # the rest is shown


def test_the_app_webhooks_client_is_not_the_project_webhooks_client() -> None:
    assert MAX_WEBHOOKS_PER_APP == 5
    assert Direct is AppWebhooksClient
    assert not issubclass(AppWebhooksClient, WebhooksClient)
