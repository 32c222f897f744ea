"""The Conversation API's app webhooks in the emulator, over HTTP: create, list, get, PATCH with
update_mask, delete; the limit of 5 per app, the target rules, the app's region."""

from __future__ import annotations

import pytest

from emulator.ids import ULID
from emulator.server import EmulatorServer
from tests.conftest import TEST_PROJECT_ID
from tests.emulator.support import ConversationApi, rpc_error, rpc_message

SMS = {"channel": "SMS", "static_bearer": {"claimed_identity": "service-plan", "token": "sms-token"}}
TARGET = "https://hooks.acme.example/sinch/conversation"


@pytest.fixture
def app_id(conversation: ConversationApi) -> str:
    return str(conversation.create_app(SMS)["id"])


def test_create_answers_200_with_the_webhook_as_held_and_it_is_listed_and_read(
    conversation: ConversationApi, app_id: str
) -> None:
    hook = conversation.create_webhook(
        app_id,
        TARGET,
        ["MESSAGE_DELIVERY", "MESSAGE_INBOUND"],
        client_credentials={
            "client_id": "c",
            "client_secret": "cs",
            "endpoint": "https://auth.acme.example/t",
        },
    )

    assert ULID.match(hook["id"])
    assert hook == {
        "id": hook["id"],
        "app_id": app_id,
        "target": TARGET,
        "target_type": "HTTP",
        "triggers": ["MESSAGE_DELIVERY", "MESSAGE_INBOUND"],
        "secret": "hook-secret",
        "client_credentials": {
            "client_id": "c",
            "client_secret": "cs",
            "endpoint": "https://auth.acme.example/t",
        },
    }
    assert conversation.request("GET", f"/webhooks/{hook['id']}").json() == hook
    assert conversation.request("GET", f"/apps/{app_id}/webhooks").json() == {"webhooks": [hook]}


def test_target_type_defaults_to_dismiss(conversation: ConversationApi, app_id: str) -> None:
    response = conversation.request("POST", "/webhooks", json={"app_id": app_id, "target": TARGET})
    assert response.status_code == 200
    assert response.json()["target_type"] == "DISMISS"


@pytest.mark.sends_invalid_requests
def test_create_needs_an_app_of_this_region_and_a_target(conversation: ConversationApi, app_id: str) -> None:
    elsewhere = conversation.request("POST", "/webhooks", "us", json={"app_id": app_id, "target": TARGET})
    unknown = conversation.request(
        "POST", "/webhooks", json={"app_id": "01ARZ3NDEKTSV4RRFFQ69G5FAV", "target": TARGET}
    )
    no_app = conversation.request("POST", "/webhooks", json={"target": TARGET})
    no_target = conversation.request("POST", "/webhooks", json={"app_id": app_id})

    assert rpc_error(elsewhere) == (404, "NOT_FOUND")
    assert rpc_error(unknown) == (404, "NOT_FOUND")
    assert "app_id: 'app_id' is a required property" in rpc_message(no_app)
    assert "target: 'target' is a required property" in rpc_message(no_target)


def test_an_app_holds_at_most_five_webhooks(conversation: ConversationApi, app_id: str) -> None:
    made = [conversation.create_webhook(app_id, f"{TARGET}/{n}") for n in range(5)]

    sixth = conversation.request(
        "POST", "/webhooks", json={"app_id": app_id, "target": f"{TARGET}/6", "target_type": "HTTP"}
    )
    assert rpc_error(sixth) == (400, "INVALID_ARGUMENT")
    assert rpc_message(sixth).startswith(
        f"app {app_id} already has 5 webhooks, the most an app can have (5): "
    )
    assert all(hook["id"] in rpc_message(sixth) for hook in made)
    assert len(conversation.request("GET", f"/apps/{app_id}/webhooks").json()["webhooks"]) == 5

    other = conversation.create_app(SMS)
    conversation.create_webhook(other["id"], f"{TARGET}/6")  # the limit is per app


def test_a_target_is_unique_per_app(conversation: ConversationApi, app_id: str) -> None:
    conversation.create_webhook(app_id, TARGET)
    taken = conversation.request("POST", "/webhooks", json={"app_id": app_id, "target": TARGET})
    assert rpc_error(taken) == (400, "INVALID_ARGUMENT")
    assert rpc_message(taken) == f"app {app_id} already has a webhook with target {TARGET}"

    other = conversation.create_app(SMS)
    conversation.create_webhook(other["id"], TARGET)


