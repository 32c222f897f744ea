"""``ProvisioningWebhookProvider``: Pulumi's check/diff/create/read/update/delete for Sinch project webhooks.

Frozen class path: every stack that declares a ``ProvisioningWebhook`` records
``provider.webhooks.provider.ProvisioningWebhookProvider`` (Pulumi pickles the provider object by reference
to its class into each resource's state), from the first release on. Every later version must resolve
that path: never move or rename this module or the class; if the code moves, leave a re-export here.

How the engine calls us (as for senders): ``pulumi preview`` calls only ``check`` and ``diff``, so both
are local (no HTTP) and tolerate unknown values; ``diff`` and ``update`` receive the old *outputs*, so
outputs echo the (normalised) declaration plus what Sinch gave; one provider instance serves the plugin's
four worker threads, so everything shared is thread-safe; and the instance is pickled into every
resource's state, so it holds nothing: settings and the client live in the ``ProviderRuntime`` made in
``configure()``.

Lifecycle (each step the fewest requests that do it):

- create: 1 POST (201). With ``webhookId``: adopt that webhook: 1 GET, then 1 PUT with the declared
  target, triggers and secret (always: the secret cannot be read back to compare), never a POST.
  A lost answer is reconciled by the target (``reconcile.py``), never by a second blind POST.
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

import pulumi
from marshmallow import ValidationError
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)

import schemas
from provider.base_provider import SinchProvider, load_known
from provider.pulumi_values import to_pulumi_values, to_schema_values
from provider.reporting import reported
from provider.state_version import STATE_VERSION_KEY, upgraded
from provider.webhooks.errors import (
    LIST_COMMAND,
    WebhookAdoptionError,
    WebhookCreateError,
    WebhookExistsError,
    WebhookGoneError,
    WebhookInputError,
    WebhookLimitError,
    WebhookRefusedError,
    describe,
    where,
)
from provider.webhooks.properties import INPUTS, SERVER_OUTPUTS, STATE_VERSION
from provider.webhooks.reconcile import WebhookClaims, find_created_webhook
from schemas.webhooks.api import changed_fields, webhook_from_api
from schemas.webhooks.constants import ADVISED_SECRET_LENGTH
from schemas.webhooks.webhook import load_webhook
from sinch_provisioning.errors import (
    NotFoundError,
    OutcomeUnknownError,
    SinchApiError,
    SinchError,
    UnexpectedResponseError,
)
from sinch_provisioning.webhooks import WebhooksClient

# Create attempts when Sinch's answer was lost and no webhook holds the target afterwards.
CREATE_ATTEMPTS: Final = 3
# Listings per lost answer (each already retried by the client).
RECONCILE_ATTEMPTS: Final = 3
# PUTs sent when the answer is a 2xx that is not a webhook (retries on other failures are the client's).
PUT_ATTEMPTS: Final = 2
_REFUSED_CODES: Final = frozenset({"invalid_input", "invalid_payload"})

_CLAIMS = WebhookClaims()


class ProvisioningWebhookProvider(SinchProvider):
    """The dynamic provider behind ``ProvisioningWebhook``. Construct it with no arguments: it pickles
    empty. Its class path is recorded in every stack and is frozen (see the module docstring)."""

    # The webhook's secret is an input and an output, secret in state by the resource's own options.

    def _client(self) -> WebhooksClient:
        return self._runtime().webhooks

    # --- check / diff: local only --------------------------------------------------------------------

    @reported("Check of a ProvisioningWebhook")
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        declared = to_schema_values(_declared(news))
        try:
            loaded = load_webhook(declared)
        except ValidationError as error:
            failures = [CheckFailure(path, reason) for path, reason in schemas.flatten_errors(error.messages)]
            return CheckResult(news, failures)
        secret = loaded.get("secret")
        if isinstance(secret, str) and len(secret) < ADVISED_SECRET_LENGTH:
            pulumi.log.warn(
                f"ProvisioningWebhook {loaded.get('target')}: the secret has {len(secret)} characters. Sinch "
                "signs every event with it and advises a high-entropy secret: use at least 32 random "
                "characters (python -c 'import secrets; print(secrets.token_urlsafe(32))')."
            )
        return CheckResult(to_pulumi_values(loaded), [])

    @reported("Diff of a ProvisioningWebhook")
    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        _check_state_version(id_, olds)
        _CLAIMS.record(id_)
        old = _declared(olds)
        new = to_schema_values(_declared(news))
        changed = changed_fields(old, new)
        new_id = new.get("webhookId")
        # Declaring the id of the webhook already managed, or dropping webhook_id after an adoption,
        # changes nothing: it is the same webhook. Any other id is another webhook.
        replaces = ["webhookId"] if new_id is not None and new_id != id_ else []
        return DiffResult(
            changes=bool(changed or replaces), replaces=replaces, delete_before_replace=bool(replaces)
        )

    # --- create ----------------------------------------------------------------------------------------

    @reported("Creating a ProvisioningWebhook")
    def create(self, props: dict[str, Any]) -> CreateResult:
        declared = _load(props)
        client = self._client()
        if declared.get("webhookId"):
            webhook, secret_known = self._adopt(client, declared), True
        else:
            webhook, secret_known = self._create_new(client, declared)
        outputs = self._outputs(declared, webhook, secret_known=secret_known)
        return CreateResult(str(webhook["id"]), to_pulumi_values(outputs))

    def _adopt(self, client: WebhooksClient, declared: dict[str, Any]) -> dict[str, Any]:
        webhook_id = str(declared["webhookId"])
        project = self._runtime().project_id()
        try:
            current = client.get_webhook(webhook_id)
        except NotFoundError as error:
            if error.error_code != "webhook_not_found":
                raise
            raise WebhookAdoptionError(
                f"webhookId {webhook_id!r}: no such webhook in {where(project)}. List the project's webhooks "
                f"with `{LIST_COMMAND}`, or remove webhook_id to create a new webhook."
            ) from None
        except SinchApiError as error:
            if error.status != 400 or error.error_code != "invalid_id_format":
                raise
            raise WebhookAdoptionError(
                f"webhookId {webhook_id!r} is not a webhook id as Sinch writes them ({error.message}). Copy "
                f"the id from `{LIST_COMMAND}`, or remove webhook_id to create a new webhook."
            ) from None
        _CLAIMS.take(current, "adopted")
        try:
            # Always sent, even when target and triggers already match: the secret cannot be compared.
            return _replace(client, webhook_id, declared, project, action=f"adopt webhook {webhook_id}")
        except BaseException:
            _CLAIMS.release(webhook_id)  # nothing is recorded: the webhook stays as it was, unclaimed
            raise

    def _create_new(self, client: WebhooksClient, declared: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """POST the webhook; after a lost answer, take the webhook holding the target instead of sending
        again (``reconcile.py``). Returns the webhook and whether Sinch surely holds the declared secret."""
        target = str(declared["target"])
        project = self._runtime().project_id()
        last_unknown: SinchError | None = None
        with _CLAIMS.exclusive(target):
            for _attempt in range(CREATE_ATTEMPTS):
                try:
                    webhook = client.create_webhook(
                        target=target, secret=declared["secret"], triggers=declared["triggers"]
                    )
                except (OutcomeUnknownError, UnexpectedResponseError) as unknown:
                    # A 2xx that is not a webhook (a proxy's page) may also have created one we cannot see.
                    last_unknown = unknown
                    found = _reconcile(client, declared, unknown, project)
                    if found is None:
                        continue  # the attempt created nothing: sending again cannot duplicate
                    _CLAIMS.take(found, "taken")
                    return _take_over(client, found, declared, project)
                except SinchApiError as error:
                    raise _create_refusal(client, declared, error, project) from error
                _CLAIMS.take(webhook, "created")
                return webhook, True
        raise WebhookCreateError(
            f"Creating the webhook for {target} failed {CREATE_ATTEMPTS} times without an answer from Sinch, "
            "and no webhook held the target after any of the attempts (checked after each one). Last "
            f"error: {last_unknown}. Nothing was created; run `pulumi up` again when Sinch is reachable."
        )

    # --- read ----------------------------------------------------------------------------------------

    @reported("Reading a ProvisioningWebhook")
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        managed = STATE_VERSION_KEY in props  # a refresh of a managed webhook, not a .get() reference
        if managed:
            _check_state_version(id_, props)
            _CLAIMS.record(id_)
        try:
            webhook = self._client().get_webhook(id_)
        except NotFoundError as error:
            if error.error_code != "webhook_not_found":
                raise  # a missing project or a wrong URL must not make refresh forget every webhook
            return ReadResult("", {})  # gone from Sinch: an empty id tells Pulumi to drop it from the stack
        recorded = _declared(props)
        inputs: dict[str, Any] = webhook_from_api(webhook, recorded)
        # The secret is never in an answer: keep the recorded one (it cannot drift, it must not be lost).
        for key in ("secret", "webhookId"):
            if key in recorded:
                inputs[key] = recorded[key]
        outputs = self._outputs(inputs, webhook, secret_known="secret" in recorded)
        return ReadResult(id_, to_pulumi_values(outputs), to_pulumi_values(inputs))

    # --- update --------------------------------------------------------------------------------------

    @reported("Updating a ProvisioningWebhook")
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        _check_state_version(id_, olds)
        _CLAIMS.record(id_)
        new = _load(news)
        project = self._runtime().project_id()
        webhook = _replace(self._client(), id_, new, project, action=f"update webhook {id_}")
        return UpdateResult(to_pulumi_values(self._outputs(new, webhook, secret_known=True)))

    # --- delete --------------------------------------------------------------------------------------

    @reported("Deleting a ProvisioningWebhook")
    def delete(self, id_: str, _props: dict[str, Any]) -> None:
        if _CLAIMS.taken_here(id_):
            # Pulumi deletes removed resources after creating the new ones: a new resource of this run
            # adopted this webhook (webhook_id), so it must outlive the resource that held it before.
            pulumi.log.warn(
                f"ProvisioningWebhook: webhook {id_} was not deleted: another resource of this stack took it "
                "over in this run (webhook_id). Only the removed resource leaves the stack."
            )
            return
        try:
            self._client().delete_webhook(id_)
        except NotFoundError as error:
            if error.error_code != "webhook_not_found":
                raise
            # Already gone (deleted outside Pulumi, or by the first attempt of a retried DELETE): done.
        _CLAIMS.release(id_)

    # --- outputs ---------------------------------------------------------------------------------------

    def _outputs(
        self, declared: Mapping[str, Any], webhook: Mapping[str, Any], *, secret_known: bool
    ) -> dict[str, Any]:
        """The declaration echoed (diff and update get it back as olds), as Sinch holds it, plus
        ``projectId`` and the state version. Without ``secret`` when Sinch may hold another one, so that
        the next `pulumi up` sends it."""
        outputs: dict[str, Any] = dict(declared)
        outputs.update(webhook_from_api(webhook, declared))
        if not secret_known:
            outputs.pop("secret", None)
        for key in SERVER_OUTPUTS:
            if webhook.get(key) is not None:
                outputs[key] = webhook[key]
        outputs.setdefault("projectId", self._runtime().project_id())
        outputs[STATE_VERSION_KEY] = STATE_VERSION
        return {key: value for key, value in outputs.items() if value is not None}


# --- helpers (module level: the provider instance must stay stateless) ---------------------------------


def _declared(props: Mapping[str, Any]) -> dict[str, Any]:
    """The declared inputs among ``props`` (inputs or outputs), without ``__provider`` or Sinch's fields."""
    return {key: props[key] for key in INPUTS if key in props and props[key] is not None}


