"""Typed arguments of ``ConversationWebhook``: the trigger names as a ``Literal`` and the client credentials
as a ``TypedDict``, so that a type checker flags a misspelt trigger or key before ``pulumi preview`` does.
The trigger type is the schema's own list (:mod:`schemas.conversation_webhooks.constants`: the contract's
22 but ``UNSPECIFIED_TRIGGER``, which it says not to use), re-exported here beside the resource; a test
holds the credentials' keys to the schema's fields."""

from __future__ import annotations

from typing import Literal, TypedDict

import pulumi

from schemas.conversation_webhooks.constants import ConversationTrigger

__all__ = ["ClientCredentialsArgs", "ConversationTrigger", "TokenRequestType"]

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
