"""The Conversation API facts copied into ``schemas.conversation_apps.constants`` and
``schemas.conversation_webhooks.constants`` are the contract's own (read here directly from
spec/conversation-apps-webhooks.openapi.yaml), the schemas take exactly the contract's field names, and the
bodies the ``api`` modules build are requests the emulator's reading of the contract accepts."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from marshmallow import Schema

from emulator import spec
from schemas.conversation_apps import api as app_api
from schemas.conversation_apps import app as app_module
from schemas.conversation_apps import constants as apps
from schemas.conversation_apps import load_conversation_app
from schemas.conversation_apps.credentials import (
    KIND_SCHEMAS,
    BasicAuthSchema,
    ChannelCredentialSchema,
    LineEnterpriseKeysSchema,
)
from schemas.conversation_webhooks import api as webhook_api
from schemas.conversation_webhooks import constants as webhooks
from schemas.conversation_webhooks import load_conversation_webhook
from schemas.conversation_webhooks.webhook import ClientCredentialsSchema
from tests.schemas.conversation_examples import EVERY_SETTING

CONTRACT = Path(__file__).resolve().parents[2] / "spec" / "conversation-apps-webhooks.openapi.yaml"


@functools.cache
def _document() -> dict[str, Any]:
    with CONTRACT.open(encoding="utf-8") as handle:
        # The C (libyaml) safe loader gives the same document as yaml.safe_load, faster.
        document: dict[str, Any] = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return document


def component(name: str) -> dict[str, Any]:
    found: dict[str, Any] = _document()["components"]["schemas"][name]
    return found


def properties(name: str) -> dict[str, Any]:
    found: dict[str, Any] = component(name)["properties"]
    return found


def names(schema: type[Schema]) -> set[str]:
    return set(schema().load_fields)


# --- apps -------------------------------------------------------------------------------------------------


# The enums copied from the contract, by the contract's component name.
ENUMS: dict[str, tuple[str, ...]] = {
    "ConversationChannel": apps.CHANNELS,
    "ProcessingMode": apps.PROCESSING_MODES,
    "ConversationMetadataReportView": apps.METADATA_REPORT_VIEWS,
    "RetentionPolicyType": apps.RETENTION_TYPES,
    "DispatchRetentionPolicyType": apps.DISPATCH_RETENTION_TYPES,
    "ChannelIntegrationStatus": apps.CHANNEL_STATUSES,
    "WebhookTrigger": webhooks.TRIGGERS,
    "WebhookTargetType": webhooks.TARGET_TYPES,
}


@pytest.mark.parametrize("name", sorted(ENUMS))
def test_the_enumerations_are_the_contracts_in_its_order(name: str) -> None:
    assert list(ENUMS[name]) == component(name)["enum"]


def test_every_channel_has_a_credential_kind_and_every_kind_is_the_contracts() -> None:
    members = [_document_ref(item) for item in component("ChannelCredentialsTypes")["oneOf"]]
    kinds = {next(iter(component(member)["properties"])): member for member in members}

    assert set(apps.CHANNEL_KINDS) == set(apps.CHANNELS)
    assert {kind for taken in apps.CHANNEL_KINDS.values() for kind in taken} == set(kinds) == set(apps.KINDS)
    assert set(KIND_SCHEMAS) == set(kinds)
    for kind, member in kinds.items():
        contract = component(member)["properties"][kind]
        if kind == "line_enterprise_credentials":
            continue
        required, optional = apps.KIND_FIELDS[kind]
        assert set(required) == set(contract["required"]), kind
        assert set(required) | set(optional) <= set(contract["properties"]), kind
        assert names(KIND_SCHEMAS[kind]) == set(contract["properties"]), kind


def _document_ref(item: dict[str, Any]) -> str:
    return str(item["$ref"]).rsplit("/", 1)[-1]


def test_the_line_enterprise_and_basic_auth_credentials_are_the_contracts() -> None:
    regions = [
        _document_ref(item)
        for item in component("LineEnterpriseCredentialsField")["properties"]["line_enterprise_credentials"][
            "allOf"
        ][0]["oneOf"]
    ]
    assert [next(iter(properties(region))) for region in regions] == list(apps.LINE_ENTERPRISE_REGIONS)
    assert set(component("LineEnterpriseCredentials")["required"]) == names(LineEnterpriseKeysSchema)
    assert set(component("BasicAuthCredentials")["required"]) == set(apps.BASIC_AUTH_FIELDS)
    assert names(BasicAuthSchema) == set(properties("BasicAuthCredentials"))


def test_an_entry_takes_the_writable_common_fields_and_refuses_the_read_only_ones() -> None:
    common = properties("ChannelCredentialsCommonTypes")
    read_only = {name for name, field in common.items() if field.get("readOnly")}

    assert read_only == set(apps.READ_ONLY_ENTRY_FIELDS)
    assert names(ChannelCredentialSchema) == (set(common) - read_only) | set(apps.KINDS)
    assert (
        f"Max length is {apps.MAX_CALLBACK_SECRET_LENGTH} characters."
        in common["callback_secret"]["description"]
    )
    ordinal = component("CredentialOrdinalNumber")
    assert (ordinal["minimum"], ordinal["maximum"], ordinal["default"]) == (*apps.ORDINAL_RANGE, 0)
    assert "only applicable to the `LINE` channel" in ordinal["description"]
    assert set(apps.MULTI_CREDENTIAL_CHANNELS) == {"LINE"}


def test_the_settings_are_the_request_fields_in_order_with_the_contracts_field_names() -> None:
    create = list(properties("AppCreateRequest"))
    assert [field for field in create if field not in ("display_name", "channel_credentials")] == list(
        apps.SETTINGS.values()
    )
    assert set(properties("AppUpdateRequest")) == set(create)
    assert set(component("AppCreateRequest")["required"]) == {"display_name", "channel_credentials"}
    schemas = {
        "RetentionPolicy": app_module.RetentionPolicySchema,
        "DispatchRetentionPolicy": app_module.DispatchRetentionPolicySchema,
        "CallbackSettings": app_module.CallbackSettingsSchema,
        "DeliveryReportBasedFallback": app_module.DeliveryReportBasedFallbackSchema,
        "MessageRetrySettings": app_module.MessageRetrySettingsSchema,
        "SmartConversation": app_module.SmartConversationSchema,
    }
    for name, schema in schemas.items():
        assert names(schema) == set(properties(name)), name


def test_the_setting_defaults_are_the_contracts() -> None:
    defaults = apps.SETTING_DEFAULTS
    assert defaults["processing_mode"] == component("ProcessingMode")["default"]
    assert (
        defaults["conversation_metadata_report_view"]
        == component("ConversationMetadataReportView")["default"]
    )
    assert defaults["retention_policy"] == {
        "retention_type": component("RetentionPolicyType")["default"],
        "ttl_days": properties("RetentionPolicy")["ttl_days"]["default"],
    }
    assert defaults["dispatch_retention_policy"] == {
        "retention_type": component("DispatchRetentionPolicyType")["default"],
        "ttl_days": properties("DispatchRetentionPolicy")["ttl_days"]["default"],
    }
    assert defaults["message_retry_settings"] == {
        "retry_duration": properties("MessageRetrySettings")["retry_duration"]["default"]
    }
    assert defaults["smart_conversation"] == {
        "enabled": properties("SmartConversation")["enabled"]["default"]
    }
    fallback = properties("DeliveryReportBasedFallback")
    assert defaults["delivery_report_based_fallback"] == {"enabled": fallback["enabled"]["default"]}
    assert "default" not in fallback["delivery_report_waiting_time"]
    assert defaults["callback_settings"] == {}
    assert component("ChannelIntegrationStatus")["default"] == apps.DEFAULT_CHANNEL_STATUS


def _description_range(description: str) -> tuple[int, int]:
    [(low, high)] = re.findall(r"\[(\d+) - (\d+)\]", description)
    return int(low), int(high)


def test_the_ranges_are_the_contracts() -> None:
    assert _description_range(properties("RetentionPolicy")["ttl_days"]["description"]) == apps.TTL_DAYS_RANGE
    assert (
        _description_range(properties("DispatchRetentionPolicy")["ttl_days"]["description"])
        == apps.DISPATCH_TTL_DAYS_RANGE
    )
    assert (
        _description_range(properties("MessageRetrySettings")["retry_duration"]["description"])
        == apps.RETRY_DURATION_RANGE
    )
    waiting = properties("DeliveryReportBasedFallback")["delivery_report_waiting_time"]
    assert (waiting["minimum"], waiting["maximum"]) == apps.WAITING_TIME_RANGE


# --- webhooks -----------------------------------------------------------------------------------------------


def test_the_refused_trigger_gives_the_contracts_reason() -> None:
    descriptions = component("WebhookTrigger")["x-enumDescriptions"]

    assert set(descriptions) == set(webhooks.TRIGGERS)
    for name, message in webhooks.REFUSED_TRIGGERS.items():
        assert descriptions[name] in message


def test_the_webhook_limits_are_the_contracts() -> None:
    webhook = properties("Webhook")
    assert f"Maximum URL length is {webhooks.MAX_TARGET_LENGTH}." in webhook["target"]["description"]
    assert "The conversation-api.*.sinch.com subdomains are forbidden." in webhook["target"]["description"]
    assert webhooks.FORBIDDEN_TARGET_HOST.fullmatch("conversation-api.eu1.sinch.com")
    assert webhooks.TARGET_TYPE in component("WebhookTargetType")["enum"]
    assert component("WebhookTargetType")["default"] == "DISMISS"  # hence HTTP is always sent
    create = _document()["paths"]["/v1/projects/{project_id}/webhooks"]["post"]
    assert f"up to {webhooks.MAX_WEBHOOKS_PER_APP} webhooks per app" in create["description"]


def test_the_client_credentials_are_the_contracts() -> None:
    credentials = component("ClientCredentials")
    fields = credentials["properties"]

    assert names(ClientCredentialsSchema) == set(fields)
    assert set(credentials["required"]) == {"client_id", "client_secret", "endpoint"}
    assert fields["scope"]["maxLength"] == webhooks.MAX_SCOPE_LENGTH
    assert fields["response_type"]["maxLength"] == webhooks.MAX_RESPONSE_TYPE_LENGTH
    assert list(fields["token_request_type"]["enum"]) == list(webhooks.TOKEN_REQUEST_TYPES)
    assert fields["token_request_type"]["default"] == webhooks.DEFAULT_TOKEN_REQUEST_TYPE


# --- bodies validate ----------------------------------------------------------------------------------------


def violations(operation_id: str, body: Any) -> list[str]:
    """How ``body`` breaks the request body of ``operation_id``, as the emulator judges it (the contract
    with the readings of its header: the credential kind chosen by ``channel``, objects closed)."""
    [operation] = [item for item in spec.operations() if item.operation_id == operation_id]
    return [str(violation) for violation in spec.iter_violations(operation.body, body)]


SMS = {"channel": "SMS", "static_bearer": {"claimed_identity": "plan", "token": "t"}, "callback_secret": "c"}
LINE = {
    "channel": "LINE",
    "credential_ordinal_number": 3,
    "line_enterprise_credentials": {"line_thailand": {"token": "t", "secret": "s"}, "is_default": True},
}
SENDER = {"rcsSenderId": "s-1", "rcsSenderRegion": "EU", "rcsClaimedIdentity": "agent", "rcsToken": "token"}


def test_the_app_bodies_validate_against_the_contract() -> None:
    bare = load_conversation_app({"displayName": "ACME", **SENDER})
    full = load_conversation_app(
        {"displayName": "ACME", **SENDER, "channelCredentials": [SMS, LINE], **EVERY_SETTING}
    )

    for app in (bare, full):
        assert violations("App_CreateApp", app_api.create_body(app)) == []
    update = app_api.update_body(bare, full)
    assert update is not None
    assert violations("App_UpdateApp", update[0]) == []
    assert set(update[1]) <= set(properties("AppUpdateRequest"))


def test_the_webhook_bodies_validate_against_the_contract() -> None:
    declared = {
        "appId": "01HZX4C8Q2W6M3N5P7R9T1V3X5",
        "region": "EU",
        "target": "https://hooks.example.com/sinch",
        "triggers": ["MESSAGE_DELIVERY"],
        "secret": "s",
    }
    old = load_conversation_webhook(declared)
    new = load_conversation_webhook(
        {
            **declared,
            "triggers": ["MESSAGE_INBOUND"],
            "clientCredentials": {
                "client_id": "c",
                "client_secret": "s",
                "endpoint": "https://a.example.com/t",
            },
        }
    )

    assert violations("Webhooks_CreateWebhook", webhook_api.create_body(new)) == []
    update = webhook_api.update_body(old, new)
    assert update is not None
    assert violations("Webhooks_UpdateWebhook", update[0]) == []
    assert set(update[1]) <= set(properties("Webhook"))
