"""The Conversation API's facts about apps (spec/conversation-apps-webhooks.openapi.yaml): the channels and
the credential kind each takes, the settings with their enums, ranges and defaults, the channel states.
Copied because the schemas read no files; tests hold them to the contract. A value the contract does not
give is marked as ours.
"""

from __future__ import annotations

from typing import Final

# ConversationChannel, in the contract's order.
CHANNELS: Final = (
    "SMS",
    "RCS",
    "WHATSAPP",
    "MMS",
    "KAKAOTALK",
    "KAKAOTALKCHAT",
    "VIBERBM",
    "LINE",
    "INSTAGRAM",
    "MESSENGER",
    "WECHAT",
    "TELEGRAM",
    "APPLEBC",
)

# The credential kinds (ChannelCredentialsTypes' oneOf members, each one property) each channel takes. The
# contract does not bind a kind to a channel; this is how Sinch's SDKs read it (the kind is chosen by
# `channel`). LINE takes either of two.
CHANNEL_KINDS: Final = {
    "SMS": ("static_bearer",),
    "RCS": ("static_bearer",),
    "WHATSAPP": ("static_bearer",),
    "MMS": ("mms_credentials",),
    "KAKAOTALK": ("kakaotalk_credentials",),
    "KAKAOTALKCHAT": ("kakaotalkchat_credentials",),
    "VIBERBM": ("static_bearer",),
    "LINE": ("line_credentials", "line_enterprise_credentials"),
    "INSTAGRAM": ("instagram_credentials",),
    "MESSENGER": ("static_token",),
    "WECHAT": ("wechat_credentials",),
    "TELEGRAM": ("telegram_credentials",),
    "APPLEBC": ("applebc_credentials",),
}

# Each credential kind's string fields: (required, optional), as the contract's schemas give them. The
# kinds' other fields (MMS basic_auth, LINE is_default, the LINE enterprise regions) are in credentials.py.
KIND_FIELDS: Final = {
    "static_bearer": (("claimed_identity", "token"), ()),
    "static_token": (("token",), ()),
    "mms_credentials": (("account_id", "api_key"), ()),
    "kakaotalk_credentials": (("kakaotalk_plus_friend_id", "kakaotalk_sender_key"), ()),
    "telegram_credentials": (("token",), ()),
    "line_credentials": (("token", "secret"), ()),
    "line_enterprise_credentials": ((), ()),
    "wechat_credentials": (("app_id", "app_secret", "token", "aes_key"), ()),
    "instagram_credentials": (("token",), ("business_account_id",)),
    "applebc_credentials": (
        ("business_chat_account_id",),
        ("merchant_id", "apple_pay_certificate_reference", "apple_pay_certificate_password"),
    ),
    "kakaotalkchat_credentials": (("kakaotalk_plus_friend_id",), ("api_key",)),
}
KINDS: Final = tuple(KIND_FIELDS)
# LINE enterprise credentials: exactly one region, each {token, secret}.
LINE_ENTERPRISE_REGIONS: Final = ("line_japan", "line_thailand")
# BasicAuthCredentials (MMS basic_auth): both required.
BASIC_AUTH_FIELDS: Final = ("username", "password")

# Field names whose values are secrets, wherever they stand in a credential entry (format password in the
# contract, and the keys and tokens beside them). The API may omit or mask them when it answers.
SECRET_FIELDS: Final = frozenset(
    {
        "token",
        "secret",
        "api_key",
        "password",
        "app_secret",
        "aes_key",
        "kakaotalk_sender_key",
        "apple_pay_certificate_password",
        "callback_secret",
        "secret_for_overridden_callback_urls",
    }
)
# Response-only fields of a credential entry (readOnly in the contract).
READ_ONLY_ENTRY_FIELDS: Final = ("state", "channel_known_id")

# ChannelCredentialsCommonTypes.callback_secret: "Max length is 256 characters."
MAX_CALLBACK_SECRET_LENGTH: Final = 256
# CredentialOrdinalNumber: 0..255, default 0; only LINE may have several credentials told apart by it.
ORDINAL_RANGE: Final = (0, 255)
MULTI_CREDENTIAL_CHANNELS: Final = frozenset({"LINE"})

# The app settings' enums, in the contract's order.
PROCESSING_MODES: Final = ("CONVERSATION", "DISPATCH")  # ProcessingMode
METADATA_REPORT_VIEWS: Final = ("NONE", "FULL")  # ConversationMetadataReportView
RETENTION_TYPES: Final = (  # RetentionPolicyType
    "MESSAGE_EXPIRE_POLICY",
    "CONVERSATION_EXPIRE_POLICY",
    "PERSIST_RETENTION_POLICY",
)
DISPATCH_RETENTION_TYPES: Final = ("MESSAGE_EXPIRE_POLICY",)  # DispatchRetentionPolicyType

# Ranges the contract gives (in a description where it has no minimum/maximum keyword).
TTL_DAYS_RANGE: Final = (1, 3650)  # RetentionPolicy.ttl_days: "[1 - 3650]"
DISPATCH_TTL_DAYS_RANGE: Final = (0, 7)  # DispatchRetentionPolicy.ttl_days: "[0 - 7]"
WAITING_TIME_RANGE: Final = (10, 259_200)  # DeliveryReportBasedFallback.delivery_report_waiting_time
RETRY_DURATION_RANGE: Final = (30, 3600)  # MessageRetrySettings.retry_duration: "[30 - 3600]"

# The settings: state name -> the API's field name, in the order of AppCreateRequest's properties.
SETTINGS: Final = {
    "conversationMetadataReportView": "conversation_metadata_report_view",
    "retentionPolicy": "retention_policy",
    "dispatchRetentionPolicy": "dispatch_retention_policy",
    "processingMode": "processing_mode",
    "smartConversation": "smart_conversation",
    "callbackSettings": "callback_settings",
    "messageRetrySettings": "message_retry_settings",
    "deliveryReportBasedFallback": "delivery_report_based_fallback",
}
# What Sinch holds for a setting the app was created without (the contract's defaults), by API name. An
# object setting's fields without a default are absent from its default.
SETTING_DEFAULTS: Final = {
    "conversation_metadata_report_view": "NONE",
    "retention_policy": {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 180},
    "dispatch_retention_policy": {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 0},
    "processing_mode": "DISPATCH",
    "smart_conversation": {"enabled": False},
    "callback_settings": {},
    "message_retry_settings": {"retry_duration": 3600},
    "delivery_report_based_fallback": {"enabled": False},
}
# Values an answer may hold for a setting's field that was never set (the proto3 zero value of a field
# without a default): they mean "not set".
UNSET_SETTING_VALUES: Final = {
    "secret_for_overridden_callback_urls": "",
    "delivery_report_waiting_time": 0,
}

# ChannelIntegrationStatus, in the contract's order (default PENDING).
CHANNEL_STATUSES: Final = ("PENDING", "ACTIVE", "FAILING")
DEFAULT_CHANNEL_STATUS: Final = "PENDING"

# Ours (the contract gives no maximum): an app's display name and the callback settings' secret (as the
# channels' callback_secret); a credential string: schemas.fields.MAX_CREDENTIAL_LENGTH.
MAX_DISPLAY_NAME_LENGTH: Final = 255
MAX_CALLBACK_SETTINGS_SECRET_LENGTH: Final = 256

# The provider option channelTimeout: how long a create waits for the RCS channel to leave PENDING.
DEFAULT_CHANNEL_TIMEOUT: Final = 300
MAX_CHANNEL_TIMEOUT: Final = 3600
