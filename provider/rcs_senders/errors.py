"""Errors the RcsSender provider raises itself (the client's API errors are in ``sinch_provisioning.errors``).

Each message is written for the person running ``pulumi``: what happened, to which sender, what to do.
The plugin turns an exception into the operation's error text, so the message must stand on its own.
"""

from __future__ import annotations

from collections.abc import Sequence


class RcsSenderError(Exception):
    """Base class for the provider's own errors."""


def _problem_lines(problems: Sequence[tuple[str, str]]) -> str:
    return "\n".join(f"  - {path}: {message}" for path, message in problems)


class SenderInputError(RcsSenderError, ValueError):
    """The declaration is invalid (normally caught by check; raised if create/update see it anyway)."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__(f"Invalid RcsSender declaration:\n{_problem_lines(self.problems)}")


class SenderChangeError(RcsSenderError, ValueError):
    """A declared change that the Sinch API cannot apply to this sender in its current state."""

    def __init__(self, sender_id: str, state: str | None, problems: Sequence[tuple[str, str]]) -> None:
        self.sender_id = sender_id
        self.problems = list(problems)
        where = f"sender {sender_id}" + (f" (state {state})" if state else "")
        super().__init__(f"This change cannot be applied to {where}:\n{_problem_lines(self.problems)}")


class SenderReplacementError(RcsSenderError, ValueError):
    """A change that would replace the sender, declared without ``allow_replacement``."""


class SenderAdoptionError(RcsSenderError):
    """``senderId`` names a sender that cannot be adopted as declared."""


class SenderCreateError(RcsSenderError):
    """Creating the sender failed in a way that left nothing behind (or nothing we could find)."""


class SenderUpdateError(RcsSenderError):
    """An update failed after it may have sent part of its requests; the message says to refresh."""


class SenderLaunchError(RcsSenderError):
    """Sinch refused to launch the sender; the message lists what it said is missing."""