def _load(props: Mapping[str, Any]) -> dict[str, Any]:
    return load_known(load_webhook, _declared(props), WebhookInputError)


def _check_state_version(id_: str, props: Mapping[str, Any]) -> None:
    """Refuse state a newer version wrote (there is one shape so far: nothing to migrate)."""
    upgraded(props, current=STATE_VERSION, migrations={}, resource=f"ProvisioningWebhook {id_}")


def _replace(
    client: WebhooksClient, webhook_id: str, declared: Mapping[str, Any], project: str | None, *, action: str
) -> dict[str, Any]:
    """PUT target, secret and triggers; Sinch's refusals as the provider's errors. A 2xx that is not a
    webhook (a proxy's page) is sent again: a PUT is idempotent."""
    try:
        return _put(client, webhook_id, declared)
    except NotFoundError as error:
        if error.error_code != "webhook_not_found":
            raise
        if action.startswith("adopt"):
            raise WebhookAdoptionError(
                f"Webhook {webhook_id} was deleted while it was being adopted. Remove webhook_id to create "
                "a new webhook, or declare the id of another one."
            ) from error
        raise WebhookGoneError(webhook_id, project) from error
    except SinchApiError as error:
        if error.status == 409 and error.error_code == "webhook_exists":
            raise _exists_error(client, str(declared["target"]), project) from error
        if error.status == 400 and error.error_code in _REFUSED_CODES:
            raise WebhookRefusedError(action, error) from error
        raise


