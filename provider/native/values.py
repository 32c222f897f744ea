"""Pulumi's ``PropertyValue``\\ s (what a native plugin gets and gives) <-> the lifecycles' plain values.

On the way in (:func:`plain_map`): secrets are unwrapped (the lifecycles judge the value inside), a value
Pulumi does not know yet (the sentinel string ``pulumi.runtime.rpc.UNKNOWN``, or a ``Computed``) becomes
``schemas.UNKNOWN``, numbers stay floats (the schemas make integral ones ints), and dependencies are dropped
(the engine keeps them). :func:`secret_keys` says which top-level properties held a secret anywhere inside.

On the way out (:func:`property_map`): ``schemas.UNKNOWN`` becomes the sentinel string (SDK 3.272 cannot
marshal ``PropertyValue.computed()``), ints become floats (a ``PropertyValue`` takes no int), and each
top-level property named in ``secret`` is marked secret as a whole.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Final

from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.runtime.rpc import UNKNOWN as UNKNOWN_SENTINEL

import schemas

__all__ = ["UNKNOWN_SENTINEL", "plain", "plain_map", "property_map", "property_value", "secret_keys"]

_SCALARS: Final = (str, bool, float)


def plain(value: PropertyValue) -> Any:
    """The plain Python value of ``value``: secrets unwrapped, unknowns as ``schemas.UNKNOWN``."""
    inner = value.value
    if isinstance(inner, str):
        return schemas.UNKNOWN if inner == UNKNOWN_SENTINEL else inner
    if inner is None or isinstance(inner, bool | float):
        return inner
    if isinstance(inner, Mapping):
        return {key: plain(item) for key, item in inner.items()}
    if isinstance(inner, Computed):
        return schemas.UNKNOWN
    if isinstance(inner, tuple | list):
        return [plain(item) for item in inner]
    # Assets, archives and resource references: no Sinch property takes one; the schemas refuse it by type.
    return inner


def plain_map(values: Mapping[str, PropertyValue]) -> dict[str, Any]:
    """:func:`plain` of each property."""
    return {key: plain(value) for key, value in values.items()}


def secret_keys(values: Mapping[str, PropertyValue]) -> set[str]:
    """The top-level properties of ``values`` that are, or hold, a secret."""
    return {key for key, value in values.items() if value.contains_secret()}


def property_value(value: Any) -> PropertyValue:
    """The ``PropertyValue`` of a plain value (``schemas.UNKNOWN`` -> the unknown sentinel)."""
    if value is None or isinstance(value, _SCALARS):
        return PropertyValue(value)
    if isinstance(value, int):
        return PropertyValue(float(value))
    if value is schemas.UNKNOWN:
        return PropertyValue(UNKNOWN_SENTINEL)
    if isinstance(value, Mapping):
        return PropertyValue({str(key): property_value(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return PropertyValue([property_value(item) for item in value])
    raise TypeError(f"a {type(value).__name__} cannot be a Pulumi property value")


def property_map(values: Mapping[str, Any], secret: Collection[str] = ()) -> dict[str, PropertyValue]:
    """:func:`property_value` of each property; those named in ``secret`` are marked secret."""
    return {
        key: property_value(value).with_secret(True) if key in secret else property_value(value)
        for key, value in values.items()
    }
