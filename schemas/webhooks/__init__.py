"""The ``ProvisioningWebhook`` declaration: ``WebhookSchema`` (``webhook.py``), the spec's facts
(``constants.py``: the 39 triggers, the limits), and comparison with what the API holds (``api.py``)."""

from schemas.webhooks.api import changed_fields, same_triggers, webhook_from_api
from schemas.webhooks.constants import ALL, RCS_TRIGGERS, TRIGGERS
from schemas.webhooks.webhook import WebhookSchema

__all__ = [
    "ALL",
    "RCS_TRIGGERS",
    "TRIGGERS",
    "WebhookSchema",
    "changed_fields",
    "same_triggers",
    "webhook_from_api",
]
