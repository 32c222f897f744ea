"""Errors the ProvisioningWebhook provider raises itself (the client's are in ``sinch_provisioning.errors``;
the ones every resource shares in :mod:`provider.core.errors`).

Each message is written for the person running ``pulumi``: what happened, to which webhook, what to do,
so that the first attempt to fix it is the right one. None ever contains the webhook's secret.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from provider.core.errors import AdoptionError, GoneError, ProviderError, in_project
from sinch_provisioning.errors import SinchApiError
from sinch_provisioning.webhooks import MAX_WEBHOOKS_PER_PROJECT, trigger_names

LIST_COMMAND = "python -m provider webhooks"


def describe(webhook: Mapping[str, Any]) -> str:
    """``<id> (target <target>, triggers A, B)``: a webhook as messages name it."""
    triggers = ", ".join(trigger_names(webhook)) or "none"
    return f"{webhook.get('id')} (target {webhook.get('target')}, triggers {triggers})"


def these(webhooks: Sequence[Mapping[str, Any]] | None, verb: str, otherwise: str) -> str:
    """``It <verb> these N:`` and one ``  - <describe>`` line a webhook, or ``otherwise`` (how to list
    them) when the listing is not known; ends with a newline."""
    if not webhooks:
        return f"{otherwise}\n"
    listed = "\n".join(f"  - {describe(webhook)}" for webhook in webhooks)
    return f"It {verb} these {len(webhooks)}:\n{listed}\n"


class WebhookRefusedError(ProviderError):
    """Sinch refused the declaration (400 ``invalid_input``/``invalid_payload``): its reasons, one a line."""

    def __init__(self, action: str, error: SinchApiError) -> None:
        self.api_error = error
        reasons = error.validation_errors or [error.message]
        lines = "\n".join(f"  - {reason}" for reason in reasons)
        resolution = f"\n{error.resolution}" if error.resolution else ""
        super().__init__(
            f"Sinch refused to {action} (HTTP {error.status} {error.error_code}):\n{lines}{resolution}\n"
            "Correct the declaration (target, secret, triggers) and run `pulumi up` again."
        )


class WebhookExistsError(ProviderError):
    """The target is held by another webhook of the project (409 ``webhook_exists``, or found so)."""

    def __init__(
        self,
        target: str,
        holder: Mapping[str, Any] | None,
        *,
        project_id: str | None,
        managed_here: bool = False,
        preface: str = "",
    ) -> None:
        self.target = target
        self.holder_id = None if holder is None else str(holder.get("id"))
        start = f"{preface} " if preface else ""
        if holder is None:
            message = (
                f"{start}Sinch refused the target {target}: another webhook of {in_project(project_id)} "
                "holds it (a target is unique per project), but listing the webhooks right after did not "
                f"find it (deleted meanwhile?). Run `pulumi up` again, or list them with `{LIST_COMMAND}`."
            )
        elif managed_here:
            message = (
                f"{start}The target {target} is held by webhook {describe(holder)}, which another "
                "resource of this stack manages. A target is unique per project: two ProvisioningWebhook "
                "resources cannot declare the same one. Give this resource another target, or remove one of "
                "the two declarations."
            )
        else:
            message = (
                f"{start}The target {target} is already held by webhook {describe(holder)} in "
                f"{in_project(project_id)}, and Sinch allows one webhook per target. To manage that webhook "
                f'with this resource, add webhook_id="{self.holder_id}" to the declaration: the next '
                "`pulumi up` adopts it and sets its triggers and secret to the declared ones, which takes it "
                "from whoever manages it now (another stack's events would then be signed with this "
                "resource's secret). Otherwise "
                "choose another target, or delete that webhook. If it belongs to a resource this stack is "
                "about to delete (a renamed resource), declare the rename with `aliases`, or run "
                "`pulumi up` again once the old resource is deleted."
            )
        super().__init__(message)


class WebhookLimitError(ProviderError):
    """The project already holds the most webhooks Sinch allows (424 ``webhook_limit_reached``)."""

    def __init__(self, project_id: str | None, webhooks: Sequence[Mapping[str, Any]] | None) -> None:
        self.webhooks = list(webhooks or [])
        held = these(
            webhooks, "holds", f"List them with `{LIST_COMMAND}` (or GET /v1/projects/<project>/webhooks)."
        )
        super().__init__(
            f"{in_project(project_id).capitalize()} already holds {MAX_WEBHOOKS_PER_PROJECT} webhooks, the "
            f"most Sinch allows per project (424 webhook_limit_reached). {held}Delete one that is no longer "
            "needed, or manage an existing one with this resource instead of creating a new one "
            '(webhook_id="<its id>"); a webhook can subscribe to several triggers.'
        )


class WebhookAdoptionError(AdoptionError):
    """``webhookId`` names a webhook that cannot be adopted (missing, or another resource's)."""


class WebhookGoneError(GoneError):
    """The webhook the stack records no longer exists in Sinch."""

    what = "Webhook"
