"""Every RCS operation through the client, against the emulator, with requests the spec accepts."""

from __future__ import annotations

import pytest

from emulator.server import EmulatorServer
from sinch_provisioning.errors import NotFoundError, SinchApiError
from sinch_provisioning.rcs_senders import SinchRcsClient
from tests.client.support import (
    ADD_TEST_NUMBERS,
    NUMBER,
    assert_requests_valid,
    launch_ready_details,
    minimal_sender,
    requests_for,
    stored_senders,
)
from tests.conftest import TEST_PROJECT_ID


def test_create_returns_the_new_sender(client: SinchRcsClient, emulator: EmulatorServer) -> None:
    sender = client.create_sender(minimal_sender("Acme"))
    assert sender["state"] == "IN_TEST"
    assert sender["details"]["brand"]["name"] == "Acme"
    assert [stored["id"] for stored in stored_senders(emulator)] == [sender["id"]]
    assert_requests_valid(emulator)


def test_get_and_update(client: SinchRcsClient, emulator: EmulatorServer) -> None:
    sender_id = client.create_sender(minimal_sender("Acme"))["id"]
    updated = client.update_sender(
        sender_id, {"details": {"brand": {"description": "Order alerts"}}}, us_questionnaire_version="v2"
    )
    assert updated["details"]["brand"] == {"name": "Acme", "color": "#000000", "description": "Order alerts"}
    assert client.get_sender(sender_id)["details"]["brand"]["description"] == "Order alerts"
    assert_requests_valid(emulator)


def test_launch_walk(client: SinchRcsClient, emulator: EmulatorServer) -> None:
    sender_id = client.create_sender(minimal_sender("Acme"))["id"]
    with pytest.raises(SinchApiError) as refused:
        client.launch_sender(sender_id)
    assert refused.value.status == 412
    assert refused.value.error_code == "launch_precondition_failed"
    assert "details.brand.logoUrl must be defined" in refused.value.validation_errors
    client.update_sender(sender_id, {"details": launch_ready_details()})
    launched = client.launch_sender(sender_id)
    assert launched["state"] in ("LAUNCHING", "LAUNCHED")
    assert_requests_valid(emulator)


def test_test_number_lifecycle(client: SinchRcsClient, emulator: EmulatorServer) -> None:
    sender_id = client.create_sender(minimal_sender("Acme"))["id"]
    added = client.add_test_numbers(sender_id, [NUMBER])
    assert added["testNumbers"][0]["number"] == NUMBER
    # The "+" travels as %2B: the emulator finds the number it stored.
    assert client.get_test_number(sender_id, NUMBER)["state"] == "UNVERIFIED"
    assert client.retry_test_number(sender_id, NUMBER)["state"] == "UNVERIFIED"
    with pytest.raises(NotFoundError) as not_accepted:
        client.get_test_number_capabilities(sender_id, NUMBER)
    assert not_accepted.value.error_code == "user_has_not_accepted_invite"
    emulator.accept_test_number(TEST_PROJECT_ID, sender_id, NUMBER)
    assert isinstance(client.get_test_number_capabilities(sender_id, NUMBER), dict)
    client.delete_test_number(sender_id, NUMBER)
    with pytest.raises(NotFoundError) as gone:
        client.get_test_number(sender_id, NUMBER)
    assert gone.value.error_code == "user_is_not_tester_for_agent"
    assert requests_for(emulator, ADD_TEST_NUMBERS) == 1
    assert_requests_valid(emulator)


def test_comments_and_activities(client: SinchRcsClient, emulator: EmulatorServer) -> None:
    sender_id = client.create_sender(minimal_sender("Acme"))["id"]
    comment = client.create_sender_comment(sender_id, "Please review")
    assert comment["comment"] == "Please review"
    sender_log = client.list_sender_activities(sender_id)
    assert any(item.get("comment") == "Please review" for item in sender_log)
    assert client.create_account_comment("Account note")["comment"] == "Account note"
    account_log = client.list_account_activities()
    assert any(item.get("comment") == "Account note" for item in account_log)
    assert_requests_valid(emulator)


def test_questionnaire_with_every_option(client: SinchRcsClient, emulator: EmulatorServer) -> None:
    questions = client.get_questionnaire(
        "OTP",
        countries=["GB", "FR"],
        us_questionnaire_version="v2",
        us_questionnaire_brand_campaign_version="US_PRIVATE",
    )
    assert {"general", "verification", "gb", "fr"} <= set(questions)
    assert_requests_valid(emulator)


def test_unknown_sender_is_not_found(client: SinchRcsClient) -> None:
    with pytest.raises(NotFoundError) as missing:
        client.get_sender("cf11794a-6a5e-4a12-b103-da79bd378bf1")
    assert missing.value.error_code == "sender_not_found"
    assert str(missing.value).startswith(
        f"Sinch API 404 sender_not_found on GET /v1/projects/{TEST_PROJECT_ID}/rcs/senders/"
        "cf11794a-6a5e-4a12-b103-da79bd378bf1: Sender not found."
    )


def test_an_id_stays_one_path_segment(client: SinchRcsClient, emulator: EmulatorServer) -> None:
    client.create_sender(minimal_sender("Acme"))
    # Unencoded, "../senders" would turn a read of one sender into a list of them all.
    with pytest.raises(SinchApiError) as refused:
        client.get_sender("../senders")
    assert refused.value.error_code == "invalid_id_format"
    assert "/senders/..%2Fsenders" in refused.value.path


@pytest.mark.parametrize("bad", ["", None])
def test_empty_ids_are_refused_before_sending(
    client: SinchRcsClient, emulator: EmulatorServer, bad: str | None
) -> None:
    with pytest.raises(ValueError, match="sender_id must be a non-empty string"):
        client.get_sender(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="number must be a non-empty string"):
        client.get_test_number("cf11794a-6a5e-4a12-b103-da79bd378bf1", bad)  # type: ignore[arg-type]
    assert emulator.stats()["api_requests"] == 0


@pytest.mark.sends_invalid_requests
def test_invalid_body_lists_each_bad_field(client: SinchRcsClient) -> None:
    body = minimal_sender("x" * 41)
    with pytest.raises(SinchApiError) as refused:
        client.create_sender(body)
    error = refused.value
    assert (error.status, error.error_code) == (400, "invalid_input")
    assert any(item.startswith("details.brand.name") for item in error.validation_errors)
    assert "Validation errors: details.brand.name" in str(error)


def test_a_body_that_is_not_json_is_refused_before_sending(
    client: SinchRcsClient, emulator: EmulatorServer
) -> None:
    with pytest.raises(ValueError, match="Out of range float values"):
        client.create_sender({"region": float("nan")})
    assert emulator.stats()["api_requests"] == 0
