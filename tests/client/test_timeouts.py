"""Read timeouts against a slow emulator: retried for repeatable requests, outcome unknown for a create."""

from __future__ import annotations

import pytest

from sinch_provisioning.errors import OutcomeUnknownError, SinchConnectionError
from sinch_provisioning.retry import RetryPolicy
from sinch_provisioning.transport import Timeout
from tests.client.conftest import ClientFactory, RecordingSleep
from tests.client.support import minimal_sender
from tests.conftest import EmulatorFactory

SLOW_MS = 400
SHORT = Timeout(connect=2.0, read=0.05)


def test_a_slow_read_is_retried_then_reported(
    emulator_factory: EmulatorFactory, client_factory: ClientFactory, sleeps: RecordingSleep
) -> None:
    server = emulator_factory()
    patient = client_factory(server=server)
    sender_id = patient.create_sender(minimal_sender("Acme"))["id"]
    server.latency_ms = SLOW_MS
    hasty = client_factory(
        server=server,
        auth_method="basic",
        timeout=SHORT,
        retry=RetryPolicy(max_attempts=2, sleep=sleeps, random=lambda: 1.0),
    )
    with pytest.raises(SinchConnectionError) as failed:
        hasty.get_sender(sender_id)
    assert failed.value.attempts == 2
    assert "(2 attempts): no answer within the read timeout of 0.05 s." in str(failed.value)
    assert sleeps.delays == [0.5]


def test_a_slow_create_has_an_unknown_outcome(
    emulator_factory: EmulatorFactory, client_factory: ClientFactory, sleeps: RecordingSleep
) -> None:
    server = emulator_factory(latency_ms=SLOW_MS)
    client = client_factory(server=server, auth_method="basic", timeout=SHORT)
    with pytest.raises(OutcomeUnknownError) as unknown:
        client.create_sender(minimal_sender("Acme"))
    assert unknown.value.cause == "no answer within the read timeout of 0.05 s"
    assert sleeps.delays == []


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"connect": 0}, "connect=0"),
        ({"read": -1}, "read=-1"),
        ({"total": 0}, "total=0"),
        ({"operation": 0, "read": 0}, "read=0, operation=0"),
    ],
)
def test_timeouts_must_be_positive(kwargs: dict[str, float], named: str) -> None:
    with pytest.raises(ValueError, match=f"timeouts must be positive, got {named}"):
        Timeout(**kwargs)
