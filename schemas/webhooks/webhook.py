"""``WebhookSchema``: a ``ProvisioningWebhook`` declaration, as the provider takes it and keeps it in state.

``{"target": "https://...", "secret": "...", "triggers": ["RCS_SENDER_STATUS_UPDATED", ...],
"webhookId": "..."}``; ``webhookId`` is optional (adopt an existing webhook). The rules are the API's
(``WebhookWebhookInputDto``) plus what a declaration should not get wrong:

- ``target``: an absolute https URL of at most 742 characters; plain http only to this machine
  (``127.0.0.1``, ``localhost``, ``::1``), since each event carries the sender's credentials; no user name
  or password in it (the target is shown in plain text). Surrounding whitespace is stripped.
- ``secret``: 1-128 characters, kept exactly as given (its spaces are part of the key).
- ``triggers``: at least one, each a trigger of the spec's enum (a typo gets the closest name), no
  duplicate (the repeat names the first index), and ``ALL`` alone (it already receives every event; Sinch
  says not to combine it). Compared as a set (``schemas.webhooks.api``); the declared order is kept.

``UNKNOWN`` passes every field untouched (preview), and is never a duplicate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from marshmallow import ValidationError, validate, validates

from schemas.base import StrictSchema
from schemas.errors import closest_name
from schemas.fields import Items, Text
from schemas.unknown import UNKNOWN
from schemas.webhooks.constants import (
    ALL,
    LOOPBACK_HOSTS,
    MAX_SECRET_LENGTH,
    MAX_TARGET_LENGTH,
    TRIGGERS,
    WEBHOOK_ID,
)

INVALID_TARGET = (
    "Not a valid URL: use an absolute https:// address where Sinch can deliver events, for example "
    "https://events.example.com/sinch."
)
PLAIN_HTTP_TARGET = (
    "Plain http is accepted only to this machine (127.0.0.1, localhost or ::1, as for the Sinch API URLs): "
    "every event carries its signature and the sender's credentials (authToken), so use https://."
)
CREDENTIALS_IN_TARGET = (
    "Must not contain a user name or password: the target is kept and shown in plain text (state, "
    "previews, logs). Sinch signs every event with the secret; verify the signature instead."
)
ALL_COMBINED = (
    "ALL already receives every event, and Sinch says not to combine it with other triggers: declare "
    "['ALL'] alone, or list only the triggers you want."
)

_URL = validate.URL(relative=False, absolute=True, schemes={"http", "https"}, require_tld=True)


class TargetUrl(Text):
    """The URL Sinch posts events to (see the module docstring for the rules)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_length=1, max_length=MAX_TARGET_LENGTH, **kwargs)

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            _URL(text)
            parts = urlsplit(text)
            parts.port  # noqa: B018 - raises ValueError for a port out of range
        except (ValidationError, ValueError):
            raise ValidationError(INVALID_TARGET) from None
        if parts.username is not None or parts.password is not None:
            raise ValidationError(CREDENTIALS_IN_TARGET)
        if parts.scheme.lower() == "http" and (parts.hostname or "").lower() not in LOOPBACK_HOSTS:
            raise ValidationError(PLAIN_HTTP_TARGET)
        return text


class SigningSecret(Text):
    """The secret Sinch signs events with: 1-128 characters, never stripped (every character counts)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_length=1, max_length=MAX_SECRET_LENGTH, strip=False, **kwargs)


class Trigger(Text):
    """One trigger of the spec's enum; case matters, as for the API. A typo gets the closest name."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if text in _TRIGGER_SET:
            return text
        suggestion = closest_name(text, TRIGGERS)
        if suggestion is not None:
            raise ValidationError(f"Not a webhook trigger. Did you mean {suggestion!r}?")
        raise ValidationError(f"Not a webhook trigger. Must be one of: {', '.join(TRIGGERS)}.")


_TRIGGER_SET = frozenset(TRIGGERS)


class WebhookSchema(StrictSchema):
    """A webhook declaration (camelCase, as in Pulumi state)."""

    target = TargetUrl(required=True)
    secret = SigningSecret(required=True)
    triggers = Items(Trigger(), min_items=1, unique=True, required=True)
    webhookId = Text(  # noqa: N815 (the state's names are the API's)
        pattern=WEBHOOK_ID,
        pattern_message=(
            "Not a valid webhook id: use the id Sinch gave the webhook (python -m provider webhooks lists "
            "them), letters, digits, '-' and '_' only."
        ),
    )

    @validates("triggers")
    def _all_alone(self, value: Any, **_kwargs: Any) -> None:
        if not isinstance(value, list):
            return  # UNKNOWN: cannot judge yet
        known = [item for item in value if item is not UNKNOWN]
        if ALL in known and len(known) > 1:
            raise ValidationError(ALL_COMBINED)


_SCHEMA = WebhookSchema()


def load_webhook(data: Any) -> Any:
    """``WebhookSchema().load(data)`` on a schema built once (loading does not change a schema)."""
    return _SCHEMA.load(data)
