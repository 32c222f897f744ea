"""``WebhooksClient``: the project webhooks of the Sinch Provisioning API (spec v1.2.117), as plain dicts.

    with WebhooksClient.from_access_key(project_id, key_id, key_secret) as webhooks:
        hook = webhooks.create_webhook(
            target="https://events.example.com/sinch", secret=signing_secret, triggers=["ALL"]
        )
        webhooks.replace_webhook(hook["id"], target=hook["target"], secret=new_secret, triggers=["ALL"])

A project webhook receives the events of every resource type it subscribes to (RCS senders, WhatsApp,
KakaoTalk, bundles), each signed with the webhook's secret (see :mod:`sinch_provisioning.webhook_events`).
What the API promises, and what this client relies on:

- A project holds at most 15 webhooks (``MAX_WEBHOOKS_PER_PROJECT``); the 16th create is refused with 424
  ``webhook_limit_reached``. Lists take a ``pageSize`` of 1 to 15; without a page token the API returns
  them all, in alphabetical order.
- A webhook's ``target`` is unique within its project: a create or replace with a target another webhook
  holds is refused with 409 ``webhook_exists``. So after a create whose answer was lost, the webhook it may
  have made is the one holding its target (:meth:`WebhooksClient.find_by_target`).
- The ``secret`` (1-128 characters) is write-only: no answer ever carries it. It is sent again with every
  replace, and it is scrubbed, like the access key, from the text of any error about the request.
- Answers are ``WebhookWebhookDto``: ``id``, ``target``, ``projectId``, ``triggers``.

Updates use PUT (replace: target, secret and triggers, all required). The PATCH body of the spec
(``WebhookUpdateWebhookInputDto``) declares ``target`` and ``secret`` as objects, a bug of the spec, so a
client that validates its requests cannot send a correct PATCH; PUT has no such problem and costs nothing
more, since a change of any field must re-send the secret anyway to keep the call idempotent.

Which requests are repeated on a transient failure (see :mod:`sinch_provisioning.transport`): list, get,
PUT and DELETE on connection errors, timeouts, 429, 500, 502, 503, 504 (a repeated DELETE may then answer
404: the caller decides what that means); the create POST only when nothing can have reached the server,
else ``OutcomeUnknownError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from sinch_provisioning.connection import JsonObject, ResourceClient, check_page_size, identifier, page_query
from sinch_provisioning.retry import Replay
from sinch_provisioning.shapes import WEBHOOK

__all__ = ["MAX_PAGE_SIZE", "MAX_WEBHOOKS_PER_PROJECT", "WebhooksClient"]

MAX_PAGE_SIZE: Final = 15
MAX_WEBHOOKS_PER_PROJECT: Final = 15
# A list is walked for at most this many pages: a project holds 15 webhooks, so even one per page is far
# below it; a server that keeps handing out new page tokens is stopped instead of followed forever.
MAX_LIST_PAGES: Final = 2 * MAX_WEBHOOKS_PER_PROJECT + 2

_SEGMENT: Final = "webhooks"


class WebhooksClient(ResourceClient):
    """A client for the project webhooks of the Sinch Provisioning API, scoped to one project."""

    def list_webhooks(self, *, page_size: int = MAX_PAGE_SIZE) -> list[JsonObject]:
        """Every webhook of the project (at most 15), following ``nextPageToken`` to the last page."""
        return list(self.iter_webhooks(page_size=page_size))

    def iter_webhooks(self, *, page_size: int = MAX_PAGE_SIZE) -> Iterator[JsonObject]:
        """Like :meth:`list_webhooks`, fetching each page only when the previous one is used up."""
        check_page_size(page_size, MAX_PAGE_SIZE)
        return self.connection.pages(
            "list_webhooks",
            (_SEGMENT,),
            [],
            page_size=page_size,
            items_key="webhooks",
            item_shape=WEBHOOK,
            max_pages=MAX_LIST_PAGES,
        )

    def list_webhooks_page(
        self, *, page_token: str | None = None, page_size: int | None = None
    ) -> JsonObject:
        """One page as the API returns it (``webhooks``, ``totalSize``, ``pageSize``, ``nextPageToken``)."""
        if page_size is not None:
            check_page_size(page_size, MAX_PAGE_SIZE)
        params = page_query(page_size, page_token)
        return self.connection.json_object("list_webhooks", "GET", (_SEGMENT,), params=params)

    def find_by_target(self, target: str) -> JsonObject | None:
        """The webhook whose ``target`` is exactly ``target`` (targets are unique per project), or None."""
        for webhook in self.iter_webhooks():
            if webhook.get("target") == target:
                return webhook
        return None

    def create_webhook(self, *, target: str, secret: str, triggers: Iterable[str]) -> JsonObject:
        """Register a webhook (201). Never repeated once it may have reached the server: on a broken
        connection, a read timeout or a 5xx it raises ``OutcomeUnknownError``; the webhook it may have
        made is the one holding ``target`` (:meth:`find_by_target`)."""
        body = _input_body(target, secret, triggers)
        return self.connection.json_object(
            "create_webhook",
            "POST",
            (_SEGMENT,),
            body=body,
            replay=Replay.UNSAFE,
            secrets=(secret,),
            shape=WEBHOOK,
        )

    def get_webhook(self, webhook_id: str) -> JsonObject:
        """One webhook; ``NotFoundError`` (``error_code`` ``webhook_not_found``) if there is none."""
        segments = _webhook_segments(webhook_id)
        return self.connection.json_object("get_webhook", "GET", segments, shape=WEBHOOK)

    def replace_webhook(
        self, webhook_id: str, *, target: str, secret: str, triggers: Iterable[str]
    ) -> JsonObject:
        """PUT the whole webhook: target, secret and triggers (the API requires all three). Idempotent, so
        retried like a GET; 409 ``webhook_exists`` when another webhook holds ``target``."""
        segments = _webhook_segments(webhook_id)
        body = _input_body(target, secret, triggers)
        return self.connection.json_object(
            "replace_webhook", "PUT", segments, body=body, secrets=(secret,), shape=WEBHOOK
        )

    def delete_webhook(self, webhook_id: str) -> None:
        """Delete the webhook (204). ``NotFoundError`` when there is none, also when a retried DELETE finds
        the webhook already deleted by its first attempt: whether that is a failure is the caller's call."""
        self.connection.send("delete_webhook", "DELETE", _webhook_segments(webhook_id))


def _webhook_segments(webhook_id: str) -> tuple[str, str]:
    return (_SEGMENT, identifier(webhook_id, "webhook_id"))


def _input_body(target: str, secret: str, triggers: Iterable[str]) -> dict[str, Any]:
    """``WebhookWebhookInputDto``: all three fields are required by the API, for create and replace."""
    if not isinstance(target, str) or not target:
        raise ValueError("target must be a non-empty string")
    if not isinstance(secret, str) or not secret:
        raise ValueError("secret must be a non-empty string")
    if isinstance(triggers, str):
        raise ValueError("triggers must be a list of trigger names, not one string")
    trigger_list = list(triggers)
    if not trigger_list or not all(isinstance(trigger, str) and trigger for trigger in trigger_list):
        raise ValueError("triggers must be a non-empty list of trigger names")
    return {"target": target, "secret": secret, "triggers": trigger_list}


def trigger_names(webhook: Mapping[str, Any]) -> list[str]:
    """The ``triggers`` of a webhook answer as a list of strings (empty when absent or malformed)."""
    triggers = webhook.get("triggers")
    if not isinstance(triggers, list):
        return []
    return [trigger for trigger in triggers if isinstance(trigger, str)]
