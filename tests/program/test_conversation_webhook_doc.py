"""docs/conversation-webhook.md says what the code does: its examples compile, its first program previews
without a request, its handler verifies both kinds of event (an app callback the emulator delivered, and a
project webhook's event), its trigger list is the contract's and the messages it quotes are the schema's."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from marshmallow import ValidationError

from emulator.server import EmulatorServer
from engine import Engine
from schemas import flatten_errors
from schemas.conversation_webhooks import TRIGGERS, load_conversation_webhook
from sinch_provisioning.webhook_events import sign_event
from tests.conftest import TEST_PROJECT_ID
from tests.docs.markdown import Block, blocks, section
from tests.program.support import PROJECT, REPO_ROOT
from tests.provider.app_webhook_support import CONTACT, made_outside, make_app
from tests.provider.support import sinch_config
from tests.provider.webhook_support import Receiver

DOC = REPO_ROOT / "docs" / "conversation-webhook.md"
EVENTS_SECRET = "doc-example-webhook-secret-0b7c2d"
CALLBACKS_SECRET = "doc-example-app-webhook-secret-5e91"


PYTHON = [block for block in blocks(DOC) if block.language == "python"]


@pytest.mark.parametrize("block", PYTHON, ids=lambda block: f"{DOC.name}:{block.line}")
def test_every_python_example_compiles(block: Block) -> None:
    compile(block.code, str(DOC), "exec")


def test_the_first_example_is_a_program_whose_preview_plans_the_webhook_and_sends_nothing(
    emulator: EmulatorServer,
) -> None:
    program = PYTHON[0]
    assert "ConversationWebhook(" in program.code
    config = {
        **sinch_config(emulator),
        f"{PROJECT}:appId": make_app(emulator),
        f"{PROJECT}:conversationWebhookSecret": CALLBACKS_SECRET,
    }
    engine = Engine(
        REPO_ROOT,
        config=config,
        secret_config_keys=["sinch:keySecret", f"{PROJECT}:conversationWebhookSecret"],
    )
    emulator.reset_stats()

    report = engine.preview(lambda: exec(program.code, {"__name__": "__main__"}), check=True)

    assert [(resource.name, resource.op) for resource in report.resources] == [("support-events", "create")]
    assert emulator.stats()["api_requests"] == 0


def test_the_handler_verifies_an_app_callback_and_a_project_event_each_with_its_own_secret(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    [handler_block] = [block for block in PYTHON if "def handler(event, context)" in block.code]
    monkeypatch.setenv("SINCH_WEBHOOK_SECRET", EVENTS_SECRET)
    monkeypatch.setenv("SINCH_CONVERSATION_WEBHOOK_SECRET", CALLBACKS_SECRET)
    namespace: dict[str, Any] = {}
    exec(handler_block.code, namespace)
    handler = namespace["handler"]
    app_id = make_app(emulator)
    with Receiver() as receiver:
        made_outside(emulator, app_id, receiver.url("/sinch/conversation"), secret=CALLBACKS_SECRET)
        emulator.inject_inbound(TEST_PROJECT_ID, app_id, CONTACT, "Where is my parcel?")
        [delivered] = receiver.wait_for(lambda got: len(got) >= 1)
    callback: dict[str, Any] = {"body": delivered.body.decode(), "headers": dict(delivered.headers)}
    event = json.dumps(
        {"type": "RCS_SENDER_STATUS_UPDATED", "payload": {"id": "s-1"}, "currentState": "IN_TEST"}
    )
    provisioning = {"body": event, "headers": sign_event(EVENTS_SECRET, event.encode())}

    assert handler({**callback, "rawPath": "/sinch/conversation"}, None) == {"statusCode": 204}
    assert handler({**provisioning, "rawPath": "/sinch/events"}, None) == {"statusCode": 204}
    printed = capsys.readouterr().out
    assert f"inbound from {CONTACT} : Where is my parcel?" in printed
    assert "sender s-1 is now IN_TEST" in printed
    assert handler({**callback, "rawPath": "/sinch/events"}, None)["statusCode"] == 401  # the other secret
    changed = {
        **callback,
        "body": delivered.body.decode().replace("parcel", "pizza"),
        "rawPath": "/sinch/conversation",
    }
    assert handler(changed, None)["statusCode"] == 401
    assert handler({**callback, "rawPath": "/elsewhere"}, None) == {"statusCode": 404}
    not_an_event = {"body": "[]", "headers": sign_event(EVENTS_SECRET, b"[]"), "rawPath": "/sinch/events"}
    assert handler(not_an_event, None)["statusCode"] == 400


def test_the_trigger_list_is_the_contract_s() -> None:
    named = set(re.findall(r"`([A-Z][A-Z_]+)`", section(DOC, "Triggers")))

    assert named == set(TRIGGERS)


def test_the_check_messages_quoted_are_the_schema_s_own() -> None:
    [quoted] = [block.code for block in blocks(DOC) if block.language == "" and "triggers[1]:" in block.code]
    declaration = {
        "appId": "01J5ZQ7T3R9XWB8K4M2N6P0ABC",
        "region": "EU",
        "target": "https://eu.conversation-api.prod.sinch.com/hooks",
        "triggers": ["MESSAGE_DELIVERY", "MESAGE_INBOUND", "UNSPECIFIED_TRIGGER"],
        "secret": "a-long-enough-signing-secret",
    }
    with pytest.raises(ValidationError) as raised:
        load_conversation_webhook(declaration)
    actual = dict(flatten_errors(raised.value.messages))

    for line in quoted.splitlines():
        path, _, message = line.partition(": ")
        assert actual[path].startswith(message.split("...")[0].strip()), (path, actual[path])
