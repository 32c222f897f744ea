"""Errors the ConversationWebhook provider raises itself (the client's are in ``sinch_conversation.errors``
and ``sinch_provisioning.errors``; the ones every resource shares in :mod:`provider.core.errors`).

Each message is written for the person running ``pulumi``: what happened, to which webhook of which app,
what to do, so that the first attempt to fix it is the right one. None ever contains the webhook's secret
or the client credentials (the client scrubs them from every text it quotes from Sinch).

There is no argument to adopt an existing app webhook: a webhook that holds the declared target and
belongs to no resource is made this resource's by deleting it, so that the next ``pulumi up`` creates the
resource's own (the messages say how, with the request that lists the app's webhooks).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from provider.core.errors import GoneError, ProviderError, in_project
from provider.webhooks.errors import describe, these
from sinch_conversation.errors import ConversationApiError
from sinch_conversation.webhooks import MAX_WEBHOOKS_PER_APP, AppWebhooksClient

__all__ = [
    "AppNotFoundError",
    "AppWebhookExistsError",
    "AppWebhookGoneError",
    "AppWebhookLimitError",
    "AppWebhookRefusedError",
    "AppWebhookUnconfirmedError",
    "describe",
    "listing_request",
]


def listing_request(client: AppWebhooksClient, app_id: str) -> str:
    """``GET <url>``: the request that lists the app's webhooks on the configured host, for messages."""
    return f"GET {client.base_url}/v1/projects/{client.project_id}/apps/{app_id}/webhooks"


def _an_app(app_id: str, region: str) -> str:
    return f"app {app_id} ({region.upper()})"


class AppWebhookExistsError(ProviderError):
    """The target is held by another webhook of the app (a target is unique per app)."""

    def __init__(
        self,
        client: AppWebhooksClient,
        app_id: str,
        target: str,
        holder: Mapping[str, Any],
        *,
        managed_here: bool = False,
        preface: str = "",
    ) -> None:
        self.target = target
        self.app_id = app_id
        self.holder_id = str(holder.get("id"))
        start = f"{preface} " if preface else ""
        app = _an_app(app_id, client.region)
        if managed_here:
            message = (
                f"{start}The target {target} of {app} is held by webhook {describe(holder)}, which another "
                "resource of this stack manages. A target is unique per app: two ConversationWebhook "
                "resources cannot declare the same one for one app. Give this resource another target, or "
                "remove one of the two declarations."
            )
        else:
            message = (
                f"{start}The target {target} is already held by webhook {describe(holder)} of {app} in "
                f"{in_project(client.project_id)}, and an app allows one webhook per target. If that webhook "
                "belongs to no resource (made in the dashboard, or left over from an earlier stack), make "
                "it this resource's by deleting it (Sinch dashboard, or DELETE "
                f"{client.base_url}/v1/projects/{client.project_id}/webhooks/{self.holder_id}) and running "
                "`pulumi up` again: this resource then creates its own, with its secret. Otherwise choose "
                "another target. If it belongs to a resource this stack is about to delete (a renamed "
                "resource), declare the rename with `aliases`, or run `pulumi up` again once the old "
                "resource is deleted."
            )
        super().__init__(message)


class AppWebhookLimitError(ProviderError):
    """The app already has the most webhooks the API allows (5)."""

    def __init__(
        self,
        client: AppWebhooksClient,
        app_id: str,
        webhooks: Sequence[Mapping[str, Any]] | None,
        error: ConversationApiError,
    ) -> None:
        self.app_id = app_id
        self.webhooks = list(webhooks or [])
        held = these(webhooks, "has", f"List them with {listing_request(client, app_id)}.")
        super().__init__(
            f"App {app_id} ({client.region.upper()}) in {in_project(client.project_id)} already has "
            f"{MAX_WEBHOOKS_PER_APP} webhooks, the most an app can have, so Sinch refused a sixth (HTTP "
            f"{error.status} {error.status_name or ''}: {error.message}). Nothing was created. {held}"
            "Delete one that is no longer needed, or subscribe one of them to the triggers you need "
            "instead (a webhook can subscribe to several)."
        )


class AppWebhookRefusedError(ProviderError):
    """Sinch refused the declaration (400 ``INVALID_ARGUMENT`` for another reason): its message."""

    def __init__(self, action: str, error: ConversationApiError) -> None:
        self.api_error = error
        details = "".join(f"\n  - {detail}" for detail in error.details)
        super().__init__(
            f"Sinch refused to {action} (HTTP {error.status} {error.status_name or ''}): {error.message}"
            f"{details}\nCorrect the declaration (target, triggers, secret, client_credentials) and run "
            "`pulumi up` again."
        )


class AppNotFoundError(ProviderError):
    """The app the declaration names does not exist in its region (404 on create)."""

    def __init__(self, client: AppWebhooksClient, app_id: str) -> None:
        self.app_id = app_id
        super().__init__(
            f"Cannot create the webhook: there is no {_an_app(app_id, client.region)} in "
            f"{in_project(client.project_id)} (Sinch answered 404 NOT_FOUND on {client.base_url}). An app "
            "lives in the region it was created in, and its webhooks on that region's host: check app_id "
            "and region (pass app=<the ConversationApp> to take both from the app)."
        )


class AppWebhookGoneError(GoneError):
    """The webhook the stack records no longer exists in Sinch (found on update)."""

    what = "Webhook"
    how = "deleted outside Pulumi, or with its app?"


class AppWebhookUnconfirmedError(ProviderError):
    """Sinch answered 404 for the webhook, but nothing confirms that it is gone (the app's listing failed
    too): the settings may point at another host or project, so nothing is forgotten."""

    def __init__(
        self, client: AppWebhooksClient, webhook_id: str, app_id: str, doing: str, cause: Exception
    ) -> None:
        self.webhook_id = webhook_id
        super().__init__(
            f"Sinch answered 404 for webhook {webhook_id} when {doing} it, and listing the webhooks of "
            f"{_an_app(app_id, client.region)} to confirm that it is gone failed too ({cause}). Either the "
            f"webhook and its app are gone, or the settings point at another host or project (this "
            f"region's host is {client.base_url}, the project {client.project_id}; see sinch:conversationUrl "
            "and sinch:projectId): so nothing was dropped from the stack. Check the settings; if the app was "
            "deleted, `pulumi state delete <this resource's URN>` drops the webhook from the stack."
        )
