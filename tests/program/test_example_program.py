"""The example program (`__main__.py`, stack `dev`) through the engine harness and the real plugin, against
the emulator: what `make demo` shows and what the docs promise about it."""

from __future__ import annotations

import re

from demo.harness_run import unexpected_changes
from emulator.server import EmulatorServer
from engine import Secret
from tests.program.support import (
    DEV_PROJECT_ID,
    PROGRAM,
    api_requests,
    by_id,
    client_for,
    dev_engine,
    writes,
)

SENDERS = ["acme-eu", "acme-us"]
RESOURCES = [*SENDERS, "acme-eu-app"]


def test_the_dev_stack_creates_both_senders_and_the_app_then_every_later_step_changes_nothing(
    emulator: EmulatorServer,
) -> None:
    engine = dev_engine(emulator)

    preview = engine.preview(PROGRAM, check=True)
    assert [(r.name, r.op) for r in preview.resources] == [(name, "create") for name in RESOURCES]
    assert api_requests(emulator) == {}  # a preview sends nothing to Sinch

    up = engine.up(PROGRAM, check=True)
    assert [(r.name, r.op) for r in up.resources] == [(name, "create") for name in RESOURCES]
    assert writes(emulator) == {"createSender": 2, "App_CreateApp": 1}
    stored = by_id(emulator)
    eu, us = engine.state.by_name("acme-eu"), engine.state.by_name("acme-us")
    assert set(stored) == {eu.id, us.id}
    assert stored[eu.id]["region"] == "EU"
    assert sorted(stored[eu.id]["details"]["countries"]) == ["FR", "GB"]
    assert [t["number"] for t in stored[eu.id]["testNumberStates"]] == ["+447700900123"]
    assert stored[eu.id]["details"]["brand"]["name"] == "ACME Parcel"
    assert stored[us.id]["region"] == "US"
    us_answers = stored[us.id]["details"]["questionnaire"]["us"]["answers"]
    assert us_answers["legalForm"] == "LIMITED_LIABILITY_COMPANY"

    assert up.program is not None
    exports = up.program.exports
    assert exports["euSenderId"] == eu.id
    assert exports["usSenderId"] == us.id
    assert exports["euState"] == exports["usState"] == "IN_TEST"
    assert [c["country"] for c in exports["euCountryStatus"]] == ["GB", "FR"]
    for key, sender_id in (("eu", eu.id), ("us", us.id)):
        token, name = exports[f"{key}AuthToken"], exports[f"{key}AuthName"]
        assert isinstance(token, Secret)
        assert isinstance(name, Secret)
        assert token.value == stored[sender_id]["authToken"]
    assert stored[eu.id]["authToken"] not in engine.state.checkpoint_json()
    app = engine.state.by_name("acme-eu-app")
    assert (exports["euAppId"], exports["euRcsChannel"]) == (app.id, "ACTIVE")
    assert app.plain_outputs["rcsSenderId"] == eu.id

    emulator.reset_stats()
    again = engine.up(PROGRAM, check=True)
    assert [r.op for r in again.resources] == ["same"] * 3
    assert api_requests(emulator) == {}

    refresh = engine.refresh(check=True)
    assert [r.outcome for r in refresh.resources] == ["same"] * 3
    assert api_requests(emulator) == {"getSender": 2, "App_GetApp": 1}
    link = engine.state.by_name("acme-eu").plain_outputs["conversationApiAppDetails"]
    assert (link["id"], link["channelStatus"]) == (app.id, "ACTIVE")

    last = engine.preview(PROGRAM, check=True)
    assert [r.op for r in last.resources] == ["same"] * 3


def test_the_launch_setting_launches_both_senders(emulator: EmulatorServer) -> None:
    engine = dev_engine(emulator)
    engine.up(PROGRAM, check=True)

    engine.set_config("sinch-rcs-senders:launch", "true")
    preview = engine.preview(PROGRAM, check=True)
    assert [(r.op, r.changed_path_names) for r in preview.resources] == [
        ("update", ["launch"]),
        ("update", ["launch"]),
        ("same", []),
    ]

    emulator.reset_stats()
    up = engine.up(PROGRAM, check=True)

    assert [r.op for r in up.resources] == ["update", "update", "same"]
    assert writes(emulator) == {"launchSender": 2}
    assert {sender["state"] for sender in by_id(emulator).values()} <= {"LAUNCHING", "LAUNCHED"}
    assert engine.preview(PROGRAM, check=True).counts == {"same": 3}


