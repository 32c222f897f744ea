"""How an app webhook's lost create is recognised: the app's webhook holding the target, made since the
attempt.

A target is unique per app, so what a create with a lost answer may have made is exactly the app's webhook
that holds the target now: one listing of the app's webhooks (at most 5) decides, under the identity's
exclusive hold (:mod:`provider.core.lost_create`; the identity is the app and the target):

- nothing holds the target: the attempt made nothing, and sending it again cannot duplicate;
- a resource of this stack holds it: the create fails, naming it;
- a webhook holds it that Sinch made since the request was sent (its id is a ULID, which carries its
  creation time: :func:`~sinch_provisioning.ids.ulid_time`) and that no resource claims (on this machine,
  :mod:`provider.core.claims`): the attempt made it (ours, or an identical declaration's whose answer was
  lost too: either is ours to take). Its secret is the one the attempt sent;
- a webhook holds it that existed before the attempt was sent, or whose creation time cannot be told apart
  from the attempt's (:func:`~provider.core.lost_create.when_made`): it is someone else's (the dashboard,
  another stack on any machine), whatever its triggers, so the create fails as a taken target does, naming
  it and how to make it this resource's on purpose. In doubt, nothing is taken.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from datetime import datetime
from typing import Any, Final

from provider.conversation_webhooks.errors import AppWebhookExistsError, listing_request
from provider.core.claims import Holdings
from provider.core.lost_create import JsonObject, Recogniser, when_made, why_not_taken
from sinch_conversation.webhooks import AppWebhooksClient
from sinch_provisioning.ids import ulid_time

HOLDINGS: Final = Holdings()
"""The app webhook ids the resources of this process hold (recognised, or recorded in their state)."""


def holding_target(webhooks: list[JsonObject], target: str) -> JsonObject | None:
    """The webhook of ``webhooks`` (one app's) whose target is ``target``, if any."""
    return next((webhook for webhook in webhooks if webhook.get("target") == target), None)


class AppWebhookRecogniser(Recogniser):
    """Recognises the webhook a lost create for ``target`` on app ``app_id`` made (see the module
    docstring)."""

    holdings = HOLDINGS

    kind = "app-webhook"
    listing = "the app's webhooks"

    def __init__(self, client: AppWebhooksClient, app_id: str, target: str) -> None:
        self.client = client
        self.app_id = app_id
        self.target = target
        super().__init__(api_url=client.base_url, project_id=client.project_id, identity=f"{app_id} {target}")

    @property
    def what(self) -> str:
        return f"the webhook for {self.target} of app {self.app_id}"

    def find(self, sent_at: datetime, claimed: Set[str]) -> JsonObject | None:
        holder = holding_target(self.client.list_webhooks(self.app_id), self.target)
        if holder is None:
            return None
        holder_id = str(holder["id"])
        preface = f"Sinch's answer to creating the webhook was lost (sent at {sent_at.isoformat()})."
        if self.held_here(holder_id):
            raise self.exists(holder, managed_here=True, preface=preface)
        made = when_made(ulid_time(holder_id), sent_at)
        if made == "since" and holder_id not in claimed:
            return holder
        why = why_not_taken(made)
        raise self.exists(holder, preface=f"{preface} The webhook holding the target {why}")

    def exists(
        self, holder: Mapping[str, Any], *, managed_here: bool = False, preface: str = ""
    ) -> AppWebhookExistsError:
        """The error for the target held by ``holder``."""
        return AppWebhookExistsError(
            self.client, self.app_id, self.target, holder, managed_here=managed_here, preface=preface
        )

    def how_to_check(self, sent_at: datetime) -> str:
        return (
            f"A webhook may exist: list the app's webhooks ({listing_request(self.client, self.app_id)}); "
            f"if one holds {self.target} and its id's time is {sent_at.isoformat()} or later, it is what "
            "this attempt made: delete it and run `pulumi up` again (the resource then creates its own); "
            "if none does, run `pulumi up` again."
        )
