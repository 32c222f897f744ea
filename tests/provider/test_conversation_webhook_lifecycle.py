"""The ConversationWebhook life cycle through the real plugin process, on the emulator's Conversation API:
each step's plan, its requests to Sinch (one each), the state, the secret kept secret, and what Sinch
holds. The emulator fixture fails every test whose requests or answers break the OpenAPI slice."""

from __future__ import annotations

from emulator.server import EmulatorServer
from engine import Engine, Secret
from tests.conftest import TEST_PROJECT_ID
from tests.provider.app_webhook_support import (
    CLIENT_SECRET,
    DELIVERY,
    INBOUND,
    OTHER_TARGET,
    OUTSIDE_SECRET,
    ROTATED_SECRET,
    SECRET,
    TARGET,
    dashboard,
    make_app,
    one_hook,
    stored,
)
from tests.provider.support import api_requests, engine_for
from tests.provider.webhook_support import error_text

CREDENTIALS = {
    "client_id": "acme-hooks",
    "client_secret": CLIENT_SECRET,
    "endpoint": "https://auth.acme-parcel.example/oauth2/token",
}


def test_preview_sends_nothing_and_a_misspelt_trigger_fails_there_with_the_closest_name(
    emulator: EmulatorServer,
) -> None:
    app_id = make_app(emulator)
    engine = engine_for(emulator)
    emulator.reset_stats()

    assert engine.preview(one_hook(app_id), check=True).resource("hook").op == "create"
    report = engine.preview(
        one_hook(
            app_id,
            triggers=["MESSAGE_DELIVERY", "MESAGE_INBOUND", "UNSPECIFIED_TRIGGER"],
            target="https://eu.conversation-api.prod.sinch.com/hooks",
        )
    )

    assert not report.ok
    failures = {failure.property: failure.reason for failure in report.resource("hook").check_failures}
    assert failures["triggers[1]"].endswith(f"Did you mean {INBOUND!r}?")
    assert "Using this value will cause errors" in failures["triggers[2]"]
    assert "conversation-api.*.sinch.com" in failures["target"]
    assert emulator.stats()["api_requests"] == 0
    assert emulator.stats()["token_requests"] == 0


def test_create_read_update_delete_are_one_request_each_and_the_secret_stays_secret(
    emulator: EmulatorServer,
) -> None:
    app_id = make_app(emulator)
    engine = engine_for(emulator)
    declared = one_hook(app_id, client_credentials=CREDENTIALS)
    emulator.reset_stats()

    created = engine.up(declared, check=True)

    assert api_requests(emulator) == {"Webhooks_CreateWebhook": 1}
    [held] = stored(emulator, app_id)
    state = engine.state.by_name("hook")
    assert state.id == held["id"]
    assert (held["target"], held["target_type"], held["triggers"]) == (TARGET, "HTTP", [DELIVERY, INBOUND])
    assert held["secret"] == SECRET
    assert state.outputs["secret"] == Secret(SECRET)
    assert isinstance(state.outputs["clientCredentials"], Secret)
    assert {"secret", "clientCredentials"} <= set(state.secret_outputs)
    assert state.plain_outputs["targetType"] == "HTTP"
    assert state.plain_outputs["projectId"] == TEST_PROJECT_ID
    assert state.plain_outputs["appId"] == app_id
    assert state.plain_outputs["__stateVersion"] == 1

    emulator.reset_stats()
    assert engine.preview(declared, check=True).resource("hook").op == "same"
    assert engine.up(declared, check=True).resource("hook").op == "same"
    reordered = one_hook(app_id, client_credentials=CREDENTIALS, triggers=[INBOUND, DELIVERY])
    assert engine.preview(reordered, check=True).resource("hook").op == "same"
    assert emulator.stats()["api_requests"] == 0

    refreshed = engine.refresh(check=True)
    assert refreshed.resource("hook").outcome == "same"
    assert api_requests(emulator) == {"Webhooks_GetWebhook": 1}

    emulator.reset_stats()
    rotated = one_hook(app_id, client_credentials=CREDENTIALS, secret=ROTATED_SECRET, triggers=[DELIVERY])
    preview = engine.preview(rotated, check=True)
    assert preview.resource("hook").op == "update"
    assert set(preview.resource("hook").changed_key_names) == {"secret", "triggers"}
    updated = engine.up(rotated, check=True)
    assert updated.resource("hook").op == "update"
    assert api_requests(emulator) == {"Webhooks_UpdateWebhook": 1}
    [held] = stored(emulator, app_id)
    assert (held["id"], held["triggers"], held["secret"]) == (state.id, [DELIVERY], ROTATED_SECRET)
    assert engine.state.by_name("hook").outputs["secret"] == Secret(ROTATED_SECRET)

    emulator.reset_stats()
    destroyed = engine.destroy(check=True)
    assert destroyed.resource("hook").op == "delete"
    assert api_requests(emulator) == {"Webhooks_DeleteWebhook": 1}
    assert stored(emulator) == []
    assert engine.state.names() == []

    checkpoint = engine.state.checkpoint_json()
    for report in (created, refreshed, updated, destroyed):
        for secret in (SECRET, ROTATED_SECRET, CLIENT_SECRET):
            assert secret not in report.plugin_stderr
            assert secret not in report.summary()
    for secret in (SECRET, ROTATED_SECRET, CLIENT_SECRET):
        assert secret not in checkpoint
    assert emulator.request_violations == []
    assert emulator.response_violations == []


