"""``ProvisioningWebhook``: the Pulumi resource a program declares for one Sinch project webhook.

State and the wire to the provider use camelCase (``webhookId``, ``projectId``); the Python object uses
snake_case (``hook.webhook_id``, ``hook.project_id``). ``secret`` is always a Pulumi secret: the resource
wraps it with ``pulumi.Output.secret`` and lists it in ``additional_secret_outputs``, so it is encrypted
in state and masked in previews and outputs even when the program passes a plain string.
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi

from provider.dynamic.resource import SinchResource
from provider.webhooks.args import WebhookTrigger
from provider.webhooks.provider import ProvisioningWebhookProvider


class ProvisioningWebhook(SinchResource, module="sinch", name="ProvisioningWebhook"):
    """A Sinch project webhook (type token ``pulumi-python:dynamic/sinch:ProvisioningWebhook``): Sinch posts
    the events of ``triggers`` to ``target``, each signed with ``secret``.

    - ``target``: an https URL (at most 742 characters; plain http only to 127.0.0.1, localhost or ::1),
      unique within the Sinch project.
    - ``secret``: 1-128 characters; verify each event's signature with it
      (``sinch_provisioning.webhook_events.verify_webhook_signature``). Changing it is an update in place.
    - ``triggers``: at least one of the 39 trigger names, or ``["ALL"]`` alone; compared as a set.
    - ``webhook_id``: manage an existing webhook instead of creating one (it is updated to the declaration,
      its secret included). Changing it to another id replaces the resource: the old webhook is deleted
      first.

    The resource's ``id`` is the webhook id. Deleting the resource deletes the webhook (keep it with
    ``ResourceOptions(retain_on_delete=True)``). A project holds at most 15 webhooks.
    """

    provider_class = ProvisioningWebhookProvider

    # Echoed inputs.
    target: pulumi.Output[str]
    secret: pulumi.Output[str]
    """Secret: the key Sinch signs events with (never readable back from Sinch)."""
    triggers: pulumi.Output[list[str]]
    webhook_id: pulumi.Output[str | None]
    # From Sinch.
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
        secret = pulumi.Output.secret(secret)
        self._register(resource_name, self._declared(locals()), opts)
