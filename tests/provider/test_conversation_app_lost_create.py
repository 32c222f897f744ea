"""A create whose answer is lost never leaves two apps: the app the attempt made is found by its display
name, its RCS claimed identity and its creation time (the ULID), never POSTed again blindly.

Through the plugin with the emulator's faults on App_CreateApp (the real clock: the emulator's ULIDs follow
its clock, and recognition compares them with the provider's), and the recogniser's rules in-process on an
emulator whose clock the test sets (an app made just before the attempt, or surely before it)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from emulator.clock import ManualClock
from emulator.server import EmulatorServer
from provider.conversation_apps.recognise import AppRecogniser
from provider.core.errors import CreateError
from tests.conftest import EmulatorFactory
from tests.provider.app_support import DISPLAY_NAME, dashboard, made_outside, one_app, stored_apps
from tests.provider.support import api_requests, engine_for


@pytest.mark.parametrize("fault", ["drop_after", "garbled_after"])
def test_a_lost_create_answer_leaves_exactly_one_app_and_it_is_the_resources(
    emulator: EmulatorServer, fault: str
) -> None:
    engine = engine_for(emulator)
    emulator.faults.script(fault, operation="App_CreateApp")
    emulator.reset_stats()

    report = engine.up(one_app(), check=True)

    [app] = stored_apps(emulator)
    assert engine.state.by_name("app").id == app["id"]
    assert api_requests(emulator) == {"createSender": 1, "App_CreateApp": 1, "App_ListApps": 1}
    assert f"app {app['id']} holds this declaration and was made by this attempt" in report.plugin_stderr
    assert engine.state.by_name("app").plain_outputs["rcsChannelStatus"] == "ACTIVE"
    assert engine.preview(one_app(), check=True).resource("app").op == "same"


def test_an_app_of_the_same_name_made_before_is_never_taken(emulator: EmulatorServer) -> None:
    """Someone's app with the same display name (and no RCS channel) exists already: the lost create's
    recognition leaves it alone and takes the one the attempt made."""
    with dashboard(emulator) as outside:
        sms = {"channel": "SMS", "static_bearer": {"claimed_identity": "447700900500", "token": "t"}}
        theirs = outside.create_app({"display_name": DISPLAY_NAME, "channel_credentials": [sms]})
    engine = engine_for(emulator)
    emulator.faults.script("drop_after", operation="App_CreateApp")

    engine.up(one_app(), check=True)

    ours = engine.state.by_name("app").id
    assert ours != theirs["id"]
    assert sorted(app["id"] for app in stored_apps(emulator)) == sorted([ours, theirs["id"]])


# --- the recogniser's rules, in-process --------------------------------------------------------------------


def declared(sender: dict[str, Any]) -> dict[str, Any]:
    return {
        "displayName": DISPLAY_NAME,
        "region": "EU",
        "rcsSenderId": sender["id"],
        "rcsSenderRegion": "EU",
        "rcsClaimedIdentity": sender["authName"],
        "rcsToken": sender["authToken"],
    }


def made_at(emulator_factory: EmulatorFactory, seconds_ago: float, count: int = 1) -> tuple[Any, ...]:
    """An emulator whose clock is ``seconds_ago`` behind ours, a sender, and ``count`` apps holding the
    test declaration, made by that clock."""
    emulator = emulator_factory(clock=ManualClock(start=time.time() - seconds_ago))
    sender, made = made_outside(emulator, count=count)
    return emulator, sender, made


def test_of_several_apps_made_since_the_attempt_the_oldest_unclaimed_is_taken(
    emulator_factory: EmulatorFactory,
) -> None:
    emulator, sender, made = made_at(emulator_factory, seconds_ago=0, count=3)
    sent_at = datetime.now(UTC) - timedelta(seconds=1)
    with dashboard(emulator) as apps:
        recogniser = AppRecogniser(apps, declared(sender))

        first, second = recogniser.find(sent_at, set()), recogniser.find(sent_at, {made[0]["id"]})

    assert (first or {}).get("id") == made[0]["id"]
    assert (second or {}).get("id") == made[1]["id"]


def test_an_app_made_surely_before_the_attempt_means_the_attempt_made_nothing(
    emulator_factory: EmulatorFactory,
) -> None:
    emulator, sender, _made = made_at(emulator_factory, seconds_ago=5)
    with dashboard(emulator) as apps:
        assert AppRecogniser(apps, declared(sender)).find(datetime.now(UTC), set()) is None


def test_an_app_made_too_close_to_the_attempt_to_tell_fails_naming_it_and_how_to_clean_up(
    emulator_factory: EmulatorFactory,
) -> None:
    emulator, sender, [app] = made_at(emulator_factory, seconds_ago=0.1)
    with dashboard(emulator) as apps, pytest.raises(CreateError) as failure:
        AppRecogniser(apps, declared(sender)).find(datetime.now(UTC), set())

    text = str(failure.value)
    assert f"{app['id']} (created 20" in text
    assert "Nothing more was sent (a second create could make a duplicate)" in text
    assert "curl -X DELETE" in text
    assert sender["authName"] not in text
    assert sender["authToken"] not in text
