"""The ``sinch`` package schema: valid by Pulumi's own metaschema, generated from the schemas and property
tables that judge the values, every property documented, and the SDK package ``pulumi_sinch`` held to it.

``package-metaschema.json`` is pulumi/pulumi's ``pkg/codegen/schema/pulumi.json``; its patterns write named
groups as ``(?<name>...)``, which Python's ``re`` spells ``(?P<name>...)``."""

from __future__ import annotations

import copy
import inspect
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

import pulumi_sinch
from provider.core.properties import snake_case
from provider.dynamic.resource import SinchResource
from provider.native import descriptions
from provider.native.registry import RESOURCES
from provider.native.schema import package_schema
from pulumi_sinch._resource import NativeForm

METASCHEMA = Path(__file__).with_name("package-metaschema.json")
SDK_CLASSES: dict[str, type[NativeForm]] = {
    "RcsSender": pulumi_sinch.RcsSender,
    "ProvisioningWebhook": pulumi_sinch.ProvisioningWebhook,
    "ConversationApp": pulumi_sinch.ConversationApp,
    "ConversationWebhook": pulumi_sinch.ConversationWebhook,
}


def metaschema_validator() -> Any:
    text = re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", METASCHEMA.read_text(encoding="utf-8"))
    meta = json.loads(text)
    cls = jsonschema.validators.validator_for(meta)
    return cls(meta, format_checker=cls.FORMAT_CHECKER)


def test_the_package_schema_validates_against_pulumis_metaschema() -> None:
    validator = metaschema_validator()
    schema = package_schema()

    assert [error.message for error in validator.iter_errors(schema)] == []
    broken = copy.deepcopy(schema)  # the validator does judge: a token Pulumi would refuse fails
    broken["resources"]["sinch:index:9Sender"] = broken["resources"]["sinch:index:RcsSender"]
    broken["version"] = "not-semver"
    assert len(list(validator.iter_errors(broken))) >= 2


def test_each_resource_is_its_schemas_fields_and_its_tables_outputs_with_the_tables_secrets() -> None:
    schema = package_schema()
    served = {f"sinch:index:{name}" for name in SDK_CLASSES}
    assert len(served) == 4
    assert set(schema["resources"]) == set(RESOURCES) == served
    for token, resource in RESOURCES.items():
        spec = schema["resources"][token]
        table = resource.table
        assert list(spec["inputProperties"]) == list(table.inputs) == resource.schema().known_names()
        assert list(spec["properties"]) == [*table.inputs, *table.outputs]
        secret = [key for key, value in spec["properties"].items() if value.get("secret")]
        assert sorted(secret) == sorted(table.secrets)
        required = [name for name, field in resource.schema().load_fields.items() if field.required]
        assert spec["requiredInputs"] == required
    sender = schema["resources"]["sinch:index:RcsSender"]["inputProperties"]
    assert sender["brand"]["$ref"] == "#/types/sinch:index:Brand"
    assert sender["countries"]["type"] == "array"
    assert sender["launch"]["type"] == "boolean"
    assert sender["provisioningTimeout"]["type"] == "number"
    assert sender["region"]["description"].endswith("One of: `BR`, `EU`, `US`.")
    us = schema["types"]["sinch:index:UsAnswers"]["properties"]["messagesVolume"]
    assert us["oneOf"] == [{"type": "number"}, {"type": "string"}]  # v2 a number, v1 a text
    assert schema["config"]["variables"]["keySecret"]["secret"] is True
    assert schema["functions"]["sinch:index:lookupSenders"]["outputs"]["required"] == ["senders"]


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for owner, spec in [*schema["resources"].items(), *schema["types"].items()]:
        for name, value in {**spec.get("inputProperties", {}), **spec["properties"]}.items():
            yield f"{owner}.{name}", value
    for name, value in schema["config"]["variables"].items():
        yield f"config.{name}", value
    for token, function in schema["functions"].items():
        for part in ("inputs", "outputs"):
            for name, value in function[part]["properties"].items():
                yield f"{token}.{part}.{name}", value


