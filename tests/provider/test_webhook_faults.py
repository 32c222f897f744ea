"""Failures while creating, updating and deleting webhooks: lost answers are reconciled exactly (never a
second webhook, never a webhook outside the stack), safe requests are retried, and what gives up says so.
Through the plugin, with faults injected by the emulator."""

from __future__ import annotations

import pytest

from emulator.server import EmulatorServer
from engine import Secret
from tests.provider.support import api_requests
from tests.provider.webhook_support import (
    COMMENTS,
    OPERATORS,
    SECRET,
    STATUS,
    TARGET,
    dashboard,
    engine_for,
    error_text,
    made_outside,
    one_webhook,
    stored,
    webhook_args,
    webhooks_program,
)


@pytest.mark.parametrize("kind", ["drop_after", "garbled_after"])
def test_a_create_applied_but_unanswered_is_found_by_its_target_not_posted_again(
    emulator: EmulatorServer, kind: str
) -> None:
    engine = engine_for(emulator)
    emulator.faults.script(kind, operation="createWebhook")
    emulator.reset_stats()

    report = engine.up(one_webhook(), check=True)

    requests = api_requests(emulator)
    assert requests["createWebhook"] == 1  # never a second POST
    assert requests["listWebhooks"] >= 1
    [held] = stored(emulator)
    state = engine.state.by_name("hook")
    assert state.id == held["id"]
    assert state.outputs["secret"] == Secret(SECRET)
    assert f"webhook {held['id']}" in report.plugin_stderr  # the warning names what was taken
    assert engine.preview(one_webhook(), check=True).resource("hook").op == "same"


@pytest.mark.parametrize("kind", ["drop", "503"])
def test_a_create_that_was_not_applied_is_sent_again_once_the_target_is_seen_free(
    emulator: EmulatorServer, kind: str
) -> None:
    engine = engine_for(emulator)
    emulator.faults.script(kind, operation="createWebhook")
    emulator.reset_stats()

    engine.up(one_webhook(), check=True)

    requests = api_requests(emulator)
    assert requests["createWebhook"] == 2
    assert requests["listWebhooks"] == 1  # looked before sending again
    assert [held["id"] for held in stored(emulator)] == [engine.state.by_name("hook").id]


def test_a_lost_answer_with_a_webhook_there_before_with_other_triggers_fails_naming_it(
    emulator: EmulatorServer,
) -> None:
    outside = made_outside(emulator)  # holds the target with other triggers
    engine = engine_for(emulator)
    emulator.faults.script("drop", operation="createWebhook")  # hides the 409 the POST would get

    report = engine.up(one_webhook())

    assert not report.ok
    text = error_text(report)
    assert "Sinch's answer to creating the webhook was lost" in text
    assert f"already held by webhook {outside['id']}" in text
    assert f'webhook_id="{outside["id"]}"' in text
    assert [held["id"] for held in stored(emulator)] == [outside["id"]]
    assert engine.state.names() == []


def test_a_lost_answer_with_a_webhook_there_before_with_the_same_triggers_takes_it_and_sets_the_secret(
    emulator: EmulatorServer,
) -> None:
    outside = made_outside(emulator, triggers=[STATUS, OPERATORS])  # another secret, same declaration
    engine = engine_for(emulator)
    emulator.faults.script("drop", operation="createWebhook")
    emulator.reset_stats()

    report = engine.up(one_webhook(), check=True)

    assert engine.state.by_name("hook").id == outside["id"]
    assert api_requests(emulator)["replaceWebhook"] == 1  # the declared secret is now Sinch's
    assert "the two cannot be told apart" in report.plugin_stderr
    assert "its secret was set to the declared one" in report.plugin_stderr
    assert len(stored(emulator)) == 1


def test_creates_never_answered_give_up_saying_nothing_was_created(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    emulator.faults.script("drop", operation="createWebhook", count=3)

    report = engine.up(one_webhook())

    assert not report.ok
    text = error_text(report)
    assert "failed 3 times without an answer from Sinch" in text
    assert "Nothing was created" in text
    assert stored(emulator) == []
    emulator.faults.clear()
    engine.up(one_webhook(), check=True)
    assert len(stored(emulator)) == 1


def test_a_lost_answer_whose_listing_fails_too_says_how_to_check_and_adopt(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    emulator.faults.script("drop_after", operation="createWebhook")
    emulator.faults.script("503", operation="listWebhooks", count=12)

    report = engine.up(one_webhook())

    assert not report.ok
    text = error_text(report)
    assert "listing the project's webhooks to find out whether it was created failed too" in text
    assert f"if one holds {TARGET}" in text
    assert 'webhook_id="<its id>"' in text
    # Once Sinch answers again, the next up finds it by its 409 and says how to adopt it.
    emulator.faults.clear()
    [held] = stored(emulator)
    retry = engine.up(one_webhook())
    assert f'webhook_id="{held["id"]}"' in error_text(retry)


def test_a_put_whose_answer_is_lost_is_repeated(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    emulator.faults.script("drop_after", operation="replaceWebhook")
    emulator.reset_stats()

    engine.up(one_webhook(triggers=[COMMENTS]), check=True)

    assert api_requests(emulator) == {"replaceWebhook": 2}
    [held] = stored(emulator)
    assert held["triggers"] == [COMMENTS]
    assert engine.state.by_name("hook").plain_outputs["triggers"] == [COMMENTS]


def test_an_update_that_keeps_failing_is_reported_and_the_next_up_does_it(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    emulator.faults.script("503", operation="replaceWebhook", count=4)

    report = engine.up(one_webhook(triggers=[COMMENTS]))

    assert not report.ok
    assert "Gave up after 4 attempts" in error_text(report)
    assert engine.state.by_name("hook").plain_outputs["triggers"] == [STATUS, OPERATORS]
    engine.up(one_webhook(triggers=[COMMENTS]), check=True)
    assert stored(emulator)[0]["triggers"] == [COMMENTS]


def test_a_delete_whose_answer_is_lost_is_repeated_and_its_404_is_done(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    emulator.faults.script("drop_after", operation="deleteWebhook")
    emulator.reset_stats()

    report = engine.destroy(check=True)

    assert report.resource("hook").op == "delete"
    assert api_requests(emulator) == {"deleteWebhook": 2}
    assert stored(emulator) == []


def test_a_delete_that_keeps_failing_keeps_the_webhook_in_the_stack(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    emulator.faults.script("503", operation="deleteWebhook", count=4)

    report = engine.destroy()

    assert not report.ok
    assert "Gave up after 4 attempts" in error_text(report)
    assert engine.state.names() == ["hook"]
    assert engine.destroy().ok
    assert stored(emulator) == []


def test_a_lost_answer_is_never_matched_to_another_resource_s_webhook(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(webhooks_program({"first": webhook_args()}), check=True)
    first = engine.state.by_name("first").id
    emulator.faults.script("drop", operation="createWebhook")

    # `second` declares the same target and triggers; its POST is refused (409), and the answer is lost.
    report = engine.up(webhooks_program({"first": webhook_args(), "second": webhook_args()}))

    assert not report.resource("second").ok
    assert f"{first} (target {TARGET}" in error_text(report, "second")
    assert "another resource of this stack manages" in error_text(report, "second")
    assert [resource.id for resource in engine.state.live()] == [first]
    with dashboard(emulator) as outside:
        assert [held["id"] for held in outside.list_webhooks()] == [first]