@pytest.mark.parametrize(
    ("target", "triggers", "problem"),
    [
        ("https://x.example/" + "a" * 725, [], "target: is too long (743 characters; at most 742)"),
        (
            "https://conversation-api.eu1.prod.sinch.com/cb",
            [],
            "target host conversation-api.eu1.prod.sinch.com",
        ),
        ("not a url", [], "target must be an absolute http or https URL"),
        (TARGET, ["UNSPECIFIED_TRIGGER"], "triggers: UNSPECIFIED_TRIGGER cannot be subscribed to"),
    ],
)
@pytest.mark.sends_invalid_requests
def test_targets_and_triggers_the_contract_forbids_are_400(
    conversation: ConversationApi, app_id: str, target: str, triggers: list[str], problem: str
) -> None:
    body = {"app_id": app_id, "target": target, "triggers": triggers}
    response = conversation.request("POST", "/webhooks", json=body)
    assert rpc_error(response) == (400, "INVALID_ARGUMENT")
    assert problem in rpc_message(response)


def test_update_mask_applies_the_named_fields_and_a_patch_always_carries_the_target(
    conversation: ConversationApi, app_id: str
) -> None:
    hook = conversation.create_webhook(app_id, TARGET, ["MESSAGE_DELIVERY"])
    path = f"/webhooks/{hook['id']}"

    rotated = conversation.request(
        "PATCH",
        path,
        params={"update_mask": "secret,triggers"},
        json={"target": f"{TARGET}/ignored", "secret": "rotated", "triggers": ["MESSAGE_INBOUND"]},
    ).json()
    assert rotated == {**hook, "secret": "rotated", "triggers": ["MESSAGE_INBOUND"]}

    moved = conversation.request(
        "PATCH", path, json={"target": f"{TARGET}/moved", "target_type": "DISMISS"}
    ).json()
    assert moved == {**rotated, "target": f"{TARGET}/moved", "target_type": "DISMISS"}
    cleared = conversation.request(
        "PATCH", path, params={"update_mask": "secret"}, json={"target": TARGET}
    ).json()
    assert "secret" not in cleared
    assert conversation.request("GET", path).json() == cleared


@pytest.mark.sends_invalid_requests
def test_a_patch_without_a_target_or_moving_the_webhook_is_refused(
    conversation: ConversationApi, app_id: str
) -> None:
    hook = conversation.create_webhook(app_id, TARGET)
    other = conversation.create_app(SMS)
    path = f"/webhooks/{hook['id']}"

    no_target = conversation.request("PATCH", path, params={"update_mask": "secret"}, json={"secret": "s"})
    move = conversation.request("PATCH", path, json={"target": TARGET, "app_id": other["id"]})
    same_app = conversation.request("PATCH", path, json={"target": TARGET, "app_id": app_id})

    assert "target: 'target' is a required property" in rpc_message(no_target)
    assert rpc_error(move) == (400, "INVALID_ARGUMENT")
    assert rpc_message(move) == f"app_id cannot change: webhook {hook['id']} belongs to app {app_id}"
    assert same_app.status_code == 200


def test_delete_answers_an_empty_object_and_deleting_the_app_deletes_its_webhooks(
    emulator: EmulatorServer, conversation: ConversationApi, app_id: str
) -> None:
    first = conversation.create_webhook(app_id, f"{TARGET}/1")
    second = conversation.create_webhook(app_id, f"{TARGET}/2")

    deleted = conversation.request("DELETE", f"/webhooks/{first['id']}")
    assert (deleted.status_code, deleted.json()) == (200, {})
    assert rpc_error(conversation.request("GET", f"/webhooks/{first['id']}")) == (404, "NOT_FOUND")
    assert emulator.conversation_webhooks(TEST_PROJECT_ID) == [second]

    conversation.request("DELETE", f"/apps/{app_id}")
    assert rpc_error(conversation.request("GET", f"/webhooks/{second['id']}")) == (404, "NOT_FOUND")
    assert rpc_error(conversation.request("GET", f"/apps/{app_id}/webhooks")) == (404, "NOT_FOUND")
    assert emulator.conversation_webhooks(TEST_PROJECT_ID) == []


def test_a_webhook_is_found_only_on_its_apps_region(conversation: ConversationApi) -> None:
    app = conversation.create_app(SMS, region="br")
    response = conversation.request(
        "POST", "/webhooks", "br", json={"app_id": app["id"], "target": TARGET, "target_type": "HTTP"}
    )
    hook = response.json()

    assert conversation.request("GET", f"/webhooks/{hook['id']}", "br").status_code == 200
    assert rpc_error(conversation.request("GET", f"/webhooks/{hook['id']}", "eu")) == (404, "NOT_FOUND")
    assert rpc_error(conversation.request("GET", "/webhooks/nope", "br")) == (400, "INVALID_ARGUMENT")
