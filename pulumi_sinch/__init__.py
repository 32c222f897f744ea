"""``pulumi_sinch``: the Python SDK of the ``sinch`` provider plugin (the native form of sinch-rcs-pulumi).

    import pulumi
    import pulumi_sinch as sinch

    prod = sinch.Provider("prod", project_id="...", key_id="...", key_secret=pulumi.Output.secret("..."))
    sinch.RcsSender("acme-eu", region="EU", ..., opts=pulumi.ResourceOptions(provider=prod))

As the package schema has them, ``ConversationWebhook`` takes its app as ``app_id`` and ``region``, and
``ConversationApp`` its sender as four inputs, which ``rcs_channel(sender)`` gives.

The classes are what ``pulumi package add`` would generate from the package schema (``python -m
provider.native schema``): one per ``sinch:index:*`` type, ``Provider`` for ``pulumi:providers:sinch``, and
``lookup_senders`` for ``sinch:index:lookupSenders``; a test holds them to the schema. Their arguments and
outputs are those of the dynamic form's classes (``provider.RcsSender``, ...), with the same typed argument
shapes; docs/provider-forms.md says when to use which form.
"""

from provider.conversation_webhooks.args import ClientCredentialsArgs, ConversationTrigger
from provider.rcs_senders.args import BrandArgs, EmailArgs, PhoneArgs, QuestionnaireArgs, WebsiteArgs
from provider.rcs_senders.lookup import SenderSummary
from provider.webhooks.args import RcsTrigger, WebhookTrigger
from pulumi_sinch.conversation_app import ConversationApp, RcsChannel, rcs_channel
from pulumi_sinch.conversation_webhook import ConversationWebhook
from pulumi_sinch.lookup_senders import LookupSendersResult, lookup_senders
from pulumi_sinch.provider import Provider
from pulumi_sinch.provisioning_webhook import ProvisioningWebhook
from pulumi_sinch.rcs_sender import RcsSender

__all__ = [
    "BrandArgs",
    "ClientCredentialsArgs",
    "ConversationApp",
    "ConversationTrigger",
    "ConversationWebhook",
    "EmailArgs",
    "LookupSendersResult",
    "PhoneArgs",
    "Provider",
    "ProvisioningWebhook",
    "QuestionnaireArgs",
    "RcsChannel",
    "RcsSender",
    "RcsTrigger",
    "SenderSummary",
    "WebhookTrigger",
    "WebsiteArgs",
    "lookup_senders",
    "rcs_channel",
]
