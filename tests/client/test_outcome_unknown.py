"""Requests that must not be repeated blindly: create, add test numbers, comments.

Once such a request may have reached the server (the connection broke after sending, the read timed out,
any 5xx), the client raises ``OutcomeUnknownError`` instead of sending it again. A 429, and a connection
that was never made, mean nothing was applied: those are retried.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from emulator.server import EmulatorServer
from sinch_provisioning.errors import OutcomeUnknownError
from sinch_provisioning.rcs_senders import SinchRcsClient
from tests.client.conftest import RecordingSleep
from tests.client.support import (
    ADD_TEST_NUMBERS,
    CREATE_SENDER,
    NUMBER,
    SENDER_COMMENT,
    minimal_sender,
    requests_for,
    stored_senders,
)
from tests.conftest import TEST_PROJECT_ID

SENDERS_PATH = f"/v1/projects/{TEST_PROJECT_ID}/rcs/senders"


def test_a_503_on_create(client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep) -> None:
    client.list_senders()  # the token is fetched before the clock starts
    before = datetime.now(UTC)
    emulator.faults.script("503", operation="createSender")
    with pytest.raises(OutcomeUnknownError) as unknown:
        client.create_sender(minimal_sender("Acme"))
    after = datetime.now(UTC)
    error = unknown.value
    assert (error.operation, error.method, error.path, error.status) == (
        "create_sender",
        "POST",
        SENDERS_PATH,
        503,
    )
    assert before <= error.sent_at <= after
    assert error.api_error is not None
    assert error.api_error.status == 503
    assert error.cause == "the server answered HTTP 503"
    assert str(error).startswith(f"The outcome of create_sender (POST {SENDERS_PATH}) is unknown: ")
    assert requests_for(emulator, CREATE_SENDER) == 1
    assert sleeps.delays == []


def test_an_answer_lost_after_the_create_was_applied(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep
) -> None:
    emulator.faults.script("drop_after", operation="createSender")
    with pytest.raises(OutcomeUnknownError) as unknown:
        client.create_sender(minimal_sender("Acme"))
    assert unknown.value.status is None
    assert "the connection broke after the request was sent" in unknown.value.cause
    assert isinstance(unknown.value.__cause__, Exception)
    created = stored_senders(emulator)
    assert [sender["details"]["brand"]["name"] for sender in created] == ["Acme"]  # it was applied
    assert requests_for(emulator, CREATE_SENDER) == 1
    assert sleeps.delays == []


def test_the_cause_named_is_this_requests_not_an_error_being_handled(
    client: SinchRcsClient, emulator: EmulatorServer
) -> None:
    """A caller retrying inside an ``except`` block (as the provider's reconciliation does) must read what
    broke this request, not the earlier failure Python chains as context."""
    emulator.faults.script("503", operation="createSender")
    emulator.faults.script("drop", operation="createSender")
    try:
        client.create_sender(minimal_sender("Acme"))
    except OutcomeUnknownError:
        with pytest.raises(OutcomeUnknownError) as second:
            client.create_sender(minimal_sender("Acme"))
    assert "the connection broke after the request was sent" in second.value.cause
    assert "503" not in second.value.cause


def test_a_dropped_create_is_not_repeated_either(client: SinchRcsClient, emulator: EmulatorServer) -> None:
    # The client cannot tell a drop before applying from one after: both are unknown.
    emulator.faults.script("drop", operation="createSender")
    with pytest.raises(OutcomeUnknownError):
        client.create_sender(minimal_sender("Acme"))
    assert stored_senders(emulator) == []
    assert requests_for(emulator, CREATE_SENDER) == 1


def test_a_429_on_create_is_retried(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep
) -> None:
    emulator.faults.script("429", operation="createSender", retry_after=2)
    sender = client.create_sender(minimal_sender("Acme"))
    assert [stored["id"] for stored in stored_senders(emulator)] == [sender["id"]]
    assert requests_for(emulator, CREATE_SENDER) == 2
    assert sleeps.delays == [2.0]


@pytest.mark.parametrize("kind", ["503", "drop_after"])
def test_add_test_numbers_is_not_repeated(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep, kind: str
) -> None:
    sender_id = client.create_sender(minimal_sender("Acme"))["id"]
    emulator.faults.script(kind, operation="addTestNumbers")
    with pytest.raises(OutcomeUnknownError) as unknown:
        client.add_test_numbers(sender_id, [NUMBER])
    assert unknown.value.operation == "add_test_numbers"
    assert requests_for(emulator, ADD_TEST_NUMBERS) == 1
    assert sleeps.delays == []
    numbers = [state["number"] for state in client.get_sender(sender_id).get("testNumberStates", [])]
    assert numbers == ([NUMBER] if kind == "drop_after" else [])


def test_retrying_an_invite_is_not_repeated_either(client: SinchRcsClient, emulator: EmulatorServer) -> None:
    """``retry`` is a GET, but each call sends an invite and uses the tester quota."""
    sender_id = client.create_sender(minimal_sender("Acme") | {"details": {"testNumbers": [NUMBER]}})["id"]
    emulator.faults.script("503", operation="retryTestNumber")

    with pytest.raises(OutcomeUnknownError) as unknown:
        client.retry_test_number(sender_id, NUMBER)

    assert unknown.value.operation == "retry_test_number"
    assert emulator.stats()["requests"]["RcsSendersController_retryTestNumber_v1"] == 1


def test_a_429_on_add_test_numbers_is_retried(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep
) -> None:
    sender_id = client.create_sender(minimal_sender("Acme"))["id"]
    emulator.faults.script("429", operation="addTestNumbers")
    client.add_test_numbers(sender_id, [NUMBER])
    assert requests_for(emulator, ADD_TEST_NUMBERS) == 2
    assert sleeps.delays == [0.0]


def test_a_comment_is_not_repeated(client: SinchRcsClient, emulator: EmulatorServer) -> None:
    sender_id = client.create_sender(minimal_sender("Acme"))["id"]
    emulator.faults.script("drop_after", operation="createSenderComment")
    with pytest.raises(OutcomeUnknownError):
        client.create_sender_comment(sender_id, "Please review")
    assert requests_for(emulator, SENDER_COMMENT) == 1
