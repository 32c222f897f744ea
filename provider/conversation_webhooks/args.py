"""Typed arguments of ``ConversationWebhook``: the trigger names as a ``Literal`` and the client credentials
as a ``TypedDict``, so that a type checker flags a misspelt trigger or key before ``pulumi preview`` does.
``schemas.conversation_webhooks`` is the authority on what is valid (a test checks that both name the same
triggers: the contract's 22 but ``UNSPECIFIED_TRIGGER``, which it says not to use)."""

from __future__ import annotations

from typing import Literal, TypedDict

import pulumi

ConversationTrigger = Literal[
    "MESSAGE_DELIVERY",
    "EVENT_DELIVERY",
    "MESSAGE_INBOUND",
    "EVENT_INBOUND",
    "CONVERSATION_START",
    "CONVERSATION_STOP",
    "CONTACT_CREATE",
    "CONTACT_DELETE",
    "CONTACT_MERGE",
    "CONTACT_UPDATE",
    "UNSUPPORTED",
    "OPT_IN",
    "OPT_OUT",
    "CAPABILITY",
    "CONVERSATION_DELETE",
    "CONTACT_IDENTITIES_DUPLICATION",
    "CHANNEL_EVENT",
    "SMART_CONVERSATION",
    "MESSAGE_INBOUND_SMART_CONVERSATION_REDACTION",
    "RECORD_NOTIFICATION",
    "MESSAGE_SUBMIT",
]
"""The triggers an app webhook may subscribe to, in the contract's order."""

TokenRequestType = Literal["BASIC", "FORM"]


class _ClientCredentialsRequired(TypedDict):
    client_id: pulumi.Input[str]
    client_secret: pulumi.Input[str]
    """Secret (the whole ``client_credentials`` is kept secret)."""
    endpoint: pulumi.Input[str]
    """The token endpoint: https (plain http to this machine only): Sinch sends the client secret there."""


class ClientCredentialsArgs(_ClientCredentialsRequired, total=False):
    """``client_credentials``: how Sinch gets an OAuth2 token (client-credentials grant) before it posts to
    the target: ``client_id``, ``client_secret`` and ``endpoint`` required, the rest optional. The API's
    own snake_case names, so a body from Sinch's docs can be pasted as it is."""

    scope: pulumi.Input[str]
    response_type: pulumi.Input[str]
    token_request_type: pulumi.Input[TokenRequestType]
    """``BASIC`` (the API's default: the client id and secret in a Basic header) or ``FORM``."""
