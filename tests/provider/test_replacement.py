"""A sender is replaced only when the resource opts in: for region, billing_category and use_case.

Sinch fixes these when it creates a sender, verifies and approves each sender for days to weeks, and cannot
delete one, so a change that replaces a sender fails at preview, before anything is sent, unless the
resource says ``allow_replacement=True``. Each creation-only property is tried through the plugin process:
without and with the opt-in, with a value that is unknown at preview (another resource's output), and
with ``protect``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import pulumi
import pytest

from emulator.server import EmulatorServer
from engine.report import ResourceReport
from provider import RcsSender
from tests.provider.support import api_requests, engine_for, eu_sender, one_sender, stored

# property (Python name) -> (state name, the value declared first, a value that needs a new sender)
CHANGES: Final = {
    "region": ("region", "EU", "US"),
    "billing_category": ("billingCategory", "CONVERSATIONAL", "NON_CONVERSATIONAL"),
    "use_case": ("useCase", "MULTIUSE", "OTP"),
}

pytestmark = pytest.mark.parametrize("prop", list(CHANGES))


def test_a_replacing_change_fails_at_preview_and_up_sends_nothing(
    emulator: EmulatorServer, prop: str
) -> None:
    state_name, before, after = CHANGES[prop]
    engine = engine_for(emulator)
    engine.up(one_sender(**{prop: before}), check=True)
    sender_id = engine.state.by_name("sender").id
    emulator.reset_stats()

    preview = engine.preview(one_sender(**{prop: after}))
    up = engine.up(one_sender(**{prop: after}))

    assert not preview.ok
    assert not up.ok
    for report in (preview, up):
        error = _said(report.resource("sender"))
        assert (
            f"{state_name}: Changing {state_name} from {before!r} to {after!r} would replace this sender"
            in error
        )
        assert "verify and launch again" in error
        assert "stay in Sinch, outside the stack" in error
        assert f"Revert {state_name} to {before!r}, or set allow_replacement=True" in error
    assert emulator.stats()["api_requests"] == 0
    assert [sender["id"] for sender in stored(emulator)] == [sender_id]
    assert engine.state.by_name("sender").plain_outputs[state_name] == before


def test_with_allow_replacement_preview_shows_it_and_up_replaces(emulator: EmulatorServer, prop: str) -> None:
    state_name, before, after = CHANGES[prop]
    engine = engine_for(emulator)
    engine.up(one_sender(**{prop: before}), check=True)
    old_id = engine.state.by_name("sender").id
    flipped = engine.up(one_sender(**{prop: before}, allow_replacement=True), check=True)
    assert flipped.resource("sender").op == "update"  # recorded, nothing sent
    emulator.reset_stats()

    preview = engine.preview(one_sender(**{prop: after}, allow_replacement=True), check=True)
    up = engine.up(one_sender(**{prop: after}, allow_replacement=True), check=True)

    assert preview.resource("sender").op == "replace"
    assert preview.resource("sender").replaces == [state_name]
    # Preview already says what `up` will leave behind: the old sender, in Sinch, outside the stack.
    assert f"sender {old_id} stays in Sinch, outside the stack" in preview.plugin_stderr
    assert up.resource("sender").op == "replace"
    assert api_requests(emulator) == {"createSender": 1}
    new_id = engine.state.by_name("sender").id
    by_id = {sender["id"]: sender for sender in stored(emulator)}
    assert set(by_id) == {old_id, new_id}
    assert by_id[new_id][state_name] == after
    assert f"RcsSender {old_id} was removed from the Pulumi stack but still exists" in up.plugin_stderr


def test_an_unknown_value_at_preview_is_judged_when_it_is_known(emulator: EmulatorServer, prop: str) -> None:
    """The new value comes from a resource created in the same run: unknown at preview. Without the opt-in
    preview warns and plans no replacement, and `up` stops before sending anything once the value is
    known; with the opt-in preview shows the replacement it may cause."""
    _, before, after = CHANGES[prop]
    engine = engine_for(emulator)
    engine.up(one_sender(**{prop: before}), check=True)
    sender_id = engine.state.by_name("sender").id

    warned = engine.preview(_from_a_new_resource(prop, after), check=True)
    assert warned.resource("sender").op == "update"
    assert f"is not known until `pulumi up`; if it differs from {before!r}" in warned.plugin_stderr
    emulator.reset_stats()
    refused = engine.up(_from_a_new_resource(prop, after))
    assert not refused.ok
    assert "would replace this sender" in _said(refused.resource("sender"))
    assert api_requests(emulator) == {"createSender": 1}  # the source only: nothing for the sender
    assert sender_id in {sender["id"] for sender in stored(emulator)}
    assert engine.state.by_name("sender").id == sender_id

    opted_in = engine.preview(
        _from_a_new_resource(prop, after, source="another-source", allow_replacement=True), check=True
    )
    assert opted_in.resource("sender").op == "replace"


def test_protect_refuses_the_replacement_even_with_the_opt_in(emulator: EmulatorServer, prop: str) -> None:
    _, before, after = CHANGES[prop]
    protected = pulumi.ResourceOptions(protect=True)
    engine = engine_for(emulator)
    engine.up(_with_options({prop: before}, protected), check=True)
    sender_id = engine.state.by_name("sender").id
    emulator.reset_stats()

    not_opted = engine.up(_with_options({prop: after}, protected))
    opted = engine.up(_with_options({prop: after, "allow_replacement": True}, protected))

    assert "would replace this sender" in _said(not_opted.resource("sender"))
    assert "as it is currently marked for protection" in (opted.resource("sender").error or "")
    assert emulator.stats()["api_requests"] == 0
    assert [sender["id"] for sender in stored(emulator)] == [sender_id]


def _said(resource: ResourceReport) -> str:
    """Everything the user is told about the resource's failure: the error and the check failures."""
    failures = [f"{failure.property}: {failure.reason}" for failure in resource.check_failures]
    return "\n".join([resource.error or "", *failures])


def _with_options(overrides: dict[str, Any], opts: pulumi.ResourceOptions) -> Callable[[], None]:
    def program() -> None:
        RcsSender("sender", **eu_sender(**overrides), opts=opts)

    return program


def _from_a_new_resource(
    prop: str, value: str, *, source: str = "source", **overrides: Any
) -> Callable[[], None]:
    """``sender`` takes ``prop`` from the output of ``source``, a sender this run creates."""

    def program() -> None:
        origin = RcsSender(source, **eu_sender(test_numbers=["+447700900002"]))
        RcsSender("sender", **eu_sender(**{prop: origin.state.apply(lambda _: value)}, **overrides))

    return program
