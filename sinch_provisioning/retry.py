"""When and how long the client waits before repeating a request.

The policy only answers questions ("may I retry, and after how long?"); the transport asks them. Which
requests may be repeated at all is a property of the request (:class:`Replay`), decided by the client.

What is ours and what is urllib3's:

- ``Retry-After`` (delta seconds or an HTTP date) is read by urllib3's ``Retry.parse_retry_after``, the
  parser every ``requests`` user already runs. A ``Retry-After`` longer than ``max_delay`` makes the client
  give up at once with the server's answer (a quota 429 may ask for hours: failing with the server's
  answer beats hanging), so urllib3's own cap (six hours) is lifted: the error names what the server asked.
- Backoff is pluggable in the style of hcloud-python: any ``(retry_number) -> seconds`` function. The
  default is bounded exponential backoff with *full* jitter, ``uniform(0, min(max_delay, base_delay *
  2**(n-1)))``. urllib3's ``Retry.get_backoff_time`` is not used for it: it waits nothing before the first
  retry, adds jitter on top instead of drawing the whole delay, draws from the global ``random`` (so tests
  could not pin a delay), and needs a request history to be built to ask it; our function is three lines.
- ``sleep`` is injectable, so tests never sleep.
"""

from __future__ import annotations

import enum
import random as _random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from urllib3.exceptions import InvalidHeader
from urllib3.util import Retry

BackoffFunction = Callable[[int], float]
"""Seconds to wait before retry number ``n`` (1 for the first retry)."""

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

# Only for parse_retry_after: no cap of its own (the policy decides what is too long), nothing else used.
_RETRY_AFTER_PARSER = Retry(total=0, retry_after_max=2**62)


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


def retry_after_seconds(header: str | None) -> float | None:
    """``Retry-After`` as seconds from now (urllib3's parser): ``"120"`` -> 120, an HTTP date -> the time
    until it (0 if past); None when absent or unreadable (``"soon"``, ``"-3"``, ``"1.5"``)."""
    if header is None or not header.strip():
        return None
    try:
        return float(_RETRY_AFTER_PARSER.parse_retry_after(header))
    except InvalidHeader:
        return None


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry. The defaults follow Sinch's guidance: at most 3 retries, 10 s.

    ``sleep`` and ``random`` are injectable so that tests never really sleep; ``backoff`` replaces the
    default full-jitter function. How long a whole call may take, waits included, is
    ``Timeout.operation`` (:class:`~sinch_provisioning.transport.Timeout`).
    """

    max_attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 10.0
    retry_statuses: frozenset[int] = RETRY_STATUSES
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    random: Callable[[], float] = field(default=_random.random, compare=False)
    backoff: BackoffFunction | None = field(default=None, compare=False)

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
        """``Retry-After`` as seconds from now; None if absent or unreadable (:func:`retry_after_seconds`)."""
        return retry_after_seconds(header)
