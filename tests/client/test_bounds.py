"""Bounds on a misbehaving server: endless pages, a header dripped line by line, an answer of 200 MB.

Each server here misbehaves on purpose (on 127.0.0.1, and stops by itself); each test asserts the bound a
user notices: the listing ends, the call ends within a small multiple of its time limit, the memory read
stays near the answer cap. Times are measured loosely, with generous margins; nothing here sleeps.
"""

from __future__ import annotations

import threading
import time
import tracemalloc
import uuid
from typing import Any

import pytest

from sinch_provisioning.errors import (
    OutcomeUnknownError,
    SinchApiError,
    SinchConnectionError,
    UnexpectedResponseError,
)
from sinch_provisioning.retry import RetryPolicy
from sinch_provisioning.transport import Timeout
from tests.client.conftest import ClientFactory, RecordingSleep, ServeFactory
from tests.client.loopback import Exchange
from tests.client.support import minimal_sender
from tests.conftest import EmulatorFactory

SENDER_ID = "cf11794a-6a5e-4a12-b103-da79bd378bf1"
MIB = 1024 * 1024


def a_sender() -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "state": "IN_TEST",
        "region": "EU",
        "billingCategory": "CONVERSATIONAL",
        "useCase": "OTP",
    }


def test_a_server_that_keeps_paging_is_not_followed_for_ever(
    serve: ServeFactory, loopback_client: ClientFactory
) -> None:
    def endless(exchange: Exchange) -> None:
        exchange.json(200, {"senders": [a_sender()], "nextPageToken": str(uuid.uuid4())})

    server = serve(endless)
    client = loopback_client(server.url)
    with pytest.raises(UnexpectedResponseError) as raised:
        client.list_senders(max_pages=5)
    assert raised.value.operation == "list_senders"
    assert "the server kept paging: still a nextPageToken after 5 pages" in str(raised.value)
    assert len(server.seen) == 5
    iterator = client.iter_senders(max_pages=3)
    assert len([next(iterator) for _ in range(3)]) == 3  # the pages before the cap are still served
    with pytest.raises(UnexpectedResponseError, match="kept paging"):
        next(iterator)


def dripping_headers(exchange: Exchange) -> None:
    """A status line, then one header line every 50 ms, for up to 20 s: never a whole answer."""
    exchange.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
    exchange.wfile.flush()
    for line in range(400):
        if exchange.stopping.wait(0.05):
            return
        exchange.wfile.write(f"X-Drip-{line}: still here\r\n".encode())
        exchange.wfile.flush()


def test_a_dripped_answer_to_a_read_is_cut_at_the_time_limits(
    serve: ServeFactory, loopback_client: ClientFactory, sleeps: RecordingSleep
) -> None:
    server = serve(dripping_headers)
    timeout = Timeout(connect=1.0, read=1.0, total=0.4, operation=1.0)
    client = loopback_client(server.url, timeout=timeout)
    started = time.monotonic()
    with pytest.raises(SinchConnectionError) as raised:
        client.get_sender(SENDER_ID)
    elapsed = time.monotonic() - started
    assert elapsed < 3 * timeout.operation  # today's client waited for the whole drip (20 s here)
    assert "time limit" in str(raised.value)
    assert 2 <= len(server.seen) <= 4  # a read is repeated, within the call's limit
    assert sleeps.delays[:1] == [0.5]


def test_a_dripped_answer_to_a_create_is_an_unknown_outcome(
    serve: ServeFactory, loopback_client: ClientFactory
) -> None:
    server = serve(dripping_headers)
    timeout = Timeout(connect=1.0, read=1.0, total=0.4, operation=5.0)
    client = loopback_client(server.url, timeout=timeout)
    started = time.monotonic()
    with pytest.raises(OutcomeUnknownError) as raised:
        client.create_sender(minimal_sender("Acme"))
    assert time.monotonic() - started < 3 * timeout.total
    assert (
        raised.value.cause == "no complete answer within 0.4 s, the time limit of the request; it was cut off"
    )
    assert len(server.seen) == 1


def test_a_dripped_body_is_cut_too(serve: ServeFactory, loopback_client: ClientFactory) -> None:
    def dripping_body(exchange: Exchange) -> None:
        exchange.wfile.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
        )
        for _ in range(400):
            if exchange.stopping.wait(0.05):
                return
            exchange.wfile.write(b" ")
            exchange.wfile.flush()

    server = serve(dripping_body)
    timeout = Timeout(connect=1.0, read=1.0, total=0.4, operation=5.0)
    client = loopback_client(server.url, timeout=timeout, retry=RetryPolicy.no_retries())
    started = time.monotonic()
    with pytest.raises(SinchConnectionError, match="time limit of the request"):
        client.get_sender(SENDER_ID)
    assert time.monotonic() - started < 3 * timeout.total


def test_a_pooled_connection_is_never_cut_for_an_earlier_request(
    emulator_factory: EmulatorFactory, client_factory: ClientFactory
) -> None:
    """Requests that finish well within their limit leave nothing armed behind: the next one on the same
    pooled connection is not cut when the first one's deadline passes."""
    server = emulator_factory()
    client = client_factory(server=server, auth_method="basic", timeout=Timeout(total=0.3, operation=5.0))
    sender_id = client.create_sender(minimal_sender("Acme"))["id"]
    server.latency_ms = 200  # each answer takes 0.2 s: later requests outlive the first one's deadline
    for _ in range(3):
        assert client.get_sender(sender_id)["id"] == sender_id
    assert server.stats()["connections"] == 1


class Flood:
    """A 200 that would be ``size`` bytes of JSON whitespace; counts what it managed to send."""

    def __init__(self, size: int, *, declare_length: bool) -> None:
        self.size = size
        self.declare_length = declare_length
        self.sent = 0
        self.lock = threading.Lock()

    def __call__(self, exchange: Exchange) -> None:
        chunk = b" " * MIB
        length = (
            f"Content-Length: {self.size}\r\n" if self.declare_length else "Transfer-Encoding: chunked\r\n"
        )
        exchange.wfile.write(f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{length}\r\n".encode())
        for _ in range(self.size // MIB):
            if self.declare_length:
                exchange.wfile.write(chunk)
            else:
                exchange.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            with self.lock:
                self.sent += len(chunk)


@pytest.mark.parametrize("declare_length", [False, True])
def test_a_huge_answer_is_not_read_whole(
    serve: ServeFactory, loopback_client: ClientFactory, declare_length: bool
) -> None:
    flood = Flood(200 * MIB, declare_length=declare_length)
    server = serve(flood)
    client = loopback_client(server.url, max_answer_bytes=4 * MIB)
    tracemalloc.start()
    try:
        with pytest.raises(UnexpectedResponseError) as raised:
            client.get_sender(SENDER_ID)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "the answer was larger than 4194304 bytes; stopped reading it" in str(raised.value)
    assert raised.value.operation == "get_sender"
    assert peak < 4 * 4 * MIB  # today's client held all 200 MB (and more)
    assert len(server.seen) == 1


def test_a_huge_error_page_is_kept_to_its_start(serve: ServeFactory, loopback_client: ClientFactory) -> None:
    def huge_error(exchange: Exchange) -> None:
        exchange.raw(404, b"<html>" + b"x" * (6 * MIB), {"Content-Type": "text/html"})

    server = serve(huge_error)
    client = loopback_client(server.url, max_answer_bytes=MIB)
    with pytest.raises(SinchApiError) as raised:
        client.get_sender(SENDER_ID)
    assert raised.value.status == 404
    assert len(str(raised.value)) < 600
    assert "<html>xxx" in str(raised.value)
