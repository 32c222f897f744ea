"""Senders that exist before the stack: `RcsSender.get` (read-only) and adoption through `sender_id`."""

from __future__ import annotations

from typing import Any

import pulumi

from emulator.server import EmulatorServer
from provider import RcsSender
from tests.provider.support import (
    api_requests,
    direct_client,
    engine_for,
    eu_sender,
    one_sender,
    stored,
)


def _existing_sender(emulator: EmulatorServer, **details: Any) -> dict[str, Any]:
    body = {
        "region": "EU",
        "billingCategory": "CONVERSATIONAL",
        "useCase": "MULTIUSE",
        "details": {"brand": {"name": "Made in the dashboard"}, "countries": ["GB"], **details},
    }
    with direct_client(emulator) as dashboard:
        return dashboard.create_sender(body)


def test_get_reads_an_existing_sender_without_managing_it(emulator: EmulatorServer) -> None:
    existing = _existing_sender(emulator)
    engine = engine_for(emulator)

    def program() -> None:
        sender = RcsSender.get("looked-up", existing["id"])
        pulumi.export("state", sender.state)
        pulumi.export("brandName", sender.brand.apply(lambda brand: (brand or {}).get("name")))

    preview = engine.preview(program, check=True)
    assert preview.resource("looked-up").op == "read"

    report = engine.up(program, check=True)

    assert report.resource("looked-up").op == "read"
    assert report.program is not None
    assert report.program.exports["state"] == "IN_TEST"
    assert report.program.exports["brandName"] == "Made in the dashboard"
    state = engine.state.by_name("looked-up")
    assert state.external
    assert "authToken" in state.secret_outputs

    engine.destroy(check=True)
    assert [sender["id"] for sender in stored(emulator)] == [existing["id"]]


def test_sender_id_adopts_an_existing_sender_and_patches_it_to_the_declaration(
    emulator: EmulatorServer,
) -> None:
    existing = _existing_sender(emulator, testNumbers=["+447700900001"])
    engine = engine_for(emulator)
    emulator.reset_stats()

    report = engine.up(one_sender(sender_id=existing["id"]), check=True)

    assert report.resource("sender").op == "create"
    assert engine.state.by_name("sender").id == existing["id"]
    counts = api_requests(emulator)
    assert "createSender" not in counts
    assert counts["updateSender"] == 1
    [server] = stored(emulator)
    assert server["details"]["brand"]["name"] == eu_sender()["brand"]["name"]
    assert server["details"]["brand"]["logoUrl"] == eu_sender()["brand"]["logoUrl"]
    assert server["details"]["testNumbers"] == ["+447700900001"]
    assert "addTestNumbers" not in counts  # the number was already there: no second invite
    assert engine.preview(one_sender(sender_id=existing["id"]), check=True).resource("sender").op == "same"


def test_adopting_a_sender_with_another_region_is_refused_with_what_to_do(emulator: EmulatorServer) -> None:
    existing = _existing_sender(emulator)
    engine = engine_for(emulator)

    report = engine.up(one_sender(sender_id=existing["id"], region="US"))

    assert not report.ok
    error = report.resource("sender").error or ""
    assert f"senderId '{existing['id']}' cannot be adopted as declared" in error
    assert "region is 'EU' in Sinch" in error
    assert engine.state.names() == []


def test_adopting_an_unknown_sender_id_says_it_does_not_exist(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    missing = "0b7f1f7e-0000-4000-8000-000000000000"

    report = engine.up(one_sender(sender_id=missing))

    assert not report.ok
    assert f"senderId '{missing}': no such sender in Sinch project" in (report.resource("sender").error or "")
    assert stored(emulator) == []


def test_declaring_the_managed_senders_own_id_later_changes_nothing(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(), check=True)
    sender_id = engine.state.by_name("sender").id

    report = engine.preview(one_sender(sender_id=sender_id), check=True)

    assert report.resource("sender").op == "same"
    assert (
        engine.preview(one_sender(sender_id="11111111-2222-4333-8444-555555555555"), check=True)
        .resource("sender")
        .op
        == "replace"
    )


def test_the_import_helper_output_adopts_with_no_diff(emulator: EmulatorServer) -> None:
    existing = _existing_sender(emulator, testNumbers=["+447700900009"])
    with direct_client(emulator) as client:
        from provider.rcs_senders.importer import import_sender

        source = import_sender(client, existing["id"], resource_name="imported")
    namespace: dict[str, Any] = {}
    engine = engine_for(emulator)

    def program() -> None:
        exec(compile(source, "<imported>", "exec"), namespace)

    report = engine.up(program, check=True)

    assert report.resource("imported").op == "create"
    assert engine.state.by_name("imported").id == existing["id"]
    assert len(stored(emulator)) == 1
    assert engine.preview(program, check=True).resource("imported").op == "same"


def test_dropping_sender_id_after_an_adoption_keeps_the_same_sender(emulator: EmulatorServer) -> None:
    existing = _existing_sender(emulator)
    engine = engine_for(emulator)
    engine.up(one_sender(sender_id=existing["id"]), check=True)
    emulator.reset_stats()

    preview = engine.preview(one_sender(), check=True)
    up = engine.up(one_sender(), check=True)

    assert preview.resource("sender").op == "same"  # the same sender: never a replacement
    assert up.resource("sender").op == "same"
    assert engine.state.by_name("sender").id == existing["id"]
    assert "createSender" not in api_requests(emulator)
    assert [sender["id"] for sender in stored(emulator)] == [existing["id"]]
