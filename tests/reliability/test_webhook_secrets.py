"""Webhook secrets after a full lifecycle: no signing secret appears anywhere in plain text, whether the
program passed it as a plain string or as a Pulumi secret.

Through the plugin: create (plain and secret inputs), adoption, rotation, a create whose answer is lost
(taken over, secret set again), failures provoked on purpose (a taken target, a full project, an update
the API keeps failing, a declaration check refuses, a short secret's warning), refresh, destroy. Searched:
the checkpoint (``pulumi stack export``) after each step, every non-secret input and output, the serialized
provider, the plugin's standard error and output, the program's log and the full text of every error.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable
from typing import Any, Final

import pulumi
import pytest

from emulator.server import EmulatorServer
from engine import Engine, Secret
from engine.state import StackState
from provider import ProvisioningWebhook
from tests.provider.webhook_support import (
    COMMENTS,
    OTHER_TARGET,
    STATUS,
    TARGET,
    engine_for,
    made_outside,
    stored,
)

pytestmark = pytest.mark.slow

PLAIN: Final = "plain-string-secret-aGVsbG8gd29ybGQ-01"
WRAPPED: Final = "pulumi-secret-input-Z29vZGJ5ZQ-02"
ADOPTED: Final = "adoption-secret-c2VlIHlvdQ-03"
ROTATED: Final = "rotated-secret-dGhhbmtz-04"
LOST: Final = "lost-answer-secret-Y2lhbw-05"
REFUSED: Final = "refused-secret-YWRpb3M-06"
TOO_LONG: Final = "x" * 125 + "-too-long"  # 134 characters: refused by the check
SHORT: Final = "pw-7sh"


def non_secret(value: Any) -> Any:
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
            texts += [provider, base64.b64decode(provider).decode("latin-1")]
    return texts


def operation_texts(engine: Engine) -> list[str]:
    texts = list(engine.plugin_stderr_history)
    for report in engine.history:
        texts += [report.plugin_stdout, report.summary(), report.errors_text(), report.program_traceback]
        texts += [entry.message for entry in report.logs]
        for resource in report.resources:
            texts += [resource.error or "", resource.error_details or ""]
            texts += [failure.reason for failure in resource.check_failures]
    return texts


def leaks(secrets: Iterable[str], texts: Iterable[str]) -> list[str]:
    haystack = list(texts)
    return sorted({secret[:8] + "..." for secret in secrets for text in haystack if secret in text})


def program(hooks: dict[str, dict[str, Any]], *, wrapped: str | None = None) -> Callable[[], None]:
    def run() -> None:
        for name, arguments in hooks.items():
            ProvisioningWebhook(name, **arguments)
        if wrapped is not None:  # a secret the program already holds as a Pulumi secret (e.g. from config)
            ProvisioningWebhook(
                "wrapped",
                target="https://wrapped.acme-parcel.example/in",
                secret=pulumi.Output.secret(wrapped),
                triggers=[STATUS],
            )

    return run


def test_no_webhook_secret_appears_in_plain_text_after_a_full_lifecycle(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    snapshots: list[str] = []

    def step(hooks: dict[str, dict[str, Any]], *, expect_ok: bool = True) -> None:
        report = engine.up(program(hooks, wrapped=WRAPPED))
        assert report.ok == expect_ok, report.summary() + "\n" + report.errors_text()
        snapshots.extend(state_texts(engine.state))

    outside = made_outside(emulator, target=OTHER_TARGET)
    hooks: dict[str, dict[str, Any]] = {
        "plain": {"target": TARGET, "secret": PLAIN, "triggers": [STATUS]},
        "adopted": {
            "target": OTHER_TARGET,
            "secret": ADOPTED,
            "triggers": [COMMENTS],
            "webhook_id": outside["id"],
        },
    }
    step(hooks)
    hooks["plain"]["secret"] = ROTATED
    step(hooks)
    emulator.faults.script("drop_after", operation="createWebhook")
    hooks["lost"] = {"target": "https://lost.acme-parcel.example/in", "secret": LOST, "triggers": [STATUS]}
    step(hooks)

    # Failures on purpose: a target another webhook holds, an update the API keeps failing, a declaration
    # the check refuses, a short secret (accepted, with a warning).
    step({**hooks, "taken": {"target": TARGET, "secret": REFUSED, "triggers": [STATUS]}}, expect_ok=False)
    emulator.faults.script("503", operation="replaceWebhook", count=4)
    failing = {**hooks, "plain": {**hooks["plain"], "secret": REFUSED}}
    step(failing, expect_ok=False)
    step(
        {
            **hooks,
            "long": {"target": "https://long.acme-parcel.example/", "secret": TOO_LONG, "triggers": [STATUS]},
        },
        expect_ok=False,
    )
    hooks["short"] = {"target": "https://short.acme-parcel.example/in", "secret": SHORT, "triggers": [STATUS]}
    step(hooks)

    assert engine.refresh().ok
    snapshots.extend(state_texts(engine.state))
    recorded = {resource.name: resource.outputs["secret"] for resource in engine.state.live()}
    # The secrets are in state, encrypted: the search below is not vacuous.
    assert recorded == {
        "plain": Secret(ROTATED),
        "adopted": Secret(ADOPTED),
        "lost": Secret(LOST),
        "short": Secret(SHORT),
        "wrapped": Secret(WRAPPED),
    }
    assert len(stored(emulator)) == 5
    assert engine.destroy().ok
    snapshots.extend(state_texts(engine.state))
    assert stored(emulator) == []

    texts = snapshots + operation_texts(engine)
    assert "the secret has 6 characters" in "\n".join(texts)  # the warning was given, without the value
    assert not leaks([PLAIN, WRAPPED, ADOPTED, ROTATED, LOST, REFUSED, TOO_LONG, SHORT], texts)
