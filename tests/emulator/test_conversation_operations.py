"""The Conversation API as one part of the emulator: every operation answered as the spec declares (strict
mode), counted per operationId, hit by faults by operationId, kept in the state file. (The CLI's second
stdout line, the Conversation API's template, is tested with the first in test_state_and_cli.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from emulator.clock import ManualClock
from emulator.server import EmulatorServer
from emulator.spec import CONVERSATION, operations
from tests.conftest import TEST_PROJECT_ID, EmulatorFactory
from tests.emulator.support import Api, ConversationApi, rcs_entry, rcs_state, rpc_error

SMS = {"channel": "SMS", "static_bearer": {"claimed_identity": "service-plan", "token": "sms-token"}}
TARGET = "https://hooks.acme.example/sinch"


def test_every_operation_of_the_contract_is_answered_as_it_declares(
    emulator: EmulatorServer, api: Api, conversation: ConversationApi
) -> None:
    sender = api.create()
    app = conversation.create_app(rcs_entry(sender), SMS)
    hook = conversation.create_webhook(app["id"], TARGET)
    values = {"project_id": TEST_PROJECT_ID, "app_id": app["id"], "webhook_id": hook["id"]}
    bodies = {
        "App_CreateApp": {"display_name": "Second", "channel_credentials": [SMS]},
        "App_UpdateApp": {"display_name": "Renamed"},
        "Webhooks_CreateWebhook": {"app_id": app["id"], "target": f"{TARGET}/2", "target_type": "HTTP"},
        "Webhooks_UpdateWebhook": {"target": TARGET, "triggers": ["MESSAGE_DELIVERY"]},
    }
    emulator.reset_stats()

    answered = {}
    contract = [op for op in operations() if op.document == CONVERSATION]
    for operation in sorted(
        contract, key=lambda op: (op.method == "DELETE", op.operation_id == "App_DeleteApp")
    ):
        path = "/".join(values.get(part.strip("{}"), part) for part in operation.template)
        url = f"{emulator.conversation_url.format(region='eu')}/{path}"
        response = conversation.session.request(
            operation.method, url, json=bodies.get(operation.operation_id), timeout=10
        )
        answered[operation.operation_id] = response.status_code

    assert answered == dict.fromkeys(answered, 200)
    assert len(answered) == 10  # the 5 App and 5 Webhooks operations; the fixture checks every body
    assert emulator.stats()["requests"] == dict.fromkeys(sorted(answered), 1)
    assert set(emulator.stats()["cpu_seconds"]) == set(answered)


def test_a_lost_create_answer_leaves_the_app_made(
    emulator: EmulatorServer, conversation: ConversationApi
) -> None:
    emulator.faults.script("drop_after", operation="App_CreateApp")

    with pytest.raises(requests.ConnectionError):
        conversation.request("POST", "/apps", json={"display_name": "Lost", "channel_credentials": [SMS]})

    (made,) = conversation.request("GET", "/apps").json()["apps"]
    assert made["display_name"] == "Lost"
    assert emulator.stats()["faults"]["drop_after"] == 1


def test_faults_answer_in_the_wrapped_shape_and_apply_nothing(
    emulator: EmulatorServer, conversation: ConversationApi
) -> None:
    emulator.faults.script("503", operation="App_CreateApp", retry_after=2)
    emulator.faults.script("429", operation="Webhooks_CreateWebhook")
    emulator.faults.script("drop", operation="App_ListApps")

    unavailable = conversation.request(
        "POST", "/apps", json={"display_name": "x", "channel_credentials": [SMS]}
    )
    app = conversation.create_app(SMS)
    limited = conversation.request("POST", "/webhooks", json={"app_id": app["id"], "target": TARGET})
    with pytest.raises(requests.ConnectionError):
        conversation.request("GET", "/apps")

    assert rpc_error(unavailable) == (503, "UNAVAILABLE")
    assert unavailable.headers["Retry-After"] == "2"
    assert rpc_error(limited) == (429, "RESOURCE_EXHAUSTED")
    assert limited.headers["Retry-After"] == "0"
    assert [a["id"] for a in conversation.request("GET", "/apps").json()["apps"]] == [app["id"]]
    assert emulator.conversation_webhooks(TEST_PROJECT_ID) == []


def test_apps_webhooks_credential_states_and_links_survive_a_restart(
    emulator_factory: EmulatorFactory, tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    clock = ManualClock()
    first = emulator_factory(state_file=state, clock=clock, channel_delay=60)
    api, conversation = Api(first.url), ConversationApi(first.conversation_url)
    linked_sender, pending_sender = api.create(), api.create()
    linked = conversation.create_app(rcs_entry(linked_sender), region="eu")
    clock.advance(60)
    pending = conversation.create_app(rcs_entry(pending_sender), display_name="Pending")
    hook = conversation.create_webhook(linked["id"], TARGET)
    before = first.apps(TEST_PROJECT_ID)
    first.stop()

    second = emulator_factory(state_file=state, clock=clock, channel_delay=60)
    api, conversation = Api(second.url), ConversationApi(second.conversation_url)

    assert second.apps(TEST_PROJECT_ID) == before
    assert api.sender(linked_sender["id"])["conversationApiAppDetails"]["id"] == linked["id"]
    assert conversation.request("GET", f"/webhooks/{hook['id']}").json() == hook
    assert rcs_state(conversation.app(pending["id"])) == {"status": "PENDING"}
    clock.advance(60)
    assert rcs_state(conversation.app(pending["id"])) == {"status": "ACTIVE"}
    saved = json.loads(state.read_text())
    assert saved["version"] == 3
    assert [app["id"] for app in saved["projects"][TEST_PROJECT_ID]["apps"]] == [linked["id"], pending["id"]]


def test_a_state_file_of_the_previous_version_is_read(
    emulator_factory: EmulatorFactory, tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    first = emulator_factory(state_file=state)
    sender = Api(first.url).create()
    first.stop()
    saved = json.loads(state.read_text())
    for project in saved["projects"].values():
        del project["apps"], project["appWebhooks"]
    state.write_text(json.dumps({**saved, "version": 2}))

    second = emulator_factory(state_file=state)

    assert Api(second.url).sender(sender["id"])["id"] == sender["id"]
    assert second.apps(TEST_PROJECT_ID) == []
