"""Errors the RcsSender provider raises itself (the client's API errors are in ``sinch_provisioning.errors``;
the ones every resource shares, invalid input and failed creates among them, in :mod:`provider.core.errors`).

Each message is written for the person running ``pulumi``: what happened, to which sender, what to do.
"""

from __future__ import annotations

from collections.abc import Sequence

from provider.core.errors import AdoptionError, ProviderError, problem_lines


class SenderChangeError(ProviderError, ValueError):
    """A declared change that the Sinch API cannot apply to this sender in its current state."""

    def __init__(self, sender_id: str, state: str | None, problems: Sequence[tuple[str, str]]) -> None:
        self.sender_id = sender_id
        self.problems = list(problems)
        where = f"sender {sender_id}" + (f" (state {state})" if state else "")
        super().__init__(f"This change cannot be applied to {where}:\n{problem_lines(self.problems)}")


class SenderReplacementError(ProviderError, ValueError):
    """A change that would replace the sender, declared without ``allow_replacement``."""


class SenderAdoptionError(AdoptionError):
    """``senderId`` names a sender that cannot be adopted as declared."""


class SenderUpdateError(ProviderError):
    """An update failed after it may have sent part of its requests; the message says to refresh."""


class SenderLaunchError(ProviderError):
    """The launch failed: Sinch refused it (the message lists what it said is missing), or its answer was
    lost and reading the sender back did not show it launched (the message says which)."""
