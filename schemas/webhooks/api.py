"""Comparing webhook declarations, and a declaration rebuilt from what the API holds.

The API answers with ``WebhookWebhookDto`` (``id``, ``target``, ``projectId``, ``triggers``) and never with
the secret, so the secret is compared between declarations only: what Sinch holds cannot be read back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from schemas.unknown import UNKNOWN

# The declared fields that describe the webhook in Sinch; ``webhookId`` says which webhook it is.
CONTENT_FIELDS: Final = ("target", "secret", "triggers")


def same_triggers(a: Any, b: Any) -> bool:
    """Two trigger lists holding the same triggers, order aside (``UNKNOWN`` anywhere: not the same)."""
    if not isinstance(a, list | tuple) or not isinstance(b, list | tuple):
        return False
    if any(item is UNKNOWN or not isinstance(item, str) for item in (*a, *b)):
        return False
    return len(set(a)) == len(a) and len(set(b)) == len(b) and set(a) == set(b)


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The content fields (``target``, ``secret``, ``triggers``) that differ; ``UNKNOWN`` differs from
    everything. Triggers compare as sets."""
    changed: list[str] = []
    for key in CONTENT_FIELDS:
        before, after = old.get(key), new.get(key)
        if key == "triggers":
            if not same_triggers(before, after):
                changed.append(key)
        elif before is UNKNOWN or after is UNKNOWN or before != after:
            changed.append(key)
    return changed


def webhook_from_api(webhook: Mapping[str, Any], declared: Mapping[str, Any] | None) -> dict[str, Any]:
    """The ``target`` and ``triggers`` Sinch holds, in the declared representation where they are equal to
    the declaration (the declared trigger order), so that an unchanged webhook rebuilds to its declaration
    and a drifted one differs exactly where it drifted. ``declared`` None: as the API gives them."""
    declared = declared or {}
    target = webhook.get("target")
    triggers = webhook.get("triggers")
    triggers = list(triggers) if isinstance(triggers, list) else []
    declared_target = declared.get("target")
    if isinstance(target, str) and isinstance(declared_target, str) and target.strip() == declared_target:
        target = declared_target
    declared_triggers = declared.get("triggers")
    if same_triggers(triggers, declared_triggers):
        assert isinstance(declared_triggers, list | tuple)
        triggers = list(declared_triggers)
    return {"target": target, "triggers": triggers}
