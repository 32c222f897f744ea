"""Sending webhook events: a background worker, signatures, retries, the delivery log, the loopback rule.

Each event (a Provisioning API event, or a Conversation API callback) is POSTed (``Content-Type:
application/json``) to every webhook that listens to it, with four headers (none when the webhook has no
secret, which only a Conversation API webhook can lack):

- ``x-sinch-webhook-signature``: Base64 of HMAC-SHA256, keyed with the webhook's secret (its UTF-8 bytes),
  over the raw body bytes + ``b"."`` + nonce + ``b"."`` + timestamp;
- ``x-sinch-webhook-signature-algorithm``: ``HmacSHA256``;
- ``x-sinch-webhook-signature-nonce``: a fresh ULID for every attempt;
- ``x-sinch-webhook-signature-timestamp``: Unix seconds by the emulator's clock.

An answer other than 2xx, or no answer (connection refused, reset, ``timeout`` seconds of silence), is
retried after ``retry_delay``, then twice that, and so on, up to ``attempts`` tries in all. Only loopback
targets (``http``/``https`` to ``127.0.0.1``, ``::1``, ``localhost``, any 127.x address) are ever sent to: a
delivery to any other target is logged as ``skipped`` ("not a loopback address") and never leaves the
machine. Deliveries waiting for an attempt are lost when the emulator stops; the log keeps the last
``LOG_LIMIT`` settled ones.

The worker also calls ``tick`` at least every ``TICK_SECONDS``: the emulator uses it to apply timed sender
changes that nobody read, so that their events go out on time. The request log never shows a body or a
header (event bodies carry the sender's ``authToken``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import ipaddress
import itertools
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from emulator.clock import Clock
from emulator.events import Event
from emulator.ids import new_ulid

log = logging.getLogger("emulator")

TICK_SECONDS = 0.05
LOG_LIMIT = 1000  # settled deliveries kept in the log (the oldest go first)
ALGORITHM = "HmacSHA256"
NOT_LOOPBACK = "not a loopback address"

# What a strict emulator checks an event with: (the event, the headers sent or None).
EventCheck = Callable[[Event, Mapping[str, str] | None], None]


def signature(secret: str, body: bytes, nonce: str, timestamp: str) -> str:
    """Base64(HMAC-SHA256(secret, body + "." + nonce + "." + timestamp))."""
    message = body + b"." + nonce.encode("utf-8") + b"." + timestamp.encode("utf-8")
    return base64.b64encode(hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()).decode(
        "ascii"
    )


def is_loopback(target: str) -> bool:
    """Whether ``target`` is an http(s) URL whose host is loopback (``localhost``: resolves only to it)."""
    try:
        parts = urlsplit(target)
        host, port = parts.hostname, parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    if host.lower() == "localhost":
        try:
            found = socket.getaddrinfo(host, port or 80, proto=socket.IPPROTO_TCP)
        except OSError:
            return False
        return bool(found) and all(ipaddress.ip_address(item[4][0]).is_loopback for item in found)
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(eq=False)  # each delivery is itself, whatever its fields
class Delivery:
    """One event for one webhook, and what became of it."""

    id: int
    event: Event = field(repr=False)
    webhook_id: str
    target: str
    secret: str = field(repr=False)
    state: str = "pending"  # pending, delivered, failed, skipped
    attempts: int = 0
    status: int | None = None
    error: str | None = None
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    due: float = 0.0  # time.monotonic() of the next attempt
    checked: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event": self.event.type,
            "projectId": self.event.project_id,
            "webhookId": self.webhook_id,
            "target": self.target,
            "state": self.state,
            "attempts": self.attempts,
            "status": self.status,
            "error": self.error,
            "body": self.event.body.decode("utf-8"),
            "headers": dict(self.headers),
        }


class Deliveries:
    """The delivery queue, its worker thread and the log. Thread-safe."""

    def __init__(
        self,
        clock: Clock,
        *,
        attempts: int = 4,
        retry_delay: float = 0.5,
        timeout: float = 5.0,
        tick: Callable[[], None] = lambda: None,
        check: EventCheck | None = None,
    ) -> None:
        if attempts < 1 or retry_delay < 0 or timeout <= 0:
            raise ValueError(
                "webhook attempts must be at least 1, the retry delay 0 or more, the timeout positive"
            )
        self._clock = clock
        self.attempts = attempts
        self.retry_delay = retry_delay
        self.timeout = timeout
        self._tick = tick
        self._check = check
        self._log: list[Delivery] = []  # the last LOG_LIMIT, and every pending one
        self._pending: list[Delivery] = []
        self._ids = itertools.count(1)
        self._changed = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None

    # --- the producer side -----------------------------------------------------------------------------

    def submit(self, events: Sequence[Event]) -> list[int]:
        """Queue one delivery per event and listening webhook (called after the change is stored); the ids
        of the deliveries queued."""
        queued = []
        with self._changed:
            for event in events:
                for subscriber in event.subscribers:
                    delivery = Delivery(
                        next(self._ids), event, subscriber.webhook_id, subscriber.target, subscriber.secret
                    )
                    delivery.due = time.monotonic()
                    self._log.append(delivery)
                    self._pending.append(delivery)
                    queued.append(delivery.id)
            excess = len(self._log) - LOG_LIMIT
            if excess > 0:
                self._log = [
                    d for index, d in enumerate(self._log) if index >= excess or d.state == "pending"
                ]
            self._changed.notify_all()
        return queued

    def log(self) -> list[dict[str, Any]]:
        with self._changed:
            return [delivery.to_json() for delivery in self._log]

    def clear(self) -> None:
        """Forget the log and every delivery not yet made."""
        with self._changed:
            self._log.clear()
            self._pending.clear()
            self._changed.notify_all()

    def wait_for(
        self, condition: Callable[[list[dict[str, Any]]], bool] | None = None, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """The log once ``condition(log)`` holds (by default: no delivery is pending); ``TimeoutError`` after
        ``timeout`` seconds."""

        def settled(entries: list[dict[str, Any]]) -> bool:
            return all(entry["state"] != "pending" for entry in entries)

        wanted = condition or settled
        with self._changed:
            if self._changed.wait_for(lambda: wanted(self.log()), timeout):
                return self.log()
            states = [(d.id, d.event.type, d.state, d.attempts, d.error) for d in self._log]
        raise TimeoutError(f"the webhook deliveries did not reach the condition within {timeout}s: {states}")

    # --- the worker ----------------------------------------------------------------------------------------

    def start(self) -> None:
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="emulator-webhooks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        with self._changed:  # what a strict emulator would have sent is still judged
            unchecked = [delivery for delivery in self._log if not delivery.checked]
        for delivery in unchecked:
            self._judge(delivery, None)

    def _run(self) -> None:
        while True:
            try:
                self._tick()
            except Exception:  # a bug must not stop deliveries for good; it is logged with its traceback
                log.exception("applying timed sender changes failed")
            with self._changed:
                if self._stopping:
                    return
                now = time.monotonic()
                due = [d for d in self._pending if d.due <= now]
                if not due:
                    self._changed.wait(min([TICK_SECONDS, *(d.due - now for d in self._pending)]))
                    continue
            for delivery in due:
                self._attempt(delivery)

    def _attempt(self, delivery: Delivery) -> None:
        if not is_loopback(delivery.target):
            self._judge(delivery, None)
            self._settle(delivery, "skipped", None, NOT_LOOPBACK)
            return
        body = delivery.event.body
        headers = {"Content-Type": "application/json"}
        if delivery.secret:  # a Conversation API webhook without a secret gets its callbacks unsigned
            timestamp = str(int(self._clock()))
            nonce = new_ulid()
            headers |= {
                "x-sinch-webhook-signature": signature(delivery.secret, body, nonce, timestamp),
                "x-sinch-webhook-signature-algorithm": ALGORITHM,
                "x-sinch-webhook-signature-nonce": nonce,
                "x-sinch-webhook-signature-timestamp": timestamp,
            }
        self._judge(delivery, headers)
        status: int | None = None
        error: str | None = None
        try:
            status = self._post(delivery.target, body, headers)
        except (OSError, http.client.HTTPException) as failure:
            error = f"{type(failure).__name__}: {failure}"
        if status is not None and not 200 <= status < 300:
            error = f"answered HTTP {status}"
        with self._changed:
            delivery.attempts += 1
            delivery.headers = headers
        log.info(
            "webhook %s: %s attempt %d: %s",
            delivery.webhook_id,
            delivery.event.type,
            delivery.attempts,
            error or status,
        )
        if error is None:
            self._settle(delivery, "delivered", status, None)
        elif delivery.attempts >= self.attempts:
            self._settle(delivery, "failed", status, error)
        else:
            with self._changed:
                delivery.status, delivery.error = status, error
                delivery.due = time.monotonic() + self.retry_delay * 2 ** (delivery.attempts - 1)

    def _post(self, target: str, body: bytes, headers: Mapping[str, str]) -> int:
        parts = urlsplit(target)
        connection: http.client.HTTPConnection
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(
                parts.hostname or "", parts.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        else:
            connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=self.timeout)
        try:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("POST", path, body=body, headers=dict(headers))
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def _settle(self, delivery: Delivery, state: str, status: int | None, error: str | None) -> None:
        with self._changed:
            delivery.state, delivery.status, delivery.error = state, status, error
            if delivery in self._pending:
                self._pending.remove(delivery)
            self._changed.notify_all()

    def _judge(self, delivery: Delivery, headers: Mapping[str, str] | None) -> None:
        if self._check is not None and not delivery.checked:
            delivery.checked = True
            self._check(delivery.event, headers)
