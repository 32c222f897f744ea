"""Time for the emulator: the real clock, a manual clock for tests, and the API's timestamp formats.

Everything time-dependent (state transitions after a delay, token lifetimes, the daily invite quota)
reads a ``Clock``: a callable returning seconds since the epoch. Tests pass a ``ManualClock`` and move it
forward instead of sleeping.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], float]


class ManualClock:
    """A clock that only moves when told to. Thread-safe. It starts at ``start`` (seconds since the epoch),
    by default the real time it is made: the ids the emulator hands out carry its time (ULIDs), and a
    provider recognising its own lost create compares them with its own clock, so a clock started years
    ago would make every new object look as if it existed before the create was sent."""

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        with self._lock:
            self._now += seconds

    def __repr__(self) -> str:
        return f"ManualClock({self():.3f})"


def _timestamp(epoch: float, separator: str) -> str:
    """Milliseconds in UTC with a ``Z``: ``2023-01-19<separator>13:11:08.204Z``."""
    moment = datetime.fromtimestamp(epoch, tz=UTC)
    return moment.strftime(f"%Y-%m-%d{separator}%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def sender_timestamp(epoch: float) -> str:
    """A sender date as in the spec's sender examples: ``2023-01-19t13:11:08.204Z`` (lowercase ``t``)."""
    return _timestamp(epoch, "t")


def event_timestamp(epoch: float) -> str:
    """A comment/activity date as the spec's examples write it: ``2023-02-10T11:41:14.202Z``."""
    return _timestamp(epoch, "T")
