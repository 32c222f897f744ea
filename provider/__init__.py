"""sinch-rcs-pulumi: Sinch messaging resources as Pulumi resources (a Python dynamic provider).

    from provider import ConversationApp, ConversationWebhook, ProvisioningWebhook, RcsSender

One package per resource (``provider.rcs_senders``, ``provider.webhooks``, ``provider.conversation_apps``,
``provider.conversation_webhooks``); the Sinch HTTP clients they use are the separate, Pulumi-free packages
``sinch_provisioning`` (where ``verify_webhook_signature`` lives, for the handlers that receive webhook
events and app callbacks) and ``sinch_conversation``, and the marshmallow schemas are in ``schemas``.

The three are installed side by side as top-level packages, a layout fixed by the class paths every stack
records (ARCHITECTURE.md, "Frozen names"). The first thing this package does is check that the ``schemas``
and ``sinch_provisioning`` Python would import are ours (:mod:`provider.layout`): a user's own ``schemas``
in the program's folder gets a clear error here, not a confusing one deep in the provider plugin.
"""

from provider.layout import check_layout

check_layout()  # before anything below imports schemas or sinch_provisioning

from provider.conversation_apps.args import (
    CallbackSettingsArgs,
    ChannelCredentialArgs,
    DeliveryReportBasedFallbackArgs,
    DispatchRetentionPolicyArgs,
    MessageRetrySettingsArgs,
    RetentionPolicyArgs,
    SmartConversationArgs,
)
from provider.conversation_apps.provider import ConversationAppProvider
from provider.conversation_apps.resource import ConversationApp
from provider.conversation_webhooks.args import ClientCredentialsArgs, ConversationTrigger
from provider.conversation_webhooks.provider import ConversationWebhookProvider
from provider.conversation_webhooks.resource import ConversationWebhook
from provider.rcs_senders.args import (
    BrandArgs,
    EmailArgs,
    PhoneArgs,
    QuestionnaireArgs,
    WebsiteArgs,
)
from provider.rcs_senders.lookup import SenderSummary, lookup_senders
from provider.rcs_senders.resource import RcsSender
from provider.sender_provider import RcsSenderProvider
from provider.webhooks.args import RcsTrigger, WebhookTrigger
from provider.webhooks.provider import ProvisioningWebhookProvider
from provider.webhooks.resource import ProvisioningWebhook
from sinch_provisioning import (
    AuthenticationError,
    NotFoundError,
    OutcomeUnknownError,
    SinchApiError,
    SinchConnectionError,
    SinchError,
    SinchRcsClient,
    WebhookEvent,
    WebhooksClient,
    WebhookVerificationError,
    verify_webhook_signature,
)
from sinch_provisioning.version import VERSION

__version__ = VERSION

__all__ = [
    "AuthenticationError",
    "BrandArgs",
    "CallbackSettingsArgs",
    "ChannelCredentialArgs",
    "ClientCredentialsArgs",
    "ConversationApp",
    "ConversationAppProvider",
    "ConversationTrigger",
    "ConversationWebhook",
    "ConversationWebhookProvider",
    "DeliveryReportBasedFallbackArgs",
    "DispatchRetentionPolicyArgs",
    "EmailArgs",
    "MessageRetrySettingsArgs",
    "NotFoundError",
    "OutcomeUnknownError",
    "PhoneArgs",
    "ProvisioningWebhook",
    "ProvisioningWebhookProvider",
    "QuestionnaireArgs",
    "RcsSender",
    "RcsSenderProvider",
    "RcsTrigger",
    "RetentionPolicyArgs",
    "SenderSummary",
    "SinchApiError",
    "SinchConnectionError",
    "SinchError",
    "SinchRcsClient",
    "SmartConversationArgs",
    "WebhookEvent",
    "WebhookTrigger",
    "WebhookVerificationError",
    "WebhooksClient",
    "WebsiteArgs",
    "__version__",
    "lookup_senders",
    "verify_webhook_signature",
]
