"""Finding out what happened when a create's outcome is unknown, and waiting for a sender to be ready.

A create POST that dies after it may have reached Sinch (connection dropped, read timeout, 5xx) must not be
sent again blindly: that is how duplicate senders are made. Instead we list the project's recent senders,
newest first, and look for one that holds exactly what we asked for, that no other resource in this process
has claimed, and that Sinch created after we sent the request. Creates with identical bodies are serialised
within the process (``CreateGate``), so such a sender can only be ours. A matching sender created shortly
*before* the attempt is another resource's (an identical declaration from an earlier run), or ours if
Sinch's clock is behind ours: we cannot tell, so we say so instead of guessing.
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

from provider.rcs_senders.errors import SenderCreateError
from schemas.rcs_senders.api import changed_fields, sender_from_api
from sinch_provisioning.rcs_senders import SinchRcsClient

# A sender created at most this long before our send time (by our clock) is still ours: Sinch rounds its
# timestamps to milliseconds and two NTP-synchronised clocks differ by less.
SEND_TOLERANCE = timedelta(milliseconds=250)
# Matching senders created up to this long before the attempt make the outcome ambiguous.
LOOKBACK = timedelta(minutes=2)
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
    """The sender our unknown-outcome create made, or None when the attempt created nothing.

    Raises ``SenderCreateError`` naming the candidates when that cannot be decided: several unclaimed
    senders created since the attempt hold the declaration, or none did but some created just before it
    do (see the module docstring)."""
    since_sent: list[dict[str, Any]] = []
    just_before: list[dict[str, Any]] = []
    for sender in client.iter_senders(sort_column="CREATED", sort_direction="DESC", page_size=100):
        created = parse_timestamp(str(sender.get("created", "")))
        if created is not None and created < sent_at - LOOKBACK:
            break  # newest first: everything from here on is older
        if gate.is_claimed(str(sender["id"])) or not _holds(sender, declared):
            continue
        if created is not None and created >= sent_at - SEND_TOLERANCE:
            since_sent.append(sender)
        else:
            just_before.append(sender)
    if len(since_sent) == 1:
        return since_sent[0]
    if not since_sent and not just_before:
        return None
    candidates = ", ".join(f"{s['id']} (created {s.get('created', '?')})" for s in since_sent or just_before)
    raise SenderCreateError(
        f"Sinch's answer to creating this sender was lost (sent at {sent_at.isoformat()}), and it cannot be "
        f"told whether the attempt created one of these senders, which hold exactly this declaration and no "
        f"resource of this run manages: {candidates}. Nothing more was created. If one of them belongs to "
        "no resource, adopt it by adding sender_id=<its id>; otherwise run `pulumi up` again."
    )


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
