"""The retry policy on its own: backoff bounds, Retry-After parsing and the give-up rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from sinch_provisioning.retry import RetryPolicy, full_jitter_backoff, parse_retry_after

NOW = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)


def test_default_policy_follows_sinch_guidance() -> None:
    policy = RetryPolicy()
    assert policy.max_attempts == 4  # at most 3 retries
    assert policy.base_delay == 0.5
    assert policy.max_delay == 10.0
    assert policy.retry_statuses == frozenset({429, 500, 502, 503, 504})


def test_full_jitter_ceiling_doubles_and_is_capped() -> None:
    backoff = full_jitter_backoff(0.5, 10.0, lambda: 1.0)  # the top of each jitter range
    assert [backoff(n) for n in range(1, 8)] == [0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_full_jitter_spans_from_zero() -> None:
    assert full_jitter_backoff(0.5, 10.0, lambda: 0.0)(3) == 0.0
    assert full_jitter_backoff(0.5, 10.0, lambda: 0.25)(3) == 0.5


def test_policy_uses_its_random_source() -> None:
    policy = RetryPolicy(random=lambda: 0.5)
    assert [policy.delay_before_retry(n) for n in (1, 2, 3)] == [0.25, 0.5, 1.0]


def test_no_retry_once_attempts_are_used_up() -> None:
    policy = RetryPolicy(max_attempts=3, random=lambda: 1.0)
    assert policy.delay_before_retry(2) == 1.0
    assert policy.delay_before_retry(3) is None
    assert RetryPolicy.no_retries().delay_before_retry(1) is None


def test_retry_after_replaces_backoff_within_the_limit() -> None:
    policy = RetryPolicy(random=lambda: 1.0)
    assert policy.delay_before_retry(1, retry_after=7.0) == 7.0
    assert policy.delay_before_retry(1, retry_after=0.0) == 0.0


def test_retry_after_beyond_the_limit_means_give_up() -> None:
    policy = RetryPolicy(max_delay=10.0)
    assert policy.delay_before_retry(1, retry_after=10.5) is None
    assert policy.delay_before_retry(1, retry_after=86400.0) is None


def test_pluggable_backoff_is_still_bounded_by_max_delay() -> None:
    policy = RetryPolicy(backoff=lambda n: 100.0 * n, max_delay=3.0)
    assert policy.delay_before_retry(1) == 3.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("0", 0.0),
        ("120", 120.0),
        (" 5 ", 5.0),
        ("1.5", 1.5),
        (format_datetime(NOW + timedelta(seconds=30), usegmt=True), 30.0),
        (format_datetime(NOW - timedelta(seconds=30), usegmt=True), 0.0),
        ("Sat, 01 Mar 2025 12:02:00 GMT", 120.0),
        (None, None),
        ("", None),
        ("-3", None),
        ("soon", None),
        ("inf", None),
        ("nan", None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, NOW) == seconds


def test_policy_reads_dates_with_its_clock() -> None:
    policy = RetryPolicy(now=lambda: NOW)
    assert policy.retry_after_seconds("Sat, 01 Mar 2025 12:00:09 GMT") == 9.0


@pytest.mark.parametrize("kwargs", [{"max_attempts": 0}, {"base_delay": -1.0}, {"max_delay": -0.1}])
def test_invalid_policies_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must"):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]
