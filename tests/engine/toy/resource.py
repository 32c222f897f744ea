"""`Thing`: the toy dynamic resource (`pulumi-python:dynamic/toy:Thing`)."""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import Resource

from tests.engine.toy.provider import ToyProvider

OUTPUT_KEYS = ("arn", "token", "version", "greeting")


class Thing(Resource, module="toy", name="Thing"):
    arn: pulumi.Output[str]
    token: pulumi.Output[str]
    version: pulumi.Output[int]
    label: pulumi.Output[str]
    size: pulumi.Output[int]

    def __init__(
        self,
        resource_name: str,
        props: dict[str, Any] | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **inputs: Any,
    ) -> None:
        all_props: dict[str, Any] = dict.fromkeys(OUTPUT_KEYS)
        all_props.update(props or {})
        all_props.update(inputs)
        super().__init__(ToyProvider(), resource_name, all_props, opts)

    @staticmethod
    def get(resource_name: str, id_: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None) -> Thing:
        merged = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id_))
        return Thing(resource_name, {"label": None, "size": None, "kind": None}, merged)
