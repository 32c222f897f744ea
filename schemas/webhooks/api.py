"""Comparing webhook declarations, and a declaration rebuilt from what the API holds.

The API answers with ``WebhookWebhookDto`` (``id``, ``target``, ``projectId``, ``triggers``) and never with
the secret, so the secret is compared between declarations only: what Sinch holds cannot be read back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from schemas.targets import same_triggers, target_from_api, triggers_from_api
from schemas.unknown import UNKNOWN

__all__ = ["CONTENT_FIELDS", "changed_fields", "same_triggers", "webhook_from_api"]

# The declared fields that describe the webhook in Sinch; ``webhookId`` says which webhook it is.
CONTENT_FIELDS: Final = ("target", "secret", "triggers")


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
    return {
        "target": target_from_api(webhook.get("target"), declared.get("target")),
        "triggers": triggers_from_api(webhook.get("triggers"), declared.get("triggers")),
    }