def test_every_property_and_type_is_typed_and_described_and_no_description_is_left_over() -> None:
    schema = package_schema()
    for where, spec in _properties(schema):
        assert spec.get("description", "").strip(), where
        assert {"type", "$ref", "oneOf"} & set(spec), where
    for where, spec in [*schema["types"].items(), *schema["resources"].items()]:
        assert spec["description"].strip(), where
    used = {token.rsplit(":", 1)[1] for token in [*schema["types"], *schema["resources"]]}
    assert set(descriptions.TYPES) | set(descriptions.RESOURCES) == used
    assert set(descriptions.PROPERTIES) <= used
    for owner, properties in descriptions.PROPERTIES.items():
        token = f"sinch:index:{owner}"
        spec = schema["resources"].get(token) or schema["types"][token]
        assert set(properties) == set(spec.get("inputProperties", spec["properties"])), owner


def _keyword_parameters(function: Callable[..., Any]) -> dict[str, inspect.Parameter]:
    skipped = {"self", "resource_name", "opts"}
    return {
        name: parameter
        for name, parameter in inspect.signature(function).parameters.items()
        if name not in skipped
    }


# The SDK's conveniences (the dynamic form's): one argument that stands for several of the schema's inputs,
# which a generated SDK would take one by one. Where an alternative is given, the inputs become optional.
CONVENIENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "ConversationApp": {"rcs_sender": ("rcsSenderId", "rcsSenderRegion", "rcsClaimedIdentity", "rcsToken")},
    "ConversationWebhook": {"app": ("appId", "region")},
}
ALSO_ONE_BY_ONE = {
    "ConversationWebhook"
}  # takes the inputs themselves too (an app the stack does not manage)


def _outputs(cls: type[NativeForm]) -> list[str]:
    """The output attributes a resource class declares (its own and its bases' up to ``SinchResource``)."""
    names: list[str] = []
    for base in reversed(cls.__mro__):
        if issubclass(base, SinchResource) and base is not SinchResource:
            names += [
                name for name in inspect.get_annotations(base) if name not in names and name != "pulumi_type"
            ]
    return names


@pytest.mark.parametrize("name", sorted(SDK_CLASSES))
def test_each_sdk_resource_class_takes_and_gives_the_schemas_properties(name: str) -> None:
    spec = package_schema()["resources"][f"sinch:index:{name}"]
    cls = SDK_CLASSES[name]
    conveniences = CONVENIENCES.get(name, {})
    grouped = {snake_case(key) for keys in conveniences.values() for key in keys}
    inputs = [snake_case(key) for key in spec["inputProperties"]]
    expected = [key for key in inputs if key not in grouped or name in ALSO_ONE_BY_ONE] + list(conveniences)

    parameters = _keyword_parameters(cls)

    assert cls.pulumi_type == f"sinch:index:{name}"
    assert sorted(parameters) == sorted(expected)
    required = {key for key, p in parameters.items() if p.default is inspect.Parameter.empty}
    assert required == {snake_case(key) for key in spec["requiredInputs"]} - grouped
    assert _outputs(cls) == [snake_case(key) for key in spec["properties"]]


def test_the_sdk_provider_and_function_take_the_schemas_configuration_and_arguments() -> None:
    schema = package_schema()

    provider = _keyword_parameters(pulumi_sinch.Provider.__init__)
    function = _keyword_parameters(pulumi_sinch.lookup_senders)

    assert list(provider) == [snake_case(key) for key in schema["config"]["variables"]]
    assert list(provider) == [snake_case(key) for key in schema["provider"]["inputProperties"]]
    lookup = schema["functions"]["sinch:index:lookupSenders"]
    assert list(function) == [snake_case(key) for key in lookup["inputs"]["properties"]]
    assert list(pulumi_sinch.LookupSendersResult.__dataclass_fields__) == list(
        lookup["outputs"]["properties"]
    )
    summary = schema["types"]["sinch:index:SenderSummary"]["properties"]
    assert list(pulumi_sinch.SenderSummary.__dataclass_fields__) == [snake_case(key) for key in summary]
