"""One webhook, one resource: which webhooks this plugin process has handed out, and what a create whose
answer was lost made.

A create POST that dies after it may have reached Sinch (connection dropped, read timeout, 5xx) must not be
sent again blindly: if it was applied, the second POST would be refused with 409 (a target is unique per
project) and the webhook would be left outside the stack. Because the target is unique, what the attempt
may have made is exactly the webhook that holds the target now, so one listing (at most 15 webhooks)
decides:

- nothing holds the target: the attempt made nothing, and sending it again cannot duplicate;
- a webhook holds it with the declared triggers and no resource of this process has it: taken. It may
  also be a webhook that held the target *before* the attempt (then the POST was refused with 409, and the
  answer lost): nothing observable tells the two apart, so the provider names it in a warning and sets
  its secret to the declared one, which makes it what the declaration says in either case;
- a webhook holds it with other triggers: it cannot be what the attempt made, so it was there before;
  the create fails naming it, as a 409 would (with how to adopt it);
- a webhook another resource of this process holds: the create fails, naming it.

Creates for the same target are serialised within the process, so two resources declaring one target
cannot both take the webhook one of them made. Every method that is handed a recorded webhook id (diff,
read, update) notes it as managed here, and a webhook that a create or an adoption of this process took
while another resource records it is an error, whichever of the two is seen first. The one exception is
delete: Pulumi deletes removed resources after creating new ones, so a webhook adopted by a new resource
in the same run (a resource renamed, with ``webhook_id`` declaring the same webhook) is not deleted for
the removed one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Literal

from provider.webhooks.errors import WebhookExistsError, WebhookOwnershipError, describe
from schemas.webhooks.api import same_triggers
from sinch_provisioning.webhooks import WebhooksClient, trigger_names

Holding = Literal["taken", "recorded"]


class WebhookClaims:
    """The webhooks the resources served by this process hold, and a lock per target for creates.

    ``taken``: created or adopted by a create in this process. ``recorded``: a resource's recorded id,
    seen by diff/read/update/delete. One id is never both, and never taken twice."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holding: dict[str, Holding] = {}
        self._target_locks: dict[str, threading.Lock] = {}

    @contextmanager
    def exclusive(self, target: str) -> Iterator[None]:
        with self._lock:
            target_lock = self._target_locks.setdefault(target, threading.Lock())
        with target_lock:
            yield

    def take(self, webhook: Mapping[str, Any], how: str) -> None:
        """Hand ``webhook`` to the resource being created; ``WebhookOwnershipError`` if another has it."""
        webhook_id = str(webhook["id"])
        with self._lock:
            holding = self._holding.get(webhook_id)
            if holding is None:
                self._holding[webhook_id] = "taken"
                return
        raise WebhookOwnershipError(
            f"Webhook {describe(webhook)} cannot be {how} by this resource: another resource of this stack "
            "already manages it, and one webhook cannot belong to two resources. Remove webhook_id from one "
            "of the two declarations (or give them different targets)."
        )

    def record(self, webhook_id: str) -> None:
        """Note a resource's recorded webhook; ``WebhookOwnershipError`` if a create here took it."""
        with self._lock:
            holding = self._holding.setdefault(webhook_id, "recorded")
        if holding == "taken":
            raise WebhookOwnershipError(
                f"Webhook {webhook_id} is recorded by this resource, and another resource of this stack took "
                "it in this run (adopted with webhook_id, or found holding its target after a lost create "
                "answer). One webhook cannot belong to two resources: remove webhook_id from the other "
                "declaration, or give the two resources different targets."
            )

    def taken_here(self, webhook_id: str) -> bool:
        """Whether a create of this process (an adoption, or a lost answer reconciled) took the webhook."""
        with self._lock:
            return self._holding.get(webhook_id) == "taken"

    def release(self, webhook_id: str) -> None:
        with self._lock:
            self._holding.pop(webhook_id, None)

    def is_held(self, webhook_id: str) -> bool:
        with self._lock:
            return webhook_id in self._holding


def find_created_webhook(
    client: WebhooksClient,
    declared: Mapping[str, Any],
    *,
    claims: WebhookClaims,
    project_id: str | None,
    lost: str,
) -> dict[str, Any] | None:
    """The webhook a create with a lost answer (``lost`` says how) made, or None when it made nothing.

    Raises ``WebhookExistsError`` when the webhook holding the target cannot be this attempt's (see the
    module docstring)."""
    target = str(declared["target"])
    holder = client.find_by_target(target)
    if holder is None:
        return None
    preface = f"Sinch's answer to creating the webhook was lost ({lost})."
    if claims.is_held(str(holder["id"])):
        raise WebhookExistsError(target, holder, project_id=project_id, managed_here=True, preface=preface)
    if not same_triggers(list(trigger_names(holder)), declared.get("triggers")):
        raise WebhookExistsError(
            target,
            holder,
            project_id=project_id,
            preface=f"{preface} The webhook holding the target has other triggers than declared, so it is "
            "not what the attempt made: it was there before.",
        )
    return dict(holder)
