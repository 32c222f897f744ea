"""The names of a declaration's inputs, read from its schema: the one list the provider derives its tables
from (the state names in declaration order, the provider's own options and their defaults; the Python
names are the provider's ``snake_case`` of them).

A schema's fields are its inputs, in declaration order, under their state names (camelCase: the names in
Pulumi state). A field that only steers the provider (Sinch never sees it) carries its default in its
metadata (``provider_option(default)``): an undeclared one means that default in every comparison, so that
state written before the option existed never shows a change for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from marshmallow import Schema

# The metadata key of a provider option's default.
PROVIDER_DEFAULT: Final = "provider_default"


def provider_option(default: Any) -> dict[str, Any]:
    """The field metadata marking a provider option whose undeclared value means ``default``."""
    return {PROVIDER_DEFAULT: default}


def _fields(schema: type[Schema] | Schema) -> Mapping[str, Any]:
    instance = schema() if isinstance(schema, type) else schema
    return {field.data_key or name: field for name, field in instance.load_fields.items()}


def input_names(schema: type[Schema] | Schema) -> tuple[str, ...]:
    """The state names of ``schema``'s inputs, in declaration order."""
    return tuple(_fields(schema))


def provider_options(schema: type[Schema] | Schema) -> dict[str, Any]:
    """``{state name: default}`` of the provider options among ``schema``'s inputs, in declaration order."""
    return {
        name: field.metadata[PROVIDER_DEFAULT]
        for name, field in _fields(schema).items()
        if PROVIDER_DEFAULT in field.metadata
    }
