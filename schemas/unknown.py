"""``UNKNOWN``: the marker for a value that is not known yet (an output of another resource at preview).

The provider replaces Pulumi's own unknown sentinel with this object before it hands inputs to the schemas,
so the schemas stay free of Pulumi. The schemas let it through untouched wherever it appears: a loaded
sender holds the very same object where the declaration held it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final


class Unknown:
    """The type of ``UNKNOWN``. There is exactly one instance: copies, deep copies and pickles are itself."""

    __slots__ = ()
    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        instance = Unknown._instance
        if instance is None:
            instance = super().__new__(cls)
            Unknown._instance = instance
        return instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __copy__(self) -> Unknown:
        return self

    def __deepcopy__(self, _memo: dict[int, Any]) -> Unknown:
        return self

    def __reduce__(self) -> str:
        return "UNKNOWN"  # pickled by reference to this module's UNKNOWN


UNKNOWN: Final = Unknown()


def is_unknown(value: object) -> bool:
    """True if ``value`` is ``UNKNOWN`` itself."""
    return value is UNKNOWN


def contains_unknown(value: object) -> bool:
    """True if ``value`` is ``UNKNOWN`` or holds it anywhere inside (dict values, list items)."""
    return unknown_path(value) is not None


def unknown_path(value: object, prefix: str = "") -> str | None:
    """The path of the first ``UNKNOWN`` inside ``value`` (``brand.emails[0].address``), or ``None``.

    The root itself is reported as ``prefix`` (``""`` when no prefix is given)."""
    if value is UNKNOWN:
        return prefix
    if isinstance(value, Mapping):
        for key, item in value.items():
            found = unknown_path(item, f"{prefix}.{key}" if prefix else str(key))
            if found is not None:
                return found
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = unknown_path(item, f"{prefix}[{index}]")
            if found is not None:
                return found
    return None


def require_known(value: object, what: str, *, whole: str) -> None:
    """Raise ``ValueError`` naming the first ``UNKNOWN`` inside ``value`` (``whole`` when ``value`` itself
    is it): bodies (``what``: "create body", ...) are built from known values only."""
    path = unknown_path(value)
    if path is not None:
        raise ValueError(
            f"Cannot build the {what}: {path or whole} is not known yet (UNKNOWN). Bodies are built from "
            "known values only; build it after Pulumi has resolved every input."
        )
