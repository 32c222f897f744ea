"""``ProvisioningWebhook``'s lifecycle on the Sinch Provisioning API, and the dynamic provider serving it.

Frozen class path: every stack that declares a ``ProvisioningWebhook`` records
``provider.webhooks.provider.ProvisioningWebhookProvider`` (Pulumi pickles the provider object by reference
to its class into each resource's state), from the first release on. Every later version must resolve
that path: never move or rename this module or the class; if the code moves, leave a re-export here.

Lifecycle (each step the fewest requests that do it):

- create: 1 POST (201). With ``webhookId``: adopt that webhook: 1 GET, then 1 PUT with the declared
  target, triggers and secret (always: the secret cannot be read back to compare), never a POST.
  A lost answer is recognised by the target (``recognise.py``), never by a second blind POST, and a
  webhook that held the target before the attempt is never taken.
- read (refresh): 1 GET. Drift of ``target`` and ``triggers`` is shown; the secret is never read back, so
  the recorded one is kept (it never drifts and is never lost). 404 ``webhook_not_found``: gone, dropped
  from the stack; any other failure fails the refresh.
- update: a change of ``target``, ``triggers`` or ``secret`` is 1 PUT of all three, in place (rotating the
  secret is an update, never a replacement).
- delete: 1 DELETE (204); a 404 ``webhook_not_found`` means the goal is reached. Not sent when a new
  resource of the same run adopted the webhook (a renamed resource declaring its ``webhook_id``).
- a ``webhookId`` changed to another id is another webhook: a replacement, deleted before the new one is
  adopted (the old one holds the target, so adopting first would be refused with 409).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from provider.core.errors import adopting, in_project, unless_gone
from provider.core.lifecycle import Checked, Created, Lifecycle, Planned, Refreshed, Values, load_declared
from provider.core.lost_create import LEDGER, create_once
from provider.core.properties import STATE_VERSION_KEY
from provider.dynamic.provider import DynamicProvider
from provider.webhooks.errors import (
    LIST_COMMAND,
    WebhookAdoptionError,
    WebhookExistsError,
    WebhookGoneError,
    WebhookLimitError,
    WebhookRefusedError,
    describe,
)
from provider.webhooks.properties import TABLE
from provider.webhooks.recognise import HOLDINGS, WebhookRecogniser
from schemas.webhooks.api import changed_fields, webhook_from_api
from schemas.webhooks.webhook import load_webhook
from sinch_provisioning.errors import (
    NotFoundError,
    SinchApiError,
    SinchError,
    SinchStatusError,
    UnexpectedResponseError,
)

# PUTs sent when the answer is a 2xx that is not a webhook (retries on other failures are the client's).
PUT_ATTEMPTS: Final = 2
_REFUSED_CODES: Final = frozenset({"invalid_input", "invalid_payload"})


class WebhookLifecycle(Lifecycle, table=TABLE):
    """The steps of a ``ProvisioningWebhook`` (see the module docstring)."""

    # --- check / diff: local only --------------------------------------------------------------------

    def check(self, olds: Values, news: Values) -> Checked:
        return self.checked_webhook(load_webhook, news, signs="event")

    def diff(self, id_: str, olds: Values, news: Values) -> Planned:
        TABLE.current_shape(olds, id_=id_)
        HOLDINGS.record(id_, f"Webhook {id_}")
        changed = changed_fields(self.declared(olds), self.declared(news))
        new_id = news.get("webhookId")
        # Declaring the id of the webhook already managed, or dropping webhook_id after an adoption,
        # changes nothing: it is the same webhook. Any other id is another webhook.
        replaces = ["webhookId"] if new_id is not None and new_id != id_ else []
        return Planned(
            changed=bool(changed or replaces),
            replaces=replaces,
            delete_before_replace=bool(replaces),
            changed_keys=changed + replaces,
        )

    # --- create ----------------------------------------------------------------------------------------

    def create(self, inputs: Values) -> Created:
        declared = load_declared(load_webhook, self.declared(inputs), TABLE)
        webhook = self._adopt(declared) if declared.get("webhookId") else self._create_new(declared)
        return Created(str(webhook["id"]), self._outputs(declared, webhook, secret_known=True))

    def _adopt(self, declared: Values) -> dict[str, Any]:
        webhook_id = str(declared["webhookId"])
        client = self.runtime.webhooks

        def explain(error: SinchStatusError) -> str | None:
            if _webhook_not_found(error):
                return (
                    f"webhookId {webhook_id!r}: no such webhook in {in_project(self.project)}. List the "
                    f"project's webhooks with `{LIST_COMMAND}`, or remove webhook_id to create a new webhook."
                )
            if isinstance(error, SinchApiError) and error.error_code == "invalid_id_format":
                return (
                    f"webhookId {webhook_id!r} is not a webhook id as Sinch writes them ({error.message}). "
                    f"Copy the id from `{LIST_COMMAND}`, or remove webhook_id to create a new webhook."
                )
            return None

        with adopting(WebhookAdoptionError, explain):
            current = client.get_webhook(webhook_id)
        HOLDINGS.take(webhook_id, f"Webhook {describe(current)}")
        try:
            # Always sent, even when target and triggers already match: the secret cannot be compared.
            webhook = self._replace(webhook_id, declared, action=f"adopt webhook {webhook_id}")
        except BaseException:
            HOLDINGS.release(webhook_id)  # nothing is recorded: the webhook stays as it was, unclaimed
            raise
        LEDGER.claim(WebhookRecogniser(client, str(declared["target"])).key, webhook_id)
        return webhook

    def _create_new(self, declared: Values) -> dict[str, Any]:
        """POST the webhook; after a lost answer, take the webhook holding the target only if the attempt
        made it (``recognise.py``)."""
        client = self.runtime.webhooks
        target = str(declared["target"])
        recogniser = WebhookRecogniser(client, target)
        try:
            made = create_once(
                recogniser,
                lambda: client.create_webhook(
                    target=target, secret=declared["secret"], triggers=declared["triggers"]
                ),
            )
        except SinchApiError as error:
            raise self._create_refusal(recogniser, declared, error) from error
        HOLDINGS.take(str(made.object["id"]), f"Webhook {describe(made.object)}")
        if made.recognised:
            self.log.warn(
                f"ProvisioningWebhook: Sinch's answer to creating the webhook for {target} was lost; webhook "
                f"{describe(made.object)} holds that target and was made by this attempt, so it is this "
                "resource's."
            )
        return made.object

    def _create_refusal(
        self, recogniser: WebhookRecogniser, declared: Values, error: SinchApiError
    ) -> Exception:
        """The error to raise for a create Sinch refused: the clear one for the refusals users meet."""
        if error.status == 409 and error.error_code == "webhook_exists":
            # Judged under the target's exclusive hold: a sibling create that won the target has claimed it.
            with LEDGER.recognition(recogniser.key):
                return self._exists_error(recogniser)
        if error.status == 424 and error.error_code == "webhook_limit_reached":
            try:
                webhooks: list[dict[str, Any]] | None = self.runtime.webhooks.list_webhooks()
            except SinchError:
                webhooks = None
            return WebhookLimitError(self.project, webhooks)
        if error.status == 400 and error.error_code in _REFUSED_CODES:
            return WebhookRefusedError(f"create the webhook for {declared['target']}", error)
        return error

    def _exists_error(self, recogniser: WebhookRecogniser) -> WebhookExistsError:
        """409 ``webhook_exists``: which webhook holds the target (one listing, at most 15 webhooks), and
        whether a resource of this stack holds it."""
        try:
            holder = self.runtime.webhooks.find_by_target(recogniser.target)
        except SinchError:
            holder = None
        held = holder is not None and recogniser.held_here(str(holder["id"]))
        return WebhookExistsError(recogniser.target, holder, project_id=self.project, managed_here=held)

    # --- read ----------------------------------------------------------------------------------------

    def read(self, id_: str, outputs: Values, inputs: Values) -> Refreshed | None:
        if STATE_VERSION_KEY in outputs:  # a refresh of a managed webhook, not a .get() reference
            TABLE.current_shape(outputs, id_=id_)
            HOLDINGS.record(id_, f"Webhook {id_}")
        webhook = unless_gone(lambda: self.runtime.webhooks.get_webhook(id_), _webhook_not_found)
        if webhook is None:
            return None
        recorded = self.declared(outputs)
        declaration: Values = webhook_from_api(webhook, recorded)
        # The secret is never in an answer: keep the recorded one (it cannot drift, it must not be lost).
        for key in ("secret", "webhookId"):
            if key in recorded:
                declaration[key] = recorded[key]
        refreshed = self._outputs(declaration, webhook, secret_known="secret" in recorded)
        return Refreshed(id_, refreshed, declaration)

    # --- update --------------------------------------------------------------------------------------

    def update(self, id_: str, olds: Values, news: Values) -> Values:
        TABLE.current_shape(olds, id_=id_)
        HOLDINGS.record(id_, f"Webhook {id_}")
        new = load_declared(load_webhook, self.declared(news), TABLE)
        webhook = self._replace(id_, new, action=f"update webhook {id_}")
        return self._outputs(new, webhook, secret_known=True)

    # --- delete --------------------------------------------------------------------------------------

    def delete(self, id_: str, outputs: Values) -> None:
        if HOLDINGS.taken_here(id_):
            # Pulumi deletes removed resources after creating the new ones: a new resource of this run
            # adopted this webhook (webhook_id), so it must outlive the resource that held it before.
            self.log.warn(
                f"ProvisioningWebhook: webhook {id_} was not deleted: another resource of this stack took it "
                "over in this run (webhook_id). Only the removed resource leaves the stack."
            )
            return
        # Already gone (deleted outside Pulumi, or by the first attempt of a retried DELETE) is done too.
        unless_gone(lambda: self.runtime.webhooks.delete_webhook(id_), _webhook_not_found)
        HOLDINGS.release(id_)

    # --- shared ----------------------------------------------------------------------------------------

    def _replace(self, webhook_id: str, declared: Mapping[str, Any], *, action: str) -> dict[str, Any]:
        """PUT target, secret and triggers; Sinch's refusals as the provider's errors. A 2xx that is not a
        webhook (a proxy's page) is sent again: a PUT is idempotent."""
        try:
            return self._put(webhook_id, declared)
        except NotFoundError as error:
            if error.error_code != "webhook_not_found":
                raise
            if action.startswith("adopt"):
                raise WebhookAdoptionError(
                    f"Webhook {webhook_id} was deleted while it was being adopted. Remove webhook_id to "
                    "create a new webhook, or declare the id of another one."
                ) from error
            raise WebhookGoneError(webhook_id, in_project(self.project)) from error
        except SinchApiError as error:
            if error.status == 409 and error.error_code == "webhook_exists":
                recogniser = WebhookRecogniser(self.runtime.webhooks, str(declared["target"]))
                raise self._exists_error(recogniser) from error
            if error.status == 400 and error.error_code in _REFUSED_CODES:
                raise WebhookRefusedError(action, error) from error
            raise

    def _put(self, webhook_id: str, declared: Mapping[str, Any]) -> dict[str, Any]:
        def send() -> dict[str, Any]:
            return self.runtime.webhooks.replace_webhook(
                webhook_id,
                target=declared["target"],
                secret=declared["secret"],
                triggers=declared["triggers"],
            )

        for _attempt in range(PUT_ATTEMPTS - 1):
            try:
                return send()
            except UnexpectedResponseError:
                continue
        return send()

    def _outputs(
        self, declared: Mapping[str, Any], webhook: Mapping[str, Any], *, secret_known: bool
    ) -> Values:
        """The declaration echoed (diff and update get it back as olds), as Sinch holds it, plus
        ``projectId`` and the state version. Without ``secret`` when Sinch may hold another one, so that
        the next `pulumi up` sends it."""
        echoed: Values = dict(declared)
        echoed.update(webhook_from_api(webhook, declared))
        if not secret_known:
            echoed.pop("secret", None)
        outputs = TABLE.record(echoed, webhook)
        outputs.setdefault("projectId", self.project)
        return {key: value for key, value in outputs.items() if value is not None}


def _webhook_not_found(error: SinchStatusError) -> bool:
    return isinstance(error, NotFoundError) and error.error_code == "webhook_not_found"


class ProvisioningWebhookProvider(DynamicProvider):
    """The dynamic provider behind ``ProvisioningWebhook``. Construct it with no arguments: it pickles
    empty. Its class path is recorded in every stack and is frozen (see the module docstring)."""

    lifecycle = WebhookLifecycle
