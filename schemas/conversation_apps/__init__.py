"""The ``ConversationApp`` declaration: ``ConversationAppSchema`` (``app.py``; one channel entry:
``credentials.py``), the contract's facts (``constants.py``) and the mapping to and from the Conversation
API's app bodies (``api.py``)."""

from schemas.conversation_apps.app import (
    INPUT_NAMES,
    PROVIDER_OPTIONS,
    RCS_FIELDS,
    ConversationAppSchema,
    channel_timeout,
    load_conversation_app,
)
from schemas.conversation_apps.credentials import ChannelCredentialSchema

__all__ = [
    "INPUT_NAMES",
    "PROVIDER_OPTIONS",
    "RCS_FIELDS",
    "ChannelCredentialSchema",
    "ConversationAppSchema",
    "channel_timeout",
    "load_conversation_app",
]
