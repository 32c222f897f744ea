"""The provider's own errors, shared by every resource: what each message needs, written once.

Each message is written for the person running ``pulumi``: what happened, to which object, what to do.
A front end turns an exception into the operation's error text (:mod:`provider.core.reporting`), so every
message stands on its own. The client's API errors are in ``sinch_provisioning.errors`` and
``sinch_conversation.errors``; a resource's own errors subclass these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar, TypeVar

from schemas.webhooks.constants import ADVISED_SECRET_LENGTH
from sinch_provisioning.errors import SinchStatusError

Problems = Sequence[tuple[str, str]]
T = TypeVar("T")


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


class GoneError(ProviderError):
    """The object the stack records no longer exists in Sinch (a step that needs it found it gone): which,
    where (``where``), the likely cause, and how to set the stack right. Each resource's subclass names
    its kind of object (``what``) and, where it has one more, the likely cause (``how``)."""

    what: ClassVar[str]
    how: ClassVar[str] = "deleted outside Pulumi?"

    def __init__(self, object_id: str, where: str) -> None:
        self.object_id = object_id
        super().__init__(
            f"{self.what} {object_id} no longer exists in {where} ({self.how}). Run `pulumi refresh` to drop "
            "it from the stack, then `pulumi up` to create it again."
        )


class AdoptionError(ProviderError):
    """The id a declaration names to adopt cannot be adopted (missing, malformed, or not as declared)."""


@contextmanager
def adopting(
    error_type: type[AdoptionError], explain: Callable[[SinchStatusError], str | None]
) -> Iterator[None]:
    """Read the object a declaration names to adopt: an API answer ``explain`` has words for (no such
    object, an id Sinch cannot parse) becomes ``error_type`` with them; any other is raised as it is."""
    try:
        yield
    except SinchStatusError as error:
        message = explain(error)
        if message is None:
            raise
        raise error_type(message) from None


def unless_gone(read: Callable[[], T], gone: Callable[[SinchStatusError], bool]) -> T | None:
    """``read()``, or None when it failed with an answer that ``gone`` says means the object no longer
    exists. Any other failure is raised: a missing project or a wrong URL must never make a refresh
    forget the objects of a stack."""
    try:
        return read()
    except SinchStatusError as error:
        if gone(error):
            return None
        raise
