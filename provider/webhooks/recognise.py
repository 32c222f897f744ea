"""How a webhook's lost create is recognised: the webhook holding the target, made since the attempt.

A target is unique per project, so what a create with a lost answer may have made is exactly the webhook
that holds the target now: one listing (at most 15 webhooks) decides, under the target's exclusive hold
(:mod:`provider.core.lost_create`):

- nothing holds the target: the attempt made nothing, and sending it again cannot duplicate;
- a resource of this stack holds it: the create fails, naming it;
- a webhook holds it that Sinch made since the request was sent (its id is a ULID, which carries its
  creation time) and that no resource claims (on this machine, :mod:`provider.core.claims`): the attempt
  made it (ours, or an identical declaration's
  whose answer was lost too: either is ours to take). Its secret is the one the attempt sent;
- a webhook holds it that existed before the attempt was sent: it is someone else's (another resource of
  this stack, another stack on any machine, the dashboard), whatever its triggers, so the create fails as
  Sinch's 409 would, naming it and how to adopt it on purpose (``webhook_id``), which takes it from
  whoever manages it now. Also when its creation time cannot be told apart from the attempt's
  (:func:`~provider.core.lost_create.when_made`): in doubt, nothing is taken.
"""

from __future__ import annotations

from collections.abc import Set
from datetime import datetime
from typing import Final

from provider.core.claims import Holdings
from provider.core.lost_create import JsonObject, Recogniser, when_made, why_not_taken
from provider.webhooks.errors import LIST_COMMAND, WebhookExistsError
from sinch_provisioning.ids import ulid_time
from sinch_provisioning.webhooks import WebhooksClient

HOLDINGS: Final = Holdings()
"""The webhook ids the resources of this process hold (adopted, recognised, or recorded in their state)."""


class WebhookRecogniser(Recogniser):
    """Recognises the webhook a lost create for ``target`` made (see the module docstring)."""

    holdings = HOLDINGS

    kind = "webhook"
    listing = "the project's webhooks"

    def __init__(self, client: WebhooksClient, target: str) -> None:
        self.client = client
        self.target = target
        super().__init__(api_url=client.base_url, project_id=client.project_id, identity=target)

    @property
    def what(self) -> str:
        return f"the webhook for {self.target}"

    def find(self, sent_at: datetime, claimed: Set[str]) -> JsonObject | None:
        holder = self.client.find_by_target(self.target)
        if holder is None:
            return None
        holder_id = str(holder["id"])
        preface = f"Sinch's answer to creating the webhook was lost (sent at {sent_at.isoformat()})."
        if self.held_here(holder_id):
            raise WebhookExistsError(
                self.target, holder, project_id=self.project_id, managed_here=True, preface=preface
            )
        made = when_made(ulid_time(holder_id), sent_at)
        if made == "since" and holder_id not in claimed:
            return holder
        why = why_not_taken(made)
        raise WebhookExistsError(
            self.target,
            holder,
            project_id=self.project_id,
            preface=f"{preface} The webhook holding the target {why}",
        )

    def how_to_check(self, sent_at: datetime) -> str:
        return (
            f"A webhook may exist: list them with `{LIST_COMMAND}`; if one holds {self.target} and was "
            f'created at {sent_at.isoformat()}, add webhook_id="<its id>" to the declaration to adopt it; '
            "if none does, run `pulumi up` again."
        )
