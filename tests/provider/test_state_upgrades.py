"""Every release's recorded state loads in this version: no diff the user did not cause, no request at
preview, refresh is one GET per sender, and `up` sends nothing.

The fixtures (``tests/fixtures/state/v*.json``) were written by the released code itself, through the
plugin (``tests/fixtures/state/generate.py`` says how): a created sender, a launched one, one whose inputs
came from another resource's outputs, and an adopted one. Each test recreates those senders in a fresh
emulator (Sinch's side), points the recorded state at them, and runs the recorded program.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from emulator.server import EmulatorServer
from engine import Engine
from engine.state import state_from_checkpoint
from provider.rcs_senders.properties import LAUNCHED_STATES
from schemas.rcs_senders.api import create_body
from schemas.rcs_senders.sender import load_sender
from tests.fixtures.state.programs import program_from_spec
from tests.provider.support import api_requests, direct_client, engine_for

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "state").glob("v*.json"))
SENDER = "pulumi-python:dynamic/sinch:RcsSender"

pytestmark = pytest.mark.parametrize("fixture", FIXTURES, ids=[path.stem for path in FIXTURES])


def test_recorded_state_previews_no_change_refreshes_with_one_get_and_up_sends_nothing(
    emulator: EmulatorServer, fixture: Path
) -> None:
    engine, program, senders = _restored(emulator, fixture)
    emulator.reset_stats()

    preview = engine.preview(program, check=True)
    assert {name: preview.resource(name).op for name in senders} == dict.fromkeys(senders, "same")
    assert emulator.stats()["api_requests"] == 0

    refresh = engine.refresh(check=True)
    assert {name: refresh.resource(name).outcome for name in senders} == dict.fromkeys(senders, "same")
    assert api_requests(emulator) == {"getSender": len(senders)}
    emulator.reset_stats()

    up = engine.up(program, check=True)
    assert {name: up.resource(name).op for name in senders} == dict.fromkeys(senders, "same")
    assert emulator.stats()["api_requests"] == 0
    assert engine.preview(program, check=True).ok


def test_recorded_state_without_a_refresh_goes_straight_to_a_quiet_up(
    emulator: EmulatorServer, fixture: Path
) -> None:
    engine, program, senders = _restored(emulator, fixture)
    emulator.reset_stats()

    up = engine.up(program, check=True)

    assert {name: up.resource(name).op for name in senders} == dict.fromkeys(senders, "same")
    assert emulator.stats()["api_requests"] == 0


def _restored(emulator: EmulatorServer, fixture: Path) -> tuple[Engine, Any, list[str]]:
    """An engine holding the fixture's state, pointed at senders recreated in ``emulator``."""
    recorded = json.loads(fixture.read_text(encoding="utf-8"))
    text = json.dumps(recorded)
    senders: list[str] = []
    with direct_client(emulator) as sinch:
        for entry in recorded["checkpoint"]["deployment"]["resources"]:
            if entry["type"] != SENDER:
                continue
            senders.append(entry["urn"].rsplit("::", 1)[1])
            new_id = _recreate(sinch, entry)
            text = text.replace(entry["id"], new_id)  # every mention: ids, senderId, property paths
    restored = json.loads(text)
    engine = engine_for(emulator)
    state = state_from_checkpoint(restored["checkpoint"], engine.project, engine.state.stack)
    state.provider_config = engine.config_args()  # the emulator of this test, not of the recording
    engine.state = state
    return engine, program_from_spec(restored["program"]), senders


def _recreate(sinch: Any, entry: dict[str, Any]) -> str:
    """A sender holding what the recorded one held in Sinch (its declaration; launched if it was)."""
    inputs = {key: _plain(value) for key, value in entry["inputs"].items() if key != "__provider"}
    declaration = load_sender({k: v for k, v in inputs.items() if k != "senderId"}, launch_checklist=False)
    sender: dict[str, Any] = sinch.create_sender(create_body(declaration))
    if entry["outputs"].get("state") in LAUNCHED_STATES:
        sinch.launch_sender(sender["id"])
    return str(sender["id"])


def _plain(value: Any) -> Any:
    if isinstance(value, dict) and "plaintext" in value:
        return json.loads(value["plaintext"])
    return value
