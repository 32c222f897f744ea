"""How emulator/spec.py reads the Conversation API document (the readings its header lists)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
import yaml

from emulator import spec
from emulator.spec import CONVERSATION, SPEC_DIR, component_violations, document
from emulator.validation import describe

# The SHA-256 of the slice as it was received (everything after the project's header), byte for byte.
SLICE_SHA256 = "e221177fb4febf036934e62078d8e8fb3e7a3856b4a095c5be6b142123e7a8b1"
RCS_ENTRY = {"channel": "RCS", "static_bearer": {"claimed_identity": "agent", "token": "secret-token"}}


def violations(body: dict[str, Any], name: str = "AppCreateRequest") -> list[str]:
    """What the emulator answers a request body of component ``name`` with (empty: valid)."""
    check = spec.validator(CONVERSATION, {"$ref": f"#/components/schemas/{name}"})
    problems = describe(check, body)
    assert (problems == []) == (component_violations(name, body, CONVERSATION) == [])
    return sorted(problems)


def app_with(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"display_name": "Support", "channel_credentials": list(entries)}


def test_the_header_lists_a_reading_for_each_contradiction_and_the_rest_is_the_slice_as_received() -> None:
    text = (SPEC_DIR / spec.DOCUMENT_FILES[CONVERSATION]).read_text(encoding="utf-8")
    header = text[: text.index("# Slice of the official Sinch Conversation API OpenAPI document")]
    assert all(line.startswith("#") for line in header.splitlines())
    numbered = [int(number) for number in re.findall(r"^#\s+(\d+)\. ", header, re.MULTILINE)]
    assert numbered == list(range(1, len(numbered) + 1))
    assert len(numbered) >= 12
    for subject in ("oneOf", "wrapped", "404", "update_mask", "target_type", "DISMISS", "742", "ULID"):
        assert subject in header
    slice_as_received = text[len(header) :].encode("utf-8")
    assert hashlib.sha256(slice_as_received).hexdigest() == SLICE_SHA256
    raw = yaml.safe_load(text)
    assert raw["info"] == {**raw["info"], "title": "Conversation API | Sinch", "version": "1.0"}
    assert raw["openapi"] == "3.0.2"


def test_every_channel_of_the_document_has_a_credential_kind_and_every_kind_a_channel() -> None:
    schemas = yaml.safe_load((SPEC_DIR / spec.DOCUMENT_FILES[CONVERSATION]).read_text())["components"][
        "schemas"
    ]
    kinds = {
        next(iter(schemas[item["$ref"].rsplit("/", 1)[1]]["properties"]))
        for item in schemas["ChannelCredentialsTypes"]["oneOf"]
    }
    assert set(spec.CREDENTIAL_KINDS) == set(schemas["ConversationChannel"]["enum"])
    assert {kind for chosen in spec.CREDENTIAL_KINDS.values() for kind in chosen} == kinds


def test_the_credential_kind_is_chosen_by_the_channel() -> None:
    sms = {"channel": "SMS", "static_bearer": {"claimed_identity": "plan", "token": "t"}}
    messenger = {"channel": "MESSENGER", "static_token": {"token": "t"}}
    line = {"channel": "LINE", "line_enterprise_credentials": {"line_japan": {"token": "t", "secret": "s"}}}
    assert violations(app_with(RCS_ENTRY, sms, messenger, line)) == []

    assert violations(app_with({"channel": "RCS", "static_token": {"token": "t"}})) == [
        "channel_credentials[0].static_bearer: 'static_bearer' is a required property",
        "channel_credentials[0].static_token: is not allowed here",
    ]
    assert violations(app_with({"channel": "RCS", "static_bearer": {"claimed_identity": "agent"}})) == [
        "channel_credentials[0].static_bearer.token: 'token' is a required property"
    ]
    assert violations(app_with({"static_bearer": {"claimed_identity": "a", "token": "t"}})) == [
        "channel_credentials[0].channel: 'channel' is a required property"
    ]


def test_line_takes_exactly_one_of_its_two_kinds_and_one_enterprise_region() -> None:
    both_regions = {
        "line_japan": {"token": "t", "secret": "s"},
        "line_thailand": {"token": "t", "secret": "s"},
    }
    assert violations(app_with({"channel": "LINE", "line_enterprise_credentials": both_regions})) == [
        "channel_credentials[0].line_enterprise_credentials.line_japan: is not allowed here",
        "channel_credentials[0].line_enterprise_credentials.line_thailand: is not allowed here",
    ]
    assert violations(app_with({"channel": "LINE"})) == [
        "channel_credentials[0].line_credentials: 'line_credentials' is a required property"
    ]


def test_objects_are_closed_at_every_depth_and_read_only_fields_are_accepted() -> None:
    entry = {
        **RCS_ENTRY,
        "state": {"status": "ACTIVE"},
        "static_bearer": {"claimed_identity": "a", "token": "t", "x": 1},
    }
    assert violations({**app_with(entry), "colour": "red", "retention_policy": {"ttl": 3}}) == [
        "channel_credentials[0].static_bearer.x: is not a field of this object",
        "colour: is not a field of this object",
        "retention_policy.ttl: is not a field of this object",
    ]
    hook = {"id": "01ARZ3NDEKTSV4RRFFQ69G5FAV", "target": "https://x.example", "targetType": "HTTP"}
    assert violations(hook, "Webhook") == ["targetType: is not a field of this object"]
    line = {
        "channel": "LINE",
        "line_enterprise_credentials": {"line_thailand": {"token": "t", "secret": "s"}, "is_default": True},
    }
    assert violations(app_with(line)) == []


@pytest.mark.parametrize(
    ("schema", "body", "problem"),
    [
        ("RetentionPolicy", {"ttl_days": 0}, "ttl_days: 0 is less than the minimum of 1"),
        ("RetentionPolicy", {"ttl_days": 3651}, "ttl_days: 3651 is greater than the maximum of 3650"),
        ("DispatchRetentionPolicy", {"ttl_days": 8}, "ttl_days: 8 is greater than the maximum of 7"),
        ("MessageRetrySettings", {"retry_duration": 29}, "retry_duration: 29 is less than the minimum of 30"),
        (
            "Webhook",
            {"target": "https://x.example/" + "a" * 725},
            "target: is too long (743 characters; at most 742)",
        ),
    ],
)
def test_limits_stated_in_prose_are_checked(schema: str, body: dict[str, Any], problem: str) -> None:
    assert violations(body, schema) == [problem]


def test_a_secret_that_is_too_long_is_not_repeated_in_the_problem() -> None:
    entry = {**RCS_ENTRY, "callback_secret": "s" * 257}
    assert violations(app_with(entry)) == [
        "channel_credentials[0].callback_secret: is too long (257 characters; at most 256)"
    ]


def test_every_operation_may_answer_404_and_the_deletes_answer_an_empty_object() -> None:
    conversation = [op for op in spec.operations() if op.document == CONVERSATION]
    assert len(conversation) == 10
    assert all(404 in op.responses for op in conversation)
    deletes = [op for op in conversation if op.method == "DELETE"]
    assert {op.operation_id for op in deletes} == {"App_DeleteApp", "Webhooks_DeleteWebhook"}
    for op in deletes:
        check = op.responses[200]
        assert check is not None
        assert check.is_valid({})
        assert not check.is_valid({"id": "x"})


def test_update_mask_is_one_comma_separated_value_and_path_parameters_come_from_the_path_item() -> None:
    update = next(op for op in spec.operations() if op.operation_id == "App_UpdateApp")
    by_name = {parameter.name: parameter for parameter in update.parameters}
    assert set(by_name) == {"project_id", "app_id", "update_mask"}
    assert (by_name["update_mask"].kind, by_name["update_mask"].explode) == ("array", False)


def test_routes_of_the_two_apis_do_not_mix() -> None:
    segments = ("v1", "projects", "p", "webhooks")
    provisioning = spec.match("POST", segments)
    conversation = spec.match("POST", segments, (CONVERSATION,))
    assert provisioning is not None
    assert provisioning.operation is not None
    assert conversation is not None
    assert conversation.operation is not None
    assert provisioning.operation.operation_id == "WebhookWebhookController_createWebhook_v1"
    assert conversation.operation.operation_id == "Webhooks_CreateWebhook"
    assert spec.match("GET", ("v1", "projects", "p", "apps")) is None


def test_defaults_and_masking_follow_the_schemas() -> None:
    assert spec.component_defaults("RetentionPolicy") == {
        "retention_type": "MESSAGE_EXPIRE_POLICY",
        "ttl_days": 180,
    }
    assert spec.component_defaults("AppResponse") == {
        "conversation_metadata_report_view": "NONE",
        "processing_mode": "DISPATCH",
    }
    answer: dict[str, Any] = {
        "channel_credentials": [{**RCS_ENTRY, "callback_secret": "c"}],
        "display_name": "Support",
    }
    masked = spec.mask_passwords("AppResponse", answer)
    assert masked == {
        "channel_credentials": [
            {
                "channel": "RCS",
                "static_bearer": {"claimed_identity": "agent", "token": ""},
                "callback_secret": "",
            }
        ],
        "display_name": "Support",
    }
    assert answer["channel_credentials"][0]["static_bearer"]["token"] == "secret-token"  # a copy was masked
    hook = {"target": "https://x.example", "secret": "s", "client_credentials": {"client_secret": "c"}}
    assert spec.mask_passwords("Webhook", hook) == {
        "target": "https://x.example",
        "secret": "",
        "client_credentials": {"client_secret": ""},
    }


def test_the_provisioning_documents_are_read_as_before() -> None:
    assert "AppResponse" not in document(spec.RCS)["components"]["schemas"]
    assert (
        component_violations("WebhookWebhookInputDto", {"target": "https://x.example", "secret": "s"}) != []
    )
