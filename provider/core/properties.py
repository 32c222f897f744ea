"""A resource's property table: its names in state and in Python, which are secret, the shape's version.

Every resource describes its properties once, in a :class:`PropertyTable`, and everything that needs a
name takes it from there: the resource class (snake_case attributes and arguments, camelCase in state),
the lifecycle (which keys are declared inputs, which are Sinch's outputs), the secret outputs, the docs
tests and the native plugin's package schema.

State versions. Every stack's state is read by every later version of this provider. Each resource's
outputs carry ``__stateVersion`` (outputs written before it existed are version 1); Read, Diff and Update
first bring the recorded outputs to the current shape (:meth:`PropertyTable.current_shape`) with the
resource's migrations, one version at a time, locally and without a request. State written by a newer
provider is refused with a clear message rather than misread. ARCHITECTURE.md, "State versions", says
what to do when a shape changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from provider.core.errors import ProviderError
from sinch_provisioning.version import VERSION

STATE_VERSION_KEY: Final = "__stateVersion"

Migration = Callable[[dict[str, Any]], dict[str, Any]]


class NewerStateError(ProviderError):
    """The outputs were recorded by a newer version of this provider than the one running."""


def snake_case(name: str) -> str:
    """The Python name of a state name: ``billingCategory`` -> ``billing_category``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def named(state_names: Iterable[str]) -> dict[str, str]:
    """``{state name: Python name}`` for ``state_names``, in their order (a schema's field names)."""
    return {name: snake_case(name) for name in state_names}


def recorded_version(outputs: Mapping[str, Any]) -> int:
    """The shape version of recorded outputs (1 when they carry none: written before versions existed)."""
    version = outputs.get(STATE_VERSION_KEY, 1)
    return int(version) if isinstance(version, int | float) and not isinstance(version, bool) else 1


@dataclass(frozen=True)
class PropertyTable:
    """One resource's properties. ``inputs`` and ``outputs`` map state (camelCase) names to Python
    (snake_case) names, in declaration order; ``secrets`` are the state names always kept secret."""

    resource: str
    """The resource's type name (``RcsSender``), as messages name it."""
    inputs: Mapping[str, str]
    """What a program declares (echoed in the outputs, since Diff and Update get the old outputs)."""
    outputs: Mapping[str, str]
    """What Sinch gives besides the echoed inputs (the object's id is the resource id, not in here)."""
    secrets: tuple[str, ...] = ()
    version: int = 1
    """The current shape of the recorded outputs; raise it when the shape changes, with a migration."""
    migrations: Mapping[int, Migration] = field(default_factory=dict)
    """``migrations[n]`` takes recorded outputs of shape ``n`` to shape ``n + 1``."""

    article: str = "a"
    """``a`` or ``an``, as the type name is said (``an RcsSender``)."""

    @property
    def a_resource(self) -> str:
        """``an RcsSender``, ``a ProvisioningWebhook``: the resource in a sentence."""
        return f"{self.article} {self.resource}"

    @property
    def state_to_python(self) -> dict[str, str]:
        """Every property: state name -> Python name."""
        return {**self.inputs, **self.outputs}

    def declared(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """The declared inputs among ``props`` (inputs or outputs), without ``__provider`` or Sinch's
        fields, and without inputs that are None (not declared)."""
        return {key: props[key] for key in self.inputs if key in props and props[key] is not None}

    def record(self, declaration: Mapping[str, Any], answer: Mapping[str, Any]) -> dict[str, Any]:
        """The outputs to record: ``declaration`` echoed, the outputs ``answer`` holds, the version."""
        recorded = dict(declaration)
        for key in self.outputs:
            if answer.get(key) is not None:
                recorded[key] = answer[key]
        recorded[STATE_VERSION_KEY] = self.version
        return recorded

    def current_shape(self, recorded: Mapping[str, Any], *, id_: str | None = None) -> dict[str, Any]:
        """``recorded`` outputs (of any released version) in the current shape; local, no request.

        Raises :class:`NewerStateError` for outputs a newer version wrote."""
        version = recorded_version(recorded)
        if version > self.version:
            named = f"{self.resource} {id_}" if id_ else self.resource
            raise NewerStateError(
                f"This {named} was recorded by a newer version of sinch-rcs-pulumi (state version "
                f"{version}; {VERSION} reads up to {self.version}). Upgrade sinch-rcs-pulumi in this "
                "project's virtualenv (pip install -U sinch-rcs-pulumi) before running Pulumi on this stack."
            )
        shaped = dict(recorded)
        while version < self.version:
            shaped = self.migrations[version](shaped)
            version += 1
        shaped[STATE_VERSION_KEY] = self.version
        return shaped
