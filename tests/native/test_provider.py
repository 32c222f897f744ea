"""``SinchProvider`` in this process (no plugin process, no engine), against the emulator: the native front
end's own work, between the engine's requests and the lifecycles: configuration, value conversion and
secrets, detailed diffs, previews that send nothing, imports of nothing, unique targets, function
arguments. What the engine does with the answers is ``test_plugin.py``'s."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import grpc
import pytest
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import (
    CheckRequest,
    ConfigureRequest,
    CreateRequest,
    DiffRequest,
    DiffResponse,
    InvokeRequest,
    PropertyDiffKind,
    ReadRequest,
    UpdateRequest,
)

import schemas
from emulator.server import EmulatorServer
from example_senders import eu_declaration
from provider.core.reporting import OperationFailed
from provider.native.errors import NativeError
from provider.native.provider import SinchProvider
from provider.native.server import require_sdk
from provider.native.values import UNKNOWN_SENTINEL, plain_map, property_map, secret_keys
from tests.conftest import TEST_PROJECT_ID
from tests.native.support import SECRET, TARGET, config_for
from tests.provider.support import api_requests

T = TypeVar("T")
SENDER = "urn:pulumi:dev::sinch-rcs-senders::sinch:index:RcsSender::"
WEBHOOK = "urn:pulumi:dev::sinch-rcs-senders::sinch:index:ProvisioningWebhook::"


def run(call: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(call)


def configured(url: str) -> SinchProvider:
    provider = SinchProvider()
    settings = {key.removeprefix("sinch:"): value for key, value in config_for(url).items()}
    run(provider.configure(ConfigureRequest({}, property_map(settings, {"keySecret"}), True, False)))
    return provider


def hook(**overrides: Any) -> dict[str, PropertyValue]:
    declared = {"target": TARGET, "secret": SECRET, "triggers": ["RCS_SENDER_STATUS_UPDATED"]} | overrides
    return property_map(declared)


def test_values_cross_unknowns_secrets_and_numbers_both_ways() -> None:
    given = {
        "a": PropertyValue(UNKNOWN_SENTINEL),
        "b": PropertyValue({"c": PropertyValue("x", is_secret=True), "n": PropertyValue(3.0)}),
        "d": PropertyValue([PropertyValue(True), PropertyValue(None)]),
    }

    plain = plain_map(given)

    assert plain == {"a": schemas.UNKNOWN, "b": {"c": "x", "n": 3.0}, "d": [True, None]}
    assert secret_keys(given) == {"b"}
    back = property_map({**plain, "e": 7}, {"b"})
    assert back["a"] == PropertyValue(UNKNOWN_SENTINEL)
    assert back["b"].is_secret
    assert back["e"] == PropertyValue(7.0)
    assert back["d"] == PropertyValue([PropertyValue(True), PropertyValue(None)])


def test_check_config_names_each_missing_setting_and_keeps_the_key_secret_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in ("SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET", "SINCH_AUTH_METHOD"):
        monkeypatch.delenv(variable, raising=False)
    provider = SinchProvider()
    urn = "urn:pulumi:dev::p::pulumi:providers:sinch::prod"

    missing = run(provider.check_config(CheckRequest(urn, {}, property_map({"keySecret": "s"}), b"")))
    wrong = run(
        provider.check_config(
            CheckRequest(
                urn,
                {},
                property_map({"projectId": "p", "keyId": "k", "keySecret": "s", "authMethod": "digest"}),
                b"",
            )
        )
    )
    unknown = run(
        provider.check_config(CheckRequest(urn, {}, property_map({"projectId": schemas.UNKNOWN}), b""))
    )

    assert [f.property for f in missing.failures or []] == ["projectId", "keyId"]
    reason = (missing.failures or [])[0].reason
    assert "project_id= on the provider, or for the default provider sinch:projectId" in reason
    assert "SINCH_PROJECT_ID" in reason
    assert missing.inputs is not None
    assert missing.inputs["keySecret"].is_secret
    assert [f.property for f in wrong.failures or []] == ["authMethod"]
    # projectId is judged once known; the others are missing anyway
    assert [f.property for f in unknown.failures or []] == ["keyId", "keySecret"]


def test_check_loads_the_declaration_marks_secrets_and_reports_paths(emulator: EmulatorServer) -> None:
    provider = configured(emulator.url)
    sender = property_map(eu_declaration() | {"brand": eu_declaration()["brand"] | {"color": "#0b5fff"}})
    bad = property_map({"region": "Mars", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"})

    checked = run(provider.check(CheckRequest(SENDER + "eu", {}, sender, b"")))
    refused = run(provider.check(CheckRequest(SENDER + "bad", {}, bad, b"")))
    webhook = run(provider.check(CheckRequest(WEBHOOK + "events", {}, hook(), b"")))

    assert checked.failures is None or not checked.failures
    assert checked.inputs is not None
    assert plain_map(checked.inputs)["brand"]["color"] == "#0B5FFF"
    assert [f.property for f in refused.failures or []] == ["region"]
    assert webhook.inputs is not None
    assert webhook.inputs["secret"].is_secret
    assert api_requests(emulator) == {}


def test_the_same_urn_checked_again_is_no_duplicate_and_a_moved_target_is_free(
    emulator: EmulatorServer,
) -> None:
    provider = configured(emulator.url)
    other = "https://events.acme-parcel.example/other"

    def check(name: str, target: object) -> list[str]:
        answer = run(provider.check(CheckRequest(WEBHOOK + name, {}, hook(target=target), b"")))
        return [f.reason for f in answer.failures or []]

    assert check("a", TARGET) == []
    assert check("a", TARGET) == []  # a replacement's second Check
    assert check("a", other) == []  # a now declares another target: TARGET is free
    assert check("b", TARGET) == []
    duplicate = check("c", other)
    assert len(duplicate) == 1
    assert f"{WEBHOOK}a and {WEBHOOK}c" in duplicate[0]
    assert check("d", schemas.UNKNOWN) == []  # not known at preview: Sinch refuses a duplicate at `up`


def test_an_app_webhook_target_is_unique_per_app(emulator: EmulatorServer) -> None:
    provider = configured(emulator.url)
    urn = "urn:pulumi:dev::sinch-rcs-senders::sinch:index:ConversationWebhook::"
    first_app, second_app = "01J8ZQ4V6N8D4W3T2K1M0P9R7S", "01J8ZQ4V6N8D4W3T2K1M0P9R8T"

    def check(name: str, app_id: str) -> list[str]:
        declared = {"appId": app_id, "region": "EU", "target": TARGET, "triggers": ["MESSAGE_INBOUND"]}
        news = property_map(declared | {"secret": SECRET})
        answer = run(provider.check(CheckRequest(urn + name, {}, news, b"")))
        return [f"{f.property}: {f.reason}" for f in answer.failures or []]

    assert check("a", first_app) == []
    assert check("b", second_app) == []  # another app: its own targets
    [duplicate] = check("c", first_app)
    assert duplicate.startswith(f"target: ConversationWebhook appId {first_app}, target {TARGET} is declared")
    assert f"{urn}a and {urn}c" in duplicate


def test_diff_answers_changed_keys_with_their_kind_replacements_and_delete_first(
    emulator: EmulatorServer,
) -> None:
    provider = configured(emulator.url)
    webhook_id = "01J8ZQ4V6N8D4W3T2K1M0P9R7S"
    recorded = hook(projectId=TEST_PROJECT_ID, __stateVersion=1)  # what a create recorded

    def diff(news: dict[str, PropertyValue]) -> DiffResponse:
        return run(provider.diff(DiffRequest(WEBHOOK + "events", webhook_id, recorded, news, [])))

    unchanged, rotated = diff(hook()), diff(hook(secret="x" * 43))
    moved = diff(hook(webhookId="01J0000000000000000000000Z"))

    assert unchanged.changes is False
    assert (rotated.changes, rotated.diffs, rotated.replaces) == (True, ["secret"], [])
    assert rotated.detailed_diff["secret"].kind == PropertyDiffKind.UPDATE
    assert moved.replaces == ["webhookId"]
    assert moved.detailed_diff["webhookId"].kind == PropertyDiffKind.ADD_REPLACE
    assert moved.delete_before_replace is True
    assert api_requests(emulator) == {}


def test_a_preview_create_or_update_sends_nothing_and_leaves_sinchs_outputs_unknown_or_as_recorded(
    emulator: EmulatorServer,
) -> None:
    provider = configured(emulator.url)
    inputs = property_map(eu_declaration())

    preview = run(provider.create(CreateRequest(SENDER + "eu", inputs, 0, True)))
    assert api_requests(emulator) == {}
    created = run(provider.create(CreateRequest(SENDER + "eu", inputs, 0, False)))
    changed = property_map(eu_declaration() | {"countries": ["GB"]})
    emulator.reset_stats()
    planned = run(
        provider.update(
            UpdateRequest(
                SENDER + "eu", str(created.resource_id), created.properties, changed, 0, [], preview=True
            )
        )
    )

    assert not preview.resource_id
    assert preview.properties["state"] == PropertyValue(UNKNOWN_SENTINEL)
    assert preview.properties["authToken"].is_secret
    assert planned.properties["state"] == created.properties["state"]
    assert planned.properties["countries"] == PropertyValue([PropertyValue("GB")])
    assert api_requests(emulator) == {}


def test_an_import_of_nothing_fails_and_a_refresh_of_a_gone_object_drops_it(emulator: EmulatorServer) -> None:
    provider = configured(emulator.url)
    gone = "cf11794a-6a5e-4a12-b103-da79bd378bf1"

    with pytest.raises(NativeError) as missing:
        run(provider.read(ReadRequest(SENDER + "x", gone, {}, {})))
    refreshed = run(provider.read(ReadRequest(SENDER + "x", gone, property_map({"region": "EU"}), {})))

    assert missing.value.code == grpc.StatusCode.NOT_FOUND
    assert str(missing.value).startswith(
        f"RcsSender {gone} does not exist in Sinch project {TEST_PROJECT_ID}"
    )
    assert not refreshed.resource_id


def test_a_step_fails_with_one_short_message_and_an_unknown_type_or_function_says_what_there_is(
    emulator: EmulatorServer,
) -> None:
    provider = configured(emulator.url)

    with pytest.raises(OperationFailed) as refused:
        run(provider.create(CreateRequest(SENDER + "eu", property_map({"region": "EU"}), 0, False)))
    with pytest.raises(NativeError) as unknown_type:
        run(provider.check(CheckRequest("urn:pulumi:dev::p::sinch:index:Nope::x", {}, {}, b"")))
    with pytest.raises(NativeError) as unknown_function:
        run(provider.invoke(InvokeRequest("sinch:index:nope", {})))
    wrong = run(
        provider.invoke(InvokeRequest("sinch:index:lookupSenders", property_map({"states": "LAUNCHED"})))
    )

    assert str(refused.value).startswith("Invalid RcsSender declaration:\n  - billingCategory:")
    assert "sinch:index:RcsSender" in str(unknown_type.value)
    assert unknown_function.value.code == grpc.StatusCode.NOT_FOUND
    failures = [(f.property, f.reason) for f in wrong.failures or []]
    assert failures == [("states", "Must be a list of strings.")]


def test_the_plugin_refuses_to_start_on_an_sdk_older_than_the_one_it_is_written_for() -> None:
    require_sdk("3.272.0")
    require_sdk("3.300.1")

    with pytest.raises(SystemExit) as refused:
        require_sdk("3.216.0")

    assert "needs the Pulumi Python SDK 3.272 or newer" in str(refused.value)
    assert "this environment has 3.216.0" in str(refused.value)
