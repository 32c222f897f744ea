"""Changes to a ConversationApp through the plugin: each is one PATCH whose update_mask names exactly what
changed (channel_credentials always whole, the RCS entry first); a replaced sender's new credentials flow
into the app in the same run; a region change replaces the app; two apps on one sender are a warning."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from urllib.parse import unquote

import pytest

from emulator.server import EmulatorServer
from provider import ConversationApp, ConversationWebhook
from provider.conversation_apps.args import Region
from provider.conversation_apps.plan import SenderUse, check, diff
from provider.conversation_apps.properties import TABLE
from provider.core.lifecycle import Planned
from schemas import UNKNOWN
from tests.conftest import TEST_PROJECT_ID
from tests.provider.app_support import SMS, app_program, one_app, rcs_entry, stored_apps
from tests.provider.support import api_requests, engine_for, eu_sender, stored


def patch_masks(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The update_mask of every PATCH of an app the emulator answered, in order."""
    lines = [
        record.getMessage() for record in caplog.records if '"PATCH /conversation/' in record.getMessage()
    ]
    found = [re.search(r"\?update_mask=([^\" ]+)\" 200", line) for line in lines]
    return [unquote(match.group(1)) for match in found if match]


def test_adding_a_channel_sends_the_credentials_whole_with_the_rcs_entry_first(
    emulator: EmulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    engine = engine_for(emulator)
    engine.up(one_app(), check=True)
    [before] = stored_apps(emulator)
    emulator.reset_stats()
    caplog.set_level(logging.INFO, logger="emulator")

    engine.up(one_app(channel_credentials=[SMS]), check=True)

    assert api_requests(emulator) == {"App_UpdateApp": 1}  # the RCS entry is unchanged: no wait
    assert patch_masks(caplog) == ["channel_credentials"]
    [after] = stored_apps(emulator)
    assert [entry["channel"] for entry in after["channel_credentials"]] == ["RCS", "SMS"]
    assert rcs_entry(after) == rcs_entry(before)  # the same credential, its ACTIVE state kept
    assert engine.preview(one_app(channel_credentials=[SMS]), check=True).resource("app").op == "same"


def test_a_setting_change_names_only_that_setting(
    emulator: EmulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    engine = engine_for(emulator)
    engine.up(one_app(), check=True)
    caplog.set_level(logging.INFO, logger="emulator")

    engine.up(one_app(processing_mode="CONVERSATION", retention_policy={"ttl_days": 30}), check=True)

    assert patch_masks(caplog) == ["retention_policy,processing_mode"]
    [app] = stored_apps(emulator)
    assert app["processing_mode"] == "CONVERSATION"
    assert app["retention_policy"] == {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 30}
    assert rcs_entry(app)["state"]["status"] == "ACTIVE"


def test_a_replaced_senders_new_credentials_flow_into_the_app_in_the_same_up(
    emulator: EmulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    engine = engine_for(emulator)
    first = eu_sender(allow_replacement=True)
    engine.up(one_app(sender=first), check=True)
    app_id = engine.state.by_name("app").id
    old_sender = engine.state.by_name("sender").id
    replaced = eu_sender(allow_replacement=True, use_case="TRANSACTIONAL")
    caplog.set_level(logging.INFO, logger="emulator")
    emulator.reset_stats()

    preview = engine.preview(one_app(sender=replaced), check=True)
    assert (preview.resource("sender").op, preview.resource("app").op) == ("replace", "update")
    report = engine.up(one_app(sender=replaced), check=True)

    assert (report.resource("sender").op, report.resource("app").op) == ("replace", "update")
    assert patch_masks(caplog) == ["channel_credentials"]
    new_sender = next(sender for sender in stored(emulator) if sender["id"] != old_sender)
    [app] = stored_apps(emulator)
    assert app["id"] == app_id
    assert rcs_entry(app)["static_bearer"] == {
        "claimed_identity": new_sender["authName"],
        "token": new_sender["authToken"],
    }
    assert rcs_entry(app)["state"]["status"] == "ACTIVE"
    outputs = engine.state.by_name("app").plain_outputs
    assert (outputs["rcsSenderId"], outputs["rcsChannelStatus"]) == (new_sender["id"], "ACTIVE")
    links = {sender["id"]: sender.get("conversationApiAppDetails") or {} for sender in stored(emulator)}
    assert links[new_sender["id"]]["id"] == app_id
    assert links[old_sender] == {}  # the old sender stays in Sinch, no longer linked


def test_a_region_change_replaces_the_app_new_one_first_and_its_webhook_follows(
    emulator: EmulatorServer,
) -> None:
    def sms_app(region: Region) -> Callable[[], None]:
        def program() -> None:
            app = ConversationApp("app", display_name="SMS only", region=region, channel_credentials=[SMS])
            ConversationWebhook(
                "hook",
                app=app,
                target="https://hooks.acme.example/sinch",
                triggers=["MESSAGE_INBOUND"],
                secret="app-webhook-secret-5c1d",
            )

        return program

    engine = engine_for(emulator)
    engine.up(sms_app("EU"), check=True)
    old_id = engine.state.by_name("app").id
    emulator.reset_stats()

    preview = engine.preview(sms_app("US"), check=True)
    assert (preview.resource("app").op, preview.resource("hook").op) == ("replace", "replace")
    assert (
        f"ConversationApp {old_id}: changing region from EU to US replaces the app" in preview.plugin_stderr
    )
    report = engine.up(sms_app("US"), check=True)

    assert (report.resource("app").op, report.resource("hook").op) == ("replace", "replace")
    writes = {name: n for name, n in api_requests(emulator).items() if "Create" in name or "Delete" in name}
    assert writes == {
        "App_CreateApp": 1,
        "Webhooks_CreateWebhook": 1,
        "Webhooks_DeleteWebhook": 1,
        "App_DeleteApp": 1,
    }
    assert stored_apps(emulator, "EU") == []
    [new] = stored_apps(emulator, "US")
    assert engine.state.by_name("app").id == new["id"] != old_id
    assert engine.state.by_name("app").plain_outputs["region"] == "US"
    [hook] = emulator.conversation_webhooks(TEST_PROJECT_ID)
    assert (hook["app_id"], engine.state.by_name("hook").id) == (new["id"], hook["id"])


def test_two_apps_on_one_sender_are_a_warning_at_preview_and_both_are_made(emulator: EmulatorServer) -> None:
    program = app_program({"a": {"display_name": "Orders"}, "b": {"display_name": "Returns"}})
    engine = engine_for(emulator)

    up = engine.up(program, check=True)  # the sender is new: its id is known once it is made

    sender_id = engine.state.by_name("sender").id
    assert len(shared_sender_warnings(up.plugin_stderr)) == 1
    assert len(stored_apps(emulator)) == 2
    preview = engine.preview(program, check=True)
    [warning] = shared_sender_warnings(preview.plugin_stderr)
    assert f"RcsSender {sender_id} is also the RCS sender of" in warning
    assert "'Orders'" in warning or "'Returns'" in warning


def shared_sender_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "is also the RCS sender of" in line]


def test_what_tells_two_declarations_apart_across_check_calls_is_sender_and_display_name() -> None:
    """In one process (one deployment): the same declaration checked again never warns; another display
    name on the same sender does, once; a sender not known yet (preview of a new sender) is not judged."""
    use, warned = SenderUse(), list[str]()
    sender = {"rcsSenderId": "0f9f5c8e-1111-4a12-b103-da79bd378bf1", "rcsSenderRegion": "EU"}
    secrets = {"rcsClaimedIdentity": "name", "rcsToken": "token"}
    orders = {"displayName": "Orders", **sender, **secrets}

    for declaration in (
        orders,
        orders,
        {**orders, "displayName": "Returns"},
        {**orders, "rcsSenderId": UNKNOWN},
    ):
        assert check(declaration, warn=warned.append, use=use).failures == []

    [warning] = warned
    assert (
        "ConversationApp 'Returns': RcsSender 0f9f5c8e-1111-4a12-b103-da79bd378bf1 is also the RCS" in warning
    )
    assert "'Orders'" in warning


def test_a_sender_updated_in_the_same_preview_does_not_show_its_app_as_changed() -> None:
    """Updating a sender makes all its outputs unknown at preview; its credentials come with its id, so
    while the id is known and the same the app shows no change (`up`'s Diff sees the known values). A
    replaced sender (its id not known yet) does show the app changing."""
    recorded = TABLE.record(
        {
            "displayName": "Orders",
            "region": "EU",
            "rcsSenderId": "0f9f5c8e-1111-4a12-b103-da79bd378bf1",
            "rcsSenderRegion": "EU",
            "rcsClaimedIdentity": "name",
            "rcsToken": "token",
        },
        {"rcsChannelStatus": "ACTIVE"},
    )
    pending = {**TABLE.declared(recorded), "rcsClaimedIdentity": UNKNOWN, "rcsToken": UNKNOWN}

    assert diff("APP", recorded, pending, warn=print) == Planned(False, [], changed_keys=[])
    replaced = diff("APP", recorded, {**pending, "rcsSenderId": UNKNOWN}, warn=print)
    assert replaced.changed_keys == ["rcsSenderId", "rcsClaimedIdentity", "rcsToken"]
    assert replaced.replaces == []
