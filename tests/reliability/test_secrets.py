"""Secrets after a full lifecycle: the key secret, every OAuth token the emulator issued, and each sender's
``authToken`` (and ``authName``) appear nowhere in plain text.

The lifecycle goes through the plugin: create, update (with test numbers), launch, refresh, destroy, plus
failures provoked on purpose (a launch whose answers are lost, a launch the checklist refuses, an adoption
of a missing sender, a wrong key secret, an API that keeps failing). Searched: the serialized provider in
state, every non-secret input and output, the checkpoint (``pulumi stack export``) after each step, the
plugin's standard error and output, the program's log, and the full text of every error the plugin
returned.
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Iterable
from typing import Any, Final

import pytest

from engine.engine import Engine
from engine.state import StackState
from engine.values import Secret
from provider.rcs_senders.properties import TABLE
from tests.reliability.stack import (
    KEY_ID,
    KEY_SECRET,
    Declaration,
    Stack,
    engine_for,
    full_declaration,
    minimal_declaration,
    senders_program,
)
from tests.reliability.support import clear_error_problems, failed_resources
from tests.reliability.token_tap import TokenTap

pytestmark = pytest.mark.slow

WRONG_SECRET: Final = "wrong-secret-9d2f6b1e4a7c"
MISSING_SENDER: Final = "3c9e1f2a-5b7d-4e8f-9a0b-1c2d3e4f5a6b"


def non_secret(value: Any) -> Any:
    """``value`` without its secret parts (what state and the CLI show in plain text)."""
    if isinstance(value, Secret):
        return "[secret]"
    if isinstance(value, dict):
        return {key: non_secret(item) for key, item in value.items()}
    if isinstance(value, list):
        return [non_secret(item) for item in value]
    return value


def state_texts(state: StackState) -> list[str]:
    texts = [state.checkpoint_json()]
    for resource in state.resources:
        texts.append(json.dumps(non_secret(resource.inputs), default=str))
        texts.append(json.dumps(non_secret(resource.outputs), default=str))
        provider = resource.plain_inputs.get("__provider")
        if isinstance(provider, str):
            texts.append(provider)
            texts.append(base64.b64decode(provider).decode("latin-1"))
    return texts


def operation_texts(engine: Engine) -> list[str]:
    texts = list(engine.plugin_stderr_history)
    for report in engine.history:
        texts += [report.plugin_stdout, report.summary(), report.errors_text(), report.program_traceback]
        texts += [entry.message for entry in report.logs]
        for resource in report.resources:
            texts += [resource.error or "", resource.error_details or ""]
    return texts


def leaks(secrets: Iterable[str], texts: Iterable[str]) -> list[str]:
    haystack = list(texts)
    return sorted({secret[:6] + "..." for secret in secrets for text in haystack if secret in text})


def test_no_secret_appears_in_plain_text_after_a_full_lifecycle(stack: Stack) -> None:
    server = stack.server
    snapshots: list[str] = []
    with TokenTap(f"{server.url}/oauth2/token") as tap:
        engine = engine_for(server.url, auth_url=tap.url)

        def step(declarations: dict[str, Declaration], *, expect_ok: bool = True) -> None:
            report = engine.up(senders_program(declarations))
            assert report.ok == expect_ok, report.summary() + "\n" + report.errors_text()
            snapshots.extend(state_texts(engine.state))

        senders = {"eu": full_declaration(1), "basic": minimal_declaration()}
        step(senders)
        changed = copy.deepcopy(senders)
        changed["eu"]["brand"]["description"] = "Changed"
        changed["eu"]["testNumbers"].append("+46709999999")
        step(changed)
        changed["eu"]["launch"] = True
        server.faults.script("drop", operation="launchSender", count=4)  # the launch's answers are lost
        step(changed, expect_ok=False)
        step(changed)

        # More failures, on purpose: a launch the checklist refuses (check failures), adopting a sender that
        # does not exist, and the API failing every attempt.
        refused = copy.deepcopy(changed)
        refused["basic"]["launch"] = True
        step(refused, expect_ok=False)
        step({**changed, "adopted": {**minimal_declaration(), "senderId": MISSING_SENDER}}, expect_ok=False)
        server.faults.script("503", operation="getSender", count=8)
        assert not engine.refresh().ok
        server.faults.clear()

        assert engine.refresh().ok
        snapshots.extend(state_texts(engine.state))
        held = server.senders(stack_project(engine))
        by_id = {str(sender["id"]): sender for sender in held}
        for resource in engine.state.live():  # the secrets are in state, encrypted: the search is not vacuous
            for key in TABLE.secrets:
                assert resource.outputs[key] == Secret(by_id[resource.id][key])
        assert engine.destroy().ok
        snapshots.extend(state_texts(engine.state))

        wrong = engine_for(server.url, auth_url=tap.url, key_secret=WRONG_SECRET)
        refused_key = wrong.up(senders_program({"other": minimal_declaration()}))
        assert not refused_key.ok
        tokens = tap.tokens

    provoked = failed_resources([*engine.history, refused_key])
    assert len(provoked) >= 5, [resource.name for resource in provoked]
    assert not [problem for resource in provoked for problem in clear_error_problems(resource)]

    sender_secrets = [str(sender[key]) for sender in held for key in TABLE.secrets]
    secrets = [
        KEY_SECRET,
        WRONG_SECRET,
        base64.b64encode(f"{KEY_ID}:{KEY_SECRET}".encode()).decode(),
        *tokens,
        *sender_secrets,
    ]
    assert len(tokens) >= 5, len(tokens)  # one per plugin process that called the API
    assert len(held) == 2, len(held)  # eu and basic; nothing else was created

    texts = snapshots + operation_texts(engine) + operation_texts(wrong)
    assert not leaks(secrets, texts), "secrets found in plain text"


def stack_project(engine: Engine) -> str:
    project = engine.config["sinch:projectId"]
    assert isinstance(project, str)
    return project
