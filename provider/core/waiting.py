"""Waiting, visibly and within a limit, for Sinch to move an object out of a transient state.

Some of Sinch's work is asynchronous: Google provisions a new sender's agent (``IN_PROGRESS`` for seconds to
minutes) and the Conversation API verifies an app's RCS credentials (``PENDING`` until it has). A resource
that must wait for such a state polls the object with :func:`wait_until`, which every resource shares:

- it polls with a growing delay (1 s, doubling, at most :data:`MAX_POLL_DELAY`), so a quick verdict is seen
  at once and a slow one costs few requests;
- it reports progress when the wait starts and then every :data:`PROGRESS_EVERY` seconds (what it waits
  for, how long so far, the limit: dynamic providers receive no custom timeouts, so each resource has its
  own setting), in the words of the resource's ``progress`` function;
- it is bounded: it never sleeps past ``timeout`` and returns what it saw last, with ``finished`` false,
  so that the resource decides what a wait that ran out means (the sender records itself unlaunched; the
  app records its channel's status and warns).

Errors of ``read`` (Sinch's, the connection's) are raised as they are: the caller knows what exists by
then and what to say.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

PROGRESS_EVERY: Final = 30.0
"""Seconds between two progress reports of one wait."""
FIRST_POLL_DELAY: Final = 1.0
MAX_POLL_DELAY: Final = 15.0

T = TypeVar("T")
Report = Callable[[str], None]


@dataclass(frozen=True)
class Waited(Generic[T]):
    """What a wait ended with: the last value read, the seconds waited, and whether the state was left
    (``finished``) or the limit came first."""

    value: T
    waited: float
    finished: bool


def wait_until(
    done: Callable[[T], bool],
    read: Callable[[], T],
    current: T,
    *,
    timeout: float,
    progress: Callable[[T, float], str],
    report: Report,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Waited[T]:
    """Read again with ``read`` until ``done`` holds for the value, starting from ``current`` (no request
    when it already holds). ``progress(value, waited)`` is the text reported at the start and every
    :data:`PROGRESS_EVERY` seconds; the wait never sleeps past ``timeout`` seconds."""
    started = clock()
    next_report = started
    delay = FIRST_POLL_DELAY
    value = current
    while not done(value):
        now = clock()
        waited = now - started
        if now >= next_report:
            report(progress(value, waited))
            next_report += PROGRESS_EVERY
        if now + delay > started + timeout:
            return Waited(value, waited, finished=False)
        sleep(delay)
        delay = min(delay * 2, MAX_POLL_DELAY)
        value = read()
    return Waited(value, clock() - started, finished=True)
