"""Finding out what happened when a create's outcome is unknown, and waiting for a sender to be ready.

A create POST that dies after it may have reached Sinch (connection dropped, read timeout, 5xx) must not be
sent again blindly: that is how duplicate senders are made. Instead we list the project's senders created
since just before the attempt, newest first, and look for one that holds exactly what we asked for and that
no other resource in this process has claimed. Creates with identical bodies are serialised within the
process (``CreateGate``) so that a match can only be ours.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from provider.client import SinchRcsClient
from schemas.api import changed_fields, sender_from_api

# How far before our own clock's send time a sender's `created` may be and still be ours (clock skew).
CLOCK_SKEW = timedelta(seconds=60)
# Declared fields that identify a created sender (launch and senderId are not sent at create).
_IDENTITY_EXCLUDED = frozenset({"launch", "senderId"})


class CreateGate:
    """Serialises creates with the same body in this process and remembers which senders are taken."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._body_locks: dict[str, threading.Lock] = {}
        self._claimed: set[str] = set()

    @contextmanager
    def exclusive(self, body: Mapping[str, Any]) -> Iterator[None]:
        key = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        with self._lock:
            body_lock = self._body_locks.setdefault(key, threading.Lock())
        with body_lock:
            yield

    def claim(self, sender_id: str) -> None:
        with self._lock:
            self._claimed.add(sender_id)

    def is_claimed(self, sender_id: str) -> bool:
        with self._lock:
            return sender_id in self._claimed


def parse_timestamp(value: str) -> datetime | None:
    """Sinch timestamps are ISO 8601 UTC, sometimes with a lowercase ``t`` (``2023-01-19t13:11:08.204Z``)."""
    try:
        parsed = datetime.fromisoformat(value.strip().upper().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def find_created_sender(
    client: SinchRcsClient,
    declared: Mapping[str, Any],
    *,
    sent_at: datetime,
    gate: CreateGate,
) -> dict[str, Any] | None:
    """The sender our unknown-outcome create made, if it exists: created no earlier than ``sent_at`` minus
    the clock skew, holding exactly the declared fields, and not claimed by another resource."""
    earliest = sent_at - CLOCK_SKEW
    best: dict[str, Any] | None = None
    for sender in client.iter_senders(sort_column="CREATED", sort_direction="DESC", page_size=100):
        created = parse_timestamp(str(sender.get("created", "")))
        if created is not None and created < earliest:
            break  # newest first: everything after this is older than our attempt
        if gate.is_claimed(str(sender["id"])) or not _holds(sender, declared):
            continue
        best = sender  # keep going: the oldest match after `earliest` is the one made first
    return best


def _holds(sender: Mapping[str, Any], declared: Mapping[str, Any]) -> bool:
    identity = {key: value for key, value in declared.items() if key not in _IDENTITY_EXCLUDED}
    rebuilt = sender_from_api(sender, declared=identity)
    rebuilt = {key: value for key, value in rebuilt.items() if key not in _IDENTITY_EXCLUDED}
    return not changed_fields(identity, rebuilt)


def wait_until_provisioned(
    client: SinchRcsClient,
    sender: dict[str, Any],
    *,
    timeout: float,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> dict[str, Any]:
    """Poll until the sender has left ``IN_PROGRESS`` (Google provisions the agent asynchronously)."""
    deadline = clock() + timeout
    delay = 1.0
    while sender.get("state") in ("IN_PROGRESS", "DRAFT"):
        if clock() + delay > deadline:
            raise TimeoutError(
                f"Sender {sender['id']} is still {sender.get('state')} after {timeout:.0f} s; it cannot be "
                "launched until Sinch has provisioned it. Run `pulumi up` again later to launch it."
            )
        sleep(delay)
        delay = min(delay * 2, 15.0)
        sender = client.get_sender(str(sender["id"]))
    return sender
