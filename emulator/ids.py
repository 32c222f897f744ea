"""ULIDs: 26 characters of Crockford base32, the first 10 encoding the creation time in milliseconds.

Sinch's webhook ids and Conversation API ids are ULIDs, and clients read the creation time out of them (a
create whose answer was lost is recognised by an id made after the request went out), so the emulator makes
its ids the same way. ``new_ulid()`` takes the time from the system clock (webhook ids of the Provisioning
API, signature nonces); ``Ulids`` takes it from the emulator's clock and never gives an id that sorts before
the previous one (within one millisecond the random part counts up, as the ULID specification's monotonic
generator does), so that ids made under a ``ManualClock`` still sort in creation order.
"""

from __future__ import annotations

import re
import secrets
import threading
import time

from emulator.clock import Clock

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ULID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$", re.IGNORECASE)
_RANDOM_BITS = 80


def _encode(value: int) -> str:
    return "".join(ALPHABET[(value >> shift) & 31] for shift in range(125, -1, -5))


def new_ulid() -> str:
    """A ULID: 48 bits of milliseconds since the epoch (system clock), then 80 random bits."""
    return _encode((time.time_ns() // 1_000_000) << _RANDOM_BITS | secrets.randbits(_RANDOM_BITS))


def ulid_milliseconds(ulid: str) -> int:
    """The creation time a ULID encodes, in milliseconds since the epoch."""
    value = 0
    for char in ulid[:10].upper():
        value = value * 32 + ALPHABET.index(char)
    return value


class Ulids:
    """Monotonic ULIDs whose time part comes from ``clock``. Thread-safe."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._last = 0

    def __call__(self) -> str:
        milliseconds = int(self._clock() * 1000)
        with self._lock:
            value = milliseconds << _RANDOM_BITS | secrets.randbits(_RANDOM_BITS)
            if value <= self._last:
                value = self._last + 1  # same millisecond (or a clock behind the last id): count up
            self._last = value
        return _encode(value)
