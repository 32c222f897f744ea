"""Typed argument shapes of ``ConversationApp``: the app settings and the channel credential entries, in
the Conversation API's own snake_case names, and its enums as ``Literal``s.

These are ``TypedDict``s: at run time they are the plain dicts Sinch's docs show (``{"channel": "SMS",
"static_bearer": {"claimed_identity": ..., "token": ...}}``), so an object pasted from the docs and a typed
declaration are the same thing; a type checker flags a misspelt key or value before ``pulumi preview``
does. Every field accepts a Pulumi input. ``schemas.conversation_apps`` is the authority on what is valid
(ranges, which credential kind a channel takes, ...); a test holds these shapes to its schemas and
constants.
"""

from __future__ import annotations

from typing import Literal, Required, TypedDict

import pulumi

from provider.rcs_senders.args import Region

__all__ = [
    "ApplebcCredentialsArgs",
    "BasicAuthArgs",
    "CallbackSettingsArgs",
    "Channel",
    "ChannelCredentialArgs",
    "DeliveryReportBasedFallbackArgs",
    "DispatchRetentionPolicyArgs",
    "DispatchRetentionType",
    "InstagramCredentialsArgs",
    "KakaotalkCredentialsArgs",
    "KakaotalkchatCredentialsArgs",
    "LineCredentialsArgs",
    "LineEnterpriseCredentialsArgs",
    "LineEnterpriseKeysArgs",
    "MessageRetrySettingsArgs",
    "MetadataReportView",
    "MmsCredentialsArgs",
    "ProcessingMode",
    "Region",
    "RetentionPolicyArgs",
    "RetentionType",
    "SmartConversationArgs",
    "StaticBearerArgs",
    "StaticTokenArgs",
    "TelegramCredentialsArgs",
    "WechatCredentialsArgs",
]

ProcessingMode = Literal["CONVERSATION", "DISPATCH"]
MetadataReportView = Literal["NONE", "FULL"]
RetentionType = Literal["MESSAGE_EXPIRE_POLICY", "CONVERSATION_EXPIRE_POLICY", "PERSIST_RETENTION_POLICY"]
DispatchRetentionType = Literal["MESSAGE_EXPIRE_POLICY"]
Channel = Literal[
    "SMS", "WHATSAPP", "MMS", "KAKAOTALK", "KAKAOTALKCHAT", "VIBERBM", "LINE", "INSTAGRAM", "MESSENGER",
    "WECHAT", "TELEGRAM", "APPLEBC",
]  # fmt: skip
"""The channels of ``channel_credentials``: the API's, but RCS (the app's RCS channel is its
``rcs_sender``'s)."""


# --- settings -----------------------------------------------------------------------------------------------


class RetentionPolicyArgs(TypedDict, total=False):
    """``retention_policy``: how long messages are kept (``ttl_days`` 1 to 3650; default 180)."""

    retention_type: pulumi.Input[RetentionType]
    ttl_days: pulumi.Input[int]


class DispatchRetentionPolicyArgs(TypedDict, total=False):
    """``dispatch_retention_policy``: in DISPATCH mode (``ttl_days`` 0 to 7; 0: not stored)."""

    retention_type: pulumi.Input[DispatchRetentionType]
    ttl_days: pulumi.Input[int]


class CallbackSettingsArgs(TypedDict, total=False):
    """``callback_settings``: the secret signing delivery reports sent to per-message callback URLs."""

    secret_for_overridden_callback_urls: pulumi.Input[str]


class DeliveryReportBasedFallbackArgs(TypedDict, total=False):
    """``delivery_report_based_fallback`` (paid): fall back to the next channel without a delivery report
    within ``delivery_report_waiting_time`` seconds (10 to 259200)."""

    enabled: pulumi.Input[bool]
    delivery_report_waiting_time: pulumi.Input[int]


class MessageRetrySettingsArgs(TypedDict, total=False):
    """``message_retry_settings``: ``retry_duration`` seconds (30 to 3600; default 3600)."""

    retry_duration: pulumi.Input[int]


class SmartConversationArgs(TypedDict, total=False):
    """``smart_conversation``: ``enabled`` (default false)."""

    enabled: pulumi.Input[bool]


# --- channel credentials: one kind per channel (SMS, WHATSAPP, VIBERBM: static_bearer; ...) -------------


class StaticBearerArgs(TypedDict):
    """``static_bearer`` (SMS, WHATSAPP, VIBERBM): the sender identity and its token."""

    claimed_identity: pulumi.Input[str]
    token: pulumi.Input[str]


