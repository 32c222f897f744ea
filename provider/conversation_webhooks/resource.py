"""``ConversationWebhook``: the Pulumi resource a program declares for one Conversation API app webhook.

State and the wire to the provider use camelCase (``appId``, ``clientCredentials``, ``targetType``); the
Python object uses snake_case (``hook.app_id``, ``hook.target_type``). ``secret`` and
``client_credentials`` are always Pulumi secrets: the resource wraps them with ``pulumi.Output.secret`` and
lists them in ``additional_secret_outputs``, so they are encrypted in state and masked in previews and
outputs even when the program passes plain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, cast

import pulumi

from provider.conversation_webhooks.args import ClientCredentialsArgs, ConversationTrigger
from provider.conversation_webhooks.provider import ConversationWebhookProvider
from provider.dynamic.resource import SinchResource
from provider.rcs_senders.args import Region


class ConversationAppLike(Protocol):
    """What a ``ConversationWebhook`` takes from its app: the app's id and region (a ``ConversationApp``
    has both)."""

    @property
    def id(self) -> pulumi.Output[str]: ...

    @property
    def region(self) -> pulumi.Output[str]: ...


class ConversationWebhook(SinchResource, module="sinch", name="ConversationWebhook"):
    """A webhook of a Conversation API app (type token ``pulumi-python:dynamic/sinch:ConversationWebhook``):
    Sinch posts the app's callbacks of ``triggers`` (delivery reports, inbound messages, ...) to ``target``,
    each signed with ``secret``.

    - ``app``: the ``ConversationApp`` (its ``id`` and ``region``); or, for an app the stack does not
      manage, ``app_id`` and ``region`` (``EU``, ``US`` or ``BR``: the host the app lives on). Another app
      or region is another webhook: a replacement.
    - ``target``: an https URL (at most 742 characters; plain http only to 127.0.0.1, localhost or ::1; not
      a ``conversation-api.*.sinch.com`` host), unique within the app.
    - ``triggers``: at least one of the 21 trigger names (``ConversationTrigger``); compared as a set.
    - ``secret``: 1-256 characters; verify each callback's signature with it
      (``sinch_provisioning.webhook_events.verify_webhook_signature``). Changing it is an update in place.
    - ``client_credentials``: optional OAuth2 client credentials Sinch uses to get a token for the target.

    The resource's ``id`` is the webhook id. Deleting the resource deletes the webhook (keep it with
    ``ResourceOptions(retain_on_delete=True)``). An app has at most 5 webhooks.
    """

    provider_class = ConversationWebhookProvider

    # Echoed inputs.
    app_id: pulumi.Output[str]
    region: pulumi.Output[str]
    target: pulumi.Output[str]
    triggers: pulumi.Output[list[str]]
    secret: pulumi.Output[str]
    """Secret: the key Sinch signs callbacks with (never read back from Sinch as drift)."""
    client_credentials: pulumi.Output[dict[str, Any] | None]
    """Secret: the target's OAuth2 client credentials, when declared."""
    # From Sinch.
    target_type: pulumi.Output[str]
    """``HTTP``, as the provider always sends it; anything else (changed in the dashboard) is drift."""
    project_id: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        app: ConversationAppLike | None = None,
        target: pulumi.Input[str],
        triggers: pulumi.Input[Sequence[pulumi.Input[ConversationTrigger]]],
        secret: pulumi.Input[str],
        client_credentials: pulumi.Input[ClientCredentialsArgs] | None = None,
        app_id: pulumi.Input[str] | None = None,
        region: pulumi.Input[Region] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        if app is not None:
            if app_id is not None or region is not None:
                raise TypeError(
                    f"ConversationWebhook {resource_name!r}: give app=<the ConversationApp>, or app_id= and "
                    "region= for an app this stack does not manage, not both"
                )
            # An app's region is one of the three (its own schema's choice); check() judges it anyway.
            app_id, region = app.id, cast("pulumi.Output[Region]", app.region)
        elif app_id is None or region is None:
            raise TypeError(
                f"ConversationWebhook {resource_name!r} needs its app: app=<the ConversationApp>, or app_id= "
                "and region= (EU, US or BR) for an app this stack does not manage"
            )
        secret = pulumi.Output.secret(secret)
        if client_credentials is not None:
            client_credentials = pulumi.Output.secret(client_credentials)
        self._register(resource_name, self._declared(locals()), opts)
