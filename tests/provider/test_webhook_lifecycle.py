"""The ProvisioningWebhook life cycle through the real plugin process, in the engine's call orders, on the
emulator: each step's plan, its requests to Sinch (the fewest that do it), the state, and what Sinch holds.
"""

from __future__ import annotations

from emulator.server import EmulatorServer
from engine import Secret
from provider import ProvisioningWebhook, RcsSender
from tests.conftest import TEST_PROJECT_ID
from tests.provider.support import api_requests, eu_sender
from tests.provider.webhook_support import (
    COMMENTS,
    OPERATORS,
    OTHER_TARGET,
    ROTATED_SECRET,
    SECRET,
    STATUS,
    TARGET,
    dashboard,
    engine_for,
    made_outside,
    one_webhook,
    stored,
    stored_by_id,
    webhook_args,
)


def test_preview_of_a_new_webhook_only_checks_and_sends_nothing(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    emulator.reset_stats()

    report = engine.preview(one_webhook(), check=True)

    assert report.resource("hook").op == "create"
    assert {rpc for rpc, _ in report.resource_calls()} == {"Check"}
    assert emulator.stats()["api_requests"] == 0
    assert emulator.stats()["token_requests"] == 0


def test_up_creates_the_webhook_with_one_post_and_records_it(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    emulator.reset_stats()

    report = engine.up(one_webhook(), check=True)

    assert report.resource("hook").op == "create"
    assert api_requests(emulator) == {"createWebhook": 1}
    [held] = stored(emulator)
    state = engine.state.by_name("hook")
    assert state.id == held["id"]
    assert held["target"] == TARGET
    assert held["triggers"] == [STATUS, OPERATORS]
    assert state.outputs["secret"] == Secret(SECRET)
    assert state.plain_outputs["target"] == TARGET
    assert state.plain_outputs["triggers"] == [STATUS, OPERATORS]
    assert state.plain_outputs["projectId"] == TEST_PROJECT_ID
    assert state.plain_outputs["__stateVersion"] == 1
    assert "secret" in state.secret_outputs
    assert isinstance(state.inputs["secret"], Secret)


def test_no_change_previews_and_ups_send_nothing_and_trigger_order_is_no_change(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    emulator.reset_stats()

    assert engine.preview(one_webhook(), check=True).resource("hook").op == "same"
    assert engine.up(one_webhook(), check=True).resource("hook").op == "same"
    reordered = one_webhook(triggers=[OPERATORS, STATUS], target=f" {TARGET} ")
    assert engine.preview(reordered, check=True).resource("hook").op == "same"
    assert engine.up(reordered, check=True).resource("hook").op == "same"

    assert emulator.stats()["api_requests"] == 0


def test_changing_the_triggers_is_one_put_in_place(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    webhook_id = engine.state.by_name("hook").id
    changed = one_webhook(triggers=[STATUS, OPERATORS, COMMENTS])
    emulator.reset_stats()

    preview = engine.preview(changed, check=True)
    assert preview.resource("hook").op == "update"
    assert preview.resource("hook").changed_key_names == ["triggers"]
    assert emulator.stats()["api_requests"] == 0

    report = engine.up(changed, check=True)

    assert report.resource("hook").op == "update"
    assert api_requests(emulator) == {"replaceWebhook": 1}
    [held] = stored(emulator)
    assert held["id"] == webhook_id
    assert sorted(held["triggers"]) == sorted([STATUS, OPERATORS, COMMENTS])
    assert engine.state.by_name("hook").plain_outputs["triggers"] == [STATUS, OPERATORS, COMMENTS]
    assert engine.preview(changed, check=True).resource("hook").op == "same"


def test_changing_the_target_is_an_update_of_the_same_webhook(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    webhook_id = engine.state.by_name("hook").id
    emulator.reset_stats()

    report = engine.up(one_webhook(target=OTHER_TARGET), check=True)

    assert report.resource("hook").op == "update"
    assert api_requests(emulator) == {"replaceWebhook": 1}
    assert [(held["id"], held["target"]) for held in stored(emulator)] == [(webhook_id, OTHER_TARGET)]


def test_rotating_the_secret_is_an_update_never_a_replacement(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    webhook_id = engine.state.by_name("hook").id
    emulator.reset_stats()

    preview = engine.preview(one_webhook(secret=ROTATED_SECRET), check=True)
    assert preview.resource("hook").op == "update"
    assert preview.resource("hook").changed_key_names == ["secret"]

    report = engine.up(one_webhook(secret=ROTATED_SECRET), check=True)

    assert report.resource("hook").op == "update"
    assert api_requests(emulator) == {"replaceWebhook": 1}
    assert engine.state.by_name("hook").id == webhook_id
    assert engine.state.by_name("hook").outputs["secret"] == Secret(ROTATED_SECRET)
    assert ROTATED_SECRET not in report.summary()


def test_refresh_of_an_unchanged_webhook_is_one_get_and_shows_nothing(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    before = engine.state.by_name("hook").outputs
    emulator.reset_stats()

    report = engine.refresh(check=True)

    assert report.resource("hook").outcome == "same"
    assert api_requests(emulator) == {"getWebhook": 1}
    assert engine.state.by_name("hook").outputs == before  # the secret is kept: Sinch never returns it
    assert engine.preview(one_webhook(), check=True).resource("hook").op == "same"


def test_refresh_shows_target_and_trigger_drift_never_the_secret_and_up_restores(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    webhook_id = engine.state.by_name("hook").id
    with dashboard(emulator) as outside:  # someone edits the webhook, secret included
        outside.replace_webhook(
            webhook_id, target=OTHER_TARGET, secret="edited-elsewhere-000", triggers=["ALL"]
        )

    refresh = engine.refresh(check=True)

    assert refresh.resource("hook").outcome == "update"
    refreshed = engine.state.by_name("hook")
    assert refreshed.plain_outputs["target"] == OTHER_TARGET
    assert refreshed.plain_outputs["triggers"] == ["ALL"]
    assert refreshed.outputs["secret"] == Secret(SECRET)  # cannot be read back: the recorded one stays
    preview = engine.preview(one_webhook(), check=True)
    assert preview.resource("hook").op == "update"
    assert set(preview.resource("hook").changed_key_names) == {"target", "triggers"}

    emulator.reset_stats()
    engine.up(one_webhook(), check=True)

    assert api_requests(emulator) == {"replaceWebhook": 1}  # the PUT re-sends the declared secret too
    [held] = stored(emulator)
    assert (held["id"], held["target"], held["triggers"]) == (webhook_id, TARGET, [STATUS, OPERATORS])


def test_refresh_drops_a_webhook_deleted_outside_pulumi(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    with dashboard(emulator) as outside:
        outside.delete_webhook(engine.state.by_name("hook").id)

    report = engine.refresh(check=True)

    assert report.resource("hook").outcome == "delete"
    assert engine.state.names() == []
    assert engine.up(one_webhook(), check=True).resource("hook").op == "create"
    assert len(stored(emulator)) == 1


def test_refresh_fails_on_any_other_error_and_keeps_the_webhook(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    emulator.faults.script("503", operation="getWebhook", count=8)

    report = engine.refresh()

    assert not report.ok
    assert "503" in (report.resource("hook").error_details or "")
    assert engine.state.names() == ["hook"]


def test_destroy_deletes_the_webhook_with_one_delete(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    emulator.reset_stats()

    report = engine.destroy(check=True)

    assert report.resource("hook").op == "delete"
    assert api_requests(emulator) == {"deleteWebhook": 1}
    assert engine.state.names() == []
    assert stored(emulator) == []


def test_deleting_a_webhook_already_gone_is_done(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    with dashboard(emulator) as outside:
        outside.delete_webhook(engine.state.by_name("hook").id)
    emulator.reset_stats()

    report = engine.destroy(check=True)

    assert report.resource("hook").op == "delete"
    assert api_requests(emulator) == {"deleteWebhook": 1}  # answered 404 webhook_not_found: the goal
    assert engine.state.names() == []


def test_another_webhook_id_replaces_the_resource_deleting_the_old_webhook_first(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    old_id = engine.state.by_name("hook").id
    other = made_outside(emulator, target=OTHER_TARGET)
    declared = one_webhook(webhook_id=other["id"])

    preview = engine.preview(declared, check=True)
    assert preview.resource("hook").op == "replace"
    assert preview.resource("hook").replaces == ["webhookId"]

    emulator.reset_stats()
    report = engine.up(declared, check=True)

    assert report.resource("hook").op == "replace"
    calls = [rpc for rpc, _ in report.resource_calls("hook")]
    assert calls.index("Delete") < calls.index("Create")  # the old one goes first
    assert api_requests(emulator) == {"deleteWebhook": 1, "getWebhook": 1, "replaceWebhook": 1}
    # The adopted webhook takes the declared target, which the deleted one held.
    assert [(held["id"], held["target"]) for held in stored(emulator)] == [(other["id"], TARGET)]
    assert engine.state.by_name("hook").id == other["id"]
    assert old_id not in stored_by_id(emulator)
    assert engine.preview(declared, check=True).resource("hook").op == "same"


def test_get_reads_an_existing_webhook_without_managing_it(emulator: EmulatorServer) -> None:
    outside = made_outside(emulator)
    engine = engine_for(emulator)
    emulator.reset_stats()

    def program() -> None:
        ProvisioningWebhook.get("existing", outside["id"])

    report = engine.up(program, check=True)

    assert report.resource("existing").op == "read"
    assert api_requests(emulator) == {"getWebhook": 1}
    state = engine.state.by_name("existing")
    assert state.external
    assert (state.plain_outputs["target"], state.plain_outputs["triggers"]) == (TARGET, [COMMENTS])
    assert "secret" not in state.outputs  # Sinch never returns it
    engine.destroy(check=True)
    assert [held["id"] for held in stored(emulator)] == [outside["id"]]  # not managed: not deleted


def test_senders_and_webhooks_share_one_connection_and_one_token(emulator: EmulatorServer) -> None:
    """Both resource types' providers run in the one plugin process and use one connection to Sinch."""

    def program() -> None:
        ProvisioningWebhook("hook", **webhook_args())
        RcsSender("sender", **eu_sender())

    engine = engine_for(emulator)
    emulator.reset_stats()

    engine.up(program, check=True)

    assert emulator.stats()["token_requests"] == 1
