"""Parts of valid ConversationApp declarations: a channel credential entry for every channel but RCS (each
with the contract's required fields of its kind) and a value for every setting."""

from __future__ import annotations

from typing import Any

SMS = {"channel": "SMS", "static_bearer": {"claimed_identity": "service-plan-1", "token": "sms-token"}}
LINE = {"channel": "LINE", "line_credentials": {"token": "line-token", "secret": "line-secret"}}

# A valid entry for every channel but RCS, with the contract's required fields of its kind.
ENTRIES: dict[str, dict[str, Any]] = {
    "SMS": SMS,
    "WHATSAPP": {"channel": "WHATSAPP", "static_bearer": {"claimed_identity": "wa-sender", "token": "wa"}},
    "MMS": {
        "channel": "MMS",
        "mms_credentials": {
            "account_id": "acc",
            "api_key": "key",
            "basic_auth": {"username": "u", "password": "p"},
        },
    },
    "KAKAOTALK": {
        "channel": "KAKAOTALK",
        "kakaotalk_credentials": {"kakaotalk_plus_friend_id": "f", "kakaotalk_sender_key": "k"},
    },
    "KAKAOTALKCHAT": {
        "channel": "KAKAOTALKCHAT",
        "kakaotalkchat_credentials": {"kakaotalk_plus_friend_id": "f"},
    },
    "VIBERBM": {"channel": "VIBERBM", "static_bearer": {"claimed_identity": "viber", "token": "v"}},
    "LINE": LINE,
    "INSTAGRAM": {
        "channel": "INSTAGRAM",
        "instagram_credentials": {"token": "ig", "business_account_id": "b"},
    },
    "MESSENGER": {"channel": "MESSENGER", "static_token": {"token": "fb"}},
    "WECHAT": {
        "channel": "WECHAT",
        "wechat_credentials": {"app_id": "a", "app_secret": "s", "token": "t", "aes_key": "k"},
    },
    "TELEGRAM": {"channel": "TELEGRAM", "telegram_credentials": {"token": "tg"}},
    "APPLEBC": {"channel": "APPLEBC", "applebc_credentials": {"business_chat_account_id": "bca"}},
}

# A value for every setting (the objects with some fields left to their defaults).
EVERY_SETTING: dict[str, Any] = {
    "processingMode": "CONVERSATION",
    "conversationMetadataReportView": "FULL",
    "retentionPolicy": {"ttl_days": 30},
    "dispatchRetentionPolicy": {"ttl_days": 7},
    "callbackSettings": {"secret_for_overridden_callback_urls": "dr-secret"},
    "deliveryReportBasedFallback": {"enabled": True, "delivery_report_waiting_time": 60},
    "messageRetrySettings": {"retry_duration": 600},
    "smartConversation": {"enabled": True},
}
