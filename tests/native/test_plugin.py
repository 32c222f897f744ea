"""The ``sinch`` plugin as the Pulumi engine drives it: the plugin process (started warm, as ``python
<plugin folder> <engine address>``), the local engine and the emulator. What issue 21's "done means" asks
of the native form, one test each; the finer points are in-process tests (``test_provider.py``)."""

from __future__ import annotations

import functools
from typing import Any

import pulumi

import pulumi_sinch as sinch
from bench.stub_api import StubApi
from emulator.server import EmulatorServer
from engine import Secret
from example_senders import eu_declaration
from provider.native.schema import package_schema
from schemas.rcs_senders.api import create_body
from sinch_conversation.apps import AppsClient
from sinch_provisioning.connection import Connection
from sinch_provisioning.webhooks import WebhooksClient
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID
from tests.native.support import (
    OTHER_PROJECT,
    SECRET,
    TARGET,
    changes,
    dev_native_engine,
    native_engine,
    program,
    provider_for,
    sender_arguments,
    webhook,
)
from tests.program.support import PROGRAM, api_requests
from tests.provider.app_webhook_support import INBOUND, hook_args, made_outside, make_app
from tests.provider.support import direct_client

RCS_SENDER = "sinch:index:RcsSender"


def test_the_example_program_goes_through_preview_up_refresh_update_and_destroy(
    emulator: EmulatorServer,
) -> None:
    hook = {
        "webhookTarget": TARGET,
        "webhookSecret": SECRET,
        "appWebhookTarget": "https://hooks.acme-parcel.example/sinch/conversation",
        "appWebhookSecret": SECRET,
    }
    engine = dev_native_engine(emulator, **hook)

    preview = engine.preview(PROGRAM, check=True)
    assert [(r.name, r.type, r.op) for r in preview.resources] == [
        ("acme-sender-events", "sinch:index:ProvisioningWebhook", "create"),
        ("acme-eu", RCS_SENDER, "create"),
        ("acme-us", RCS_SENDER, "create"),
        ("acme-eu-app", "sinch:index:ConversationApp", "create"),
        ("acme-app-events", "sinch:index:ConversationWebhook", "create"),
    ]
    assert api_requests(emulator) == {}

    up = engine.up(PROGRAM, check=True)
    assert changes(emulator) == {
        "createWebhook": 1,
        "createSender": 2,
        "App_CreateApp": 1,
        "Webhooks_CreateWebhook": 1,
    }
    eu = engine.state.by_name("acme-eu")
    assert eu.outputs["authToken"] == Secret(emulator.senders("demo-project")[0]["authToken"])
    assert engine.state.by_name("acme-sender-events").inputs["secret"] == Secret(SECRET)
    assert SECRET not in engine.state.checkpoint_json()
    assert up.program is not None
    assert up.program.exports["euState"] == "IN_TEST"
    assert up.program.exports["euRcsChannel"] == "ACTIVE"  # the app holds the sender's credentials
    assert isinstance(up.program.exports["euAuthToken"], Secret)
    assert engine.get_schema("sinch") == package_schema()  # GetSchema through the plugin

    emulator.reset_stats()
    refreshed = engine.refresh(check=True)
    assert refreshed.counts == {"same": 5}
    assert api_requests(emulator) == {
        "getWebhook": 1,
        "getSender": 2,
        "App_GetApp": 1,
        "Webhooks_GetWebhook": 1,
    }

    engine.set_config("sinch-rcs-senders:brandName", "ACME Parcel Express")
    emulator.reset_stats()
    planned = engine.preview(PROGRAM, check=True)
    assert [(r.name, r.op, r.changed_key_names) for r in planned.resources if r.op != "same"] == [
        ("acme-eu", "update", ["brand"]),
        ("acme-us", "update", ["brand", "questionnaire"]),  # its US answers name the brand too
        ("acme-eu-app", "update", ["displayName"]),  # the app is named after the brand
    ]
    assert planned.resource("acme-eu").detailed_diff == {"brand": "update"}
    updated = engine.up(PROGRAM, check=True)
    assert updated.counts == {"update": 3, "same": 2}
    assert changes(emulator) == {"updateSender": 2, "App_UpdateApp": 1}
    assert engine.preview(PROGRAM, check=True).counts == {"same": 5}

    emulator.reset_stats()
    destroyed = engine.destroy(check=True)
    assert destroyed.counts == {"delete": 5}
    # Sinch cannot delete senders: the warning says so
    assert changes(emulator) == {"deleteWebhook": 1, "App_DeleteApp": 1, "Webhooks_DeleteWebhook": 1}
    assert any("cannot delete senders" in entry.message for entry in destroyed.diagnostics)