class StaticTokenArgs(TypedDict):
    """``static_token`` (MESSENGER)."""

    token: pulumi.Input[str]


class BasicAuthArgs(TypedDict):
    """``mms_credentials.basic_auth``."""

    username: pulumi.Input[str]
    password: pulumi.Input[str]


class MmsCredentialsArgs(TypedDict, total=False):
    """``mms_credentials`` (MMS)."""

    account_id: Required[pulumi.Input[str]]
    api_key: Required[pulumi.Input[str]]
    basic_auth: pulumi.Input[BasicAuthArgs]


class KakaotalkCredentialsArgs(TypedDict):
    """``kakaotalk_credentials`` (KAKAOTALK)."""

    kakaotalk_plus_friend_id: pulumi.Input[str]
    kakaotalk_sender_key: pulumi.Input[str]


class KakaotalkchatCredentialsArgs(TypedDict, total=False):
    """``kakaotalkchat_credentials`` (KAKAOTALKCHAT)."""

    kakaotalk_plus_friend_id: Required[pulumi.Input[str]]
    api_key: pulumi.Input[str]


class TelegramCredentialsArgs(TypedDict):
    """``telegram_credentials`` (TELEGRAM)."""

    token: pulumi.Input[str]


class LineCredentialsArgs(TypedDict, total=False):
    """``line_credentials`` (LINE)."""

    token: Required[pulumi.Input[str]]
    secret: Required[pulumi.Input[str]]
    is_default: pulumi.Input[bool]


class LineEnterpriseKeysArgs(TypedDict):
    """One region's keys of ``line_enterprise_credentials``."""

    token: pulumi.Input[str]
    secret: pulumi.Input[str]


class LineEnterpriseCredentialsArgs(TypedDict, total=False):
    """``line_enterprise_credentials`` (LINE): the keys of exactly one region."""

    line_japan: pulumi.Input[LineEnterpriseKeysArgs]
    line_thailand: pulumi.Input[LineEnterpriseKeysArgs]
    is_default: pulumi.Input[bool]


class WechatCredentialsArgs(TypedDict):
    """``wechat_credentials`` (WECHAT)."""

    app_id: pulumi.Input[str]
    app_secret: pulumi.Input[str]
    token: pulumi.Input[str]
    aes_key: pulumi.Input[str]


class InstagramCredentialsArgs(TypedDict, total=False):
    """``instagram_credentials`` (INSTAGRAM)."""

    token: Required[pulumi.Input[str]]
    business_account_id: pulumi.Input[str]


class ApplebcCredentialsArgs(TypedDict, total=False):
    """``applebc_credentials`` (APPLEBC)."""

    business_chat_account_id: Required[pulumi.Input[str]]
    merchant_id: pulumi.Input[str]
    apple_pay_certificate_reference: pulumi.Input[str]
    apple_pay_certificate_password: pulumi.Input[str]


class ChannelCredentialArgs(TypedDict, total=False):
    """One entry of ``channel_credentials``: ``channel`` and the one credential kind it takes
    (``static_bearer`` for SMS, WHATSAPP and VIBERBM; ``static_token`` for MESSENGER; ``mms_credentials``
    for MMS; ``line_credentials`` or ``line_enterprise_credentials`` for LINE; ...). ``callback_secret``
    (at most 256 characters) verifies the channel's callbacks; ``credential_ordinal_number`` (0 to 255)
    tells several LINE entries apart."""

    channel: Required[pulumi.Input[Channel]]
    callback_secret: pulumi.Input[str]
    credential_ordinal_number: pulumi.Input[int]
    static_bearer: pulumi.Input[StaticBearerArgs]
    static_token: pulumi.Input[StaticTokenArgs]
    mms_credentials: pulumi.Input[MmsCredentialsArgs]
    kakaotalk_credentials: pulumi.Input[KakaotalkCredentialsArgs]
    telegram_credentials: pulumi.Input[TelegramCredentialsArgs]
    line_credentials: pulumi.Input[LineCredentialsArgs]
    line_enterprise_credentials: pulumi.Input[LineEnterpriseCredentialsArgs]
    wechat_credentials: pulumi.Input[WechatCredentialsArgs]
    instagram_credentials: pulumi.Input[InstagramCredentialsArgs]
    applebc_credentials: pulumi.Input[ApplebcCredentialsArgs]
    kakaotalkchat_credentials: pulumi.Input[KakaotalkchatCredentialsArgs]
