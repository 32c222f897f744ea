"""The ``sinch`` package schema (what GetSchema returns), generated from the code that judges the values.

- each resource's inputs: the fields of its marshmallow schema (:mod:`provider.native.registry`), in their
  order, typed by field (text: ``string``, ``Flag``: ``boolean``, ``WholeNumber``: ``integer``, other numbers:
  ``number``, ``Items``: ``array``, ``Object``: an object type named after its schema, ``BrandSchema`` ->
  ``sinch:index:Brand``), required where the field is; a field whose values are a fixed list says which;
- each resource's outputs: the inputs (echoed) and Sinch's outputs (:mod:`provider.native.outputs`); the
  property table's secrets are ``secret`` in both;
- the provider's configuration: the settings of :mod:`provider.settings` (:mod:`provider.native.config`);
- the functions of :mod:`provider.native.functions`;
- every description from :mod:`provider.native.descriptions`: a property without one is an error here
  (:class:`SchemaError`), so a field added to a schema cannot reach the package undocumented.

Pulumi's metaschema (``pkg/codegen/schema/pulumi.json``) is what it must satisfy; the tests check it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any, Final

from marshmallow import Schema
from marshmallow.fields import Field

from provider.native import descriptions
from provider.native.config import SECRET_INPUTS, SETTINGS
from provider.native.functions import FUNCTIONS
from provider.native.outputs import OUTPUT_TYPES, OUTPUTS, Spec, ref
from provider.native.registry import PACKAGE, RESOURCES, NativeResource, type_token
from schemas.fields import Choice, Custom, Flag, Items, JsonNumber, Object, Text, WholeNumber
from schemas.rcs_senders.us import UsV1AnswersSchema, UsV2AnswersSchema
from sinch_provisioning.version import VERSION

# Fields whose shape is decided by a function (``schemas.fields.Custom``): the object type that stands for
# them, made of these schemas' fields (a name in several with different types takes any of them).
CUSTOM_TYPES: Final[Mapping[tuple[str, str], tuple[str, tuple[type[Schema], ...]]]] = {
    ("UsSection", "answers"): ("UsAnswers", (UsV2AnswersSchema, UsV1AnswersSchema)),
}
# Up to this many allowed values are listed in a property's description.
MAX_LISTED_CHOICES: Final = 40


class SchemaError(ValueError):
    """The package schema cannot be built: a property has no description, or a field no Pulumi type."""


class _Builder:
    """Collects the object types while the resources' properties are built."""

    def __init__(self) -> None:
        self.types: dict[str, Spec] = {}
        self._origins: dict[str, object] = {}

    # -- object types ----------------------------------------------------------------------------------

    def schema_type(self, schema: type[Schema]) -> Spec:
        """A reference to the object type of ``schema`` (built on first use)."""
        name = schema.__name__.removesuffix("Schema")
        if self._register(name, schema):
            instance = schema()
            self.types[type_token(name)] = self._object(name, _named_fields(instance), _required(instance))
        return ref(name)

    def custom_type(self, owner: str, name: str) -> Spec:
        try:
            type_name, schemas = CUSTOM_TYPES[(owner, name)]
        except KeyError:
            raise SchemaError(f"{owner}.{name}: a Custom field with no entry in CUSTOM_TYPES") from None
        if self._register(type_name, schemas):
            merged: dict[str, list[Field[Any]]] = {}
            for schema in schemas:
                for key, field in _named_fields(schema()).items():
                    merged.setdefault(key, []).append(field)
            properties = {key: self._merged(type_name, key, fields) for key, fields in merged.items()}
            self.types[type_token(type_name)] = {
                "type": "object",
                "description": _text(descriptions.TYPES, type_name),
                "properties": properties,
            }
        return ref(type_name)

    def output_types(self) -> None:
        for name, properties in OUTPUT_TYPES.items():
            if self._register(name, OUTPUT_TYPES):
                self.types[type_token(name)] = {
                    "type": "object",
                    "description": _text(descriptions.TYPES, name),
                    "properties": {key: dict(spec) for key, spec in properties.items()},
                }

    def _register(self, name: str, origin: object) -> bool:
        """True the first time ``name`` is seen; a second origin for one name is an error."""
        known = self._origins.setdefault(name, origin)
        if known is not origin:
            raise SchemaError(f"two different shapes are both named {name}: {known!r} and {origin!r}")
        return type_token(name) not in self.types

    def _object(self, name: str, fields: Mapping[str, Field[Any]], required: list[str]) -> Spec:
        spec: Spec = {
            "type": "object",
            "description": _text(descriptions.TYPES, name),
            "properties": {key: self.property(name, key, field) for key, field in fields.items()},
        }
        if required:
            spec["required"] = required
        return spec

    # -- properties ------------------------------------------------------------------------------------

    def property(self, owner: str, name: str, field: Field[Any]) -> Spec:
        """The spec of the property ``name`` of ``owner`` (a resource or type name), described."""
        spec = self.field_type(owner, name, field)
        spec["description"] = _text(descriptions.PROPERTIES.get(owner, {}), name, owner) + _choices(field)
        return spec

    def field_type(self, owner: str, name: str, field: Field[Any]) -> Spec:
        if isinstance(field, Object):
            nested = field.nested
            if not isinstance(nested, type) or not issubclass(nested, Schema):
                raise SchemaError(f"{owner}.{name}: a nested schema that is not a Schema class: {nested!r}")
            return self.schema_type(nested)
        if isinstance(field, Items):
            return {"type": "array", "items": self.field_type(owner, name, field.inner)}
        if isinstance(field, Custom):
            return self.custom_type(owner, name)
        if isinstance(field, Flag):
            return {"type": "boolean"}
        if isinstance(field, WholeNumber):
            return {"type": "integer"}
        if isinstance(field, JsonNumber):
            return {"type": "number"}
        if isinstance(field, Text):
            return {"type": "string"}
        raise SchemaError(f"{owner}.{name}: no Pulumi type for a {type(field).__name__} field")

    def _merged(self, owner: str, name: str, fields: list[Field[Any]]) -> Spec:
        kinds: list[Spec] = []
        for field in fields:
            kind = self.field_type(owner, name, field)
            if kind not in kinds:
                kinds.append(kind)
        spec: Spec = kinds[0] if len(kinds) == 1 else {"oneOf": kinds}
        spec["description"] = _text(descriptions.PROPERTIES.get(owner, {}), name, owner)
        return spec


