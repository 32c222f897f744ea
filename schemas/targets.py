"""What both webhook kinds share: the target URL Sinch posts to, the signing secret, the trigger list.

A ``ProvisioningWebhook`` (``schemas.webhooks``) and a ``ConversationWebhook``
(``schemas.conversation_webhooks``) each name a URL of the user's that Sinch posts to, a secret it signs
with, and the triggers they subscribe to. The rules for these are one set, here:

- ``TargetUrl``: an absolute URL (marshmallow's URL check: a host with a top-level domain, or an IP address;
  a valid port), at most ``max_length`` characters, surrounding whitespace stripped;
  - https, or plain http to this machine only (``LOOPBACK_HOSTS``, as for the provider's own API URLs):
    what Sinch posts carries a signature and data worth protecting (``plain_http_reason`` says which);
  - no user name or password in it, and no query parameter whose name says it holds a secret
    (``SECRET_QUERY_NAMES``, compared without case, ``-`` or ``_``: ``?token=``, ``?apiKey=``, ...): the
    target is kept and shown in plain text (state, previews, logs), so a credential there leaks. Sinch
    signs what it posts with the secret; the receiver verifies the signature instead;
  - none of the ``forbidden_hosts`` (the Conversation API forbids its own ``conversation-api.*.sinch.com``).
- ``SecureUrl``: the first rule alone (an https URL, or plain http to this machine), for URLs that are no
  webhook target (the OAuth2 token endpoint of a Conversation webhook's client credentials).
- ``SigningSecret``: 1 to ``max_length`` characters, never stripped (every character of a key counts).
- ``trigger_list``: at least one trigger, each one of the given enum (case matters; a typo gets the closest
  name; values the spec says not to use are refused with the reason), no duplicate (the repeat names the
  first index). ``UNKNOWN`` items are never duplicates.

And the comparisons both kinds make with what the API holds: ``same_triggers`` (a set: order means nothing
to Sinch), ``target_from_api`` and ``triggers_from_api`` (Sinch's value in the declared representation
where it is equal to the declared one).

Messages never repeat a secret: neither the secret nor the value of a refused query parameter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final
from urllib.parse import SplitResult, parse_qsl, urlsplit

from marshmallow import ValidationError, validate

from schemas.fields import Choice, Items, Text
from schemas.unknown import UNKNOWN

# Hosts a URL may reach over plain http: this machine only (a local receiver, the emulator), as for the
# provider's own API URLs.
LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "localhost", "::1"})

# Query parameter names that say their value is a secret (compared without case, "-" and "_").
SECRET_QUERY_NAMES: Final = (
    "token",
    "secret",
    "key",
    "password",
    "signature",
    "sig",
    "auth",
    "access_token",
    "api_key",
)

INVALID_TARGET = (
    "Not a valid URL: use an absolute https:// address where Sinch can deliver events, for example "
    "https://events.example.com/sinch."
)
INVALID_URL = "Not a valid URL: use an absolute https:// address, for example https://auth.example.com/token."
CREDENTIALS_IN_TARGET = (
    "Must not contain a user name or password: the target is kept and shown in plain text (state, "
    "previews, logs). Sinch signs every event with the secret; verify the signature instead."
)

_URL = validate.URL(relative=False, absolute=True, schemes={"http", "https"}, require_tld=True)
_SEPARATORS = re.compile(r"[-_]")
_SECRET_NAMES = frozenset(_SEPARATORS.sub("", name) for name in SECRET_QUERY_NAMES)


def plain_http_message(reason: str) -> str:
    """Why plain http is refused: ``reason`` says what travels to the URL."""
    return (
        "Plain http is accepted only to this machine (127.0.0.1, localhost or ::1, as for the Sinch API "
        f"URLs): {reason}, so use https://."
    )


def secret_query_message(names: Sequence[str]) -> str:
    """Why a query string naming a secret is refused (the names are shown, never the values)."""
    shown = ", ".join(repr(name) for name in names)
    return (
        f"Must not carry a secret in its query string ({shown}): the target is kept and shown in plain "
        "text (state, previews, logs). Sinch signs every event with the secret; verify the signature "
        "instead."
    )


def secret_query_names(query: str) -> list[str]:
    """The names of ``query``'s parameters that say they hold a secret, as written, each once."""
    found: dict[str, None] = {}
    for name, _value in parse_qsl(query, keep_blank_values=True):
        if _SEPARATORS.sub("", name).lower() in _SECRET_NAMES:
            found.setdefault(name)
    return list(found)


