"""Bridge between Pulumi's values in the plugin and the plain values the schemas judge.

- Unknown values (preview: an input that comes from another resource's output) arrive as
  ``pulumi.output.Unknown`` (or, in some paths, as the raw sentinel string). The schemas are pure and know
  nothing of Pulumi, so the provider swaps them for ``schemas.UNKNOWN`` on the way in and back on the way
  out (``is_pulumi_unknown`` tells Pulumi's marker; ``schemas.is_unknown`` tells the schemas' own).
- Secret values arrive wrapped (``{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  "value": ...}``) when the engine sends them marked: the schemas judge the value inside.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN as UNKNOWN_SENTINEL

import schemas

# Pulumi's wire signature of a secret value (part of its property protocol, stable since secrets exist).
SIGNATURE_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270"  # noqa: S105 - a type tag, not a password


def is_pulumi_unknown(value: Any) -> bool:
    """True for Pulumi's unknown marker (the ``Unknown`` object or the raw sentinel string)."""
    return isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN_SENTINEL)


def is_wrapped_secret(value: Any) -> bool:
    """True for a secret as the plugin hands it over (a mapping with the secret signature)."""
    return isinstance(value, Mapping) and value.get(SIGNATURE_KEY) == SECRET_SIGNATURE


def to_schema_values(value: Any) -> Any:
    """A copy of ``value`` with every Pulumi unknown replaced by ``schemas.UNKNOWN`` and every wrapped
    secret by the value inside."""
    if is_pulumi_unknown(value):
        return schemas.UNKNOWN
    if is_wrapped_secret(value):
        return to_schema_values(value.get("value"))
    if isinstance(value, Mapping):
        return {key: to_schema_values(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_schema_values(item) for item in value]
    return value


def to_pulumi_values(value: Any) -> Any:
    """A copy of ``value`` with every ``schemas.UNKNOWN`` replaced by a Pulumi unknown."""
    if value is schemas.UNKNOWN:
        return Unknown()  # type: ignore[no-untyped-call]
    if isinstance(value, Mapping):
        return {key: to_pulumi_values(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_pulumi_values(item) for item in value]
    return value
