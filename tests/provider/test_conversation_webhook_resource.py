"""What a ConversationWebhook is besides its life cycle: typed arguments held to the schema, the property
table, the arguments that name its app, and what its state holds besides the outputs (the serialized
provider, by its frozen class path, empty)."""

from __future__ import annotations

import base64
import inspect
import pickle
import pickletools
import typing
from typing import Any

import pytest

from emulator.server import EmulatorServer
from provider import ClientCredentialsArgs, ConversationTrigger, ConversationWebhook
from provider.conversation_webhooks.properties import TABLE
from schemas.conversation_webhooks import (
    INPUT_NAMES,
    SUBSCRIBABLE_TRIGGERS,
    TRIGGERS,
    ClientCredentialsSchema,
)
from schemas.conversation_webhooks.constants import REFUSED_TRIGGERS
from tests.conftest import TEST_KEY_SECRET
from tests.provider.app_webhook_support import SECRET, TARGET, make_app, one_hook
from tests.provider.support import engine_for


def test_the_trigger_type_is_the_contract_s_enum_but_the_value_it_says_not_to_use() -> None:
    assert typing.get_args(ConversationTrigger) == SUBSCRIBABLE_TRIGGERS
    assert set(TRIGGERS) - set(typing.get_args(ConversationTrigger)) == set(REFUSED_TRIGGERS)
    assert len(TRIGGERS) == 22


def test_the_client_credentials_type_has_the_schema_s_fields() -> None:
    keys = ClientCredentialsArgs.__required_keys__ | ClientCredentialsArgs.__optional_keys__
    assert keys == set(ClientCredentialsSchema().fields)
    required = {name for name, field in ClientCredentialsSchema().fields.items() if field.required}
    assert ClientCredentialsArgs.__required_keys__ == required


def test_the_table_s_inputs_are_the_schema_s_and_every_one_is_a_typed_argument_and_attribute() -> None:
    assert list(TABLE.inputs) == list(INPUT_NAMES)
    assert TABLE.secrets == ("secret", "clientCredentials")
    parameters = set(inspect.signature(ConversationWebhook.__init__).parameters)
    assert set(TABLE.inputs.values()) <= parameters
    assert set(TABLE.state_to_python.values()) <= set(ConversationWebhook.__annotations__)


@pytest.mark.parametrize(
    "arguments",
    [{}, {"app_id": "01J5ZQ7T3R9XWB8K4M2N6P0ABC"}, {"region": "EU"}],
    ids=["nothing", "app_id alone", "region alone"],
)
def test_a_webhook_without_its_app_is_refused_before_anything_runs(arguments: dict[str, Any]) -> None:
    declared: dict[str, Any] = {
        "target": "https://x.example/h",
        "triggers": ["MESSAGE_INBOUND"],
        "secret": "s",
    }
    with pytest.raises(TypeError, match="needs its app: app=<the ConversationApp>, or app_id= and region="):
        ConversationWebhook("hook", **declared, **arguments)


def test_the_provider_is_pickled_by_its_frozen_class_path_empty_and_without_secrets(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    engine.up(one_hook(make_app(emulator)), check=True)

    serialized = engine.state.by_name("hook").plain_inputs["__provider"]

    assert isinstance(serialized, str)
    raw = base64.b64decode(serialized)
    assert "STACK_GLOBAL" in [op.name for op, _, _ in pickletools.genops(raw)]  # by reference
    assert b"provider.conversation_webhooks.provider" in raw
    assert b"ConversationWebhookProvider" in raw
    assert vars(pickle.loads(raw)) == {}
    for secret in (SECRET, TEST_KEY_SECRET):
        assert secret.encode() not in raw


def test_get_reads_a_webhook_by_its_id_alone_asking_each_region_s_host(emulator: EmulatorServer) -> None:
    app_id = make_app(emulator, region="US")
    engine = engine_for(emulator)
    engine.up(one_hook(app_id, region="US"), check=True)
    webhook_id = engine.state.by_name("hook").id
    reader = engine_for(emulator)

    report = reader.up(lambda: ConversationWebhook.get("seen", webhook_id), check=True)

    assert report.resource("seen").op == "read"
    read = reader.state.by_name("seen").plain_outputs
    assert (read["appId"], read["region"], read["target"]) == (app_id, "US", TARGET)
