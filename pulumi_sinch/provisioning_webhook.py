"""``ProvisioningWebhook``: the ``sinch:index:ProvisioningWebhook`` resource (a Sinch project webhook)."""

from collections.abc import Sequence

import pulumi

from provider.webhooks.args import WebhookTrigger
from provider.webhooks.properties import TABLE
from pulumi_sinch._resource import SinchCustomResource


class ProvisioningWebhook(SinchCustomResource):
    """A Sinch project webhook (``sinch:index:ProvisioningWebhook``): Sinch posts the events of ``triggers``
    to ``target``, each signed with ``secret`` (always a Pulumi secret). The same arguments, outputs and
    behaviour as ``provider.ProvisioningWebhook`` (docs/webhooks.md), served by the ``sinch`` plugin.
    """

    pulumi_type = "sinch:index:ProvisioningWebhook"
    table = TABLE

    target: pulumi.Output[str]
    secret: pulumi.Output[str]
    triggers: pulumi.Output[list[str]]
    webhook_id: pulumi.Output[str | None]
    project_id: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        target: pulumi.Input[str],
        secret: pulumi.Input[str],
        triggers: pulumi.Input[Sequence[pulumi.Input[WebhookTrigger]]],
        webhook_id: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        self._register(resource_name, self._inputs(locals()), opts)
