"""Reading a value inside a loaded sender, where a container on the way may be ``UNKNOWN`` or absent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from schemas.unknown import UNKNOWN

MISSING: Final = object()
"""An absent value (``None`` is a value: the API's ``null``)."""


def lookup(root: Any, path: Sequence[str]) -> Any:
    """The value at ``path`` (keys of nested objects) inside ``root``.

    ``UNKNOWN`` when a container on the way is ``UNKNOWN`` (the value may be anything), ``MISSING`` when a
    key is absent or a container on the way is not an object."""
    node = root
    for key in path:
        if node is UNKNOWN:
            return UNKNOWN
        if not isinstance(node, Mapping) or key not in node:
            return MISSING
        node = node[key]
    return node
