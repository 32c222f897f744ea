"""The version of the shape of the outputs a provider records, and bringing old shapes to the current one.

Every stack's state is read by every later version of this provider. Each resource's outputs carry
``__stateVersion`` (outputs written before it existed are version 1); Read, Diff and Update first bring
the recorded outputs to the current shape with the resource's migrations, one version at a time, locally
and without a request. State written by a newer provider is refused with a clear message rather than
misread. ARCHITECTURE.md, "State versions", says what to do when a shape changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from sinch_provisioning.version import VERSION

STATE_VERSION_KEY: Final = "__stateVersion"

Migration = Callable[[dict[str, Any]], dict[str, Any]]


class NewerStateError(Exception):
    """The outputs were recorded by a newer version of this provider than the one running."""


def recorded_version(outputs: Mapping[str, Any]) -> int:
    """The shape version of recorded outputs (1 when they carry none: written before versions existed)."""
    version = outputs.get(STATE_VERSION_KEY, 1)
    return int(version) if isinstance(version, int | float) and not isinstance(version, bool) else 1


def upgraded(
    outputs: Mapping[str, Any], *, current: int, migrations: Mapping[int, Migration], resource: str
) -> dict[str, Any]:
    """``outputs`` in the current shape: ``migrations[n]`` takes shape ``n`` to ``n + 1``."""
    version = recorded_version(outputs)
    if version > current:
        raise NewerStateError(
            f"This {resource} was recorded by a newer version of sinch-rcs-pulumi (state version "
            f"{version}; {VERSION} reads up to {current}). Upgrade sinch-rcs-pulumi in this project's "
            "virtualenv (pip install -U sinch-rcs-pulumi) before running Pulumi on this stack."
        )
    shaped = dict(outputs)
    while version < current:
        shaped = migrations[version](shaped)
        version += 1
    shaped[STATE_VERSION_KEY] = current
    return shaped