def test_two_provider_instances_each_create_their_sender_in_their_own_project(
    emulator: EmulatorServer,
) -> None:
    engine = native_engine(emulator.url)

    def two_projects() -> None:
        prod = provider_for(emulator, "prod", TEST_PROJECT_ID)
        staging = provider_for(emulator, "staging", OTHER_PROJECT)
        sinch.RcsSender("prod-sender", **sender_arguments(1), opts=pulumi.ResourceOptions(provider=prod))
        sinch.RcsSender(
            "staging-sender", **sender_arguments(2), opts=pulumi.ResourceOptions(provider=staging)
        )
        found = sinch.lookup_senders(opts=pulumi.InvokeOptions(provider=staging))
        pulumi.export("staging", [sender.name for sender in found.senders])

    first = engine.up(two_projects, check=True)
    prod, staging = engine.state.by_name("prod-sender"), engine.state.by_name("staging-sender")
    assert [s["id"] for s in emulator.senders(TEST_PROJECT_ID)] == [prod.id]
    assert [s["id"] for s in emulator.senders(OTHER_PROJECT)] == [staging.id]
    assert first.program is not None
    assert first.program.exports["staging"] == []  # looked up before the create, in its own project
    assert engine.state.provider_by_name("staging").inputs["keySecret"] == Secret(TEST_KEY_SECRET)
    second = engine.up(two_projects, check=True)
    assert second.program is not None
    assert second.program.exports["staging"] == ["ACME Parcel 0002"]
    assert second.counts == {"same": 4}


def test_an_import_by_id_alone_previews_with_no_change_but_the_unreadable_secret(
    emulator: EmulatorServer,
) -> None:
    arguments = sender_arguments(3)
    made = direct_client(emulator).create_sender(create_body(eu_declaration(3)))
    hooks = WebhooksClient.from_access_key(
        TEST_PROJECT_ID, TEST_KEY_ID, TEST_KEY_SECRET, auth_method="basic", base_url=emulator.url
    )
    hook_id = hooks.create_webhook(target=TARGET, secret=SECRET, triggers=["RCS_SENDER_STATUS_UPDATED"])["id"]
    app_id = make_app(emulator)
    app_hook = made_outside(emulator, app_id, triggers=[INBOUND])
    rcs_app = make_rcs_app(emulator, made)  # the sender's app, made outside Pulumi too
    engine = native_engine(emulator.url, conversation_url=emulator.conversation_url)
    adopt = program(
        functools.partial(adopted_sender_and_app, arguments, made["id"], rcs_app),
        functools.partial(webhook, opts=pulumi.ResourceOptions(import_=hook_id)),
        functools.partial(
            sinch.ConversationWebhook,
            "app-hook",
            **hook_args(app_id, triggers=[INBOUND]),
            opts=pulumi.ResourceOptions(import_=app_hook["id"]),
        ),
    )
    emulator.reset_stats()

    preview = engine.preview(adopt, check=True)

    sender, app, events, app_events = (
        preview.resource(name) for name in ("adopted", "adopted-app", "events", "app-hook")
    )
    assert (sender.op, sender.changed_key_names) == ("import", [])
    assert (app.op, app.changed_key_names) == ("import", [])  # its sender found by the link Sinch keeps
    # Sinch never returns a webhook's secret: the one change shown, sent once by `up`
    assert (events.op, events.changed_key_names) == ("import", ["secret"])
    assert (app_events.op, app_events.changed_key_names) == ("import", ["secret"])
    assert changes(emulator) == {}
    engine.up(adopt, check=True)
    assert changes(emulator) == {"replaceWebhook": 1, "Webhooks_UpdateWebhook": 1}
    assert engine.preview(adopt, check=True).counts == {"same": 4}

    imported = engine.import_resource(RCS_SENDER, "by-cli", made["id"])  # `pulumi import`: what to declare
    read = imported.resource("by-cli")
    assert read.op == "import"
    assert engine.state.by_name("by-cli").inputs["senderId"] == made["id"]


