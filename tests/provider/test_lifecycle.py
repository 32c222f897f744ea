"""The RcsSender life cycle through the real plugin process, in the engine's call orders, on the emulator.

preview of a new stack, create, a no-op preview, in-place updates, replacement, refresh (unchanged, drift,
gone), destroy. Each test plays `pulumi` commands with the engine harness and checks what a user would see:
the plan, the state, and what exists in Sinch afterwards.
"""

from __future__ import annotations

from emulator.server import EmulatorServer
from tests.conftest import TEST_PROJECT_ID
from tests.provider.support import (
    api_requests,
    direct_client,
    engine_for,
    eu_sender,
    one_sender,
    stored,
)


def test_preview_of_a_new_stack_only_checks_and_sends_nothing_to_sinch(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    emulator.reset_stats()

    report = engine.preview(one_sender(), check=True)

    assert report.resource("sender").op == "create"
    assert {rpc for rpc, _ in report.resource_calls()} == {"Check"}
    assert emulator.stats()["api_requests"] == 0
    assert emulator.stats()["token_requests"] == 0
    assert stored(emulator) == []


def test_up_creates_the_sender_and_records_inputs_and_server_fields(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    emulator.reset_stats()

    report = engine.up(one_sender(), check=True)

    assert report.resource("sender").op == "create"
    assert api_requests(emulator) == {"createSender": 1}
    assert emulator.stats()["token_requests"] == 1
    [server] = stored(emulator)
    state = engine.state.by_name("sender")
    assert state.id == server["id"]
    outputs = state.plain_outputs
    assert outputs["brand"]["name"] == "ACME Parcel"
    assert outputs["countries"] == ["GB"]
    assert outputs["testNumbers"] == ["+447700900001"]
    assert outputs["launch"] is False
    assert outputs["state"] == "IN_TEST"
    assert outputs["hostingRegion"] == "EUROPE"
    assert outputs["authToken"] == server["authToken"]
    assert [item["number"] for item in outputs["testNumberStates"]] == ["+447700900001"]
    assert set(state.secret_outputs) >= {"authName", "authToken"}


def test_a_second_preview_without_changes_shows_no_diff_and_sends_nothing(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(), check=True)
    emulator.reset_stats()

    report = engine.preview(one_sender(), check=True)

    assert report.resource("sender").op == "same"
    assert emulator.stats()["api_requests"] == 0
    assert engine.up(one_sender(), check=True).resource("sender").op == "same"
    assert emulator.stats()["api_requests"] == 0


def test_normalised_spellings_of_the_same_declaration_are_no_change(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(countries=["GB", "FR"], questionnaire=_with_fr()), check=True)
    brand = eu_sender()["brand"] | {"color": "#0b5fff", "name": "  ACME Parcel "}

    report = engine.preview(
        one_sender(countries=["FR", "GB"], brand=brand, questionnaire=_with_fr()), check=True
    )

    assert report.resource("sender").op == "same"


def test_an_in_place_update_patches_only_what_changed(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(), check=True)
    brand = eu_sender()["brand"] | {"description": "Deliveries, returns and tracking"}
    emulator.reset_stats()

    preview = engine.preview(one_sender(brand=brand), check=True)
    assert preview.resource("sender").op == "update"
    assert preview.resource("sender").changed_path_names == ["brand.description"]
    assert emulator.stats()["api_requests"] == 0

    report = engine.up(one_sender(brand=brand), check=True)

    assert report.resource("sender").op == "update"
    assert api_requests(emulator) == {"updateSender": 1}
    [server] = stored(emulator)
    assert server["details"]["brand"]["description"] == "Deliveries, returns and tracking"
    assert engine.state.by_name("sender").plain_outputs["brand"]["description"] == brand["description"]
    assert engine.preview(one_sender(brand=brand), check=True).resource("sender").op == "same"


def test_changing_test_numbers_invites_only_new_numbers(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(test_numbers=["+447700900001", "+447700900002"]), check=True)
    before = {item["number"]: item for item in stored(emulator)[0]["testNumberStates"]}
    emulator.reset_stats()

    engine.up(one_sender(test_numbers=["+447700900001", "+447700900003"]), check=True)

    counts = api_requests(emulator)
    assert counts.get("addTestNumbers") == 1
    assert counts.get("deleteTestNumber") == 1
    assert "updateSender" not in counts  # a PATCH of testNumbers would re-invite every number
    [server] = stored(emulator)
    after = {item["number"]: item for item in server["testNumberStates"]}
    assert set(after) == {"+447700900001", "+447700900003"}
    assert after["+447700900001"] == before["+447700900001"]  # not re-invited
    state = engine.state.by_name("sender").plain_outputs
    assert state["testNumbers"] == ["+447700900001", "+447700900003"]


def test_removing_an_optional_list_deletes_it_in_sinch(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(), check=True)
    brand = {key: value for key, value in eu_sender()["brand"].items() if key != "websites"}

    engine.up(one_sender(brand=brand), check=True)

    [server] = stored(emulator)
    assert "websites" not in server["details"]["brand"]
    assert engine.preview(one_sender(brand=brand), check=True).resource("sender").op == "same"


def test_changing_a_creation_only_field_replaces_the_sender_and_keeps_the_old_one(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(), check=True)
    old_id = engine.state.by_name("sender").id

    preview = engine.preview(one_sender(use_case="OTP", allow_replacement=True), check=True)
    assert preview.resource("sender").op == "replace"
    assert preview.resource("sender").replaces == ["useCase"]

    report = engine.up(one_sender(use_case="OTP", allow_replacement=True), check=True)

    assert report.resource("sender").op == "replace"
    new_id = engine.state.by_name("sender").id
    assert new_id != old_id
    by_id = {sender["id"]: sender for sender in stored(emulator)}
    assert by_id[new_id]["useCase"] == "OTP"
    assert old_id in by_id  # Sinch cannot delete senders: the old one stays, and we say so
    assert old_id in report.plugin_stderr
    assert "cannot delete senders" in report.plugin_stderr


def test_refresh_of_an_unchanged_sender_shows_no_change(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(), check=True)
    emulator.reset_stats()

    report = engine.refresh(check=True)

    assert report.resource("sender").outcome == "same"
    assert api_requests(emulator) == {"getSender": 1}
    assert engine.preview(one_sender(), check=True).resource("sender").op == "same"


def test_refresh_shows_drift_and_the_next_up_restores_the_declaration(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(countries=["GB", "FR"], questionnaire=_with_fr()), check=True)
    sender_id = engine.state.by_name("sender").id
    with direct_client(emulator) as dashboard:  # someone edits the sender outside Pulumi
        dashboard.update_sender(
            sender_id, {"details": {"brand": {"description": "Edited in the dashboard"}, "countries": ["GB"]}}
        )

    refresh = engine.refresh(check=True)
    assert refresh.resource("sender").outcome == "update"
    outputs = engine.state.by_name("sender").plain_outputs
    assert outputs["brand"]["description"] == "Edited in the dashboard"
    assert outputs["countries"] == ["GB"]

    preview = engine.preview(one_sender(countries=["GB", "FR"], questionnaire=_with_fr()), check=True)
    assert preview.resource("sender").op == "update"
    assert set(preview.resource("sender").changed_key_names) == {"brand", "countries"}
    assert "brand.description" in preview.resource("sender").changed_path_names

    engine.up(one_sender(countries=["GB", "FR"], questionnaire=_with_fr()), check=True)
    [server] = stored(emulator)
    assert server["details"]["brand"]["description"] == eu_sender()["brand"]["description"]
    assert sorted(server["details"]["countries"]) == ["FR", "GB"]


def test_refresh_forgets_a_sender_that_no_longer_exists(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(), check=True)
    emulator.reset()  # the sender is gone from Sinch

    report = engine.refresh(check=True)

    assert report.resource("sender").outcome == "delete"
    assert engine.state.names() == []


def test_destroy_leaves_the_sender_in_sinch_and_says_so(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(), check=True)
    sender_id = engine.state.by_name("sender").id
    emulator.reset_stats()

    report = engine.destroy(check=True)

    assert report.resource("sender").op == "delete"
    assert engine.state.names() == []
    assert [sender["id"] for sender in stored(emulator)] == [sender_id]
    assert emulator.stats()["api_requests"] == 0
    assert sender_id in report.plugin_stderr
    assert TEST_PROJECT_ID in report.plugin_stderr
    assert f"sender_id={sender_id!r}" in report.plugin_stderr


def _with_fr() -> dict[str, object]:
    questionnaire = eu_sender()["questionnaire"]
    questionnaire["fr"] = {
        "answers": {"fullCompanyAddress": "1 rue de l'Exemple, Paris", "siren": "123456789"}
    }
    return dict(questionnaire)
