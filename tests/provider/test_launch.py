"""Launching: on create, on update, the checklist at preview, Sinch's own 412, and what is refused after."""

from __future__ import annotations

from collections.abc import Callable

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


def test_launch_true_on_create_launches_the_sender(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    emulator.reset_stats()

    engine.up(one_sender(launch=True), check=True)

    counts = api_requests(emulator)
    assert counts == {"createSender": 1, "launchSender": 1}
    outputs = engine.state.by_name("sender").plain_outputs
    assert outputs["launch"] is True
    assert outputs["state"] == "LAUNCHING"
    assert [country["status"] for country in outputs["countryStatus"]] == ["PENDING"]

    engine.refresh(check=True)  # the launch delay has passed in the emulator
    assert engine.state.by_name("sender").plain_outputs["state"] == "LAUNCHED"
    assert engine.preview(one_sender(launch=True), check=True).resource("sender").op == "same"


def test_turning_launch_on_launches_an_existing_sender(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(), check=True)
    emulator.reset_stats()

    preview = engine.preview(one_sender(launch=True), check=True)
    assert preview.resource("sender").op == "update"
    assert preview.resource("sender").changed_key_names == ["launch"]

    engine.up(one_sender(launch=True), check=True)

    assert api_requests(emulator) == {"launchSender": 1}
    assert stored(emulator)[0]["state"] in ("LAUNCHING", "LAUNCHED")


def test_the_launch_checklist_fails_at_preview_with_every_missing_item(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    brand = {key: value for key, value in eu_sender()["brand"].items() if key not in ("logoUrl", "bannerUrl")}
    questionnaire = {key: value for key, value in eu_sender()["questionnaire"].items() if key != "gb"}
    emulator.reset_stats()

    report = engine.preview(one_sender(launch=True, brand=brand, questionnaire=questionnaire))

    assert not report.ok
    failed = {failure.property for failure in report.resource("sender").check_failures}
    assert failed == {"brand.logoUrl", "brand.bannerUrl", "questionnaire.gb.answers"}
    assert emulator.stats()["api_requests"] == 0


def test_sinch_refusing_a_launch_on_update_is_a_clear_error(emulator: EmulatorServer) -> None:
    """Sinch judges the sender it holds, which can differ from the last refresh: here someone removed the
    brand's contacts in the dashboard. Our checklist passes on the declaration; Sinch answers 412."""
    engine = engine_for(emulator)
    engine.up(one_sender(), check=True)
    sender_id = engine.state.by_name("sender").id
    with direct_client(emulator) as dashboard:
        dashboard.update_sender(sender_id, {"details": {"brand": {"emails": None, "phones": None}}})

    report = engine.up(one_sender(launch=True))

    assert not report.ok
    error = report.resource("sender").error or ""
    assert f"Sinch refused to launch sender {sender_id}" in error
    assert "412 launch_precondition_failed" in error
    assert "phone" in error
    assert stored(emulator)[0]["state"] == "IN_TEST"
    assert engine.state.by_name("sender").plain_outputs["launch"] is False


def test_a_failed_launch_during_create_keeps_the_sender_in_the_stack(emulator: EmulatorServer) -> None:
    """Pulumi records nothing from a failed create, so a sender created before its launch failed would be
    lost to the stack. The provider records it with launch=false, warns, and the next up launches it."""
    engine = engine_for(emulator)
    launch = "RcsSendersController_launchSender_v1"
    emulator.faults.script("503", operation=launch, count=4)  # Sinch fails every retry of the launch

    report = engine.up(one_sender(launch=True), check=True)

    state = engine.state.by_name("sender")
    assert report.resource("sender").op == "create"
    assert state.plain_outputs["launch"] is False
    assert [sender["id"] for sender in stored(emulator)] == [state.id]
    assert f"RcsSender {state.id} was created but not launched" in report.plugin_stderr
    assert "503" in report.plugin_stderr

    preview = engine.preview(one_sender(launch=True), check=True)
    assert preview.resource("sender").op == "update"
    engine.up(one_sender(launch=True), check=True)
    assert stored(emulator)[0]["state"] in ("LAUNCHING", "LAUNCHED")
    assert len(stored(emulator)) == 1


def test_after_launch_only_countries_can_change_and_preview_says_why(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(launch=True), check=True)
    engine.refresh(check=True)
    brand = eu_sender()["brand"] | {"description": "New description"}
    emulator.reset_stats()

    refused = engine.preview(one_sender(launch=True, brand=brand))

    assert not refused.ok
    details = refused.resource("sender").error_details or ""
    assert "This change cannot be applied to sender" in details
    assert "(state LAUNCHED)" in details
    assert (
        "  - brand.description: Cannot be changed after launch: once a sender is LAUNCHING or LAUNCHED, "
        "Sinch accepts changes to countries only. Revert this change, or declare a new sender for it."
    ) in (refused.resource("sender").error or "")
    assert emulator.stats()["api_requests"] == 0

    questionnaire = eu_sender()["questionnaire"]
    questionnaire["fr"] = {"answers": {"fullCompanyAddress": "1 rue de l'Exemple", "siren": "123456789"}}
    allowed = one_sender(launch=True, countries=["GB", "FR"], questionnaire=questionnaire)
    # A country section alone is a questionnaire change: refused too. Countries alone are fine.
    assert not engine.preview(allowed).ok
    report = engine.up(one_sender(launch=True, countries=["GB", "SE"]), check=True)
    assert report.resource("sender").op == "update"
    assert sorted(stored(emulator)[0]["details"]["countries"]) == ["GB", "SE"]


def test_launch_false_on_a_launched_sender_is_not_an_unlaunch(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(launch=True), check=True)

    report = engine.preview(one_sender(launch=False), check=True)

    assert report.resource("sender").op == "same"


def test_a_value_not_known_at_preview_is_not_refused_after_launch_unless_it_changes(
    emulator: EmulatorServer,
) -> None:
    """The launched sender's description comes from another resource being replaced: unknown at preview.
    Preview warns instead of refusing; at up the value is known and unchanged, so nothing is refused."""
    engine = engine_for(emulator)

    engine.up(_second_described_by_first("MULTIUSE", "Parcel tracking"), check=True)
    engine.refresh(check=True)
    assert engine.state.by_name("second").plain_outputs["state"] == "LAUNCHED"

    preview = engine.preview(_second_described_by_first("OTP", "Parcel tracking"), check=True)

    assert preview.resource("first").op == "replace"
    assert preview.resource("second").op == "update"
    assert "brand.description not known until `pulumi up`" in preview.plugin_stderr
    report = engine.up(_second_described_by_first("OTP", "Parcel tracking"), check=True)
    assert report.resource("second").op == "same"


def test_a_value_known_only_at_up_is_refused_after_launch_before_anything_is_sent(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    engine.up(_second_described_by_first("MULTIUSE", "Parcel tracking"), check=True)
    engine.refresh(check=True)
    second_id = engine.state.by_name("second").id
    assert engine.preview(_second_described_by_first("OTP", "Changed later"), check=True).ok
    emulator.reset_stats()

    report = engine.up(_second_described_by_first("OTP", "Changed later"))

    assert not report.ok
    assert "brand.description: Cannot be changed after launch" in (report.resource("second").error or "")
    assert "updateSender" not in api_requests(emulator)
    second = {sender["id"]: sender for sender in stored(emulator)}[second_id]
    assert second["details"]["brand"]["description"] == "Parcel tracking"


def _second_described_by_first(first_use_case: str, description: str) -> Callable[[], None]:
    """A launched sender whose description comes from another sender's `state` output (unknown in a
    preview that replaces the first sender)."""

    def run() -> None:
        first = RcsSender("first", **eu_sender(use_case=first_use_case, allow_replacement=True))
        brand = eu_sender()["brand"] | {"description": first.state.apply(lambda _: description)}
        RcsSender("second", **eu_sender(launch=True, brand=brand))

    return run
