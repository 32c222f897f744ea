"""The ConversationApp life cycle through the real plugin process, on the emulator, with the RcsSender it
is linked to in the same program: each step's plan, its requests to Sinch (the fewest that do it), the
state, and what Sinch holds (issue 19, "Done means")."""

from __future__ import annotations

import base64
import logging
import pickle
import pickletools
import re

import pulumi
import pytest

from emulator.server import EmulatorServer
from engine import Engine, Secret
from provider import ConversationApp
from provider.conversation_apps.properties import TABLE
from provider.core.properties import STATE_VERSION_KEY
from tests.conftest import TEST_KEY_SECRET, TEST_PROJECT_ID
from tests.provider.app_support import (
    APP_TYPE,
    DISPLAY_NAME,
    SMS,
    dashboard,
    error_text,
    one_app,
    rcs_entry,
    stored_apps,
)
from tests.provider.support import api_requests, engine_for, stored


def test_preview_of_a_sender_and_its_app_sends_nothing(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    emulator.reset_stats()

    report = engine.preview(one_app(), check=True)

    assert report.resource("sender").op == "create"
    assert report.resource("app").op == "create"
    assert report.resource("app").type == APP_TYPE
    assert {rpc for rpc, _ in report.resource_calls()} == {"Check"}
    assert emulator.stats()["api_requests"] == 0
    assert emulator.stats()["token_requests"] == 0


def test_up_links_the_app_to_the_sender_and_a_refresh_shows_the_link_with_no_diff_after(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    emulator.reset_stats()

    report = engine.up(one_app(), check=True)

    assert report.resource("app").op == "create"
    assert api_requests(emulator) == {"createSender": 1, "App_CreateApp": 1}
    [sender] = stored(emulator)
    [app] = stored_apps(emulator, "EU")
    state = engine.state.by_name("app")
    assert state.id == app["id"]
    assert rcs_entry(app)["static_bearer"] == {
        "claimed_identity": sender["authName"],
        "token": sender["authToken"],
    }
    assert rcs_entry(app)["state"]["status"] == "ACTIVE"
    outputs = state.plain_outputs
    assert outputs["rcsChannelStatus"] == "ACTIVE"
    assert outputs["channelStatuses"] == [{"channel": "RCS", "status": "ACTIVE", "description": ""}]
    assert (outputs["region"], outputs["rcsSenderId"], outputs["projectId"]) == (
        "EU",
        sender["id"],
        TEST_PROJECT_ID,
    )
    assert state.outputs["rcsToken"] == Secret(sender["authToken"])
    assert {"rcsToken", "rcsClaimedIdentity"} <= set(state.secret_outputs)
    assert isinstance(state.inputs["rcsToken"], Secret)

    emulator.reset_stats()
    refresh = engine.refresh(check=True)

    assert api_requests(emulator) == {"getSender": 1, "App_GetApp": 1}
    assert refresh.resource("app").outcome == "same"
    link = engine.state.by_name("sender").plain_outputs["conversationApiAppDetails"]
    assert link == {"id": app["id"], "projectId": TEST_PROJECT_ID, "region": "EU", "channelStatus": "ACTIVE"}
    emulator.reset_stats()
    after = engine.preview(one_app(), check=True)
    assert (after.resource("sender").op, after.resource("app").op) == ("same", "same")
    assert engine.up(one_app(), check=True).resource("app").op == "same"
    assert emulator.stats()["api_requests"] == 0


def test_a_region_other_than_the_senders_fails_at_preview_naming_both_with_no_request(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    emulator.reset_stats()

    report = engine.preview(one_app(region="US"))

    assert not report.ok
    [failure] = report.resource("app").check_failures
    assert failure.property == "region"
    assert "The app's region is US, but its RCS sender is in EU" in failure.reason
    assert emulator.stats()["api_requests"] == 0
    assert emulator.stats()["token_requests"] == 0


def test_a_display_name_change_is_one_patch_naming_only_display_name_and_keeps_the_credentials(
    emulator: EmulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    engine = engine_for(emulator)
    engine.up(one_app(channel_credentials=[SMS]), check=True)
    [before] = stored_apps(emulator)
    renamed = one_app(display_name="ACME Parcel EU", channel_credentials=[SMS])
    emulator.reset_stats()

    preview = engine.preview(renamed, check=True)
    assert preview.resource("app").op == "update"
    assert preview.resource("app").changed_key_names == ["displayName"]
    caplog.set_level(logging.INFO, logger="emulator")
    report = engine.up(renamed, check=True)

    assert report.resource("app").op == "update"
    assert api_requests(emulator) == {"App_UpdateApp": 1}
    patches = [r.getMessage() for r in caplog.records if '"PATCH ' in r.getMessage()]
    assert len(patches) == 1
    assert re.search(rf"/apps/{before['id']}\?update_mask=display_name\" 200", patches[0]), patches
    [after] = stored_apps(emulator)
    assert after["display_name"] == "ACME Parcel EU"
    assert after["channel_credentials"] == before["channel_credentials"]  # RCS and SMS, states kept
    assert engine.state.by_name("app").plain_outputs["displayName"] == "ACME Parcel EU"
    assert engine.preview(renamed, check=True).resource("app").op == "same"


def test_destroy_deletes_the_app_and_leaves_the_sender_unlinked(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_app(), check=True)
    app_id = engine.state.by_name("app").id
    emulator.reset_stats()

    report = engine.destroy(check=True)

    assert report.resource("app").op == "delete"
    assert api_requests(emulator) == {"App_DeleteApp": 1}
    assert stored_apps(emulator) == []
    [sender] = stored(emulator)
    assert sender.get("conversationApiAppDetails") is None
    assert f"ConversationApp {app_id} deleted" in report.plugin_stderr
    assert engine.state.names() == []


def deleted_outside(emulator: EmulatorServer) -> tuple[Engine, str]:
    """A stack holding a sender and its app, which someone then deleted in the dashboard; the stack and
    the app's id."""
    engine = engine_for(emulator)
    engine.up(one_app(), check=True)
    app_id = engine.state.by_name("app").id
    with dashboard(emulator) as outside:
        outside.delete_app(app_id)
    emulator.reset_stats()
    return engine, app_id


def test_an_update_of_an_app_deleted_outside_says_to_refresh_and_keeps_the_stack(
    emulator: EmulatorServer,
) -> None:
    engine, app_id = deleted_outside(emulator)

    report = engine.up(one_app(display_name="ACME Parcel EU"))

    assert not report.ok
    text = error_text(report)
    assert f"App {app_id} no longer exists in region EU of Sinch project {TEST_PROJECT_ID}" in text
    assert "(deleted outside Pulumi?). Run `pulumi refresh` to drop it from the stack" in text
    assert sorted(engine.state.names()) == ["app", "sender"]
    assert stored_apps(emulator) == []


def test_refresh_drops_an_app_deleted_outside_pulumi_only_after_the_listing_confirms_it(
    emulator: EmulatorServer,
) -> None:
    engine, _ = deleted_outside(emulator)

    report = engine.refresh(check=True)

    assert report.resource("app").outcome == "delete"
    assert api_requests(emulator) == {"getSender": 1, "App_GetApp": 1, "App_ListApps": 1}
    assert engine.state.names() == ["sender"]


def test_a_404_from_a_wrong_conversation_url_never_drops_the_app(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_app(), check=True)
    wrong = engine_for(emulator, **{"sinch:conversationUrl": f"{emulator.url}/elsewhere/{{region}}"})
    wrong.state = engine.state
    wrong.state.provider_config = wrong.config_args()  # refresh configures the provider from the state

    report = wrong.refresh()

    assert not report.ok
    assert "cannot be told whether the app is gone" in error_text(report)
    assert "app" in wrong.state.names()
    assert len(stored_apps(emulator)) == 1


def test_refresh_shows_a_display_name_changed_in_the_dashboard_and_up_restores_it(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    engine.up(one_app(), check=True)
    app_id = engine.state.by_name("app").id
    with dashboard(emulator) as outside:
        outside.update_app(app_id, {"display_name": "Renamed in the dashboard"}, ["display_name"])

    refresh = engine.refresh(check=True)

    assert refresh.resource("app").outcome == "update"
    assert engine.state.by_name("app").plain_outputs["displayName"] == "Renamed in the dashboard"
    preview = engine.preview(one_app(), check=True)
    assert preview.resource("app").changed_key_names == ["displayName"]
    emulator.reset_stats()
    engine.up(one_app(), check=True)
    assert api_requests(emulator) == {"App_UpdateApp": 1}
    assert stored_apps(emulator)[0]["display_name"] == DISPLAY_NAME


def test_state_holds_the_provider_by_its_frozen_class_path_and_the_shape_version(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    engine.up(one_app(), check=True)
    resource = engine.state.by_name("app")
    [sender] = stored(emulator)

    serialized = resource.plain_inputs["__provider"]
    assert isinstance(serialized, str)  # not encrypted: there is nothing secret in it
    raw = base64.b64decode(serialized)
    assert "STACK_GLOBAL" in [op.name for op, _, _ in pickletools.genops(raw)]  # by reference
    assert b"provider.conversation_apps.provider" in raw
    assert b"ConversationAppProvider" in raw
    assert vars(pickle.loads(raw)) == {}
    for secret in (sender["authToken"], sender["authName"], TEST_KEY_SECRET):
        assert secret.encode() not in raw
    assert resource.plain_outputs[STATE_VERSION_KEY] == TABLE.version == 1

    resource.outputs[STATE_VERSION_KEY] = TABLE.version + 1  # as a later release would record it
    report = engine.preview(one_app(display_name="Renamed"))
    assert "recorded by a newer version of sinch-rcs-pulumi" in error_text(report)


def test_get_reads_an_app_by_its_id_alone_looking_in_each_region(emulator: EmulatorServer) -> None:
    sms = {"channel": "SMS", "static_bearer": {"claimed_identity": "447700900500", "token": "sms-token"}}
    with dashboard(emulator, "US") as outside:
        app = outside.create_app({"display_name": "Made elsewhere", "channel_credentials": [sms]})
    engine = engine_for(emulator)
    emulator.reset_stats()

    def program() -> None:
        seen = ConversationApp.get("seen", app["id"])
        pulumi.export("name", seen.display_name)
        pulumi.export("region", seen.region)
        pulumi.export("channels", seen.channel_statuses)

    report = engine.up(program, check=True)

    assert report.program is not None
    exports = report.program.exports
    assert (exports["name"], exports["region"]) == ("Made elsewhere", "US")
    assert exports["channels"] == [{"channel": "SMS", "status": "ACTIVE", "description": ""}]
    assert api_requests(emulator) == {"App_GetApp": 2}  # EU answers 404, then US has it
