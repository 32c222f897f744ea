"""Resource options and engine behaviour an RcsSender user meets, through the real plugin on the emulator.

protect, the two replacement orders (create-before-delete, the default, and delete-before-replace),
ignore_changes, retain_on_delete, additional_secret_outputs and secret inputs, and the stack config that
refresh uses. Reading existing senders (`RcsSender.get`) is in test_existing_senders.py, refresh forgetting
a sender that is gone in test_lifecycle.py.

A replacement is forced by changing `use_case` (a creation-only field): `_replacing` is the one place that
declares it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pulumi

from emulator.server import EmulatorServer
from engine import Secret
from provider import RcsSender
from tests.conftest import TEST_KEY_ID
from tests.provider.support import api_requests, engine_for, eu_sender, one_sender, senders_program, stored

CREATE = "RcsSendersController_createSender_v1"
STILL_EXISTS = "still exists in Sinch project"  # what the provider's Delete warns


def _sender(opts: pulumi.ResourceOptions, **overrides: Any) -> Callable[[], None]:
    def program() -> None:
        RcsSender("sender", **eu_sender(**overrides), opts=opts)

    return program


def _replacing(**overrides: Any) -> dict[str, Any]:
    """Declaration changes that make the sender be replaced."""
    return {"use_case": "OTP", "allow_replacement": True, **overrides}


def test_a_protected_sender_is_neither_dropped_nor_replaced_nor_destroyed(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    protected = pulumi.ResourceOptions(protect=True)
    engine.up(_sender(protected), check=True)
    sender_id = engine.state.by_name("sender").id
    emulator.reset_stats()

    dropped = engine.up(senders_program({}))
    preview = engine.preview(_sender(protected, **_replacing()))
    replaced = engine.up(_sender(protected, **_replacing()))
    destroyed = engine.destroy()

    assert "because it is protected" in (dropped.resource("sender").error or "")
    assert "marked for protection" in (preview.resource("sender").error or "")
    assert "marked for protection" in (replaced.resource("sender").error or "")
    assert "because it is protected" in (destroyed.resource("sender").error or "")
    for report in (dropped, preview, replaced, destroyed):
        assert not report.ok
        assert STILL_EXISTS not in report.plugin_stderr  # the provider's Delete never ran
    assert ("Create", "sender") not in replaced.resource_calls()
    assert api_requests(emulator) == {}
    assert engine.state.by_name("sender").id == sender_id
    assert [sender["id"] for sender in stored(emulator)] == [sender_id]


def test_a_replacement_creates_the_new_sender_before_the_old_one_leaves_the_stack(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(), check=True)
    old_id = engine.state.by_name("sender").id

    emulator.faults.script("503", operation=CREATE, count=3)  # the new sender cannot be created
    failed = engine.up(one_sender(**_replacing()))

    assert not failed.ok
    assert [rpc for rpc, _ in failed.resource_calls()] == ["Check", "Diff", "Check", "Create"]
    assert engine.state.by_name("sender").id == old_id  # still managed, nothing lost

    replaced = engine.up(one_sender(**_replacing()), check=True)

    assert [rpc for rpc, _ in replaced.resource_calls()][-2:] == ["Create", "Delete"]
    new_id = engine.state.by_name("sender").id
    assert new_id != old_id
    assert f"RcsSender {old_id} was removed from the Pulumi stack" in replaced.plugin_stderr
    assert {sender["id"] for sender in stored(emulator)} == {old_id, new_id}


def test_delete_before_replace_drops_the_old_sender_from_the_stack_first(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    delete_first = pulumi.ResourceOptions(delete_before_replace=True)
    engine.up(_sender(delete_first), check=True)
    old_id = engine.state.by_name("sender").id

    preview = engine.preview(_sender(delete_first, **_replacing()), check=True)
    report = engine.up(_sender(delete_first, **_replacing()), check=True)

    assert preview.resource("sender").op == "replace"
    assert STILL_EXISTS not in preview.plugin_stderr
    assert report.resource("sender").op == "replace"
    assert report.resource_calls() == [
        ("Check", "sender"),
        ("Diff", "sender"),
        ("Check", "sender"),
        ("Delete", "sender"),
        ("Create", "sender"),
    ]
    new_id = engine.state.by_name("sender").id
    assert f"RcsSender {old_id} was removed from the Pulumi stack" in report.plugin_stderr
    assert {sender["id"] for sender in stored(emulator)} == {old_id, new_id}


def test_ignore_changes_keeps_the_recorded_test_numbers_and_sends_nothing(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    ignoring = pulumi.ResourceOptions(ignore_changes=["test_numbers"])
    engine.up(_sender(ignoring, test_numbers=["+447700900001"]), check=True)
    emulator.reset_stats()

    preview = engine.preview(_sender(ignoring, test_numbers=["+447700900002"]), check=True)
    report = engine.up(_sender(ignoring, test_numbers=["+447700900002"]), check=True)
    unignored = engine.preview(_sender(pulumi.ResourceOptions(), test_numbers=["+447700900002"]), check=True)

    assert preview.resource("sender").op == "same"
    assert report.resource("sender").op == "same"
    assert api_requests(emulator) == {}
    assert engine.state.by_name("sender").plain_outputs["testNumbers"] == ["+447700900001"]
    assert stored(emulator)[0]["details"]["testNumbers"] == ["+447700900001"]
    assert unignored.resource("sender").op == "update"
    assert unignored.resource("sender").changed_key_names == ["testNumbers"]


def test_retain_on_delete_drops_the_sender_from_the_stack_without_the_providers_delete(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    engine.up(_sender(pulumi.ResourceOptions(retain_on_delete=True)), check=True)
    sender_id = engine.state.by_name("sender").id

    report = engine.up(senders_program({}), check=True)

    assert report.resource("sender").op == "delete"
    assert ("Delete", "sender") not in report.resource_calls()
    assert STILL_EXISTS not in report.plugin_stderr
    assert engine.state.names() == []
    assert [sender["id"] for sender in stored(emulator)] == [sender_id]


def test_more_outputs_can_be_made_secret_and_secret_inputs_stay_secret(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)

    def program() -> None:
        RcsSender(
            "sender",
            **eu_sender(test_numbers=pulumi.Output.secret(["+447700900001"])),
            opts=pulumi.ResourceOptions(additional_secret_outputs=["hosting_region"]),
        )

    engine.up(program, check=True)
    engine.refresh(check=True)

    state = engine.state.by_name("sender")
    assert state.outputs["hostingRegion"] == Secret("EUROPE")
    assert isinstance(state.outputs["authToken"], Secret)  # the resource's own secret outputs still apply
    assert state.inputs["testNumbers"] == Secret(["+447700900001"])
    assert state.outputs["testNumbers"] == Secret(["+447700900001"])
    assert stored(emulator)[0]["details"]["testNumbers"] == ["+447700900001"]
    checkpoint = json.loads(engine.state.checkpoint_json())
    [rendered] = [r for r in checkpoint["deployment"]["resources"] if r["urn"] == state.urn]
    for part, key in (("outputs", "hostingRegion"), ("inputs", "testNumbers"), ("outputs", "testNumbers")):
        assert "ciphertext" in rendered[part][key], (part, key)


def test_refresh_uses_the_credentials_of_the_last_up_until_the_next_up(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(), check=True)
    engine.set_config("sinch:keySecret", "rotated-but-not-applied", secret=True)

    refreshed = engine.refresh()
    changed = engine.up(one_sender(brand=eu_sender()["brand"] | {"description": "Changed"}))

    assert refreshed.ok, refreshed.summary()
    assert not changed.ok
    assert TEST_KEY_ID in (changed.resource("sender").error_details or "")  # the key refused is named