class SecureUrl(Text):
    """An absolute https URL, or a plain http one to this machine (see the module docstring).

    ``plain_http_reason`` completes the message for plain http elsewhere ("...: <reason>, so use
    https://."); ``invalid_message`` is the message for what is no URL at all."""

    def __init__(self, *, plain_http_reason: str, invalid_message: str = INVALID_URL, **kwargs: Any) -> None:
        super().__init__(min_length=1, **kwargs)
        self.plain_http = plain_http_message(plain_http_reason)
        self.invalid_message = invalid_message

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            _URL(text)
            parts = urlsplit(text)
            parts.port  # noqa: B018 - raises ValueError for a port out of range
        except (ValidationError, ValueError):
            raise ValidationError(self.invalid_message) from None
        self.check(parts)
        if parts.scheme.lower() == "http" and (parts.hostname or "").lower() not in LOOPBACK_HOSTS:
            raise ValidationError(self.plain_http)
        return text

    def check(self, parts: SplitResult) -> None:
        """Further rules on a valid URL (for subclasses); raise ``ValidationError`` to refuse it."""


class TargetUrl(SecureUrl):
    """The URL Sinch posts events or callbacks to (see the module docstring for the rules).

    ``forbidden_hosts``: ``(pattern, message)`` pairs; a host the pattern matches whole (lower case, without
    a trailing dot) is refused with the message."""

    def __init__(
        self,
        *,
        max_length: int,
        plain_http_reason: str,
        forbidden_hosts: Sequence[tuple[re.Pattern[str], str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(
            plain_http_reason=plain_http_reason,
            invalid_message=INVALID_TARGET,
            max_length=max_length,
            **kwargs,
        )
        self.forbidden_hosts = tuple(forbidden_hosts)

    def check(self, parts: SplitResult) -> None:
        if parts.username is not None or parts.password is not None:
            raise ValidationError(CREDENTIALS_IN_TARGET)
        secrets = secret_query_names(parts.query)
        if secrets:
            raise ValidationError(secret_query_message(secrets))
        host = (parts.hostname or "").lower().rstrip(".")
        for pattern, message in self.forbidden_hosts:
            if pattern.fullmatch(host):
                raise ValidationError(message)


class SigningSecret(Text):
    """The secret Sinch signs with: 1 to ``max_length`` characters, never stripped (every character
    counts)."""

    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        super().__init__(min_length=1, max_length=max_length, strip=False, **kwargs)


def trigger_list(
    triggers: Sequence[str], *, refused: Mapping[str, str] | None = None, **kwargs: Any
) -> Items:
    """A required list of at least one trigger of ``triggers``, unique (see the module docstring)."""
    return Items(
        Choice(triggers, noun="webhook trigger", refused=refused),
        min_items=1,
        unique=True,
        required=True,
        **kwargs,
    )


def same_triggers(a: Any, b: Any) -> bool:
    """Two trigger lists holding the same triggers, order aside (``UNKNOWN`` anywhere: not the same)."""
    if not isinstance(a, list | tuple) or not isinstance(b, list | tuple):
        return False
    if any(item is UNKNOWN or not isinstance(item, str) for item in (*a, *b)):
        return False
    return len(set(a)) == len(a) and len(set(b)) == len(b) and set(a) == set(b)


def target_from_api(target: Any, declared: Any) -> Any:
    """The target Sinch holds: the declared text when equal but for surrounding whitespace."""
    if isinstance(target, str) and isinstance(declared, str) and target.strip() == declared:
        return declared
    return target


def triggers_from_api(triggers: Any, declared: Any) -> list[Any]:
    """The triggers Sinch holds (``[]`` for none): in the declared order when they are the same set."""
    held = list(triggers) if isinstance(triggers, list) else []
    if same_triggers(held, declared):
        return list(declared)
    return held
