"""A ConversationWebhook create whose answer is lost leaves exactly one webhook, never two and never one
outside the stack; one that held the target before is never taken. Through the plugin, with faults the
emulator injects on Webhooks_CreateWebhook."""

from __future__ import annotations

import time

import pytest

from emulator.clock import ManualClock
from emulator.server import EmulatorServer
from engine import Secret
from tests.conftest import EmulatorFactory
from tests.provider.app_webhook_support import (
    DELIVERY,
    INBOUND,
    OUTSIDE_SECRET,
    SECRET,
    made_outside,
    make_app,
    one_hook,
    stored,
)
from tests.provider.support import api_requests, engine_for
from tests.provider.webhook_support import error_text

CREATE = "Webhooks_CreateWebhook"


@pytest.mark.parametrize("kind", ["drop_after", "garbled_after"])
def test_a_create_applied_but_unanswered_leaves_exactly_one_webhook_found_by_its_target(
    emulator: EmulatorServer, kind: str
) -> None:
    app_id = make_app(emulator)
    engine = engine_for(emulator)
    emulator.faults.script(kind, operation=CREATE)
    emulator.reset_stats()

    report = engine.up(one_hook(app_id), check=True)

    requests = api_requests(emulator)
    assert requests[CREATE] == 1  # never a second POST
    assert requests["Webhooks_ListWebhooks"] >= 1
    [held] = stored(emulator, app_id)
    state = engine.state.by_name("hook")
    assert state.id == held["id"]
    assert state.outputs["secret"] == Secret(SECRET)
    assert f"webhook {held['id']}" in report.plugin_stderr  # the warning names what was taken
    assert engine.preview(one_hook(app_id), check=True).resource("hook").op == "same"


def test_a_create_that_was_not_applied_is_sent_again_once_the_target_is_seen_free(
    emulator: EmulatorServer,
) -> None:
    app_id = make_app(emulator)
    engine = engine_for(emulator)
    emulator.faults.script("drop", operation=CREATE)
    emulator.reset_stats()

    engine.up(one_hook(app_id), check=True)

    requests = api_requests(emulator)
    assert (requests[CREATE], requests["Webhooks_ListWebhooks"]) == (2, 1)
    assert [held["id"] for held in stored(emulator, app_id)] == [engine.state.by_name("hook").id]


def test_a_lost_answer_never_takes_a_webhook_that_held_the_target_before(
    emulator_factory: EmulatorFactory,
) -> None:
    """Target and triggers alone never make a webhook ours: this one existed before the attempt was sent
    (the emulator's clock, which its ids carry, is a minute behind), so taking it would set its secret to
    ours and its owner's receiver would refuse every callback."""
    emulator = emulator_factory(clock=ManualClock(start=time.time() - 60))
    app_id = make_app(emulator)
    outside = made_outside(emulator, app_id, triggers=[DELIVERY, INBOUND])  # the same, but its secret
    engine = engine_for(emulator)
    emulator.faults.script("drop", operation=CREATE)  # hides the 400 the POST would get
    emulator.reset_stats()

    report = engine.up(one_hook(app_id))

    assert not report.ok
    text = error_text(report)
    assert "Sinch's answer to creating the webhook was lost" in text
    assert "existed before the attempt was sent" in text
    assert f"already held by webhook {outside['id']}" in text
    assert "Webhooks_UpdateWebhook" not in api_requests(emulator)  # its secret is untouched
    [held] = stored(emulator, app_id)
    assert (held["id"], held["secret"]) == (outside["id"], OUTSIDE_SECRET)
    assert engine.state.names() == []
