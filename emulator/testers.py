"""A sender's test numbers: their invite states and the tester-invite quota.

Adding a number sends an invite and puts it in ``UNVERIFIED``; re-adding it or ``retry`` resets it to
``UNVERIFIED`` with a new invite. The quota is 20 invites per day (a rolling 24 hours here) and 200 in total
per sender; a request that would go beyond it is refused whole with 429 ``rbm_too_many_requests`` and a
``Retry-After``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from emulator.clock import sender_timestamp
from emulator.errors import ApiError

DAILY_INVITES = 20
TOTAL_INVITES = 200
DAY_SECONDS = 24 * 60 * 60
E164 = re.compile(r"^\+[1-9]\d{6,14}$")


@dataclass
class Tester:
    """One test number and the state of its invite."""

    number: str
    state: str
    submitted: float

    def render(self) -> dict[str, Any]:
        """As ``RcsTestNumberStateDto``."""
        return {"number": self.number, "state": self.state, "submitted": sender_timestamp(self.submitted)}


@dataclass
class Testers:
    """The test numbers of one sender, in the order they were added, and the time of every invite sent."""

    numbers: list[Tester] = field(default_factory=list)
    invites: list[float] = field(default_factory=list)

    def find(self, number: str) -> Tester | None:
        return next((tester for tester in self.numbers if tester.number == number), None)

    def get(self, number: str) -> Tester:
        """The tester, or 404 ``user_is_not_tester_for_agent``."""
        tester = self.find(number)
        if tester is None:
            raise ApiError("user_is_not_tester_for_agent")
        return tester

    def invite(self, numbers: Sequence[str], now: float) -> list[Tester]:
        """Invite each number (new ones are added, known ones reset). Checks numbers and quota first."""
        check_numbers(numbers)
        for number in numbers:
            tester = self.find(number)
            if tester is not None and tester.state == "DECLINED":
                raise ApiError("blocked_because_the_recipient_declined", {"testNumbers": [number]})
        self._reserve(len(numbers), now)
        invited = []
        for number in numbers:
            tester = self.find(number)
            if tester is None:
                tester = Tester(number, "UNVERIFIED", now)
                self.numbers.append(tester)
            tester.state, tester.submitted = "UNVERIFIED", now
            invited.append(tester)
        return invited

    def replace(self, numbers: Sequence[str], now: float) -> list[Tester]:
        """Make the list exactly ``numbers``: drop the others, invite new ones, keep the rest as they are."""
        check_numbers(numbers)
        new = [number for number in numbers if self.find(number) is None]
        self._reserve(len(new), now)
        kept = {tester.number: tester for tester in self.numbers if tester.number in numbers}
        invited = [kept.setdefault(number, Tester(number, "UNVERIFIED", now)) for number in new]
        self.numbers = [kept[number] for number in numbers]
        return invited

    def retry(self, number: str, now: float) -> Tester:
        """Re-send the invite (a verified number becomes unverified again)."""
        tester = self.get(number)
        if tester.state == "DECLINED":
            raise ApiError("blocked_because_the_recipient_declined")
        self._reserve(1, now)
        tester.state, tester.submitted = "UNVERIFIED", now
        return tester

    def remove(self, number: str) -> None:
        self.numbers.remove(self.get(number))

    def _reserve(self, count: int, now: float) -> None:
        if count == 0:
            return
        if len(self.invites) + count > TOTAL_INVITES:
            raise _quota_error(
                f"Tester invite quota reached: at most {TOTAL_INVITES} invites per sender "
                f"({len(self.invites)} sent, {count} more requested).",
                retry_after=DAY_SECONDS,
            )
        recent = sorted(t for t in self.invites if t > now - DAY_SECONDS)
        if len(recent) + count > DAILY_INVITES:
            # The earliest moment at which enough of today's invites have aged out of the 24-hour window.
            must_expire = len(recent) + count - DAILY_INVITES
            wait = recent[must_expire - 1] + DAY_SECONDS - now if must_expire <= len(recent) else DAY_SECONDS
            raise _quota_error(
                f"Tester invite quota reached: at most {DAILY_INVITES} invites per day "
                f"({len(recent)} sent in the last 24 hours, {count} more requested).",
                retry_after=max(1, math.ceil(wait)),
            )
        self.invites.extend([now] * count)

    def render(self) -> list[dict[str, Any]]:
        return [tester.render() for tester in self.numbers]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Testers:
        return cls([Tester(**item) for item in data["numbers"]], list(data["invites"]))


def check_numbers(numbers: Sequence[str]) -> None:
    """400 ``add_test_number_invalid`` unless every number is E.164 (``+`` and 7 to 15 digits)."""
    bad = [number for number in numbers if not E164.match(number)]
    if bad:
        raise ApiError("add_test_number_invalid", {"invalidNumbers": bad})


def _quota_error(reason: str, retry_after: int) -> ApiError:
    return ApiError("rbm_too_many_requests", {"reason": [reason]}, headers={"Retry-After": str(retry_after)})
