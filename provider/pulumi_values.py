"""Bridge between Pulumi's unknown values (preview) and the schemas' ``UNKNOWN`` marker.

During ``pulumi preview`` an input that comes from another resource's output is not known yet. The plugin
hands it to us as ``pulumi.output.Unknown`` (or, in some paths, as the raw sentinel string). The schemas are
pure and know nothing of Pulumi, so the provider swaps the marker on the way in and back on the way out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN as UNKNOWN_SENTINEL

import schemas


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN_SENTINEL)


def to_schema_values(value: Any) -> Any:
    """A copy of ``value`` with every Pulumi unknown replaced by ``schemas.UNKNOWN``."""
    if is_unknown(value):
        return schemas.UNKNOWN
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