def _put(client: WebhooksClient, webhook_id: str, declared: Mapping[str, Any]) -> dict[str, Any]:
    def send() -> dict[str, Any]:
        return client.replace_webhook(
            webhook_id, target=declared["target"], secret=declared["secret"], triggers=declared["triggers"]
        )

    for _attempt in range(PUT_ATTEMPTS - 1):
        try:
            return send()
        except UnexpectedResponseError:
            continue
    return send()


def _create_refusal(
    client: WebhooksClient, declared: Mapping[str, Any], error: SinchApiError, project: str | None
) -> Exception:
    """The error to raise for a create Sinch refused: the clear one for the refusals users meet."""
    if error.status == 409 and error.error_code == "webhook_exists":
        return _exists_error(client, str(declared["target"]), project)
    if error.status == 424 and error.error_code == "webhook_limit_reached":
        try:
            webhooks: list[dict[str, Any]] | None = client.list_webhooks()
        except SinchError:
            webhooks = None
        return WebhookLimitError(project, webhooks)
    if error.status == 400 and error.error_code in _REFUSED_CODES:
        return WebhookRefusedError(f"create the webhook for {declared['target']}", error)
    return error


def _exists_error(client: WebhooksClient, target: str, project: str | None) -> WebhookExistsError:
    """409 ``webhook_exists``: which webhook holds the target (one listing, at most 15 webhooks)."""
    try:
        holder = client.find_by_target(target)
    except SinchError:
        holder = None
    managed_here = holder is not None and _CLAIMS.is_held(str(holder["id"]))
    return WebhookExistsError(target, holder, project_id=project, managed_here=managed_here)


