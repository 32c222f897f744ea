"""What every ``sinch:index:*`` resource class of this SDK shares: names, secrets, ``get``.

Each class declares its type token (``pulumi_type``) and the resource's property table (the one the
provider serves it with), so that state and the wire use the schema's camelCase names
(``billingCategory``) and the Python object snake_case (``billing_category``), as a generated SDK does.
The table's secret inputs are wrapped as secrets, and its secrets are ``additional_secret_outputs``:
secret in state even before the provider marks them.
"""

from typing import Any, ClassVar, Self

import pulumi

from provider.core.properties import PropertyTable


class SinchCustomResource(pulumi.CustomResource):
    """Base of the resource classes: subclasses set ``pulumi_type`` and ``table``, and call ``_register``."""

    pulumi_type: ClassVar[str]
    """The resource's type, ``sinch:index:<Name>``."""
    table: ClassVar[PropertyTable]
    _state_to_python: ClassVar[dict[str, str]] = {}
    _python_to_state: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "table" in cls.__dict__:
            cls._state_to_python = cls.table.state_to_python
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
    def _inputs(cls, arguments: dict[str, Any]) -> dict[str, Any]:
        """The inputs among a constructor's ``locals()``, by Python name; secret ones wrapped as secrets."""
        inputs = {python: arguments[python] for python in cls.table.inputs.values()}
        for state in cls.table.secrets:
            python = cls.table.inputs.get(state)
            if python is not None and inputs[python] is not None:
                inputs[python] = pulumi.Output.secret(inputs[python])
        return inputs

    def _register(
        self, resource_name: str, inputs: dict[str, Any], opts: pulumi.ResourceOptions | None
    ) -> None:
        props = dict.fromkeys(self._state_to_python.values()) | inputs
        secret = pulumi.ResourceOptions(additional_secret_outputs=list(self.table.secrets))
        super().__init__(self.pulumi_type, resource_name, props, pulumi.ResourceOptions.merge(opts, secret))

    def translate_output_property(self, prop: str) -> str:
        return self._state_to_python.get(prop, prop)

    def translate_input_property(self, prop: str) -> str:
        return self._python_to_state.get(prop, prop)
