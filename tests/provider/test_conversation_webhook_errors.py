"""The errors a ConversationWebhook user meets, each clear and actionable at the first attempt, and none
leaving anything half-made: through the plugin, on the emulator."""

from __future__ import annotations

import re
from pathlib import Path

from emulator.server import EmulatorServer
from tests.provider.app_webhook_support import (
    DELIVERY,
    SECRET,
    TARGET,
    hook_args,
    hooks_program,
    made_outside,
    make_app,
    one_hook,
    stored,
)
from tests.provider.support import api_requests, engine_for
from tests.provider.webhook_support import error_text

MISSING_APP = "01J5ZQ7T3R9XWB8K4M2N6P0ABC"  # a well-formed app id (a ULID) that no app has


def test_a_sixth_webhook_for_one_app_fails_naming_the_app_and_its_five_and_makes_nothing(
    emulator: EmulatorServer,
) -> None:
    app_id = make_app(emulator)
    five = [made_outside(emulator, app_id, f"https://hooks.acme-parcel.example/{n}")["id"] for n in range(5)]
    engine = engine_for(emulator)
    emulator.reset_stats()

    report = engine.up(one_hook(app_id))

    assert not report.ok
    text = error_text(report)
    assert f"App {app_id} (EU)" in text
    assert "already has 5 webhooks, the most an app can have" in text
    assert "Nothing was created" in text
    for webhook_id in five:
        assert webhook_id in text
    assert api_requests(emulator) == {"Webhooks_CreateWebhook": 1, "Webhooks_ListWebhooks": 1}
    assert [held["id"] for held in stored(emulator, app_id)] == five
    assert engine.state.names() == []
    assert SECRET not in text
    [log] = re.findall(r"traceback in (\S+)\)", text)
    assert "Creating a ConversationWebhook failed" in Path(log).read_text(encoding="utf-8")  # the traceback
    assert SECRET not in Path(log).read_text(encoding="utf-8")  # without the secret the POST carried


def test_a_target_another_webhook_of_the_app_holds_fails_naming_it_and_how_to_make_it_ours(
    emulator: EmulatorServer,
) -> None:
    app_id = make_app(emulator)
    outside = made_outside(emulator, app_id)
    engine = engine_for(emulator)

    report = engine.up(one_hook(app_id))

    assert not report.ok
    text = error_text(report)
    assert f"The target {TARGET} is already held by webhook {outside['id']}" in text
    assert f"DELETE {emulator.conversation_url.format(region='eu')}/v1/projects/" in text
    assert f"/webhooks/{outside['id']}" in text
    assert [held["id"] for held in stored(emulator, app_id)] == [outside["id"]]
    assert engine.state.names() == []


def test_two_resources_of_a_stack_cannot_hold_one_webhook(emulator: EmulatorServer) -> None:
    app_id = make_app(emulator)
    engine = engine_for(emulator)
    program = hooks_program({"first": hook_args(app_id), "second": hook_args(app_id, triggers=[DELIVERY])})

    report = engine.up(program)

    assert not report.ok
    [failed] = [name for name in ("first", "second") if report.resource(name).error]
    assert "which another resource of this stack manages" in error_text(report, failed)
    [held] = stored(emulator, app_id)
    assert [resource.id for resource in engine.state.resources] == [held["id"]]


def test_an_app_that_is_not_in_the_region_fails_saying_so(emulator: EmulatorServer) -> None:
    app_id = make_app(emulator, region="US")
    engine = engine_for(emulator)

    for declared, missing in ((one_hook(app_id), app_id), (one_hook(MISSING_APP, region="US"), MISSING_APP)):
        report = engine.up(declared)

        assert not report.ok
        text = error_text(report)
        assert f"there is no app {missing} " in text
        assert "check app_id and region" in text
    assert stored(emulator) == []
