"""Which resource declared which unique value, in one provider process (one provider instance, one project).

The native plugin's Check receives each resource's URN. For a resource type with ``unique`` inputs
(:class:`~provider.native.registry.NativeResource`), :class:`Declarations` remembers which URN declared each
value (a webhook's target) and answers the other URN when a second resource declares the same one, so that
Check fails at preview naming both, before anything is sent. The same URN checked again (a replacement's
second Check, a later operation in the same process) is not a duplicate, and a resource that declares a
new value gives up the one it held before (a target moved from one resource to another in one change).

Unknown values (another resource's output, at preview) are not compared: the Sinch API refuses the second
one at ``pulumi up`` (``webhook_exists``), with a message naming the webhook that holds it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import schemas
from provider.native.registry import NativeResource

Key = tuple[str, tuple[Any, ...]]


class Declarations:
    """The unique values declared so far in this process, by resource type; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holder: dict[Key, str] = {}
        self._held: dict[str, Key] = {}

    def declare(self, resource: NativeResource, urn: str, inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Record that ``urn`` declares ``inputs`` (checked); the check failures when another resource of
        this process declared the same unique values (none when the type has no unique inputs)."""
        if not resource.unique or not urn:
            return []
        declared = [inputs.get(name) for name in resource.unique]
        if any(value is None or schemas.contains_unknown(value) for value in declared):
            return []
        values = tuple(_hashable(value) for value in declared)
        key: Key = (resource.token, values)
        with self._lock:
            holder = self._holder.setdefault(key, urn)
            if holder != urn:
                return [(resource.unique[-1], _duplicate(resource, values, holder, urn))]
            before = self._held.get(urn)
            if before is not None and before != key and self._holder.get(before) == urn:
                del self._holder[before]  # this resource now declares another value: the old one is free
            self._held[urn] = key
        return []


def _duplicate(resource: NativeResource, values: tuple[Any, ...], holder: str, urn: str) -> str:
    shown = ", ".join(f"{name} {value}" for name, value in zip(resource.unique, values, strict=True))
    return (
        f"{resource.table.resource} {shown} is declared by two resources of this provider (one Sinch "
        f"project): {holder} and {urn}. {resource.unique_rule}"
    )


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, _hashable(item)) for key, item in value.items()))
    return value
