"""The wait for Sinch's verdict on an app's RCS channel, through the plugin: ACTIVE after a wait that is
reported, FAILING with Sinch's description and nothing left behind, still PENDING at channel_timeout
recorded with a warning; and the cadence of the progress reports, on a clock the test drives."""

from __future__ import annotations

from typing import Any

import pulumi

from emulator.clock import ManualClock
from emulator.server import EmulatorServer
from provider.conversation_apps.channel import wait_for_channel
from tests.conftest import TEST_PROJECT_ID, EmulatorFactory
from tests.provider.app_support import (
    DISPLAY_NAME,
    StandInSender,
    advancing,
    app_program,
    dashboard,
    error_text,
    made_outside,
    one_app,
    stored_apps,
)
from tests.provider.support import api_requests, engine_for, stored

CHANNEL_DELAY = 60.0


def wrong_token(made: dict[str, Any]) -> StandInSender:
    """The sender's id, region and authName with a token that is not its authToken."""
    sender = made["sender"]
    token = pulumi.Output.secret("not-the-senders-token")
    return StandInSender(sender.id, sender.region, sender.auth_name, token)


def test_the_create_waits_for_the_channel_reports_it_and_records_it_active(
    emulator_factory: EmulatorFactory,
) -> None:
    clock = ManualClock()
    emulator = emulator_factory(clock=clock, channel_delay=CHANNEL_DELAY)
    engine = engine_for(emulator)
    emulator.reset_stats()

    # Sinch's verdict comes the moment the create has been answered (PENDING): the first read sees ACTIVE.
    with advancing(clock, r'"POST /conversation/eu/v1/projects/[^/]+/apps" 200', CHANNEL_DELAY) as moved:
        report = engine.up(one_app(), check=True)

    assert moved.fired == 1
    app_id = engine.state.by_name("app").id
    assert (
        f"info: ConversationApp {app_id}: waiting for Sinch to verify the RCS channel's credentials (status "
        "PENDING; 0 s so far, limit 300 s, set by channel_timeout)"
    ) in report.plugin_stderr
    assert api_requests(emulator) == {"createSender": 1, "App_CreateApp": 1, "App_GetApp": 1}
    assert engine.state.by_name("app").plain_outputs["rcsChannelStatus"] == "ACTIVE"
    assert stored(emulator)[0]["conversationApiAppDetails"]["id"] == app_id


def test_past_channel_timeout_the_app_is_recorded_pending_with_a_warning(
    emulator_factory: EmulatorFactory,
) -> None:
    emulator = emulator_factory(channel_delay=600)

    engine = engine_for(emulator)
    report = engine.up(one_app(channel_timeout=0.5), check=True)

    state = engine.state.by_name("app")
    assert state.plain_outputs["rcsChannelStatus"] == "PENDING"
    assert f"ConversationApp {state.id}: Sinch had not verified the RCS channel's credentials" in (
        report.plugin_stderr
    )
    assert "(the limit set by channel_timeout is 0.5 s)" in report.plugin_stderr
    assert "recorded in the stack with rcs_channel_status PENDING" in report.plugin_stderr
    assert [app["id"] for app in stored_apps(emulator)] == [state.id]
    preview = engine.preview(one_app(channel_timeout=0.5), check=True)
    assert preview.resource("app").op == "same"
    assert f"ConversationApp {state.id}: its RCS channel was PENDING when last read" in preview.plugin_stderr


WRONG_TOKEN_APP = app_program({"app": {"display_name": DISPLAY_NAME, "rcs_sender": wrong_token}})


