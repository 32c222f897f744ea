"""What the Conversation API's contract (spec/conversation-apps-webhooks.openapi.yaml) says of app webhooks:
the 22 triggers in its order (one of them not to be used), the target's limits and forbidden hosts, the
client credentials' enum and lengths, the webhooks an app may have. Kept in step with the contract by a
test; where it gives no limit, the one here is ours and says so.
"""

from __future__ import annotations

import re
from typing import Final, Literal, get_args

# WebhookTrigger, in the contract's order, as a type (a type checker flags a misspelt trigger before
# `pulumi preview` does; ``provider.ConversationTrigger``) of the values a webhook may subscribe to, and
# from it the lists the schema checks: the contract's enum starts with UNSPECIFIED_TRIGGER, refused below.
ConversationTrigger = Literal[
    "MESSAGE_DELIVERY",
    "EVENT_DELIVERY",
    "MESSAGE_INBOUND",
    "EVENT_INBOUND",
    "CONVERSATION_START",
    "CONVERSATION_STOP",
    "CONTACT_CREATE",
    "CONTACT_DELETE",
    "CONTACT_MERGE",
    "CONTACT_UPDATE",
    "UNSUPPORTED",
    "OPT_IN",
    "OPT_OUT",
    "CAPABILITY",
    "CONVERSATION_DELETE",
    "CONTACT_IDENTITIES_DUPLICATION",
    "CHANNEL_EVENT",
    "SMART_CONVERSATION",
    "MESSAGE_INBOUND_SMART_CONVERSATION_REDACTION",
    "RECORD_NOTIFICATION",
    "MESSAGE_SUBMIT",
]
SUBSCRIBABLE_TRIGGERS: Final[tuple[str, ...]] = get_args(ConversationTrigger)
UNSPECIFIED_TRIGGER: Final = "UNSPECIFIED_TRIGGER"
TRIGGERS: Final[tuple[str, ...]] = (UNSPECIFIED_TRIGGER, *SUBSCRIBABLE_TRIGGERS)
# Values of the enum that are not to be used, with the reason (the contract's own words).
REFUSED_TRIGGERS: Final = {
    UNSPECIFIED_TRIGGER: (
        'Not a trigger to subscribe to: the contract says of UNSPECIFIED_TRIGGER "Using this value will '
        'cause errors." List the triggers you want, for example MESSAGE_DELIVERY and MESSAGE_INBOUND.'
    ),
}

# Webhook.target: "Maximum URL length is 742. The conversation-api.*.sinch.com subdomains are forbidden."
MAX_TARGET_LENGTH: Final = 742
FORBIDDEN_TARGET_HOST: Final = re.compile(r"(?:[^.]+\.)*conversation-api\.(?:[^.]+\.)*sinch\.com")

# WebhookTargetType (default DISMISS: "Events won't be sent."); we always send HTTP.
TARGET_TYPES: Final = ("DISMISS", "HTTP")
TARGET_TYPE: Final = "HTTP"

# ClientCredentials.
TOKEN_REQUEST_TYPES: Final = ("BASIC", "FORM")
# "If not set or unrecognized, BASIC is used by default."
DEFAULT_TOKEN_REQUEST_TYPE: Final = "BASIC"  # noqa: S105 - an enum value, not a password
MAX_SCOPE_LENGTH: Final = 1024
MAX_RESPONSE_TYPE_LENGTH: Final = 64

# "You can create up to 5 webhooks per app."
MAX_WEBHOOKS_PER_APP: Final = 5

# Ours (the contract gives no limit): the signing secret, and the token endpoint's URL.
MAX_SECRET_LENGTH: Final = 256
MAX_ENDPOINT_LENGTH: Final = 2048

# An app id is a ULID: 26 characters of Crockford base32 (the contract: an app_id that "is not a ULID ...
# fails a basic form check", 400). Crockford base32 ignores case.
APP_ID: Final = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}", re.IGNORECASE)