def test_after_launch_brand_changes_are_refused_at_preview_and_testers_still_change(
    emulator: EmulatorServer,
) -> None:
    engine = dev_engine(emulator, launch="true")
    engine.up(PROGRAM, check=True)
    engine.set_config("sinch-rcs-senders:brandName", "ACME Parcel Express")

    preview = engine.preview(PROGRAM)

    assert not preview.ok
    text = preview.errors_text()
    assert "brand.name: Cannot be changed after launch" in text
    assert "questionnaire.us.answers.brandName: Cannot be changed after launch" in text
    assert "Revert this change, or declare a new sender for it." in text
    eu_id = engine.state.by_name("acme-eu").id
    details = preview.resource("acme-eu").error_details or ""
    assert re.search(rf"This change cannot be applied to sender {eu_id} \(state LAUNCH(ING|ED)\):", details)

    engine.set_config("sinch-rcs-senders:brandName", "ACME Parcel")
    engine.set_config("sinch-rcs-senders:testNumbers", '["+447700900124"]')  # testers: still allowed
    emulator.reset_stats()
    up = engine.up(PROGRAM, check=True)
    assert [(r.name, r.op) for r in up.resources] == [
        ("acme-eu", "update"),
        ("acme-us", "same"),
        ("acme-eu-app", "same"),
    ]
    assert writes(emulator) == {"addTestNumbers": 1, "deleteTestNumber": 1}


def test_drift_made_in_the_dashboard_shows_at_refresh_and_up_restores_the_program(
    emulator: EmulatorServer,
) -> None:
    engine = dev_engine(emulator)
    engine.up(PROGRAM, check=True)
    eu_id = engine.state.by_name("acme-eu").id
    with client_for(emulator, DEV_PROJECT_ID) as dashboard:
        dashboard.update_sender(eu_id, {"details": {"brand": {"description": "Edited by hand"}}})

    refresh = engine.refresh(check=True)
    # Refresh reads in parallel: the report lists resources as their reads finish.
    outcomes = sorted((r.name, r.outcome) for r in refresh.resources)
    assert outcomes == [("acme-eu", "update"), ("acme-eu-app", "same"), ("acme-us", "same")]

    preview = engine.preview(PROGRAM, check=True)
    assert preview.resource("acme-eu").op == "update"
    assert preview.resource("acme-eu").changed_path_names == ["brand.description"]
    assert preview.resource("acme-us").op == "same"

    engine.up(PROGRAM, check=True)
    assert by_id(emulator)[eu_id]["details"]["brand"]["description"] == "Parcel tracking and delivery updates"
    assert engine.preview(PROGRAM, check=True).counts == {"same": 3}


def test_the_protect_setting_keeps_destroy_from_removing_the_senders(emulator: EmulatorServer) -> None:
    engine = dev_engine(emulator, protect="true")
    engine.up(PROGRAM, check=True)

    destroy = engine.destroy()

    assert not destroy.ok
    assert "because it is protected" in destroy.errors_text()
    assert sorted(engine.state.names()) == SENDERS
    assert len(by_id(emulator)) == 2


def test_the_demo_judges_a_preview_with_changes_as_not_empty(emulator: EmulatorServer) -> None:
    engine = dev_engine(emulator)
    engine.up(PROGRAM, check=True)
    assert unexpected_changes(engine.preview(PROGRAM, check=True)) == []

    engine.set_config("sinch-rcs-senders:testNumbers", '["+447700900123", "+447700900124"]')
    changed = engine.preview(PROGRAM, check=True)

    assert unexpected_changes(changed) == ["acme-eu: update (+testNumbers[1])"]
