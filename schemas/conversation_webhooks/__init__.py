"""The ``ConversationWebhook`` declaration (an app webhook of the Conversation API):
``ConversationWebhookSchema`` (``webhook.py``), the contract's facts (``constants.py``: the 22 triggers,
the limits) and the mapping to and from the API's webhook bodies (``api.py``)."""

from schemas.conversation_webhooks.constants import SUBSCRIBABLE_TRIGGERS, TRIGGERS
from schemas.conversation_webhooks.webhook import (
    INPUT_NAMES,
    ClientCredentialsSchema,
    ConversationWebhookSchema,
    load_conversation_webhook,
)

__all__ = [
    "INPUT_NAMES",
    "SUBSCRIBABLE_TRIGGERS",
    "TRIGGERS",
    "ClientCredentialsSchema",
    "ConversationWebhookSchema",
    "load_conversation_webhook",
]