def _named_fields(schema: Schema) -> dict[str, Field[Any]]:
    return {field.data_key or key: field for key, field in schema.load_fields.items()}


def _required(schema: Schema) -> list[str]:
    return [name for name, field in _named_fields(schema).items() if field.required]


def _text(table: Mapping[str, str], name: str, owner: str | None = None) -> str:
    text = table.get(name, "").strip()
    if not text:
        where = f"{owner}.{name}" if owner else name
        raise SchemaError(f"{where} has no description (provider/native/descriptions.py)")
    return text


def _choices(field: Field[Any]) -> str:
    inner = field.inner if isinstance(field, Items) else field
    if not isinstance(inner, Choice) or len(inner.choices) > MAX_LISTED_CHOICES:
        return ""
    return " One of: " + ", ".join(f"`{choice}`" for choice in inner.choices) + "."


def _resource(builder: _Builder, resource: NativeResource) -> Spec:
    table = resource.table
    name = table.resource
    instance = resource.schema()
    fields = _named_fields(instance)
    if list(fields) != list(table.inputs):
        raise SchemaError(f"{name}: the schema's fields {list(fields)} are not the table's inputs")
    inputs = {key: builder.property(name, key, field) for key, field in fields.items()}
    outputs = {key: dict(spec) for key, spec in OUTPUTS.get(name, {}).items()}
    if list(outputs) != list(table.outputs):
        raise SchemaError(
            f"{name}: provider/native/outputs.py lists {list(outputs)}, the table {table.outputs}"
        )
    for key in table.secrets:
        for properties in (inputs, outputs):
            if key in properties:
                properties[key]["secret"] = True
    required = _required(instance)
    return {
        "description": _text(descriptions.RESOURCES, name),
        "inputProperties": inputs,
        "requiredInputs": required,
        "properties": {**inputs, **outputs},
        "required": required,
    }


def _config() -> dict[str, Spec]:
    variables: dict[str, Spec] = {}
    for name in SETTINGS:
        spec: Spec = {"type": "string", "description": _text(descriptions.CONFIG, name, "config")}
        if name in SECRET_INPUTS:
            spec["secret"] = True
        variables[name] = spec
    return variables


def _function(builder: _Builder, properties: Mapping[str, Spec], required: Iterable[str]) -> Spec:
    spec: Spec = {"properties": {key: dict(value) for key, value in properties.items()}}
    if required:
        spec["required"] = list(required)
    return spec


@functools.cache
def package_schema_json() -> str:
    """The package schema as JSON text (built once per process)."""
    return json.dumps(package_schema(), indent=2)


def package_schema() -> dict[str, Any]:
    """The package schema (see the module docstring)."""
    builder = _Builder()
    resources = {token: _resource(builder, resource) for token, resource in RESOURCES.items()}
    builder.output_types()
    functions = {
        function.token: {
            "description": function.description,
            "inputs": _function(builder, function.inputs, function.required),
            "outputs": _function(builder, function.outputs, function.outputs),
        }
        for function in FUNCTIONS.values()
    }
    config = _config()
    return {
        "name": PACKAGE,
        "displayName": "Sinch",
        "version": VERSION,
        "description": descriptions.PACKAGE,
        "keywords": ["pulumi", "sinch", "rcs", "category/cloud", "kind/native"],
        "config": {"variables": config},
        "provider": {"description": descriptions.PROVIDER, "inputProperties": config},
        "types": dict(sorted(builder.types.items())),
        "resources": resources,
        "functions": functions,
        "language": {"python": {"packageName": "pulumi_sinch"}},
    }
