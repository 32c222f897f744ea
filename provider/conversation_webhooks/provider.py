"""``ConversationWebhook``'s lifecycle on the Conversation API's app webhooks, and the dynamic provider
serving it.

Frozen class path: every stack that declares a ``ConversationWebhook`` records
``provider.conversation_webhooks.provider.ConversationWebhookProvider`` (Pulumi pickles the provider object
by reference to its class into each resource's state), from the first release on. Every later version must
resolve that path: never move or rename this module or the class; if the code moves, leave a re-export here.

Lifecycle (each step the fewest requests that do it), on the host of the declared region:

- check / diff: local, no request. The triggers, the target and the rest are judged by the schema
  (``schemas.conversation_webhooks``); a changed ``appId`` or ``region`` is another webhook: a replacement.
- create: 1 POST, ``target_type`` ``HTTP`` always (the API's default, ``DISMISS``, drops every callback). A
  lost answer is recognised by the app and the target (``recognise.py``), never by a second blind POST, and
  a webhook that held the target before the attempt is never taken. A refusal is explained: a target
  another webhook of the app holds (named), an app that already has 5 webhooks (the five named; nothing is
  created), an app that is not in the region.
- read (refresh): 1 GET. Drift of the target, the triggers, the client credentials (but their secret) and
  ``target_type`` is shown; the secret is never read back as drift (the recorded one is kept). A 404 drops
  the webhook from the stack only when the app's listing answers without it (a real 404): a wrong URL,
  region or project must never make refresh forget webhooks.
- update: 1 PATCH whose ``update_mask`` names exactly the changed fields (the secret rotates in place); the
  body always carries ``target`` (the contract's PATCH body requires it). A ``target_type`` other than
  ``HTTP`` (changed in the dashboard, seen by a refresh) is a change too, repaired by the same PATCH.
- delete: 1 DELETE; a 404 means the goal is reached.
- a replacement (another app or region) creates the new webhook before deleting the old one: the two
  cannot collide, a target being unique per app, and a new webhook in a region where the app is not fails
  before the old one is touched. A forced replacement (``pulumi up --replace``) keeps the app and the
  target, which the old webhook holds: the diff asks for the old one to be deleted first.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Mapping
from typing import Any, Final

from provider.conversation_webhooks.errors import (
    AppNotFoundError,
    AppWebhookGoneError,
    AppWebhookLimitError,
    AppWebhookRefusedError,
    AppWebhookUnconfirmedError,
    describe,
)
from provider.conversation_webhooks.properties import REPLACE_ON_CHANGE, TABLE
from provider.conversation_webhooks.recognise import HOLDINGS, AppWebhookRecogniser, holding_target
from provider.core.errors import in_project
from provider.core.lifecycle import (
    Checked,
    Created,
    Lifecycle,
    Planned,
    Refreshed,
    Values,
    load_declared,
)
from provider.core.lost_create import LEDGER, create_once
from provider.core.properties import STATE_VERSION_KEY
from provider.dynamic.provider import DynamicProvider
from schemas.conversation_webhooks import load_conversation_webhook
from schemas.conversation_webhooks.api import changed_fields, create_body, update_body, webhook_from_api
from schemas.conversation_webhooks.constants import MAX_WEBHOOKS_PER_APP, TARGET_TYPE, TARGET_TYPES
from schemas.rcs_senders.constants import REGIONS
from sinch_conversation.errors import ConversationApiError, ConversationNotFoundError
from sinch_conversation.webhooks import AppWebhooksClient
from sinch_provisioning.errors import SinchError, UnexpectedResponseError

# PATCHes sent when the answer is a 2xx that is not a webhook (retries on other failures are the client's).
PATCH_ATTEMPTS: Final = 2
# What an answer without target_type means: the contract's default (proto3 JSON leaves a default out).
DEFAULT_TARGET_TYPE: Final = TARGET_TYPES[0]


class AppWebhookLifecycle(Lifecycle, table=TABLE):
    """The steps of a ``ConversationWebhook`` (see the module docstring)."""

    def client(self, region: str) -> AppWebhooksClient:
        """The app webhooks on the host of ``region`` (the app's)."""
        return self.runtime.app_webhooks(region)

    # --- check / diff: local only --------------------------------------------------------------------

    def check(self, olds: Values, news: Values) -> Checked:
        return self.checked_webhook(load_conversation_webhook, news, signs="callback")

    def diff(self, id_: str, olds: Values, news: Values) -> Planned:
        TABLE.current_shape(olds, id_=id_)
        HOLDINGS.record(id_, f"Webhook {id_}")
        changed = changed_fields(self.declared(olds), self.declared(news))
        replaces = [name for name in REPLACE_ON_CHANGE if name in changed]
        repairs = ["targetType"] if olds.get("targetType", TARGET_TYPE) != TARGET_TYPE else []
        return Planned(
            changed=bool(changed or repairs),
            replaces=replaces,
            # Only a forced replacement keeps the app and the target the old webhook holds (see above).
            delete_before_replace=not replaces,
            changed_keys=changed + repairs,
        )

    # --- create ----------------------------------------------------------------------------------------

    def create(self, inputs: Values) -> Created:
        declared = load_declared(load_conversation_webhook, self.declared(inputs), TABLE)
        client = self.client(str(declared["region"]))
        recogniser = AppWebhookRecogniser(client, str(declared["appId"]), str(declared["target"]))
        body = create_body(declared)
        try:
            made = create_once(recogniser, lambda: client.create_webhook(body))
        except ConversationApiError as error:
            raise self._create_refusal(recogniser, error) from error
        webhook_id = str(made.object["id"])
        HOLDINGS.take(webhook_id, f"Webhook {describe(made.object)}")
        if made.recognised:
            self.log.warn(
                f"ConversationWebhook: Sinch's answer to creating {recogniser.what} was lost; webhook "
                f"{describe(made.object)} holds that target and was made by this attempt, so it is this "
                "resource's."
            )
        held = self._as_held(made.object, declared, str(declared["region"]))
        return Created(webhook_id, self._outputs(held, made.object))

    def _create_refusal(self, recogniser: AppWebhookRecogniser, error: ConversationApiError) -> Exception:
        """The error to raise for a create Sinch refused: the clear one for the refusals users meet."""
        client, app_id = recogniser.client, recogniser.app_id
        if isinstance(error, ConversationNotFoundError):
            return AppNotFoundError(client, app_id)
        if error.status != 400:
            return error
        # Judged under the identity's exclusive hold: a sibling create that won the target has claimed it.
        with LEDGER.recognition(recogniser.key):
            try:
                webhooks: list[dict[str, Any]] | None = client.list_webhooks(app_id)
            except SinchError:
                webhooks = None
        holder = holding_target(webhooks or [], recogniser.target)
        if holder is not None:
            return recogniser.exists(holder, managed_here=recogniser.held_here(str(holder["id"])))
        if webhooks is not None and len(webhooks) >= MAX_WEBHOOKS_PER_APP:
            return AppWebhookLimitError(client, app_id, webhooks, error)
        return AppWebhookRefusedError(f"create {recogniser.what}", error)

    # --- read ----------------------------------------------------------------------------------------

    def read(self, id_: str, outputs: Values, inputs: Values) -> Refreshed | None:
        managed = STATE_VERSION_KEY in outputs  # a refresh of a managed webhook, not a .get() reference
        if managed:
            TABLE.current_shape(outputs, id_=id_)
            HOLDINGS.record(id_, f"Webhook {id_}")
        recorded = self.declared(outputs)
        region = recorded.get("region")
        if not isinstance(region, str):  # .get(): the id alone does not say where the app lives
            return self._look_up(id_)
        client = self.client(region)
        try:
            webhook = client.get_webhook(id_)
        except ConversationNotFoundError as error:
            self._confirm_gone(client, id_, str(recorded.get("appId")), error)
            return None
        declaration = self._as_held(webhook, recorded, region)
        return Refreshed(id_, self._outputs(declaration, webhook), declaration)

    def _look_up(self, webhook_id: str) -> Refreshed | None:
        """A webhook read by its id alone (``ConversationWebhook.get``): each region's host in turn."""
        for region in REGIONS:
            try:
                webhook = self.client(region).get_webhook(webhook_id)
            except ConversationNotFoundError:
                continue
            declaration = self._as_held(webhook, {}, region)
            return Refreshed(webhook_id, self._outputs(declaration, webhook), declaration)
        return None

    def _confirm_gone(
        self, client: AppWebhooksClient, webhook_id: str, app_id: str, error: ConversationNotFoundError
    ) -> None:
        """Return when the app's listing answers without the webhook (a real 404); else raise, so that a
        wrong URL, region or project never makes a refresh forget a webhook."""
        try:
            webhooks = client.list_webhooks(app_id)
        except SinchError as cause:
            raise AppWebhookUnconfirmedError(client, webhook_id, app_id, "reading", cause) from error
        if any(str(webhook.get("id")) == webhook_id for webhook in webhooks):
            raise error  # listed, yet not found by id: Sinch has not settled; nothing is forgotten

    # --- update --------------------------------------------------------------------------------------

    def update(self, id_: str, olds: Values, news: Values) -> Values:
        recorded = TABLE.current_shape(olds, id_=id_)
        HOLDINGS.record(id_, f"Webhook {id_}")
        old = self.declared(recorded)
        new = load_declared(load_conversation_webhook, self.declared(news), TABLE)
        built = update_body(old, new)
        body, mask = built if built is not None else ({"target": new["target"]}, [])
        if recorded.get("targetType", TARGET_TYPE) != TARGET_TYPE:
            body["target_type"] = TARGET_TYPE  # changed in the dashboard: callbacks are being dropped
            mask.append("target_type")
        if not mask:  # nothing Sinch holds changes (a diff of unknowns that resolved to the same values)
            return self._outputs(new, {"target_type": recorded.get("targetType", TARGET_TYPE)})
        client = self.client(str(new["region"]))
        webhook = self._patch(client, id_, str(new["appId"]), body, mask)
        return self._outputs(self._as_held(webhook, new, str(new["region"])), webhook)

    def _patch(
        self, client: AppWebhooksClient, webhook_id: str, app_id: str, body: Values, mask: list[str]
    ) -> dict[str, Any]:
        """PATCH the webhook; Sinch's refusals as the provider's errors. A 2xx that is not a webhook (a
        proxy's page) is sent again: the same PATCH changes nothing the second time."""
        try:
            for _attempt in range(PATCH_ATTEMPTS - 1):
                try:
                    return client.update_webhook(webhook_id, body, mask)
                except UnexpectedResponseError:
                    continue
            return client.update_webhook(webhook_id, body, mask)
        except ConversationNotFoundError as error:
            raise AppWebhookGoneError(webhook_id, in_project(self.project)) from error
        except ConversationApiError as error:
            if error.status != 400:
                raise
            target = str(body["target"])
            recogniser = AppWebhookRecogniser(client, app_id, target)
            try:
                holder = holding_target(client.list_webhooks(app_id), target)
            except SinchError:
                holder = None
            if holder is not None and str(holder["id"]) != webhook_id:
                raise recogniser.exists(
                    holder, managed_here=recogniser.held_here(str(holder["id"]))
                ) from error
            raise AppWebhookRefusedError(f"update webhook {webhook_id}", error) from error

    # --- delete --------------------------------------------------------------------------------------

    def delete(self, id_: str, outputs: Values) -> None:
        recorded = self.declared(outputs)
        # A 404: already gone (deleted outside Pulumi, with its app, or by a retried DELETE): done.
        with contextlib.suppress(ConversationNotFoundError):
            self.client(str(recorded.get("region", ""))).delete_webhook(id_)
        HOLDINGS.release(id_)

    # --- shared ----------------------------------------------------------------------------------------

    def _as_held(self, webhook: Mapping[str, Any], recorded: Mapping[str, Any], region: str) -> Values:
        """The declaration as Sinch holds ``webhook``, but for what is never read back as drift: the
        recorded secret and client secret (Sinch may show them, masked or not: either way they are the
        declaration's), and the app id as recorded when it is the same ULID in another case."""
        declaration: Values = webhook_from_api(webhook, recorded, region=region)
        if "secret" in recorded:
            declaration["secret"] = recorded["secret"]
        held, kept = declaration.get("clientCredentials"), recorded.get("clientCredentials")
        if isinstance(held, Mapping) and isinstance(kept, Mapping) and "client_secret" in kept:
            declaration["clientCredentials"] = {**held, "client_secret": kept["client_secret"]}
        app_id, recorded_app = declaration.get("appId"), recorded.get("appId")
        if (
            isinstance(app_id, str)
            and isinstance(recorded_app, str)
            and app_id.upper() == recorded_app.upper()
        ):
            declaration["appId"] = recorded_app
        return declaration

    def _outputs(self, declared: Mapping[str, Any], webhook: Mapping[str, Any]) -> Values:
        """The declaration echoed (diff and update get it back as olds), ``targetType`` as Sinch holds it,
        ``projectId`` and the state version."""
        echoed: Values = copy.deepcopy(dict(declared))
        target_type = webhook.get("target_type")
        answer = {
            "targetType": target_type if isinstance(target_type, str) else DEFAULT_TARGET_TYPE,
            "projectId": self.project,
        }
        return {key: value for key, value in TABLE.record(echoed, answer).items() if value is not None}


class ConversationWebhookProvider(DynamicProvider):
    """The dynamic provider behind ``ConversationWebhook``. Construct it with no arguments: it pickles
    empty. Its class path is recorded in every stack and is frozen (see the module docstring)."""

    lifecycle = AppWebhookLifecycle