def test_the_update_mask_names_only_what_changed(emulator: EmulatorServer) -> None:
    """The emulator keeps what a PATCH's update_mask does not name: a target and a secret changed in the
    dashboard survive a change of the triggers (the body carries the declared target, as the contract
    requires, but the mask leaves it out)."""
    app_id = make_app(emulator)
    engine = engine_for(emulator)
    engine.up(one_hook(app_id), check=True)
    webhook_id = engine.state.by_name("hook").id
    with dashboard(emulator) as outside:
        outside.update_webhook(
            webhook_id, {"target": OTHER_TARGET, "secret": OUTSIDE_SECRET}, ["target", "secret"]
        )
    emulator.reset_stats()

    engine.up(one_hook(app_id, triggers=[INBOUND]), check=True)

    assert api_requests(emulator) == {"Webhooks_UpdateWebhook": 1}
    [held] = stored(emulator, app_id)
    assert (held["target"], held["secret"], held["triggers"]) == (OTHER_TARGET, OUTSIDE_SECRET, [INBOUND])


def test_refresh_shows_drift_and_a_dismissed_target_type_never_the_secret_and_up_repairs_them(
    emulator: EmulatorServer,
) -> None:
    app_id = make_app(emulator)
    engine = engine_for(emulator)
    engine.up(one_hook(app_id), check=True)
    webhook_id = engine.state.by_name("hook").id
    with dashboard(emulator) as outside:  # someone edits the webhook, its secret and target type included
        outside.update_webhook(
            webhook_id,
            {"target": TARGET, "triggers": [INBOUND], "secret": OUTSIDE_SECRET, "target_type": "DISMISS"},
            ["triggers", "secret", "target_type"],
        )

    refresh = engine.refresh(check=True)

    assert refresh.resource("hook").outcome == "update"
    refreshed = engine.state.by_name("hook")
    assert refreshed.plain_outputs["triggers"] == [INBOUND]
    assert refreshed.plain_outputs["targetType"] == "DISMISS"
    assert refreshed.outputs["secret"] == Secret(SECRET)  # never read back as drift: the recorded one
    preview = engine.preview(one_hook(app_id), check=True)
    assert preview.resource("hook").op == "update"
    assert preview.resource("hook").changed_key_names == ["triggers"]  # and targetType, not an input

    emulator.reset_stats()
    engine.up(one_hook(app_id), check=True)

    assert api_requests(emulator) == {"Webhooks_UpdateWebhook": 1}
    [held] = stored(emulator, app_id)
    assert (held["id"], held["triggers"], held["target_type"]) == (webhook_id, [DELIVERY, INBOUND], "HTTP")
    assert engine.state.by_name("hook").plain_outputs["targetType"] == "HTTP"
    assert engine.preview(one_hook(app_id), check=True).resource("hook").op == "same"

    with dashboard(emulator) as outside:  # the target type alone: every callback silently dropped
        outside.update_webhook(webhook_id, {"target": TARGET, "target_type": "DISMISS"}, ["target_type"])
    engine.refresh(check=True)
    emulator.reset_stats()

    assert engine.up(one_hook(app_id), check=True).resource("hook").op == "update"
    assert api_requests(emulator) == {"Webhooks_UpdateWebhook": 1}
    assert stored(emulator, app_id)[0]["target_type"] == "HTTP"


