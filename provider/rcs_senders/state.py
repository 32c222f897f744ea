"""What an ``RcsSender`` records in the stack state, and reading what any released version recorded.

Outputs = the declared inputs, normalised (Diff and Update receive the old *outputs*, so they echo the
declaration), plus what Sinch generated (``SERVER_OUTPUTS``), plus ``__stateVersion``.

State versions (ARCHITECTURE.md, "State versions"):
- 1 (v0.1.0): no ``__stateVersion``; the declaration as v0.1.0's schemas normalised it.
- 2: ``__stateVersion: 2``; ``allowReplacement`` and ``provisioningTimeout`` may be declared; empty
  ``partner``/``...Metadata`` objects are left out of the declaration (they say nothing).

Upgrading 1 -> 2 re-normalises the recorded declaration with today's schemas, so a normalisation added
since cannot show as a change the user did not make.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from marshmallow import ValidationError

from provider.pulumi_values import to_schema_values
from provider.rcs_senders.properties import INPUTS, SERVER_OUTPUTS
from provider.state_version import STATE_VERSION_KEY, Migration, upgraded
from schemas.rcs_senders.sender import load_sender

CURRENT: Final = 2


def declared(props: Mapping[str, Any]) -> dict[str, Any]:
    """The declared inputs among ``props`` (inputs or outputs), without ``__provider`` or server fields."""
    return {key: props[key] for key in INPUTS if key in props and props[key] is not None}


def outputs(declaration: Mapping[str, Any], sender: Mapping[str, Any]) -> dict[str, Any]:
    """What to record: the declaration echoed, what Sinch generated, and the shape's version."""
    recorded = dict(declaration)
    for key in SERVER_OUTPUTS:
        if sender.get(key) is not None:
            recorded[key] = sender[key]
    recorded[STATE_VERSION_KEY] = CURRENT
    return recorded


def current_shape(recorded: Mapping[str, Any]) -> dict[str, Any]:
    """Recorded outputs (of any released version) in the current shape; local, no request."""
    return upgraded(recorded, current=CURRENT, migrations=_MIGRATIONS, resource="RcsSender")


def _from_v1(recorded: dict[str, Any]) -> dict[str, Any]:
    declaration = declared(recorded)
    try:
        normalised = load_sender(to_schema_values(declaration), launch_checklist=False)
    except ValidationError:
        return recorded  # accepted by v0.1.0 but not today: Diff shows it, Check explains it
    shaped = {key: value for key, value in recorded.items() if key not in INPUTS}
    return {**normalised, **shaped}


_MIGRATIONS: Final[dict[int, Migration]] = {1: _from_v1}
