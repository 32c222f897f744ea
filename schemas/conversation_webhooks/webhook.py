"""``ConversationWebhookSchema``: a ``ConversationWebhook`` declaration (an app webhook of the Conversation
API), as the provider takes it and keeps it in state.

Top-level names are camelCase (state); inside ``clientCredentials`` the API's own snake_case names::

    {
        "appId": "01HZX4C8Q2W6M3N5P7R9T1V3X5",  # required: the app's id (a ULID)
        "region": "EU",  # required: EU | US | BR, the app's region (which regional host to talk to)
        "target": "https://hooks.example.com/sinch",  # required
        "triggers": ["MESSAGE_DELIVERY", "MESSAGE_INBOUND"],  # required, at least one
        "secret": "...",  # required, 1-256 characters (the maximum is ours), kept exactly
        "clientCredentials": {  # optional: OAuth2 for the target
            "client_id": "...", "client_secret": "...",  # required, kept exactly
            "endpoint": "https://auth.example.com/token",  # required
            "scope": "...",  # optional, at most 1024 characters
            "response_type": "...",  # optional, at most 64 characters
            "token_request_type": "BASIC",  # optional: BASIC (the API's default) | FORM
        },
    }

The rules (every problem at once, each at its path):

- ``target``: the rules of every webhook target (``schemas.targets``: https, or plain http to this machine;
  no user name, password or secret-looking query parameter; at most 742 characters), and not on a
  ``conversation-api.*.sinch.com`` host (the contract forbids them).
- ``triggers``: at least one of the contract's ``WebhookTrigger`` values, no duplicate, case-sensitive
  with the closest name for a typo; ``UNSPECIFIED_TRIGGER`` is refused with the contract's reason. They
  compare as a set; the declared order is kept.
- ``secret``: required, although the contract makes it optional: Sinch signs each callback with it, and an
  unsigned callback cannot be told from a forged one.
- ``clientCredentials.endpoint``: an https URL (plain http to this machine only): Sinch sends the client
  secret to it.

``UNKNOWN`` passes every field untouched at any depth (preview), and is never a duplicate.
"""

from __future__ import annotations

from typing import Any, Final

from schemas.base import StrictSchema
from schemas.conversation_webhooks.constants import (
    APP_ID,
    FORBIDDEN_TARGET_HOST,
    MAX_ENDPOINT_LENGTH,
    MAX_RESPONSE_TYPE_LENGTH,
    MAX_SCOPE_LENGTH,
    MAX_SECRET_LENGTH,
    MAX_TARGET_LENGTH,
    REFUSED_TRIGGERS,
    TOKEN_REQUEST_TYPES,
    TRIGGERS,
)
from schemas.fields import Choice, Credential, Object, Text
from schemas.names import input_names
from schemas.rcs_senders.constants import REGIONS
from schemas.targets import SecureUrl, SigningSecret, TargetUrl, trigger_list

UNSIGNED_CALLBACKS: Final = (
    "Missing data for required field: Sinch signs each callback with the secret, and without one your "
    "endpoint cannot tell Sinch's callbacks from forged ones (the API makes it optional; this provider "
    "does not). Make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'."
)
REGION_REQUIRED: Final = (
    "Missing data for required field: the app's region (EU, US or BR); the webhook lives on the app's "
    "regional host."
)
FORBIDDEN_HOST: Final = (
    "Must not be on a conversation-api.*.sinch.com host: the Conversation API forbids its own hosts as "
    "webhook targets. Use the address of your own endpoint."
)
# What a callback carries, and why plain http to another machine is refused.
PLAIN_HTTP_REASON: Final = (
    "every callback carries its signature and your customers' messages and contact details"
)


class ClientCredentialsSchema(StrictSchema):
    """``client_credentials``: how Sinch gets an OAuth2 token for the target (see the module docstring)."""

    client_id = Credential(required=True)
    client_secret = Credential(required=True)
    endpoint = SecureUrl(
        plain_http_reason="Sinch sends the client secret to it",
        max_length=MAX_ENDPOINT_LENGTH,
        required=True,
    )
    scope = Text(max_length=MAX_SCOPE_LENGTH)
    response_type = Text(max_length=MAX_RESPONSE_TYPE_LENGTH)
    token_request_type = Choice(TOKEN_REQUEST_TYPES, suggest=True)


class ConversationWebhookSchema(StrictSchema):
    """A ConversationWebhook declaration (see the module docstring)."""

    appId = Text(  # noqa: N815 (the state's names)
        required=True,
        pattern=APP_ID,
        pattern_message=(
            "Not a valid app id: Sinch's app ids are ULIDs, 26 letters and digits such as "
            "01HZX4C8Q2W6M3N5P7R9T1V3X5; use the ConversationApp's id."
        ),
    )
    region = Choice(REGIONS, suggest=True, required=True, error_messages={"required": REGION_REQUIRED})
    target = TargetUrl(
        max_length=MAX_TARGET_LENGTH,
        plain_http_reason=PLAIN_HTTP_REASON,
        forbidden_hosts=[(FORBIDDEN_TARGET_HOST, FORBIDDEN_HOST)],
        required=True,
    )
    triggers = trigger_list(TRIGGERS, refused=REFUSED_TRIGGERS)
    secret = SigningSecret(
        max_length=MAX_SECRET_LENGTH, required=True, error_messages={"required": UNSIGNED_CALLBACKS}
    )
    clientCredentials = Object(ClientCredentialsSchema)  # noqa: N815

    unknown_advice = dict.fromkeys(
        ("app", "app_id"), "Unknown field. Did you mean 'appId' (the ConversationApp's id)?"
    )


_SCHEMA = ConversationWebhookSchema()

# A ConversationWebhook declaration's inputs (state names), in declaration order: what the provider's tables
# derive from.
INPUT_NAMES: Final = input_names(ConversationWebhookSchema)


def load_conversation_webhook(data: Any) -> Any:
    """``ConversationWebhookSchema().load(data)`` on a schema built once (loading does not change a
    schema)."""
    return _SCHEMA.load(data)
