"""ConversationApp's typed arguments say what the schemas say: every ``TypedDict`` of
provider/conversation_apps/args.py has exactly the fields of its marshmallow schema, the same ones
required, and its ``Literal``s are the schema's choices (the contract's enums); the constructor takes every
input of the property table (the four ``rcs*`` through ``rcs_sender``). No plugin: pure introspection."""

from __future__ import annotations

import inspect
import re
import typing
from typing import Any

import pytest
from marshmallow import Schema

from provider import ConversationApp, ConversationAppProvider
from provider.conversation_apps import args
from provider.conversation_apps.properties import TABLE
from schemas.conversation_apps import RCS_FIELDS, ConversationAppSchema
from schemas.conversation_apps.constants import CHANNELS
from schemas.fields import Choice, Items, Object

# The constructor argument -> its TypedDict (the settings and one channel entry).
SHAPES = {
    "retentionPolicy": args.RetentionPolicyArgs,
    "dispatchRetentionPolicy": args.DispatchRetentionPolicyArgs,
    "callbackSettings": args.CallbackSettingsArgs,
    "deliveryReportBasedFallback": args.DeliveryReportBasedFallbackArgs,
    "messageRetrySettings": args.MessageRetrySettingsArgs,
    "smartConversation": args.SmartConversationArgs,
    "channelCredentials": args.ChannelCredentialArgs,
}
LITERALS = {"region": args.Region, "processingMode": args.ProcessingMode}
# Choices the schema refuses with its own message (and a Literal leaves out): RCS comes from rcs_sender.
REFUSED = {"channelCredentials.channel": {"RCS"}}


def named_types(annotation: Any) -> list[Any]:
    """The TypedDicts and Literal aliases of args.py an annotation names (postponed: a string, or a
    ``ForwardRef`` in a TypedDict)."""
    text = str(getattr(annotation, "__forward_arg__", annotation))
    return [getattr(args, name) for name in re.findall(r"\b([A-Z]\w+)\b", text) if hasattr(args, name)]


def required_keys(shape: Any) -> set[str]:
    """A TypedDict's required keys (``Required[...]`` in a postponed annotation is a string at run time,
    which Python 3.11 does not read: it is read here)."""
    marked = {
        name
        for name, annotation in shape.__annotations__.items()
        if str(getattr(annotation, "__forward_arg__", annotation)).startswith("Required[")
    }
    return set(shape.__required_keys__) | marked


def nested(field: Any) -> Schema | None:
    """The schema an ``Object`` field (or ``Items`` of ``Object``) holds."""
    if isinstance(field, Items):
        field = field.inner
    schema = field.schema if isinstance(field, Object) else None
    return schema if isinstance(schema, Schema) else None


def compare(shape: Any, schema: Schema, path: str) -> list[str]:
    """Where ``shape`` (a TypedDict) and ``schema`` disagree, recursively."""
    problems: list[str] = []
    keys, fields = set(shape.__annotations__), set(schema.fields)
    if keys != fields:
        problems.append(f"{path}: TypedDict {sorted(keys - fields)} vs schema {sorted(fields - keys)}")
    required = {name for name, field in schema.fields.items() if field.required}
    if required_keys(shape) != required:
        problems.append(f"{path}: required {sorted(required_keys(shape))} vs schema {sorted(required)}")
    for name in sorted(keys & fields):
        field, types = schema.fields[name], named_types(shape.__annotations__[name])
        if isinstance(field, Choice):
            literals = [value for kind in types for value in typing.get_args(kind)]
            if set(literals) != set(field.choices) - REFUSED.get(f"{path}.{name}", set()):
                problems.append(f"{path}.{name}: Literal {literals} vs choices {list(field.choices)}")
        inner = nested(field)
        if inner is not None:
            dicts = [kind for kind in types if typing.is_typeddict(kind)]
            if len(dicts) != 1:
                problems.append(f"{path}.{name}: no TypedDict for the nested schema")
            else:
                problems += compare(dicts[0], inner, f"{path}.{name}")
    return problems


@pytest.mark.parametrize("state_name", sorted(SHAPES))
def test_each_nested_argument_is_its_schema(state_name: str) -> None:
    schema = nested(ConversationAppSchema().fields[state_name])
    assert schema is not None
    assert compare(SHAPES[state_name], schema, state_name) == []


def test_every_object_argument_has_a_typed_shape_and_every_enum_a_literal() -> None:
    fields = ConversationAppSchema().fields
    assert {name for name, field in fields.items() if nested(field) is not None} == set(SHAPES)
    for name, literal in LITERALS.items():
        field = fields[name]
        assert isinstance(field, Choice)
        assert set(typing.get_args(literal)) == set(field.choices), name
    field = fields["conversationMetadataReportView"]
    assert isinstance(field, Choice)
    assert set(typing.get_args(args.MetadataReportView)) == set(field.choices)
    assert list(typing.get_args(args.Channel)) == [channel for channel in CHANNELS if channel != "RCS"]


def test_the_constructor_takes_every_input_with_its_typed_shape() -> None:
    parameters = inspect.signature(ConversationApp.__init__).parameters
    rcs = {TABLE.inputs[name] for name in RCS_FIELDS}
    assert (
        set(parameters) - {"self", "resource_name", "opts", "rcs_sender"} == set(TABLE.inputs.values()) - rcs
    )
    for state_name, shape in SHAPES.items():
        assert shape.__name__ in str(parameters[TABLE.inputs[state_name]].annotation), state_name
    assert "RcsSender" in str(parameters["rcs_sender"].annotation)
    assert ConversationAppProvider.lifecycle.table is TABLE
    assert set(TABLE.outputs.values()) <= set(ConversationApp.__annotations__)  # the typed attributes