def test_credentials_sinch_refuses_fail_the_create_with_its_description_and_leave_no_app(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    emulator.reset_stats()

    report = engine.up(WRONG_TOKEN_APP)

    assert not report.ok
    text = error_text(report)
    [sender] = stored(emulator)
    assert "is FAILING. Sinch says: token is not the authToken of the RCS sender" in text
    assert "Check that the app is in the sender's region" in text
    assert "This create made the app and has deleted it again, so nothing is left in Sinch" in text
    assert api_requests(emulator) == {"createSender": 1, "App_CreateApp": 1, "App_DeleteApp": 1}
    assert stored_apps(emulator) == []
    assert engine.state.names() == ["sender"]
    assert sender["authToken"] not in text


def test_when_deleting_the_failed_app_fails_too_the_error_says_how_to_delete_it_by_hand(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    emulator.faults.script("429", operation="App_DeleteApp", count=4)  # every attempt of the DELETE

    report = engine.up(WRONG_TOKEN_APP)

    assert not report.ok
    [app] = stored_apps(emulator)
    text = error_text(report)
    assert "deleting it again failed" in text
    assert "it exists in Sinch, outside the stack" in text
    url = f"{emulator.url}/conversation/eu/v1/projects/{TEST_PROJECT_ID}/apps/{app['id']}"
    assert f'curl -X DELETE -u "$SINCH_KEY_ID:$SINCH_KEY_SECRET" {url} ' in text
    with dashboard(emulator) as outside:  # what the message says works
        outside.delete_app(app["id"])
    assert stored_apps(emulator) == []


def test_credentials_sinch_refuses_in_an_update_fail_it_and_the_app_is_kept(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    engine.up(one_app(), check=True)
    app_id = engine.state.by_name("app").id
    emulator.reset_stats()

    report = engine.up(WRONG_TOKEN_APP)

    assert not report.ok
    text = error_text(report)
    assert f"The RCS channel of app {app_id} ('ACME Parcel', region EU) is FAILING" in text
    assert "This update changed the app's channel credentials and Sinch holds the new ones" in text
    assert "run `pulumi refresh` before the next `pulumi up`" in text
    assert api_requests(emulator) == {"App_UpdateApp": 1}
    assert [app["id"] for app in stored_apps(emulator)] == [app_id]  # the stack's app: kept
    assert engine.state.by_name("app").plain_outputs["rcsChannelStatus"] == "ACTIVE"  # the last known


def test_progress_is_reported_every_30_seconds_until_the_limit(emulator_factory: EmulatorFactory) -> None:
    """The cadence, on a clock the test drives: a report when the wait starts, then one per 30 s."""
    emulator = emulator_factory(clock=ManualClock(), channel_delay=10_000)
    _sender, [app] = made_outside(emulator)
    with dashboard(emulator) as apps:
        now = [0.0]
        reports: list[str] = []

        def sleep(seconds: float) -> None:
            now[0] += seconds

        waited = wait_for_channel(
            apps, app, timeout=100, report=reports.append, sleep=sleep, clock=lambda: now[0]
        )

    assert not waited.finished
    assert waited.value["channel_credentials"][0]["state"]["status"] == "PENDING"
    assert [report.split("; ")[1].split(" s so far")[0] for report in reports] == ["0", "30", "60", "90"]
    assert all("limit 100 s, set by channel_timeout" in report for report in reports)


def test_an_app_without_an_rcs_channel_does_not_wait(emulator_factory: EmulatorFactory) -> None:
    emulator = emulator_factory(channel_delay=600)
    engine = engine_for(emulator)
    sms = {"channel": "SMS", "static_bearer": {"claimed_identity": "447700900500", "token": "sms-token"}}
    program = app_program(
        {
            "app": {
                "display_name": "SMS only",
                "region": "EU",
                "channel_credentials": [sms],
                "rcs_sender": None,
            }
        },
        senders={},
    )
    emulator.reset_stats()

    engine.up(program, check=True)

    assert api_requests(emulator) == {"App_CreateApp": 1}
    outputs = engine.state.by_name("app").plain_outputs
    assert "rcsChannelStatus" not in outputs
    assert outputs["channelStatuses"] == [{"channel": "SMS", "status": "ACTIVE", "description": ""}]
