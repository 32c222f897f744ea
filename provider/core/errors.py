"""The provider's own errors, shared by every resource: what each message needs, written once.

Each message is written for the person running ``pulumi``: what happened, to which object, what to do.
A front end turns an exception into the operation's error text (:mod:`provider.core.reporting`), so every
message stands on its own. The client's API errors are in ``sinch_provisioning.errors`` and
``sinch_conversation.errors``; a resource's own errors subclass these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from schemas.webhooks.constants import ADVISED_SECRET_LENGTH

Problems = Sequence[tuple[str, str]]


class ProviderError(Exception):
    """Base class of the errors the provider raises itself (not the API's)."""


def problem_lines(problems: Problems) -> str:
    """``  - path: message`` lines, one a problem."""
    return "\n".join(f"  - {path}: {message}" for path, message in problems)


def in_project(project_id: str | None) -> str:
    """``Sinch project <id>``, or ``your Sinch project`` when the id is not known."""
    return f"Sinch project {project_id}" if project_id else "your Sinch project"


def weak_secret_warning(resource: str, declared: Mapping[str, Any], signs: str) -> str | None:
    """The warning for a webhook ``declared`` (loaded) whose signing secret is shorter than Sinch advises,
    naming its length, never its value; None for a long enough (or unknown) secret. ``signs``: what Sinch
    signs with it (``event``, ``callback``)."""
    secret = declared.get("secret")
    if not isinstance(secret, str) or len(secret) >= ADVISED_SECRET_LENGTH:
        return None
    return (
        f"{resource} {declared.get('target')}: the secret has {len(secret)} characters. Sinch signs every "
        f"{signs} with it and advises a high-entropy secret: use at least {ADVISED_SECRET_LENGTH} random "
        "characters, for example the 43 of python -c 'import secrets; print(secrets.token_urlsafe(32))'."
    )


class InputError(ProviderError, ValueError):
    """The declaration is invalid (Check normally reports it first; raised if create or update see it)."""

    def __init__(self, resource: str, problems: Problems) -> None:
        self.resource = resource
        self.problems = list(problems)
        super().__init__(f"Invalid {resource} declaration:\n{problem_lines(self.problems)}")


class CreateError(ProviderError):
    """Creating failed, and the message says what exists now: nothing, or what to look for and adopt."""


class OwnershipError(ProviderError):
    """Two resources would manage the same Sinch object."""


class AdoptionError(ProviderError):
    """The id a declaration names to adopt cannot be adopted (missing, malformed, or not as declared)."""
