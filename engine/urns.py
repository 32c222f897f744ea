"""Pulumi URNs: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

_PREFIX: Final = "urn:pulumi:"
STACK_TYPE: Final = "pulumi:pulumi:Stack"


@dataclass(frozen=True)
class Urn:
    stack: str
    project: str
    qualified_type: str
    name: str

    @property
    def type(self) -> str:
        """The resource's own type (the last element of a parent-qualified type)."""
        return self.qualified_type.split("$")[-1]

    def __str__(self) -> str:
        return f"{_PREFIX}{self.stack}::{self.project}::{self.qualified_type}::{self.name}"


def parse_urn(urn: str) -> Urn:
    if not urn.startswith(_PREFIX):
        raise ValueError(f"not a Pulumi URN: {urn!r}")
    parts = urn[len(_PREFIX) :].split("::", 3)
    if len(parts) != 4:
        raise ValueError(f"not a Pulumi URN: {urn!r}")
    return Urn(parts[0], parts[1], parts[2], parts[3])


def make_urn(stack: str, project: str, parent_urn: str, type_: str, name: str) -> str:
    """The URN the engine gives a resource of `type_` named `name` under `parent_urn` (may be empty)."""
    qualified = type_
    if parent_urn:
        parent_type = parse_urn(parent_urn).qualified_type
        if parent_type != STACK_TYPE:
            qualified = f"{parent_type}${type_}"
    return str(Urn(stack, project, qualified, name))


def dependency_urns(
    parent: str, dependencies: Iterable[str], property_dependencies: Mapping[str, Iterable[str]]
) -> set[str]:
    """Every resource a resource depends on: its parent, its dependencies and its properties' dependencies."""
    urns = set(dependencies)
    for property_urns in property_dependencies.values():
        urns.update(property_urns)
    if parent:
        urns.add(parent)
    return urns
