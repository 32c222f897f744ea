"""Small Pulumi programs over the toy provider, shared by the harness's self-tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pulumi

from tests.engine.toy.resource import Thing

Program = Callable[[], None]


def things(specs: Mapping[str, Mapping[str, Any]], **options: Any) -> Program:
    """A program declaring one independent Thing per entry (name -> inputs); `options` apply to all."""

    def program() -> None:
        for name, inputs in specs.items():
            Thing(name, dict(inputs), pulumi.ResourceOptions(**options) if options else None)

    return program


def chain(first: Mapping[str, Any], second_note: str = "follows") -> Program:
    """`first`, then `second` whose label is computed from `first`'s `arn` output."""

    def program() -> None:
        first_thing = Thing("first", dict(first))
        Thing("second", {"label": first_thing.arn.apply(lambda arn: f"after {arn}"), "note": second_note})
        pulumi.export("firstArn", first_thing.arn)

    return program
