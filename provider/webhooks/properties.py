"""``ProvisioningWebhook``'s property table: names in state (camelCase) and in Python, secrets, version.

The inputs are the fields of :class:`schemas.webhooks.webhook.WebhookSchema`, in its order: the schema is
the one place they are listed. What Sinch gives besides them is listed here.
"""

from __future__ import annotations

from typing import Final

from provider.core.properties import PropertyTable, named
from schemas.webhooks.webhook import WebhookSchema

__all__ = ["REPLACE_ON_CHANGE", "TABLE"]

# Another webhook id means another webhook: a replacement (delete-before-replace, see the provider).
REPLACE_ON_CHANGE: Final[tuple[str, ...]] = ("webhookId",)

TABLE: Final = PropertyTable(
    resource="ProvisioningWebhook",
    inputs=named(WebhookSchema().known_names()),
    outputs=named(("projectId",)),
    # The signing secret: encrypted in state, masked in previews and outputs, whatever the program passed.
    secrets=("secret",),
    version=1,
)
