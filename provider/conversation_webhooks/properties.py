"""``ConversationWebhook``'s property table: names in state (camelCase) and in Python, secrets, version.

The inputs are the fields of :class:`schemas.conversation_webhooks.ConversationWebhookSchema`, in its
order (``schemas.conversation_webhooks.INPUT_NAMES``): the schema is the one place they are listed. What
Sinch gives besides them is listed here.
"""

from __future__ import annotations

from typing import Final

from provider.core.properties import PropertyTable, named
from schemas.conversation_webhooks import INPUT_NAMES
from schemas.conversation_webhooks.api import CREATION_ONLY

__all__ = ["REPLACE_ON_CHANGE", "TABLE"]

# Another app, or another regional host, means another webhook: a replacement (see the provider).
REPLACE_ON_CHANGE: Final[tuple[str, ...]] = CREATION_ONLY

TABLE: Final = PropertyTable(
    resource="ConversationWebhook",
    inputs=named(INPUT_NAMES),
    outputs=named(("targetType", "projectId")),
    # The signing secret and the target's OAuth2 client: encrypted in state, masked in previews and
    # outputs, whatever the program passed.
    secrets=("secret", "clientCredentials"),
    version=1,
)
