"""``AppWebhooksClient``: the webhooks of Conversation API apps (where an app's delivery reports and
inbound messages go), as plain dicts. Not the Provisioning API's project webhooks
(``sinch_provisioning.webhooks.WebhooksClient``): another API, another host, another id space.

    hooks = AppWebhooksClient.beside(connection, region="eu")
    hook = hooks.create_webhook({
        "app_id": app_id, "target": "https://hooks.acme.example/sinch", "target_type": "HTTP",
        "triggers": ["MESSAGE_DELIVERY", "MESSAGE_INBOUND"], "secret": signing_secret,
    })

Paths: the list is under the app (``/v1/projects/{project_id}/apps/{app_id}/webhooks``); create, get,
update and delete are under the project (``/v1/projects/{project_id}/webhooks[/{webhook_id}]``), on the
host of the app's region. An app has at most :data:`MAX_WEBHOOKS_PER_APP` webhooks, and a ``target`` once.
The create is never repeated once it may have reached the server (``OutcomeUnknownError``; webhook ids are
ULIDs, see :func:`~sinch_provisioning.ids.ulid_time`); see :mod:`sinch_conversation.client` for the rest.
The contract's create body requires ``app_id`` and ``target``, its PATCH body (the ``Webhook`` schema)
``target``: a body without them is refused here, before anything is sent. Every answer must be a webhook
with a non-empty string ``id`` and a string ``target`` (:data:`~sinch_conversation.shapes.APP_WEBHOOK`).
The ``secret`` and ``client_credentials.client_secret`` of a body are scrubbed from every error text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from sinch_conversation.apps import APPS
from sinch_conversation.client import Collection, ConversationClient
from sinch_conversation.shapes import APP_WEBHOOK
from sinch_provisioning.connection import JsonObject, identifier

__all__ = ["MAX_WEBHOOKS_PER_APP", "WEBHOOKS", "AppWebhooksClient"]

MAX_WEBHOOKS_PER_APP: Final = 5
"""The most webhooks an app may have (the contract's limit)."""

WEBHOOKS: Final = Collection(segment="webhooks", noun="app_webhook", id_name="webhook_id", shape=APP_WEBHOOK)


class AppWebhooksClient(ConversationClient):
    """The webhooks of the apps of one project on one region's host."""

    def list_webhooks(self, app_id: str) -> list[JsonObject]:
        """Every webhook of the app (at most five; ``{"webhooks": [...]}``, no pagination)."""
        return self._list(WEBHOOKS, (APPS.segment, identifier(app_id, "app_id"), WEBHOOKS.segment))

    def create_webhook(self, body: Mapping[str, Any]) -> JsonObject:
        """Create a webhook for ``body["app_id"]`` (200 with the webhook). Never repeated once it may have
        reached the server: ``OutcomeUnknownError``. Send ``target_type`` ``HTTP``: the contract's default,
        ``DISMISS``, drops every callback."""
        _require(body, "app_id", "a webhook is created for an app")
        _require(body, "target", "the contract's create body requires it")
        return self._create(WEBHOOKS, body)

    def get_webhook(self, webhook_id: str) -> JsonObject:
        """One webhook; ``ConversationNotFoundError`` if this region's host has none with this id."""
        return self._get(WEBHOOKS, webhook_id)

    def update_webhook(
        self, webhook_id: str, body: Mapping[str, Any], update_mask: Sequence[str]
    ) -> JsonObject:
        """PATCH the webhook: the fields named in ``update_mask`` are replaced by ``body``'s, the others
        kept. ``body`` carries ``target`` always (the contract's PATCH body requires it)."""
        _require(body, "target", "the contract's PATCH body requires it, whatever the update_mask names")
        return self._update(WEBHOOKS, webhook_id, body, update_mask)

    def delete_webhook(self, webhook_id: str) -> None:
        """Delete the webhook (200 ``{}``)."""
        self._delete(WEBHOOKS, webhook_id)


def _require(body: Mapping[str, Any], field: str, why: str) -> None:
    value = body.get(field) if isinstance(body, Mapping) else None
    if not isinstance(value, str) or not value:
        raise ValueError(f"the webhook body must carry {field!r}, a non-empty string ({why})")