def deleted_outside(emulator: EmulatorServer) -> tuple[Engine, str]:
    """A stack holding a webhook that someone then deleted in the dashboard; the stack and the app id."""
    app_id = make_app(emulator)
    engine = engine_for(emulator)
    engine.up(one_hook(app_id), check=True)
    with dashboard(emulator) as outside:
        outside.delete_webhook(engine.state.by_name("hook").id)
    emulator.reset_stats()
    return engine, app_id


def test_refresh_drops_a_webhook_whose_app_lists_it_no_more(emulator: EmulatorServer) -> None:
    engine, app_id = deleted_outside(emulator)

    report = engine.refresh(check=True)

    assert report.resource("hook").outcome == "delete"
    assert api_requests(emulator) == {"Webhooks_GetWebhook": 1, "Webhooks_ListWebhooks": 1}
    assert engine.state.names() == []
    assert engine.up(one_hook(app_id), check=True).resource("hook").op == "create"
    assert len(stored(emulator, app_id)) == 1


def test_a_404_on_a_wrong_host_never_makes_refresh_forget_the_webhook(emulator: EmulatorServer) -> None:
    """The settings point every region at the US host (a URL without {region}): the EU webhook and its
    app answer 404 there. Nothing confirms the webhook is gone, so it stays in the stack."""
    app_id = make_app(emulator)
    engine = engine_for(emulator)
    engine.up(one_hook(app_id), check=True)
    engine.set_config("sinch:conversationUrl", emulator.conversation_url.format(region="us"))
    engine.up(one_hook(app_id), check=True)  # the provider takes the new settings; nothing is sent

    report = engine.refresh()

    assert not report.ok
    text = error_text(report)
    assert "Sinch answered 404 for webhook" in text
    assert "so nothing was dropped from the stack" in text
    assert engine.state.names() == ["hook"]
    assert len(stored(emulator, app_id)) == 1
    engine.set_config("sinch:conversationUrl", emulator.conversation_url)
    engine.up(one_hook(app_id), check=True)
    assert engine.refresh(check=True).resource("hook").outcome == "same"


def test_an_update_of_a_webhook_deleted_outside_says_to_refresh_and_keeps_the_stack(
    emulator: EmulatorServer,
) -> None:
    engine, app_id = deleted_outside(emulator)
    webhook_id = engine.state.by_name("hook").id

    report = engine.up(one_hook(app_id, triggers=[DELIVERY]))

    assert not report.ok
    text = error_text(report)
    assert f"Webhook {webhook_id} no longer exists in Sinch project {TEST_PROJECT_ID}" in text
    assert "(deleted outside Pulumi, or with its app?)" in text
    assert "Run `pulumi refresh` to drop it from the stack, then `pulumi up`" in text
    assert engine.state.names() == ["hook"]
    assert stored(emulator, app_id) == []  # nothing made in its place behind the user's back


def test_deleting_a_webhook_already_gone_is_done(emulator: EmulatorServer) -> None:
    engine, _ = deleted_outside(emulator)

    report = engine.destroy(check=True)

    assert report.resource("hook").op == "delete"
    assert api_requests(emulator) == {"Webhooks_DeleteWebhook": 1}  # answered 404: the goal is reached
    assert engine.state.names() == []


def test_another_app_replaces_the_webhook_creating_the_new_one_first(emulator: EmulatorServer) -> None:
    first, second = make_app(emulator, name="First"), make_app(emulator, name="Second")
    engine = engine_for(emulator)
    engine.up(one_hook(first), check=True)
    old_id = engine.state.by_name("hook").id

    preview = engine.preview(one_hook(second), check=True)
    assert preview.resource("hook").op == "replace"
    assert preview.resource("hook").replaces == ["appId"]

    report = engine.up(one_hook(second), check=True)

    assert report.resource("hook").op == "replace"
    calls = [rpc for rpc, _ in report.resource_calls("hook")]
    assert calls.index("Create") < calls.index("Delete")  # the two cannot collide: other apps
    assert stored(emulator, first) == []
    [held] = stored(emulator, second)
    assert held["id"] == engine.state.by_name("hook").id != old_id
