"""``ConversationWebhook``: the ``sinch:index:ConversationWebhook`` resource (an app webhook)."""

from collections.abc import Sequence
from typing import Any

import pulumi

from provider.conversation_webhooks.args import ClientCredentialsArgs, ConversationTrigger
from provider.conversation_webhooks.properties import TABLE
from provider.rcs_senders.args import Region
from pulumi_sinch._resource import SinchCustomResource


class ConversationWebhook(SinchCustomResource):
    """A webhook of a Conversation API app (``sinch:index:ConversationWebhook``): Sinch posts the app's
    callbacks of ``triggers`` to ``target``, each signed with ``secret``. The same arguments (the app by its
    ``app_id`` and ``region``), outputs and behaviour as ``provider.ConversationWebhook``
    (docs/conversation-webhook.md), served by the ``sinch`` plugin. ``secret`` and ``client_credentials``
    are always Pulumi secrets.
    """

    pulumi_type = "sinch:index:ConversationWebhook"
    table = TABLE

    app_id: pulumi.Output[str]
    region: pulumi.Output[str]
    target: pulumi.Output[str]
    triggers: pulumi.Output[list[str]]
    secret: pulumi.Output[str]
    client_credentials: pulumi.Output[dict[str, Any] | None]
    target_type: pulumi.Output[str]
    project_id: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        app_id: pulumi.Input[str],
        region: pulumi.Input[Region],
        target: pulumi.Input[str],
        triggers: pulumi.Input[Sequence[pulumi.Input[ConversationTrigger]]],
        secret: pulumi.Input[str],
        client_credentials: pulumi.Input[ClientCredentialsArgs] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        self._register(resource_name, self._inputs(locals()), opts)
