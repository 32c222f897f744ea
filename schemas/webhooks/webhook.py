"""``WebhookSchema``: a ``ProvisioningWebhook`` declaration, as the provider takes it and keeps it in state.

``{"target": "https://...", "secret": "...", "triggers": ["RCS_SENDER_STATUS_UPDATED", ...],
"webhookId": "..."}``; ``webhookId`` is optional (adopt an existing webhook). The rules are the API's
(``WebhookWebhookInputDto``) plus what a declaration should not get wrong:

- ``target``: an absolute https URL of at most 742 characters; plain http only to this machine
  (``127.0.0.1``, ``localhost``, ``::1``), since each event carries the sender's credentials; no user name
  or password in it and no secret-looking query parameter (``?token=...``: the target is shown in plain
  text). Surrounding whitespace is stripped. These rules are ``schemas.targets``, shared with the
  Conversation API's webhooks.
- ``secret``: 1-128 characters, kept exactly as given (its spaces are part of the key).
- ``triggers``: at least one, each a trigger of the spec's enum (a typo gets the closest name), no
  duplicate (the repeat names the first index), and ``ALL`` alone (it already receives every event; Sinch
  says not to combine it). Compared as a set (``schemas.webhooks.api``); the declared order is kept.

``UNKNOWN`` passes every field untouched (preview), and is never a duplicate.
"""

from __future__ import annotations

from typing import Any, Final

from marshmallow import ValidationError, validates

from schemas.base import StrictSchema
from schemas.fields import Text
from schemas.names import input_names
from schemas.targets import SigningSecret, TargetUrl, trigger_list
from schemas.unknown import UNKNOWN
from schemas.webhooks.constants import ALL, MAX_SECRET_LENGTH, MAX_TARGET_LENGTH, TRIGGERS, WEBHOOK_ID

ALL_COMBINED = (
    "ALL already receives every event, and Sinch says not to combine it with other triggers: declare "
    "['ALL'] alone, or list only the triggers you want."
)
# What a provisioning event carries, and why plain http to another machine is refused.
PLAIN_HTTP_REASON = "every event carries its signature and the sender's credentials (authToken)"


class WebhookSchema(StrictSchema):
    """A webhook declaration (camelCase, as in Pulumi state)."""

    target = TargetUrl(max_length=MAX_TARGET_LENGTH, plain_http_reason=PLAIN_HTTP_REASON, required=True)
    secret = SigningSecret(max_length=MAX_SECRET_LENGTH, required=True)
    triggers = trigger_list(TRIGGERS)
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

# A webhook declaration's inputs (state names), in declaration order: what the provider's tables derive
# from.
INPUT_NAMES: Final = input_names(WebhookSchema)


def load_webhook(data: Any) -> Any:
    """``WebhookSchema().load(data)`` on a schema built once (loading does not change a schema)."""
    return _SCHEMA.load(data)
