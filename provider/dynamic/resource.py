"""``SinchResource``: what every resource of this project shares as a ``pulumi.dynamic.Resource``.

- Names, from the resource's :class:`~provider.core.properties.PropertyTable`: state and the wire to the
  provider use camelCase (``billingCategory``); the Python object and its arguments use snake_case
  (``billing_category``): ``translate_*_property``.
- Secrets: the table's secret outputs are secret in state and masked in the CLI.
- ``.get()``: read an existing object by its Sinch id into the program without managing it.
"""

from __future__ import annotations

import inspect
import sys
import typing
from collections.abc import Mapping
from typing import Any, ClassVar, Self

import pulumi
from pulumi.dynamic import Resource

from provider.dynamic.provider import DynamicProvider


class SinchResource(Resource):
    """Base of the resources. Subclasses set ``provider_class`` and call :meth:`_register`."""

    provider_class: ClassVar[type[DynamicProvider]]
    """The dynamic provider serving this resource (its lifecycle's table names the properties)."""
    _state_to_python: ClassVar[Mapping[str, str]] = {}
    _python_to_state: ClassVar[Mapping[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The SDK reads a resource class's annotations at every construction (typing.get_type_hints); in a
        # module with postponed annotations each is a string it compiles and evaluates again, for every
        # resource. Resolved once here, the SDK finds them evaluated.
        own = inspect.get_annotations(cls)
        if own:
            alone = type(cls.__name__, (), {"__annotations__": dict(own)})  # without the SDK's bases
            namespace = vars(sys.modules[cls.__module__])
            cls.__annotations__ = typing.get_type_hints(alone, globalns=namespace, include_extras=True)
        provider = cls.__dict__.get("provider_class")
        if provider is not None:
            cls._state_to_python = provider.lifecycle.table.state_to_python
            cls._python_to_state = {python: state for state, python in cls._state_to_python.items()}

    @classmethod
    def get(
        cls, resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> Self:
        """Read an existing object (by its Sinch id) into the program, without managing it."""
        found = cls.__new__(cls)
        found._register(resource_name, {}, pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id)))
        return found

    @classmethod
    def _declared(cls, arguments: Mapping[str, Any]) -> dict[str, Any]:
        """The inputs among a constructor's ``arguments`` (its ``locals()``), by their Python names: the
        property table names them, so a constructor never lists them again."""
        inputs = cls.provider_class.lifecycle.table.inputs.values()
        return {name: arguments[name] for name in inputs}

    def _register(
        self, resource_name: str, inputs: dict[str, Any], opts: pulumi.ResourceOptions | None
    ) -> None:
        # Keys are the Python names: the SDK keys each output's resolver by them and translates them to the
        # camelCase state names (translate_input_property) on the way to the engine.
        props = dict.fromkeys(self._state_to_python.values()) | inputs
        table = self.provider_class.lifecycle.table
        secret = pulumi.ResourceOptions(additional_secret_outputs=list(table.secrets))
        merged = pulumi.ResourceOptions.merge(opts, secret)
        self._register_resource(resource_name, props, merged)

    def _register_resource(
        self, resource_name: str, props: dict[str, Any], opts: pulumi.ResourceOptions
    ) -> None:
        """Register with Pulumi as a dynamic resource served by ``provider_class`` (the native form's
        classes, ``pulumi_sinch``, register as their ``sinch:index:*`` type here instead)."""
        super().__init__(self.provider_class(), resource_name, props, opts)

    def translate_output_property(self, prop: str) -> str:
        return self._state_to_python.get(prop, prop)

    def translate_input_property(self, prop: str) -> str:
        return self._python_to_state.get(prop, prop)
