"""Facts of the Webhooks part of the Sinch Provisioning API (spec v1.2.117, in spec/), copied here because the
schemas are pure (they read no files); tests compare the trigger list with the spec."""

from __future__ import annotations

import re
from typing import Final, Literal, get_args

# WebhookWebhookTriggersEnum, in the spec's order: a type (a type checker flags a misspelt trigger before
# `pulumi preview` does; ``provider.WebhookTrigger``) and, from it, the list the schema checks.
WebhookTrigger = Literal[
    "ALL",
    "BUNDLE_DONE",
    "KAKAOTALK_SENDER_ACTIVE",
    "KAKAOTALK_SENDER_COMMENT_ADDED",
    "KAKAOTALK_SENDER_INACTIVE",
    "KAKAOTALK_SENDER_REJECTED",
    "KAKAOTALK_TEMPLATE_APPROVED",
    "KAKAOTALK_TEMPLATE_COMMENT_ADDED",
    "KAKAOTALK_TEMPLATE_REJECTED",
    "RCS_BRAND_REGISTRATION_PROCESS_STATUS_UPDATED",
    "RCS_SENDER_COMMENT_ADDED",
    "RCS_SENDER_OPERATOR_STATUS_UPDATED",
    "RCS_SENDER_STATUS_UPDATED",
    "RCS_ACCOUNT_COMMENT_ADDED",
    "WHATSAPP_ACCOUNT_COMMENT_ADDED",
    "WHATSAPP_ACCOUNT_DAILY_LIMIT_CHANGED",
    "WHATSAPP_ACCOUNT_ONBOARDED",
    "WHATSAPP_ACCOUNT_PENDING_VERIFICATION",
    "WHATSAPP_ACCOUNT_REJECTED",
    "WHATSAPP_WABA_ACCOUNT_CHANGED",
    "WHATSAPP_SENDER_ACTIVE",
    "WHATSAPP_SENDER_COMMENT_ADDED",
    "WHATSAPP_SENDER_DAILY_LIMIT_CHANGED",
    "WHATSAPP_SENDER_DELETED",
    "WHATSAPP_SENDER_DISPLAY_NAME_UPDATED",
    "WHATSAPP_SENDER_ERROR",
    "WHATSAPP_SENDER_INACTIVE",
    "WHATSAPP_SENDER_PENDING_VERIFICATION",
    "WHATSAPP_SENDER_QUALITY_RATING_CHANGED",
    "WHATSAPP_SENDER_REJECTED",
    "WHATSAPP_SENDER_USERNAME_UPDATED",
    "WHATSAPP_TEMPLATE_APPROVED",
    "WHATSAPP_TEMPLATE_CATEGORY_FUTURE_UPDATE",
    "WHATSAPP_TEMPLATE_CATEGORY_UPDATED",
    "WHATSAPP_TEMPLATE_COMMENT_ADDED",
    "WHATSAPP_TEMPLATE_DELETED",
    "WHATSAPP_TEMPLATE_QUALITY_SCORE_UPDATED",
    "WHATSAPP_TEMPLATE_REJECTED",
    "WHATSAPP_TEMPLATE_STATUS_UPDATED",
]
TRIGGERS: Final[tuple[str, ...]] = get_args(WebhookTrigger)

# "Webhook event triggered for all supported events." Sinch's guidance: do not combine it with others.
ALL: Final = "ALL"

# The events about RCS senders and the RCS account (the sender events' bodies carry the sender).
RcsTrigger = Literal[
    "RCS_SENDER_STATUS_UPDATED",
    "RCS_SENDER_OPERATOR_STATUS_UPDATED",
    "RCS_SENDER_COMMENT_ADDED",
    "RCS_BRAND_REGISTRATION_PROCESS_STATUS_UPDATED",
    "RCS_ACCOUNT_COMMENT_ADDED",
]
RCS_TRIGGERS: Final[tuple[str, ...]] = get_args(RcsTrigger)

# WebhookWebhookInputDto: target 1-742 characters (format url), secret 1-128 characters.
MAX_TARGET_LENGTH: Final = 742
MAX_SECRET_LENGTH: Final = 128
# Sinch asks for a high-entropy secret; shorter than this draws a warning (never an error: the API takes 1).
ADVISED_SECRET_LENGTH: Final = 16

# A webhook id is a path segment (the API answers 400 invalid_id_format for ids it cannot parse).
WEBHOOK_ID: Final = re.compile(r"[A-Za-z0-9_-]{1,128}")