def _reconcile(
    client: WebhooksClient, declared: dict[str, Any], unknown: SinchError, project: str | None
) -> dict[str, Any] | None:
    lost = unknown.cause if isinstance(unknown, OutcomeUnknownError) else str(unknown)
    failure: SinchError | None = None
    for _attempt in range(RECONCILE_ATTEMPTS):
        try:
            return find_created_webhook(client, declared, claims=_CLAIMS, project_id=project, lost=lost)
        except SinchError as error:
            failure = error
    target = declared["target"]
    raise WebhookCreateError(
        f"Sinch's answer to creating the webhook for {target} was lost ({lost}), and listing the project's "
        f"webhooks to find out whether it was created failed too ({failure}). A webhook may exist: list them "
        f'with `{LIST_COMMAND}`; if one holds {target}, add webhook_id="<its id>" to the declaration to '
        "adopt it; if none does, run `pulumi up` again."
    ) from failure


def _take_over(
    client: WebhooksClient, found: dict[str, Any], declared: dict[str, Any], project: str | None
) -> tuple[dict[str, Any], bool]:
    """Take the webhook found after a lost answer; set its secret, since it may have been there before."""
    webhook_id = str(found["id"])
    note = (
        f"ProvisioningWebhook: Sinch's answer to creating the webhook for {declared['target']} was lost; "
        f"webhook {describe(found)} holds that target with the declared triggers, so it is now this "
        "resource's. It was made by this attempt, or it held the target already (with the same triggers): "
        "the two cannot be told apart"
    )
    try:
        webhook = _replace(client, webhook_id, declared, project, action=f"update webhook {webhook_id}")
    except SinchError as error:  # Sinch unreachable after the retries: record it, and say what follows
        pulumi.log.warn(
            f"{note}. Setting its secret to the declared one failed ({error}); the next `pulumi up` sets it."
        )
        return found, False
    pulumi.log.warn(f"{note}, so its secret was set to the declared one.")
    return webhook, True
