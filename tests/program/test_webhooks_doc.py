"""docs/webhooks.md says what the code does: its examples run (or at least compile), its lists are the
code's, and the messages it quotes are the ones users get."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from marshmallow import ValidationError

from emulator.server import EmulatorServer
from engine import Engine
from schemas import flatten_errors
from schemas.webhooks import TRIGGERS, WebhookSchema
from sinch_provisioning import webhook_events
from sinch_provisioning.webhook_events import WebhookVerificationError, sign_event
from tests.docs.markdown import Block, blocks
from tests.program.support import PROJECT, REPO_ROOT
from tests.provider.support import sinch_config

DOC = REPO_ROOT / "docs" / "webhooks.md"
SECRET = "doc-example-webhook-secret-0b7c2d"


def python_blocks() -> list[Block]:
    return [block for block in blocks(DOC) if block.language == "python"]


def section(title: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


@pytest.mark.parametrize("block", python_blocks(), ids=lambda block: f"docs/webhooks.md:{block.line}")
def test_every_python_example_compiles(block: Block) -> None:
    compile(block.code, str(DOC), "exec")


def test_the_first_example_is_a_program_whose_preview_plans_both_resources(emulator: EmulatorServer) -> None:
    program = python_blocks()[0]
    assert "ProvisioningWebhook(" in program.code
    engine = Engine(
        REPO_ROOT,
        config={**sinch_config(emulator), f"{PROJECT}:webhookSecret": SECRET},
        secret_config_keys=["sinch:keySecret", f"{PROJECT}:webhookSecret"],
    )

    report = engine.preview(lambda: exec(program.code, {"__name__": "__main__"}), check=True)

    assert [(resource.name, resource.op) for resource in report.resources] == [
        ("sender-events", "create"),
        ("acme-eu", "create"),
    ]


def test_the_lambda_example_accepts_a_signed_event_and_refuses_a_changed_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    [lambda_block] = [block for block in python_blocks() if "def handler(event, context)" in block.code]
    monkeypatch.setenv("SINCH_WEBHOOK_SECRET", SECRET)
    namespace: dict[str, Any] = {}
    exec(lambda_block.code, namespace)
    body = json.dumps({"type": "RCS_SENDER_COMMENT_ADDED", "payload": {"id": "s-1", "authToken": "t"}})
    headers = sign_event(SECRET, body.encode())

    assert namespace["handler"]({"body": body, "headers": headers}, None) == {"statusCode": 204}
    refused = namespace["handler"]({"body": body.replace("s-1", "s-2"), "headers": headers}, None)
    assert refused["statusCode"] == 401


def test_the_trigger_list_is_the_39_of_the_spec() -> None:
    named = set(re.findall(r"`([A-Z][A-Z_]+)`", section("Triggers")))

    assert named == set(TRIGGERS)


def test_the_error_table_names_every_verification_error() -> None:
    refusals = {
        name
        for name, value in vars(webhook_events).items()
        if isinstance(value, type)
        and issubclass(value, WebhookVerificationError)
        and value is not WebhookVerificationError
    }
    text = section("Verifying events")

    assert refusals
    assert all(f"`{name}`" in text for name in refusals)
    assert all(f"`{reason.name}`" in text for reason in webhook_events.VerificationFailure)


def test_the_check_messages_quoted_are_the_schemas_own() -> None:
    text = section("Arguments")
    [quoted] = [block.code for block in blocks(DOC) if block.language == "" and "triggers[1]:" in block.code]
    declaration = {
        "target": "http://events.example.com/sinch",
        "secret": "s" * 130,
        "triggers": [
            "RCS_SENDER_STATUS_UPDATED",
            "RCS_SENDER_OPERATOR_STATUS_UPDATE",
            "RCS_SENDER_STATUS_UPDATED",
            "ALL",
        ],
    }
    with pytest.raises(ValidationError) as raised:
        WebhookSchema().load(declaration)
    actual = dict(flatten_errors(raised.value.messages))

    assert "Did you mean" in text
    for line in quoted.splitlines():
        path, _, message = line.partition(": ")
        shown = message.split("...")[0].strip()
        assert actual[path].startswith(shown), (path, actual[path])
