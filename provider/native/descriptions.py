"""The descriptions in the ``sinch`` package schema: of the package, its resources, its object types, every
property and every provider setting. The schema generator (:mod:`provider.native.schema`) refuses a property
without one, so this table grows with the schemas. Nested properties keep the wording of Sinch's API
reference (``spec/``) where it says what the field is; the rules the provider applies are the docs'
(``docs/rcs-sender.md``, ``docs/webhooks.md``, ``docs/configuration.md``). A property whose values are a
fixed list gets them appended by the generator.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

PACKAGE: Final = (
    "Sinch messaging resources (RCS senders, project webhooks, Conversation API app webhooks) managed with "
    "Pulumi: the sinch-rcs-pulumi provider served as a provider plugin."
)
PROVIDER: Final = (
    "The Sinch project and access key the resources are managed with. Each explicit provider instance has "
    "its own; the default provider reads the stack configuration `sinch:*`. A setting left out is read from "
    "its `SINCH_*` environment variable."
)

RESOURCES: Final[Mapping[str, str]] = {
    "RcsSender": (
        "A Sinch RCS sender. `region`, `billingCategory` and `useCase` are fixed when the sender is created: "
        "changing one needs a new sender, which Sinch must verify and launch again, so it fails at preview "
        "unless `allowReplacement` is true. Sinch cannot delete senders: removing the resource leaves the "
        "sender in Sinch (protect senders that matter)."
    ),
    "ProvisioningWebhook": (
        "A Sinch project webhook: Sinch posts the events of `triggers` to `target`, each signed with "
        "`secret`. Deleting the resource deletes the webhook. A project holds at most 15 webhooks, and one "
        "per target."
    ),
    "ConversationApp": (
        "A Sinch Conversation API app whose RCS channel holds an RCS sender's credentials (`rcsSenderId`, "
        "`rcsSenderRegion`, `rcsClaimedIdentity`, `rcsToken`: the sender's id, region, authName and "
        "authToken), with its other channels and settings. Its region is fixed (a change replaces the "
        "app). Deleting the resource deletes the app and its webhooks; the sender stays, unlinked."
    ),
    "ConversationWebhook": (
        "A webhook of a Conversation API app: Sinch posts the app's callbacks of `triggers` (delivery "
        "reports, inbound messages, ...) to `target`, each signed with `secret`. Another app or region is "
        "another webhook (a replacement). Deleting the resource deletes the webhook. An app has at most 5 "
        "webhooks, and one per target."
    ),
}

CONFIG: Final[Mapping[str, str]] = {
    "projectId": "The Sinch project the resources belong to (required; env SINCH_PROJECT_ID).",
    "keyId": "The project access key's id (required; env SINCH_KEY_ID).",
    "keySecret": "The access key's secret (required, secret; env SINCH_KEY_SECRET).",
    "authMethod": "`oauth2` (the default) or `basic` (the key with every request); env SINCH_AUTH_METHOD.",
    "provisioningUrl": (
        "The Provisioning API's base URL (default https://provisioning.api.sinch.com; plain http only to "
        "127.0.0.1/localhost); env SINCH_PROVISIONING_URL."
    ),
    "authUrl": (
        "The OAuth2 token endpoint (default https://auth.sinch.com/oauth2/token); env SINCH_AUTH_URL."
    ),
    "conversationUrl": (
        "The Conversation API's base URL: a template with `{region}` (expanded with `eu`, `us` or `br`; "
        "default https://{region}.conversation.api.sinch.com), or one URL for every region; env "
        "SINCH_CONVERSATION_URL."
    ),
}

TYPES: Final[Mapping[str, str]] = {
    "Brand": "The sender's brand, as `details.brand` in the Sinch API.",
    "Email": "A brand contact e-mail.",
    "Phone": "A brand contact phone number.",
    "Website": "A brand website.",
    "Questionnaire": (
        "The launch questionnaire in the API's shape: `general` and `verification` for every sender; `gb`, "
        "`fr` and `us` for those countries."
    ),
    "GeneralSection": "The general section: `{answers: ...}`.",
    "GeneralAnswers": "The general answers.",
    "AnswerMetadata": "An answer's metadata.",
    "VerificationSection": "The verification section: `{answers: ...}`.",
    "VerificationAnswers": "The verification contact's answers.",
    "PartnerAnswers": "The brand partner's contact (reseller accounts only).",
    "GbSection": "The United Kingdom's section: `{answers: ...}`.",
    "GbAnswers": "The United Kingdom's answers.",
    "FrSection": "France's section: `{answers: ...}`.",
    "FrAnswers": "France's answers.",
    "UsSection": "The United States' section: `{answers: ...}`.",
    "UsAnswers": (
        "The United States' answers: the current v2 brand-campaign fields, or the deprecated v1 ones (`ein`, "
        "`fullCompanyAddress`, `smsCampaign`, a text `messagesVolume`); do not mix the two versions."
    ),
    "CountryStatus": "A country's launch status.",
    "Operator": "A mobile network operator's launch status.",
    "TestNumberState": "An invited test number's state.",
    "ConversationApiAppDetails": "The Conversation API app a sender is connected to.",
    "SenderSummary": "What a program usually needs to reference a sender it does not manage.",
    "ChannelCredential": (
        "One of the app's other channels, in the API's shape: `channel` and the one credential kind that "
        "channel takes (SMS, WHATSAPP, VIBERBM: `static_bearer`; MESSENGER: `static_token`; ...). Never RCS."
    ),
    "StaticBearer": "A bearer-type credential (SMS, WHATSAPP, VIBERBM, ...).",
    "StaticToken": "A static token credential (MESSENGER, VIBER, ...).",
    "MmsCredentials": "The MMS channel's credentials.",
    "BasicAuth": "A user name and a password.",
    "KakaotalkCredentials": "The KakaoTalk channel's credentials.",
    "TelegramCredentials": "The Telegram Bot channel's credentials.",
    "LineCredentials": "The LINE channel's credentials.",
    "LineEnterpriseCredentials": "LINE Enterprise credentials, by region (Japan, Thailand).",
    "LineEnterpriseKeys": "The token and secret of one LINE Enterprise region.",
    "WechatCredentials": "The WeChat channel's credentials.",
    "InstagramCredentials": "The Instagram channel's credentials.",
    "ApplebcCredentials": "The Apple Messages for Business channel's credentials.",
    "KakaotalkchatCredentials": "The KakaoTalkChat channel's credentials.",
    "RetentionPolicy": "How long the app keeps messages and conversations.",
    "DispatchRetentionPolicy": "How long the app keeps messages in Dispatch processing mode.",
    "CallbackSettings": "Settings of callback processing.",
    "DeliveryReportBasedFallback": "Fallback to the next channel when no positive delivery report comes.",
    "MessageRetrySettings": "How long Sinch retries a message after a temporary processing failure.",
    "SmartConversation": "Smart Conversations analysis of the app's messages.",
    "ChannelStatus": "A channel of the app and its state.",
    "ClientCredentials": (
        "How Sinch gets an OAuth2 token (client-credentials grant) before it posts to the target, in the "
        "API's own snake_case names."
    ),
}

_METADATA: Final = "Metadata of the answer above: `ignore` names a delimiter Sinch strips from it at launch."
_FOR_LAUNCH: Final = " Not required for create, but required for launch."
_ANSWERS: Final = "The section's answers."

PROPERTIES: Final[Mapping[str, Mapping[str, str]]] = {
    "RcsSender": {
        "region": "Where the sender is provisioned; fixed at creation (a change replaces the sender).",
        "billingCategory": (
            "The billing category; fixed at creation. The deprecated `BASIC_MESSAGE`, `SINGLE_MESSAGE` and "
            "`CONVERSATIONAL_LEGACY` still work, with a warning."
        ),
        "useCase": "The use case; fixed at creation.",
        "brand": "The brand shown on handsets; updated in place, field by field.",
        "countries": (
            "The launch countries (two-letter codes): at least one, unique; the order does not matter."
        ),
        "testNumbers": (
            "Test numbers invited as testers (E.164), unique, at most 200; at most 20 new ones per `up` "
            "(Sinch's daily invites); the order does not matter."
        ),
        "questionnaire": "The launch questionnaire, answer by answer.",
        "launch": (
            "True: launch the sender (and apply the launch checklist at preview). Default false; true -> "
            "false changes nothing in Sinch (there is no unlaunch)."
        ),
        "senderId": "The id of an existing sender to adopt instead of creating one.",
        "allowReplacement": (
            "True lets a change of region, billingCategory or useCase replace the sender (default false: "
            "such a change fails at preview)."
        ),
        "provisioningTimeout": (
            "Seconds a launch waits for Sinch to provision a new sender (1 to 86400, default 600)."
        ),
    },
    "ProvisioningWebhook": {
        "target": (
            "Where Sinch posts the events: an https URL of at most 742 characters (plain http only to "
            "127.0.0.1, localhost or ::1), no user name or password, unique within the project. A change "
            "updates the webhook in place."
        ),
        "secret": (
            "The key Sinch signs every event with: 1 to 128 characters, kept exactly as given. Always "
            "secret; Sinch never returns it. A change updates the webhook in place."
        ),
        "triggers": (
            "The events to receive: at least one trigger, no repeats, compared as a set; `ALL` alone "
            "receives every event."
        ),
        "webhookId": "The id of an existing webhook to manage instead of creating one.",
    },
    "ConversationApp": {
        "displayName": "The app's name in Sinch (1 to 255 characters).",
        "region": (
            "The app's region: its regional host. Defaults to the RCS sender's, and must be the sender's. "
            "A change replaces the app."
        ),
        "rcsSenderId": "The RcsSender whose credentials the RCS channel holds: its `id`.",
        "rcsSenderRegion": "That sender's `region`.",
        "rcsClaimedIdentity": "That sender's `authName`: the RCS channel's `static_bearer.claimed_identity`.",
        "rcsToken": "That sender's `authToken`: the RCS channel's `static_bearer.token`.",
        "channelCredentials": (
            "The app's other channels (SMS for RCS -> SMS fallback, ...), in the API's shape; never RCS. "
            "Sent whole on every change. Secret as a whole."
        ),
        "processingMode": "How Sinch processes the app's messages (the API's default when left out).",
        "conversationMetadataReportView": "What conversation metadata callbacks carry.",
        "retentionPolicy": "How long messages and conversations are kept.",
        "dispatchRetentionPolicy": "How long messages are kept in Dispatch processing mode.",
        "callbackSettings": "Callback settings (secret: it holds a signing secret).",
        "deliveryReportBasedFallback": "Fallback to the next channel without a positive delivery report.",
        "messageRetrySettings": "Retries after a temporary processing failure.",
        "smartConversation": "Smart Conversations analysis.",
        "channelTimeout": (
            "Seconds a create (or a credential change) waits for Sinch's verdict on the RCS channel "
            "(default 300): ACTIVE succeeds, FAILING fails, still PENDING is recorded with a warning."
        ),
    },
    "ChannelCredential": {
        "channel": "The channel (case matters; RCS is refused: it comes from the RCS sender).",
        "callback_secret": "Verifies the channel's callbacks (at most 256 characters; empty: none).",
        "credential_ordinal_number": "Which credential of the channel (0 to 255; not 0 for LINE only).",
        "static_bearer": "A bearer-type credential: for channels that take one.",
        "static_token": "A static token credential: for channels that take one.",
        "mms_credentials": "The MMS channel's credentials.",
        "kakaotalk_credentials": "The KakaoTalk channel's credentials.",
        "telegram_credentials": "The Telegram Bot channel's credentials.",
        "line_credentials": "The LINE channel's credentials (or `line_enterprise_credentials`).",
        "line_enterprise_credentials": "LINE Enterprise credentials (or `line_credentials`).",
        "wechat_credentials": "The WeChat channel's credentials.",
        "instagram_credentials": "The Instagram channel's credentials.",
        "applebc_credentials": "The Apple Messages for Business channel's credentials.",
        "kakaotalkchat_credentials": "The KakaoTalkChat channel's credentials.",
    },
    "StaticBearer": {
        "claimed_identity": "The identity the token is for.",
        "token": "The bearer token.",
    },
    "StaticToken": {"token": "The token."},
    "MmsCredentials": {
        "account_id": "The MMS account's id.",
        "api_key": "The MMS API key.",
        "basic_auth": "The MMS account's user name and password.",
    },
    "BasicAuth": {"username": "The user name.", "password": "The password."},
    "KakaotalkCredentials": {
        "kakaotalk_plus_friend_id": "The KakaoTalk Plus Friend id.",
        "kakaotalk_sender_key": "The KakaoTalk sender key.",
    },
    "TelegramCredentials": {"token": "The Telegram bot's token."},
    "LineCredentials": {
        "token": "The LINE channel's token.",
        "secret": "The LINE channel's secret.",
        "is_default": "Whether this is the channel's default credential.",
    },
    "LineEnterpriseKeys": {"token": "The LINE channel's token.", "secret": "The LINE channel's secret."},
    "LineEnterpriseCredentials": {
        "line_japan": "The credentials for LINE Japan.",
        "line_thailand": "The credentials for LINE Thailand.",
        "is_default": "Whether this is the channel's default credential.",
    },
    "WechatCredentials": {
        "app_id": "The WeChat app's id.",
        "app_secret": "The WeChat app's secret.",
        "token": "The WeChat token.",
        "aes_key": "The WeChat AES key.",
    },
    "InstagramCredentials": {
        "token": "The Instagram access token.",
        "business_account_id": "The Instagram business account's id.",
    },
    "ApplebcCredentials": {
        "business_chat_account_id": "The Apple Messages for Business account's id.",
        "merchant_id": "The Apple Pay merchant id.",
        "apple_pay_certificate_reference": "The Apple Pay certificate's reference.",
        "apple_pay_certificate_password": "The Apple Pay certificate's password.",
    },
    "KakaotalkchatCredentials": {
        "kakaotalk_plus_friend_id": "The KakaoTalk Plus Friend id.",
        "api_key": "The KakaoTalkChat API key.",
    },
    "RetentionPolicy": {
        "retention_type": "The kind of retention.",
        "ttl_days": "Days before a message or conversation may be deleted (the API's default is 180).",
    },
    "DispatchRetentionPolicy": {
        "retention_type": "The kind of retention (messages only, in Dispatch mode).",
        "ttl_days": "Days before a message may be deleted (0 to 7; 0: not stored at all).",
    },
    "CallbackSettings": {
        "secret_for_overridden_callback_urls": (
            "Signs delivery receipts of messages sent with an overridden callback URL."
        ),
    },
    "DeliveryReportBasedFallback": {
        "enabled": "Whether a message without a positive delivery report falls back to the next channel.",
        "delivery_report_waiting_time": "Seconds to wait for a positive delivery report before the fallback.",
    },
    "MessageRetrySettings": {
        "retry_duration": "The longest time, in seconds, Sinch retries a message after a temporary failure.",
    },
    "SmartConversation": {"enabled": "Whether Smart Conversations analyses the app's messages."},
    "ConversationWebhook": {
        "appId": "The app's id (a ULID): the ConversationApp's `id`. Another app replaces the webhook.",
        "region": "The app's region, whose regional host serves the webhook. Another region replaces it.",
        "target": (
            "Where Sinch posts the callbacks: an https URL of at most 742 characters (plain http only to "
            "127.0.0.1, localhost or ::1), not a conversation-api.*.sinch.com host, unique within the app."
        ),
        "triggers": (
            "The callbacks to receive: at least one trigger, no repeats, compared as a set "
            "(`UNSPECIFIED_TRIGGER` is refused)."
        ),
        "secret": (
            "The key Sinch signs every callback with: 1 to 256 characters, kept exactly as given. Always "
            "secret; Sinch never returns it. A change updates the webhook in place."
        ),
        "clientCredentials": "The target's OAuth2 client, when it needs one (secret as a whole).",
    },
    "ClientCredentials": {
        "client_id": "The OAuth2 client's id.",
        "client_secret": "The OAuth2 client's secret.",
        "endpoint": (
            "The token endpoint: an https URL (plain http only to this machine): Sinch sends the client "
            "secret there."
        ),
        "scope": "The scope to ask for (at most 1024 characters).",
        "response_type": "The token response's type (at most 64 characters).",
        "token_request_type": (
            "How the client authenticates at the endpoint: `BASIC` (the API's default: a Basic header) or "
            "`FORM`."
        ),
    },
    "Brand": {
        "name": "Brand name (at most 40 characters; Sinch's default is `RCS Sender`).",
        "description": "Brand description (at most 100 characters).",
        "color": "Brand colour, `#RRGGBB` (compared case-insensitively).",
        "emails": "Contact e-mails (1 to 3, unique addresses).",
        "phones": "Contact phone numbers (1 to 3, unique numbers).",
        "websites": "Contact websites (1 to 3, unique URLs).",
        "logoUrl": "Brand logo URL: image/jpeg or image/png, at most 50 KB, exactly 224 x 224 px.",
        "bannerUrl": "Brand banner URL: image/jpeg or image/png, at most 200 KB, exactly 1440 x 448 px.",
        "privacyPolicyUrl": "Privacy policy URL.",
        "termsOfServiceUrl": "Terms and conditions URL.",
    },
    "Email": {
        "label": "Contact e-mail label (at most 25 characters).",
        "address": "Contact e-mail address.",
    },
    "Phone": {
        "label": "Contact phone label.",
        "number": "Contact phone number: 6 to 15 digits, optionally with a leading `+`.",
    },
    "Website": {
        "label": "Contact website label.",
        "url": "Contact website address (http or https, at most 255 characters).",
    },
    "Questionnaire": {
        "general": "The general section (every sender).",
        "verification": "The verification section (every sender).",
        "gb": "The United Kingdom's section (to launch in GB).",
        "fr": "France's section (to launch in FR).",
        "us": "The United States' section (to launch in US).",
    },
    "GeneralSection": {"answers": _ANSWERS},
    "VerificationSection": {"answers": _ANSWERS},
    "GbSection": {"answers": _ANSWERS},
    "FrSection": {"answers": _ANSWERS},
    "UsSection": {"answers": _ANSWERS},
    "AnswerMetadata": {"ignore": "Ignore this string at launch, e.g. a custom delimiter."},
    "GeneralAnswers": {
        "optInDescription": "How you obtain opt-in to message users.",
        "optInDescriptionMetadata": _METADATA,
        "triggerDescription": "Actions that trigger messages to users.",
        "triggerDescriptionMetadata": _METADATA,
        "interactionsDescription": "Interactions with users.",
        "interactionsDescriptionMetadata": _METADATA,
        "optOutDescription": "The message the sender sends when a user opts out.",
        "optOutDescriptionMetadata": _METADATA,
        "videoUris": "Publicly available URIs of videos of the sender, for review purposes only.",
        "screenshotUris": "Publicly available URIs of screenshots of the sender, for review purposes only.",
    },
    "VerificationAnswers": {
        "name": "Name of the verification contact." + _FOR_LAUNCH,
        "email": "E-mail of the verification contact." + _FOR_LAUNCH,
        "title": "Title of the verification contact.",
        "website": "Website of the verification contact." + _FOR_LAUNCH,
        "phone": (
            "Phone number of the verification contact (E.164); required for launch with the v2 US answers."
        ),
        "partner": "Brand partner contact details: only for reseller (ASP) accounts, otherwise ignored.",
    },
    "PartnerAnswers": {
        "companyName": "Company name of the brand partner.",
        "contactName": "Name of the brand partner's contact person.",
        "contactEmailAddress": "E-mail of the brand partner's contact person.",
    },
    "GbAnswers": {
        "brandIndustry": "Sector or industry of the business." + _FOR_LAUNCH,
        "companyLegalName": "The company's registered legal name." + _FOR_LAUNCH,
        "companyRegistrationNumber": "The company registration number.",
        "fullCompanyAddress": "The full company address.",
        "fullCompanyAddressMetadata": _METADATA,
        "messagesVolume": "Messages volume." + _FOR_LAUNCH,
        "messagesFrequency": "Messages frequency.",
        "campaignLength": "Length of the campaign.",
    },
    "FrAnswers": {
        "fullCompanyAddress": "The full company address.",
        "fullCompanyAddressMetadata": _METADATA,
        "siren": "The company's SIREN (company directory identification number): exactly 9 digits.",
    },
    "UsAnswers": {
        "ownershipType": "v2: ownership type of the company, `PRIVATE` or `PUBLIC`." + _FOR_LAUNCH,
        "companyLegalName": "The company's registered legal name." + _FOR_LAUNCH,
        "companyPhoneNumber": "v2: the company's registered phone number." + _FOR_LAUNCH,
        "companyEmailAddress": "v2: the company's e-mail address." + _FOR_LAUNCH,
        "brandName": (
            "v2: brand name or Doing Business As (DBA), legally associated with the company's legal name."
            + _FOR_LAUNCH
        ),
        "brandIndustry": "Sector or industry of the business." + _FOR_LAUNCH,
        "legalForm": "v2: legal form of the company.",
        "taxIdCountry": "v2: country of the company's tax registration (ISO 3166 code).",
        "taxId": "v2: tax registration identifier of the company.",
        "addressLine": "v2: street address line." + _FOR_LAUNCH,
        "addressCity": "v2: city." + _FOR_LAUNCH,
        "addressCountry": "v2: country (ISO 3166 code)." + _FOR_LAUNCH,
        "addressState": "v2: state (US only, two-letter code)." + _FOR_LAUNCH,
        "addressPostalCode": "v2: postal code." + _FOR_LAUNCH,
        "websiteUrl": "v2: primary website URL." + _FOR_LAUNCH,
        "contactFirstName": "v2: first name of the responsible contact person." + _FOR_LAUNCH,
        "contactSurname": "v2: surname of the responsible contact person." + _FOR_LAUNCH,
        "stockExchange": "v2: primary home-country stock exchange (public companies).",
        "stockSymbol": "v2: primary home-country stock symbol (public companies).",
        "sampleMessages": (
            "v2: sample messages for each use case or message type the brand sends (1 to 5)." + _FOR_LAUNCH
        ),
        "messagesVolume": "Messages volume: a number in v2, a text in v1." + _FOR_LAUNCH,
        "embeddedLink": "v2: whether messages embed URL links." + _FOR_LAUNCH,
        "embeddedPhone": "v2: whether messages embed phone numbers." + _FOR_LAUNCH,
        "ageGatedContent": "v2: whether the content is age-restricted (alcohol, tobacco, ...)." + _FOR_LAUNCH,
        "directLending": "v2: whether the campaign involves direct financial lending." + _FOR_LAUNCH,
        "optInConfirmationMessage": "v2: the opt-in confirmation message sent to users." + _FOR_LAUNCH,
        "helpMessage": "v2: the campaign's help message." + _FOR_LAUNCH,
        "callToActionMessage": "v2: the campaign's call to action message." + _FOR_LAUNCH,
        "ein": "v1 (deprecated): Employer Identification Number.",
        "fullCompanyAddress": "v1 (deprecated): the full company address.",
        "fullCompanyAddressMetadata": _METADATA,
        "smsCampaign": "v1 (deprecated): the US SMS campaign used as fallback.",
    },
}
"""Property descriptions, by resource or object type name, then property name."""
