"""The 6 operations of the Provisioning API's Webhooks part (one handler per spec ``operationId``).

- Ids are ULIDs (26 characters of Crockford base32, read case-insensitively; any other id is 400
  ``invalid_id_format``); a ``target`` is unique within the project (409 ``webhook_exists``).
- At most 15 per project: the 16th create is 424 ``webhook_limit_reached`` (a create whose target is taken is
  409 first: the answer that tells a client its lost create was applied).
- The list is in alphabetical order of ``target`` (the spec says alphabetical, not of what), 15 per page
  unless ``pageSize`` (1-15) says otherwise, with page tokens.
- PUT replaces all three fields; PATCH changes the fields it gives (an empty PATCH changes nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from emulator.errors import ApiError
from emulator.ids import ULID, new_ulid
from emulator.operations import Call, Reply, page
from emulator.webhooks import Webhook

WEBHOOKS_PER_PROJECT = 15


def _webhook(call: Call) -> Webhook:
    webhook_id = call.params["webhookId"]
    if not ULID.match(webhook_id):
        raise ApiError("invalid_id_format")
    found = call.project.webhooks.get(webhook_id.upper())
    if found is None:
        raise ApiError("webhook_not_found")
    return found


def _check_target_free(call: Call, target: str, own_id: str | None = None) -> None:
    if any(hook.target == target and hook.id != own_id for hook in call.project.webhooks.values()):
        raise ApiError("webhook_exists")


def list_webhooks(call: Call) -> Reply:
    ordered = sorted(call.project.webhooks.values(), key=lambda hook: (hook.target.casefold(), hook.target))
    chunk, fields = page(
        call,
        ordered,
        f"webhooks:{call.project_id}",
        default_size=WEBHOOKS_PER_PROJECT,
        max_size=WEBHOOKS_PER_PROJECT,
    )
    return 200, {**fields, "webhooks": [hook.render() for hook in chunk]}


def create_webhook(call: Call) -> Reply:
    body = call.body
    _check_target_free(call, body["target"])
    if len(call.project.webhooks) >= WEBHOOKS_PER_PROJECT:
        raise ApiError("webhook_limit_reached")
    hook = Webhook(new_ulid(), call.project_id, body["target"], body["secret"], list(body["triggers"]))
    call.project.webhooks[hook.id] = hook
    call.session.changed()
    return 201, hook.render()


def get_webhook(call: Call) -> Reply:
    return 200, _webhook(call).render()


def replace_webhook(call: Call) -> Reply:
    hook = _webhook(call)
    _check_target_free(call, call.body["target"], hook.id)
    hook.target, hook.secret, hook.triggers = (
        call.body["target"],
        call.body["secret"],
        list(call.body["triggers"]),
    )
    call.session.changed()
    return 200, hook.render()


def update_webhook(call: Call) -> Reply:
    hook = _webhook(call)
    body = call.body
    if "target" in body:
        _check_target_free(call, body["target"], hook.id)
        hook.target = body["target"]
    if "secret" in body:
        hook.secret = body["secret"]
    if "triggers" in body:
        hook.triggers = list(body["triggers"])
    call.session.changed()
    return 200, hook.render()


def delete_webhook(call: Call) -> Reply:
    del call.project.webhooks[_webhook(call).id]
    call.session.changed()
    return 204, None


HANDLERS: Mapping[str, Callable[[Call], Reply]] = {
    "WebhookWebhookController_listWebhooks_v1": list_webhooks,
    "WebhookWebhookController_createWebhook_v1": create_webhook,
    "WebhookWebhookController_getWebhook_v1": get_webhook,
    "WebhookWebhookController_replaceWebhook_v1": replace_webhook,
    "WebhookWebhookController_updateWebhook_v1": update_webhook,
    "WebhookWebhookController_deleteWebhook_v1": delete_webhook,
}