def adopted_sender_and_app(arguments: dict[str, Any], sender_id: str, app_id: str) -> None:
    sender = sinch.RcsSender("adopted", **arguments, opts=pulumi.ResourceOptions(import_=sender_id))
    sinch.ConversationApp(
        "adopted-app",
        display_name="ACME Parcel",
        rcs_sender=sender,
        opts=pulumi.ResourceOptions(import_=app_id),
    )


def make_rcs_app(emulator: EmulatorServer, sender: dict[str, Any]) -> str:
    """An app whose RCS channel holds ``sender``'s credentials, made outside Pulumi; Sinch links the two."""
    with Connection.from_access_key(
        TEST_PROJECT_ID, TEST_KEY_ID, TEST_KEY_SECRET, auth_method="basic", base_url=emulator.url
    ) as connection:
        apps = AppsClient.beside(connection, region="EU", url=emulator.conversation_url)
        bearer = {"claimed_identity": sender["authName"], "token": sender["authToken"]}
        app = apps.create_app(
            {
                "display_name": "ACME Parcel",
                "channel_credentials": [{"channel": "RCS", "static_bearer": bearer}],
            }
        )
    return str(app["id"])


def test_two_webhooks_declaring_one_target_fail_at_preview_naming_both(emulator: EmulatorServer) -> None:
    engine = native_engine(emulator.url)
    twice = program(functools.partial(webhook, "first"), functools.partial(webhook, "second"))

    report = engine.preview(twice)

    assert not report.ok
    # The SDK registers the two in either order: the one checked second fails, naming the one checked first.
    named = {name: report.resource(name) for name in ("first", "second")}
    failed = [(name, f) for name, r in named.items() for f in r.check_failures]
    assert len(failed) == 1
    name, failure = failed[0]
    holder = named["second" if name == "first" else "first"].urn
    assert failure.property == "target"
    assert (
        f"declared by two resources of this provider (one Sinch project): {holder} and {named[name].urn}"
        in failure.reason
    )
    assert api_requests(emulator) == {}


def test_an_api_error_reaches_the_engine_as_its_message_alone(emulator: EmulatorServer) -> None:
    engine = native_engine(emulator.url)
    missing = "cf11794a-6a5e-4a12-b103-da79bd378bf1"

    report = engine.up(
        program(functools.partial(sinch.RcsSender, "ghost", **sender_arguments(sender_id=missing)))
    )

    error = report.resource("ghost").error or ""
    assert error.startswith(f"senderId {missing!r}: no such sender in Sinch project {TEST_PROJECT_ID}.")
    for trace in ("Traceback", 'File "', "Unexpected <class", "line "):
        assert trace not in error
    assert "traceback in" in error  # the log file's path, where the traceback is


def test_the_plugin_serves_sixteen_creates_at_once() -> None:
    """The stub API answers a create only once 16 are in flight together: the dynamic plugin's 4 threads
    could never pass this; the native plugin's worker pool does."""
    with StubApi(gate=16) as api:
        engine = native_engine(api.url, parallel=16)
        senders = [functools.partial(sinch.RcsSender, f"s{n}", **sender_arguments(n)) for n in range(16)]

        report = engine.up(program(*senders), check=True)

        assert report.counts == {"create": 16}
        assert api.senders.most_at_once == 16
