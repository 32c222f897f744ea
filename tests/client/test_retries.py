"""Retries of repeatable requests: which failures, how long between attempts, when the client gives up."""

from __future__ import annotations

import logging
import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests
from requests.adapters import HTTPAdapter

from emulator.server import EmulatorServer
from sinch_provisioning.errors import (
    OutcomeUnknownError,
    RateLimitedError,
    SinchApiError,
    SinchConnectionError,
)
from sinch_provisioning.rcs_senders import SinchRcsClient
from sinch_provisioning.retry import RetryPolicy
from sinch_provisioning.transport import Timeout
from tests.client.conftest import ClientFactory, RecordingSleep
from tests.client.support import (
    CREATE_SENDER,
    DELETE_TEST_NUMBER,
    GET_SENDER,
    LAUNCH_SENDER,
    NUMBER,
    UPDATE_SENDER,
    assert_requests_valid,
    launch_ready_details,
    minimal_sender,
    requests_for,
    stored_senders,
)


@pytest.fixture
def sender_id(client: SinchRcsClient) -> str:
    sender_id: str = client.create_sender(minimal_sender("Acme"))["id"]
    return sender_id


@pytest.mark.parametrize("kind", ["503", "drop", "drop_after"])
def test_a_get_is_retried_with_growing_delays(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep, sender_id: str, kind: str
) -> None:
    emulator.faults.script(kind, operation="getSender", count=3)
    assert client.get_sender(sender_id)["id"] == sender_id
    assert requests_for(emulator, GET_SENDER) == 4
    assert sleeps.delays == [0.5, 1.0, 2.0]  # full jitter drawn at the top of its range
    assert_requests_valid(emulator)


def test_a_patch_is_retried(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep, sender_id: str
) -> None:
    emulator.faults.script("drop_after", operation="updateSender")  # applied, answer lost: repeat is harmless
    updated = client.update_sender(sender_id, {"details": {"brand": {"description": "Alerts"}}})
    assert updated["details"]["brand"]["description"] == "Alerts"
    assert requests_for(emulator, UPDATE_SENDER) == 2
    assert sleeps.delays == [0.5]


def test_a_delete_is_retried(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep, sender_id: str
) -> None:
    client.add_test_numbers(sender_id, [NUMBER])
    emulator.faults.script("503", operation="deleteTestNumber")
    client.delete_test_number(sender_id, NUMBER)
    assert requests_for(emulator, DELETE_TEST_NUMBER) == 2
    assert sleeps.delays == [0.5]


def test_the_launch_post_is_retried(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep, sender_id: str
) -> None:
    client.update_sender(sender_id, {"details": launch_ready_details()})
    emulator.faults.script("503", operation="launchSender")
    emulator.faults.script("drop", operation="launchSender")
    assert client.launch_sender(sender_id)["state"] in ("LAUNCHING", "LAUNCHED")
    assert requests_for(emulator, LAUNCH_SENDER) == 3
    assert sleeps.delays == [0.5, 1.0]
    assert_requests_valid(emulator)


def test_retry_after_is_honoured(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep, sender_id: str
) -> None:
    emulator.faults.script("429", operation="getSender", retry_after=7)
    emulator.faults.script("429", operation="getSender", retry_after=0)
    client.get_sender(sender_id)
    assert sleeps.delays == [7.0, 0.0]


def test_a_retry_after_beyond_the_limit_fails_at_once(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep, sender_id: str
) -> None:
    emulator.faults.script("429", operation="getSender", retry_after=86400)
    with pytest.raises(RateLimitedError) as limited:
        client.get_sender(sender_id)
    assert limited.value.retry_after == 86400
    assert "asked to wait 86400 s (Retry-After), longer than the 10 s this client waits" in str(limited.value)
    assert requests_for(emulator, GET_SENDER) == 1
    assert sleeps.delays == []


def test_giving_up_after_the_last_attempt(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep, sender_id: str
) -> None:
    emulator.faults.script("503", operation="getSender", count=4)
    with pytest.raises(SinchApiError) as failed:
        client.get_sender(sender_id)
    assert failed.value.status == 503
    assert failed.value.attempts == 4
    assert "Gave up after 4 attempts." in str(failed.value)
    assert requests_for(emulator, GET_SENDER) == 4
    assert sleeps.delays == [0.5, 1.0, 2.0]


def test_rate_limited_after_the_last_attempt(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep, sender_id: str
) -> None:
    emulator.faults.script("429", operation="getSender", count=4)
    with pytest.raises(RateLimitedError) as limited:
        client.get_sender(sender_id)
    assert (limited.value.status, limited.value.error_code) == (429, "rbm_too_many_requests")
    assert limited.value.retry_after == 0
    assert sleeps.delays == [0.0, 0.0, 0.0]


def test_delays_are_bounded(
    client_factory: ClientFactory, emulator: EmulatorServer, sleeps: RecordingSleep, sender_id: str
) -> None:
    policy = RetryPolicy(max_attempts=7, base_delay=0.5, max_delay=2.0, sleep=sleeps, random=lambda: 1.0)
    client = client_factory(retry=policy)
    emulator.faults.script("503", operation="getSender", count=6)
    client.get_sender(sender_id)
    assert sleeps.delays == [0.5, 1.0, 2.0, 2.0, 2.0, 2.0]


def test_jitter_spreads_delays_below_the_ceiling(
    client_factory: ClientFactory, emulator: EmulatorServer, sleeps: RecordingSleep, sender_id: str
) -> None:
    draws = iter([0.2, 0.9, 0.5])
    client = client_factory(retry=RetryPolicy(sleep=sleeps, random=lambda: next(draws)))
    emulator.faults.script("503", operation="getSender", count=3)
    client.get_sender(sender_id)
    assert sleeps.delays == pytest.approx([0.1, 0.9, 1.0])


