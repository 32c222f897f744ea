"""The sender's authToken (and authName, the RCS channel's claimed identity) never appear in plain text:
not in state (``pulumi stack export``), the plugin's standard error, the failure log file, or any error,
over a life cycle that creates, updates, refreshes, fails (a PATCH carrying the whole credentials that
Sinch keeps refusing; a create whose answer is lost) and destroys an app."""

from __future__ import annotations

import re
from pathlib import Path

from emulator.server import EmulatorServer
from engine import OperationReport, Secret
from tests.provider.app_support import SMS, error_text, one_app
from tests.provider.support import engine_for, stored


def texts_of(report: OperationReport) -> list[str]:
    texts = [report.summary(), report.errors_text(), report.plugin_stdout, report.plugin_stderr]
    for resource in report.resources:
        texts += [resource.error or "", resource.error_details or ""]
    return texts


def test_the_senders_token_never_appears_in_state_stderr_the_failure_log_or_errors(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    emulator.faults.script("garbled_after", operation="App_CreateApp")  # the body carries the token
    engine.up(one_app(), check=True)
    [sender] = stored(emulator)
    secrets = [sender["authToken"], sender["authName"]]
    engine.up(one_app(display_name="ACME Parcel EU"), check=True)
    engine.refresh(check=True)
    checkpoints = [engine.state.checkpoint_json()]
    emulator.faults.script("429", operation="App_UpdateApp", count=4)  # every attempt of the PATCH
    failed = engine.up(one_app(display_name="ACME Parcel EU", channel_credentials=[SMS]))
    assert not failed.ok
    logged = re.search(r"traceback in (\S+)\)", error_text(failed))
    assert logged, error_text(failed)
    engine.up(one_app(display_name="ACME Parcel EU", channel_credentials=[SMS]), check=True)
    checkpoints.append(engine.state.checkpoint_json())
    assert engine.state.by_name("app").outputs["rcsToken"] == Secret(sender["authToken"])
    engine.destroy(check=True)

    log = Path(logged.group(1)).read_text(encoding="utf-8")
    assert "Updating a ConversationApp failed" in log  # the PATCH's traceback is in it
    texts = [*checkpoints, *engine.plugin_stderr_history, log]
    for report in engine.history:
        texts += texts_of(report)
    leaked = sorted({secret[:4] + "..." for secret in secrets for text in texts if secret in text})
    assert leaked == []
