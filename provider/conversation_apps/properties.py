"""``ConversationApp``'s property table: names in state (camelCase) and in Python, secrets, version.

The inputs are the fields of :class:`schemas.conversation_apps.ConversationAppSchema`, in its order
(``INPUT_NAMES``): the schema is the one place they are listed. What Sinch gives besides them is listed
here: the RCS channel's status and description, every channel's state, the project.
"""

from __future__ import annotations

from typing import Final

from provider.core.properties import PropertyTable, named
from schemas.conversation_apps import INPUT_NAMES

__all__ = ["REPLACE_ON_CHANGE", "TABLE"]

# An app lives in the region it was created in (its regional host): another region is another app.
REPLACE_ON_CHANGE: Final[tuple[str, ...]] = ("region",)

TABLE: Final = PropertyTable(
    resource="ConversationApp",
    inputs=named(INPUT_NAMES),
    outputs=named(("rcsChannelStatus", "rcsChannelDescription", "channelStatuses", "projectId")),
    # The sender's authName (the sender keeps it secret) and authToken, the other channels' credentials and
    # the callback signing secret: encrypted in state, masked in previews and outputs.
    secrets=("rcsClaimedIdentity", "rcsToken", "channelCredentials", "callbackSettings"),
    version=1,
)
