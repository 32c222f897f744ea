"""``pulumi_sinch``: the Python SDK of the ``sinch`` provider plugin (the native form of sinch-rcs-pulumi).

    import pulumi
    import pulumi_sinch as sinch

    prod = sinch.Provider("prod", project_id="...", key_id="...", key_secret=pulumi.Output.secret("..."))
    sinch.RcsSender("acme-eu", region="EU", ..., opts=pulumi.ResourceOptions(provider=prod))

One class per ``sinch:index:*`` type of the package schema (``python -m provider.native schema``),
``Provider`` for ``pulumi:providers:sinch`` and ``lookup_senders`` for ``sinch:index:lookupSenders``; a test
holds them to the schema. The resource classes are the dynamic form's (``provider.RcsSender``, ...),
registered as their ``sinch:index:*`` type: the same typed arguments, outputs and conveniences (a
``ConversationApp`` takes its ``rcs_sender``, a ``ConversationWebhook`` its ``app``), which a generated SDK
would spell as the schema's plain inputs. docs/provider-forms.md says when to use which form.
"""

from provider.conversation_webhooks.args import ClientCredentialsArgs, ConversationTrigger
from provider.rcs_senders.args import BrandArgs, EmailArgs, PhoneArgs, QuestionnaireArgs, WebsiteArgs
from provider.rcs_senders.lookup import SenderSummary
from provider.webhooks.args import RcsTrigger, WebhookTrigger
from pulumi_sinch.lookup_senders import LookupSendersResult, lookup_senders
from pulumi_sinch.provider import Provider
from pulumi_sinch.resources import ConversationApp, ConversationWebhook, ProvisioningWebhook, RcsSender

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
    "RcsSender",
    "RcsTrigger",
    "SenderSummary",
    "WebhookTrigger",
    "WebsiteArgs",
    "lookup_senders",
]
