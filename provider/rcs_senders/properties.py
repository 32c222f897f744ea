"""``RcsSender``'s property table: names in state (the API's camelCase) and in Python, secrets, versions.

The inputs are the fields of :class:`schemas.rcs_senders.sender.SenderSchema`, in its order: the schema is
the one place they are listed. What Sinch generates is listed here.

State versions (ARCHITECTURE.md, "State versions"):
- 1 (v0.1.0): no ``__stateVersion``; the declaration as v0.1.0's schemas normalised it.
- 2: ``__stateVersion: 2``; ``allowReplacement`` and ``provisioningTimeout`` may be declared; empty
  ``partner``/``...Metadata`` objects are left out of the declaration (they say nothing).

Upgrading 1 -> 2 re-normalises the recorded declaration with today's schemas, so a normalisation added
since cannot show as a change the user did not make.
"""

from __future__ import annotations

from typing import Any, Final

from marshmallow import ValidationError

from provider.core.properties import PropertyTable, named
from schemas.rcs_senders.constants import CREATION_ONLY, LAUNCHED_STATES
from schemas.rcs_senders.sender import SenderSchema, load_sender

__all__ = ["CREATION_ONLY", "LAUNCHED_STATES", "REPLACE_ON_CHANGE", "TABLE"]

# A change of these means another sender: the creation-only fields (Sinch fixes them when it creates the
# sender), and the id of an adopted sender.
REPLACE_ON_CHANGE: Final[tuple[str, ...]] = (*CREATION_ONLY, "senderId")

_INPUTS: Final = named(SenderSchema().known_names())


def _from_v1(recorded: dict[str, Any]) -> dict[str, Any]:
    declaration = {key: recorded[key] for key in _INPUTS if recorded.get(key) is not None}
    try:
        normalised = load_sender(declaration, launch_checklist=False)
    except ValidationError:
        return recorded  # accepted by v0.1.0 but not today: Diff shows it, Check explains it
    shaped = {key: value for key, value in recorded.items() if key not in _INPUTS}
    return {**normalised, **shaped}


TABLE: Final = PropertyTable(
    resource="RcsSender",
    article="an",
    inputs=_INPUTS,
    outputs=named(
        (
            "state",
            "hostingRegion",
            "authName",
            "authToken",
            "countryStatus",
            "testNumberStates",
            "created",
            "modified",
            "launched",
            "conversationApiAppDetails",
        )
    ),
    # Credentials for connecting the sender to a Conversation API app: encrypted in state, masked in the CLI.
    secrets=("authName", "authToken"),
    version=2,
    migrations={1: _from_v1},
)
