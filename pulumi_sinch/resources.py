"""The ``sinch:index:*`` resources: each the dynamic form's class, registered as its type in the ``sinch``
package (:class:`~pulumi_sinch._resource.NativeForm`). Arguments, outputs and behaviour are the
dynamic form's (docs/rcs-sender.md, webhooks.md, conversation-app.md, conversation-webhook.md)."""

from provider.conversation_apps.resource import ConversationApp as DynamicConversationApp
from provider.conversation_webhooks.resource import ConversationWebhook as DynamicConversationWebhook
from provider.rcs_senders.resource import RcsSender as DynamicRcsSender
from provider.webhooks.resource import ProvisioningWebhook as DynamicProvisioningWebhook
from pulumi_sinch._resource import NativeForm


class RcsSender(NativeForm, DynamicRcsSender):
    """A Sinch RCS sender (``sinch:index:RcsSender``), served by the ``sinch`` plugin."""

    pulumi_type = "sinch:index:RcsSender"


class ProvisioningWebhook(NativeForm, DynamicProvisioningWebhook):
    """A Sinch project webhook (``sinch:index:ProvisioningWebhook``), served by the ``sinch`` plugin."""

    pulumi_type = "sinch:index:ProvisioningWebhook"


class ConversationApp(NativeForm, DynamicConversationApp):
    """A Conversation API app whose RCS channel holds ``rcs_sender``'s credentials
    (``sinch:index:ConversationApp``), served by the ``sinch`` plugin."""

    pulumi_type = "sinch:index:ConversationApp"


class ConversationWebhook(NativeForm, DynamicConversationWebhook):
    """A Conversation API app's webhook (``sinch:index:ConversationWebhook``), served by the ``sinch``
    plugin."""

    pulumi_type = "sinch:index:ConversationWebhook"
