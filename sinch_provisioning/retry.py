"""When and how long the client waits before repeating a request.

The policy only answers questions ("may I retry, and after how long?"); the transport asks them. Which
requests may be repeated at all is a property of the request (:class:`Replay`), decided by the client.

Backoff is pluggable in the style of hcloud-python: any ``(retry_number) -> seconds`` function. The default
is bounded exponential backoff with full jitter: ``uniform(0, min(max_delay, base_delay * 2**(n-1)))``.
A ``Retry-After`` from the server replaces the backoff; one longer than ``max_delay`` makes the client give
up at once (a quota 429 may ask for hours: failing with the server's answer beats hanging).
"""

from __future__ import annotations

import enum
import math
import random as _random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

BackoffFunction = Callable[[int], float]
"""Seconds to wait before retry number ``n`` (1 for the first retry)."""

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class Replay(enum.Enum):
    """Whether a request may be sent again after it may have reached the server."""

    SAFE = "safe"
    """Repeating it cannot do harm (GET, PATCH, DELETE, launch, token): retried on every transient failure."""

    UNSAFE = "unsafe"
    """Repeating it may duplicate an effect (create, add test numbers, comments): retried only when the
    server cannot have applied it (the connection was never made, or a 429)."""


def full_jitter_backoff(
    base: float, cap: float, rand: Callable[[], float] = _random.random
) -> BackoffFunction:
    """Exponential backoff with full jitter: ``rand() * min(cap, base * 2**(n-1))`` for retry ``n``."""

    def backoff(retry_number: int) -> float:
        ceiling: float = min(cap, base * 2.0 ** max(retry_number - 1, 0))
        return rand() * ceiling

    return backoff


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry. The defaults follow Sinch's guidance: at most 3 retries, 10 s.

    ``sleep``, ``random`` and ``now`` are injectable so that tests never really sleep; ``backoff``
    replaces the default full-jitter function.
    """

    max_attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 10.0
    retry_statuses: frozenset[int] = RETRY_STATUSES
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    random: Callable[[], float] = field(default=_random.random, compare=False)
    backoff: BackoffFunction | None = field(default=None, compare=False)
    now: Callable[[], datetime] = field(default=_utc_now, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, got {self.max_attempts}")
        if self.base_delay < 0 or self.max_delay < 0:
            raise ValueError("base_delay and max_delay must not be negative")

    @classmethod
    def no_retries(cls) -> RetryPolicy:
        """A policy that sends every request once."""
        return cls(max_attempts=1)

    def backoff_delay(self, retry_number: int) -> float:
        """Seconds before retry ``retry_number`` (1-based) when the server gave no ``Retry-After``."""
        function = self.backoff or full_jitter_backoff(self.base_delay, self.max_delay, self.random)
        return max(0.0, min(self.max_delay, function(retry_number)))

    def delay_before_retry(self, retry_number: int, retry_after: float | None = None) -> float | None:
        """Seconds to wait before retry ``retry_number``; None if the client must give up instead.

        Gives up when the attempts are used up or when the server's ``Retry-After`` exceeds ``max_delay``.
        """
        if retry_number >= self.max_attempts:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.max_delay else None
        return self.backoff_delay(retry_number)

    def retry_after_seconds(self, header: str | None) -> float | None:
        """``Retry-After`` (delta seconds or an HTTP date) as seconds from now; None if absent or bad."""
        return parse_retry_after(header, self.now())


def parse_retry_after(header: str | None, now: datetime) -> float | None:
    """``Retry-After`` as seconds to wait from ``now``: ``"120"`` -> 120.0, an HTTP date -> the time until it.

    Returns None for a missing or unreadable header; a date in the past gives 0.
    """
    if header is None:
        return None
    value = header.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
