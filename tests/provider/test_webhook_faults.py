"""Failures while creating, updating and deleting webhooks: lost answers are reconciled exactly (never a
second webhook, never a webhook outside the stack), safe requests are retried, and what gives up says so.
Through the plugin, with faults injected by the emulator."""

from __future__ import annotations

import pytest

from emulator.server import EmulatorServer
from engine import Secret
from example_senders import eu_declaration
from schemas.rcs_senders.api import create_body
from sinch_provisioning.webhook_events import verify_webhook_signature
from tests.provider.support import api_requests, direct_client
from tests.provider.webhook_support import (
    COMMENTS,
    OPERATORS,
    ROTATED_SECRET,
    SECRET,
    STATUS,
    TARGET,
    Receiver,
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


def test_a_lost_answer_never_takes_a_webhook_that_held_the_target_with_the_same_triggers(
    emulator: EmulatorServer,
) -> None:
    """Target and triggers alone never make a webhook ours: it existed before the attempt was sent."""
    outside = made_outside(emulator, triggers=[STATUS, OPERATORS])  # another secret, same declaration
    engine = engine_for(emulator)
    emulator.faults.script("drop", operation="createWebhook")
    emulator.reset_stats()

    report = engine.up(one_webhook())

    assert not report.ok
    text = error_text(report)
    assert f"already held by webhook {outside['id']}" in text
    assert "takes it from whoever manages it now" in text
    assert "replaceWebhook" not in api_requests(emulator)  # its secret is untouched
    assert engine.state.names() == []
    assert [held["id"] for held in stored(emulator)] == [outside["id"]]


def test_another_stack_s_lost_409_never_takes_the_first_stack_s_webhook(emulator: EmulatorServer) -> None:
    """Stacks A and B on one Sinch project declare the same target; Sinch refuses B's create (409) and the
    answer is lost. B fails naming A's webhook and how to adopt it; A's webhook keeps A's secret, so A's
    receiver still verifies every event. Each stack runs its own plugin process."""
    with Receiver() as receiver:
        target = receiver.url()
        stack_a, stack_b = engine_for(emulator), engine_for(emulator)
        stack_a.up(one_webhook(target=target, triggers=[COMMENTS]), check=True)
        a_id = stack_a.state.by_name("hook").id
        emulator.faults.script("drop_after", operation="createWebhook")  # applied (409), answer lost

        report = stack_b.up(one_webhook(target=target, triggers=[COMMENTS], secret=ROTATED_SECRET))

        assert not report.ok
        text = error_text(report)
        assert f"already held by webhook {a_id}" in text
        assert f'webhook_id="{a_id}"' in text
        assert stack_b.state.names() == []
        assert [held["id"] for held in stored(emulator)] == [a_id]
        assert stack_a.preview(one_webhook(target=target, triggers=[COMMENTS]), check=True).counts == {
            "same": 1
        }
        with direct_client(emulator) as reviewer:  # an event for A's webhook
            sender = reviewer.create_sender(create_body(eu_declaration()))
            reviewer.create_sender_comment(str(sender["id"]), "Please upload a larger logo.")
        [delivered] = receiver.wait_for(lambda got: len(got) >= 1)
        event = verify_webhook_signature(SECRET, delivered.body, delivered.headers)  # A's secret
        assert event.type == COMMENTS


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