def test_errors_that_a_retry_cannot_fix_are_not_retried(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep
) -> None:
    with pytest.raises(SinchApiError):
        client.get_sender("cf11794a-6a5e-4a12-b103-da79bd378bf1")
    with pytest.raises(SinchApiError):
        client.update_sender("cf11794a-6a5e-4a12-b103-da79bd378bf1", {"details": {}})
    assert sleeps.delays == []


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_unreachable_api(client_factory: ClientFactory, sleeps: RecordingSleep) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    client = client_factory(base_url=url, auth_method="basic")
    with pytest.raises(SinchConnectionError) as failed:
        client.get_sender("cf11794a-6a5e-4a12-b103-da79bd378bf1")
    assert failed.value.attempts == 4
    assert str(failed.value).startswith("Could not complete GET /v1/projects/")
    assert "(4 attempts): could not connect (" in str(failed.value)
    assert sleeps.delays == [0.5, 1.0, 2.0]


def test_a_create_that_cannot_connect_is_retried(
    client_factory: ClientFactory, sleeps: RecordingSleep
) -> None:
    # Nothing was sent, so repeating cannot create a second sender.
    client = client_factory(base_url=f"http://127.0.0.1:{_closed_port()}", auth_method="basic")
    with pytest.raises(SinchConnectionError):
        client.create_sender(minimal_sender("Acme"))
    assert sleeps.delays == [0.5, 1.0, 2.0]


def test_urllib3_never_repeats_a_post_behind_our_back(
    client_factory: ClientFactory, emulator: EmulatorServer
) -> None:
    client = client_factory(retry=RetryPolicy.no_retries())
    emulator.faults.script("drop", operation="createSender")
    with pytest.raises(OutcomeUnknownError):
        client.create_sender(minimal_sender("Acme"))
    assert requests_for(emulator, CREATE_SENDER) == 1
    assert stored_senders(emulator) == []


def test_a_session_that_retries_by_itself_is_refused() -> None:
    session = requests.Session()
    session.mount("https://", HTTPAdapter(max_retries=3))
    with pytest.raises(ValueError, match="retries requests itself"):
        SinchRcsClient.from_access_key("p", "k", "s", session=session)
    session.close()


def test_one_log_line_per_attempt(
    client: SinchRcsClient, emulator: EmulatorServer, sender_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    emulator.faults.script("503", operation="getSender")
    with caplog.at_level(logging.DEBUG, logger="sinch.rcs"):
        client.get_sender(sender_id)
    lines = [record.getMessage() for record in caplog.records if record.name == "sinch.rcs"]
    path = f"/v1/projects/{client.project_id}/rcs/senders/{sender_id}"
    assert len(lines) == 2
    assert lines[0].startswith(f"GET {path} -> 503 (attempt 1/4, ")
    assert lines[0].endswith("s); retrying in 0.50 s")
    assert lines[1].startswith(f"GET {path} -> 200 (attempt 2/4, ")


def test_a_retry_after_date_is_waited_for(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep, sender_id: str
) -> None:
    in_five_seconds = format_datetime(datetime.now(UTC) + timedelta(seconds=5), usegmt=True)
    emulator.faults.script("429", operation="getSender", retry_after=in_five_seconds)
    client.get_sender(sender_id)
    [waited] = sleeps.delays
    assert 3.0 < waited <= 5.0  # an HTTP date has whole seconds, and a little time passes


def test_a_retry_after_date_beyond_the_limit_fails_with_the_servers_answer(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep, sender_id: str
) -> None:
    tomorrow = format_datetime(datetime.now(UTC) + timedelta(days=1), usegmt=True)
    emulator.faults.script("429", operation="getSender", retry_after=tomorrow)
    with pytest.raises(RateLimitedError) as limited:
        client.get_sender(sender_id)
    assert limited.value.retry_after is not None
    assert 86000 < limited.value.retry_after <= 86400
    assert limited.value.error_code == "rbm_too_many_requests"
    assert requests_for(emulator, GET_SENDER) == 1
    assert sleeps.delays == []


@pytest.mark.parametrize("header", ["soon", "-3", "1.5"])
def test_an_unreadable_retry_after_falls_back_to_backoff(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep, sender_id: str, header: str
) -> None:
    emulator.faults.script("429", operation="getSender", retry_after=header)
    client.get_sender(sender_id)
    assert sleeps.delays == [0.5]


def test_a_pluggable_backoff_is_still_bounded_by_max_delay(
    client_factory: ClientFactory, emulator: EmulatorServer, sleeps: RecordingSleep, sender_id: str
) -> None:
    client = client_factory(retry=RetryPolicy(backoff=lambda n: 100.0 * n, max_delay=3.0, sleep=sleeps))
    emulator.faults.script("503", operation="getSender", count=2)
    client.get_sender(sender_id)
    assert sleeps.delays == [3.0, 3.0]


def test_a_wait_that_would_pass_the_calls_time_limit_is_not_taken(
    client_factory: ClientFactory, emulator: EmulatorServer, sleeps: RecordingSleep, sender_id: str
) -> None:
    client = client_factory(timeout=Timeout(operation=5.0))
    emulator.faults.script("429", operation="getSender", retry_after=7)
    with pytest.raises(RateLimitedError) as limited:
        client.get_sender(sender_id)
    assert "another would pass the call's time limit of 5 s" in str(limited.value)
    assert requests_for(emulator, GET_SENDER) == 1
    assert sleeps.delays == []


@pytest.mark.parametrize("kwargs", [{"max_attempts": 0}, {"base_delay": -1.0}, {"max_delay": -0.1}])
def test_invalid_policies_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must"):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]
