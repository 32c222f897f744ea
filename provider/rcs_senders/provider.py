"""``RcsSenderProvider``: Pulumi's check/diff/create/read/update/delete mapped onto the Sinch RCS API.

How the engine calls us (see shared/pulumi/DYNAMIC-PROVIDERS.md): ``pulumi preview`` calls only ``check`` and
``diff``, so both are local (no HTTP) and tolerate unknown values; ``diff`` and ``update`` receive the old
*outputs*, so outputs echo the (normalised) inputs plus what Sinch generated; one provider instance serves
the plugin's four worker threads, so everything it holds is thread-safe; and the instance is pickled into
every resource's state, so it holds nothing at construction: settings and the client live in a
``ProviderRuntime`` made after unpickling.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pulumi
from marshmallow import ValidationError
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

import schemas
from provider.pulumi_values import to_pulumi_values, to_schema_values
from provider.rcs_senders.errors import (
    SenderAdoptionError,
    SenderChangeError,
    SenderCreateError,
    SenderInputError,
    SenderLaunchError,
)
from provider.rcs_senders.properties import INPUTS, LAUNCHED_STATES, REPLACE_ON_CHANGE, SERVER_OUTPUTS
from provider.rcs_senders.reconcile import CreateGate, find_created_sender, wait_until_provisioned
from provider.runtime import ProviderRuntime
from provider.settings import ALL_SETTINGS
from schemas.rcs_senders.api import (
    UpdateNotPossible,
    changed_fields,
    create_body,
    sender_from_api,
    test_number_changes,
    update_body,
    us_questionnaire_version,
)
from sinch_provisioning.errors import (
    NotFoundError,
    OutcomeUnknownError,
    SinchApiError,
    SinchError,
    UnexpectedResponseError,
)
from sinch_provisioning.rcs_senders import SinchRcsClient

# How long a create or update with `launch` waits for Sinch to finish provisioning the agent.
PROVISIONING_TIMEOUT_SECONDS = 600.0
# Create attempts when Sinch's answer was lost and no sender turned up for the attempt.
CREATE_ATTEMPTS = 3
# Reconciliation listings per unknown outcome (each already retried by the client).
RECONCILE_ATTEMPTS = 3

_GATE = CreateGate()
_RUNTIME_LOCK = threading.Lock()
_IMMUTABLE = tuple(key for key in REPLACE_ON_CHANGE if key != "senderId")


class RcsSenderProvider(ResourceProvider):
    """The dynamic provider behind ``RcsSender``. Construct it with no arguments: it must pickle empty."""

    # Pickled by reference into every resource's state under this path since v1: it must resolve forever
    # (provider/sender_provider.py re-exports the class there), and new state keeps recording it.
    __module__ = "provider.sender_provider"

    # Nothing secret is ever on the instance (see tests), so the serialized provider need not be encrypted:
    # that keeps each resource's state small and saves a crypto call per value.
    serialize_as_secret_always = False

    # --- configuration -------------------------------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        config = {setting.config_key: req.config.get(setting.config_key) for setting in ALL_SETTINGS}
        self.__dict__["_live"] = ProviderRuntime(config)

    def _runtime(self) -> ProviderRuntime:
        runtime = self.__dict__.get("_live")
        if runtime is None:  # not configured (direct use outside the plugin): environment only
            with _RUNTIME_LOCK:
                runtime = self.__dict__.setdefault("_live", ProviderRuntime({}))
        assert isinstance(runtime, ProviderRuntime)
        return runtime

    def _client(self) -> SinchRcsClient:
        return self._runtime().rcs_senders

    # --- check / diff: local only --------------------------------------------------------------------

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        declared = to_schema_values(_declared(news))
        try:
            loaded = schemas.SenderSchema().load(declared)
        except ValidationError as error:
            failures = [CheckFailure(path, reason) for path, reason in schemas.flatten_errors(error.messages)]
            return CheckResult(news, failures)
        failures = [CheckFailure(path, reason) for path, reason in _unpatchable(_olds, loaded)]
        for warning in schemas.sender_warnings(loaded):
            pulumi.log.warn(f"RcsSender: {warning}")
        return CheckResult(to_pulumi_values(loaded), failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        old = _declared(olds)
        new = to_schema_values(_declared(news))
        changed = set(changed_fields(old, new))
        if new.get("senderId") == id_:
            changed.discard("senderId")  # declaring the id of the sender we already manage changes nothing
        state = olds.get("state")
        launched = state in LAUNCHED_STATES
        if launched and new.get("launch") is False:
            changed.discard("launch")  # Sinch has no unlaunch; `launch: false` only means "do not launch"
        replaces = sorted(key for key in changed if key in REPLACE_ON_CHANGE)
        if changed and not replaces:
            _refuse_impossible_changes(id_, state, old, new)
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=False)

    # --- create ----------------------------------------------------------------------------------------

    def create(self, props: dict[str, Any]) -> CreateResult:
        declared = _load(props)
        client = self._client()
        adopting = bool(declared.get("senderId"))
        sender = self._adopt(client, declared) if adopting else _create_new(client, declared)
        # From here on the sender exists: failing now would leave it outside the stack (Pulumi records
        # nothing from a failed create), so a failed launch is reported and retried by the next `up`.
        launch_failed = False
        if declared.get("launch") and sender.get("state") not in LAUNCHED_STATES:
            try:
                sender = _launch(client, sender)
            except (SinchError, SenderLaunchError, TimeoutError) as error:
                launch_failed = True
                pulumi.log.warn(
                    f"RcsSender {sender['id']} was created but not launched: {error}\n"
                    "It is recorded in the stack with launch=false; fix the cause and run `pulumi up` "
                    "again to launch it."
                )
        outputs = _outputs(declared, sender)
        if launch_failed:
            outputs["launch"] = False
        return CreateResult(str(sender["id"]), to_pulumi_values(outputs))

    def _adopt(self, client: SinchRcsClient, declared: dict[str, Any]) -> dict[str, Any]:
        sender_id = str(declared["senderId"])
        try:
            sender = client.get_sender(sender_id)
        except NotFoundError as error:
            if error.error_code != "sender_not_found":
                raise
            raise SenderAdoptionError(
                f"senderId {sender_id!r}: no such sender in Sinch project "
                f"{self._runtime().settings.project_id}. Check the id (python -m provider import lists "
                "nothing for it) or remove sender_id to create a new sender."
            ) from None
        current = sender_from_api(sender, declared=declared)
        mismatched = [key for key in _IMMUTABLE if current.get(key) != declared.get(key)]
        if mismatched:
            details = ", ".join(f"{key} is {current.get(key)!r} in Sinch" for key in mismatched)
            raise SenderAdoptionError(
                f"senderId {sender_id!r} cannot be adopted as declared: {details}, and these are fixed at "
                "creation. Declare the same values to adopt it, or remove sender_id to create a new sender."
            )
        adopted = _apply_changes(client, sender_id, current, declared, sender)
        _GATE.claim(sender_id)
        return adopted if adopted is not None else sender

    # --- read ----------------------------------------------------------------------------------------

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            sender = self._client().get_sender(id_)
        except NotFoundError as error:
            if error.error_code != "sender_not_found":
                raise  # a missing project or a wrong URL must not make refresh forget every sender
            return ReadResult("", {})  # gone from Sinch: an empty id tells Pulumi to drop it from the stack
        declared = _declared(props) or None
        inputs = sender_from_api(sender, declared=declared)
        return ReadResult(id_, to_pulumi_values(_outputs(inputs, sender)), to_pulumi_values(inputs))

    # --- update --------------------------------------------------------------------------------------

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        old = _declared(olds)
        new = _load(news)
        client = self._client()
        sender = _apply_changes(client, id_, old, new, None, state=olds.get("state"))
        known = sender if sender is not None else {"id": id_, "state": olds.get("state")}
        if new.get("launch") and known.get("state") not in LAUNCHED_STATES:
            sender = _launch(client, known)  # straight from the recorded state: no GET first
        if sender is None:
            sender = client.get_sender(id_)
        return UpdateResult(to_pulumi_values(_outputs(new, sender)))

    # --- delete --------------------------------------------------------------------------------------

    def delete(self, id_: str, _props: dict[str, Any]) -> None:
        project = self._runtime().project_id()
        where = f"Sinch project {project}" if project else "your Sinch project"
        pulumi.log.warn(
            f"RcsSender {id_} was removed from the Pulumi stack but still exists in {where}: the Sinch "
            "Provisioning API cannot delete senders. To manage it again, declare it with "
            f"sender_id={id_!r}; to remove it, contact Sinch support."
        )


# --- helpers (module level: the provider instance must stay stateless) ---------------------------------


def _declared(props: Mapping[str, Any]) -> dict[str, Any]:
    """The declared inputs among ``props`` (inputs or outputs), without ``__provider`` or server fields."""
    return {key: props[key] for key in INPUTS if key in props and props[key] is not None}


def _load(props: Mapping[str, Any]) -> dict[str, Any]:
    """Known, checked inputs as the schemas load them (create/update never see unknowns)."""
    try:
        loaded: dict[str, Any] = schemas.SenderSchema().load(to_schema_values(_declared(props)))
    except ValidationError as error:
        raise SenderInputError(schemas.flatten_errors(error.messages)) from None
    return loaded


def _unpatchable(olds: Mapping[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    """Changes to an existing sender's declaration that no PATCH can express (found at check time, with
    property paths). Skipped when the change replaces the sender anyway."""
    old_declared = _declared(olds)
    if not old_declared:
        return []
    try:
        old = schemas.SenderSchema().load(to_schema_values(old_declared))
    except ValidationError:
        return []  # recorded by an older version; diff judges it against the outputs instead
    if any(key in REPLACE_ON_CHANGE for key in changed_fields(old, new)):
        return []
    try:
        update_body(old, new, launched=False)
    except UpdateNotPossible as impossible:
        return list(impossible.problems)
    return []


def _refuse_impossible_changes(id_: str, state: str | None, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Raise ``SenderChangeError`` at preview for changes Sinch would refuse. A value not known yet (it
    comes from another resource) is judged as unchanged: preview only warns, and the diff that runs during
    `pulumi up`, with the value known, refuses it if it did change, before anything is sent."""
    launched = state in LAUNCHED_STATES
    try:
        update_body(old, new, launched=launched)
    except UpdateNotPossible as impossible:
        try:
            update_body(old, _unknowns_as_old(new, old), launched=launched)
        except UpdateNotPossible as certain:
            raise SenderChangeError(id_, state, certain.problems) from None
        paths = ", ".join(path for path, _ in impossible.problems)
        pulumi.log.warn(
            f"RcsSender {id_}: {paths} not known until `pulumi up`; if the value changes, the update will be "
            f"refused before anything is sent ({impossible.problems[0][1]})"
        )


def _unknowns_as_old(new: Any, old: Any) -> Any:
    """``new`` with each unknown value replaced by the old value at the same place (when there is one)."""
    if new is schemas.UNKNOWN:
        return old if old is not None else new
    if isinstance(new, dict):
        old_map = old if isinstance(old, dict) else {}
        return {key: _unknowns_as_old(value, old_map.get(key)) for key, value in new.items()}
    if isinstance(new, list):
        old_list = old if isinstance(old, list) else []
        return [
            _unknowns_as_old(item, old_list[i] if i < len(old_list) else None) for i, item in enumerate(new)
        ]
    return new


def _outputs(declared: Mapping[str, Any], sender: Mapping[str, Any]) -> dict[str, Any]:
    """The declared inputs echoed (diff and update get them back as olds) plus what Sinch generated."""
    outputs = dict(declared)
    for key in SERVER_OUTPUTS:
        if sender.get(key) is not None:
            outputs[key] = sender[key]
    return outputs


def _create_new(client: SinchRcsClient, declared: dict[str, Any]) -> dict[str, Any]:
    """POST the sender; if the answer was lost, find the sender the attempt made instead of sending again."""
    body = create_body(declared)
    last_unknown: SinchError | None = None
    with _GATE.exclusive(body):
        for _attempt in range(CREATE_ATTEMPTS):
            sent_at = datetime.now(UTC)
            try:
                sender = client.create_sender(body)
            except (OutcomeUnknownError, UnexpectedResponseError) as unknown:
                # A 2xx that is not a sender (a proxy's page, say) also created something we cannot see.
                last_unknown = unknown
                started = unknown.sent_at if isinstance(unknown, OutcomeUnknownError) else sent_at
                found = _reconcile(client, declared, unknown, started)
                if found is None:
                    continue  # the attempt created nothing: sending again cannot duplicate
                sender = found
            _GATE.claim(str(sender["id"]))
            return sender
    raise SenderCreateError(
        f"Creating the sender failed {CREATE_ATTEMPTS} times without an answer from Sinch, and no sender "
        f"from these attempts exists in the project (checked after each one). Last error: {last_unknown}. "
        "Nothing was created; run `pulumi up` again when Sinch is reachable."
    )


def _reconcile(
    client: SinchRcsClient, declared: dict[str, Any], unknown: SinchError, sent_at: datetime
) -> dict[str, Any] | None:
    failure: SinchError | None = None
    for _attempt in range(RECONCILE_ATTEMPTS):
        try:
            return find_created_sender(client, declared, sent_at=sent_at, gate=_GATE)
        except SinchError as error:
            failure = error
    raise SenderCreateError(
        f"Sinch's answer to creating the sender was lost ({unknown}), and listing the project's senders "
        f"to find out whether it was created failed too ({failure}). A sender may exist: look for one "
        f"created at {sent_at.isoformat()} (python -m provider import, or provider.lookup_senders) and add "
        "sender_id=<its id> to the declaration to adopt it; if there is none, run `pulumi up` again."
    ) from failure


def _apply_changes(
    client: SinchRcsClient,
    sender_id: str,
    old: dict[str, Any],
    new: dict[str, Any],
    current: dict[str, Any] | None,
    *,
    state: str | None = None,
) -> dict[str, Any] | None:
    """PATCH what changed from ``old`` to ``new``, then add/remove test numbers; returns the sender after
    (``current`` when nothing was sent, None when nothing was sent and no ``current`` was given).

    Test numbers go through their own endpoints (a PATCH would re-send every number, and each re-sent number
    gets a new invite and uses quota). Numbers already on the sender are not added again and numbers already
    gone are not removed, so a retried update sends nothing twice."""
    if current is not None:
        state = current.get("state")
    launched = state in LAUNCHED_STATES
    try:
        body = update_body(old, new, launched=launched)
    except UpdateNotPossible as impossible:
        raise SenderChangeError(sender_id, state, impossible.problems) from None
    if body is not None:
        current = client.update_sender(
            sender_id, body, us_questionnaire_version=us_questionnaire_version(new)
        )
    to_add, to_remove = test_number_changes(old, new)
    if not to_add and not to_remove:
        return current
    if current is None:
        current = client.get_sender(sender_id)
    on_sender = set(_test_numbers(current))
    for number in to_remove:
        if number in on_sender:
            try:
                client.delete_test_number(sender_id, number)
            except NotFoundError as error:
                if error.error_code != "user_is_not_tester_for_agent":
                    raise
                # already removed (for example by a retried request): the goal is reached
    missing = [number for number in to_add if number not in on_sender]
    if missing:
        _add_test_numbers(client, sender_id, missing)
    return client.get_sender(sender_id)


def _add_test_numbers(client: SinchRcsClient, sender_id: str, numbers: list[str]) -> None:
    try:
        client.add_test_numbers(sender_id, numbers)
    except OutcomeUnknownError:
        present = set(_test_numbers(client.get_sender(sender_id)))
        still_missing = [number for number in numbers if number not in present]
        if still_missing:
            client.add_test_numbers(sender_id, still_missing)


def _test_numbers(sender: Mapping[str, Any]) -> list[str]:
    details = sender.get("details") or {}
    numbers = list(details.get("testNumbers") or [])
    numbers += [str(item["number"]) for item in sender.get("testNumberStates") or [] if item.get("number")]
    return numbers


def _launch(client: SinchRcsClient, sender: dict[str, Any]) -> dict[str, Any]:
    sender = wait_until_provisioned(client, sender, timeout=PROVISIONING_TIMEOUT_SECONDS)
    try:
        return client.launch_sender(str(sender["id"]))
    except SinchApiError as error:
        raise SenderLaunchError(f"Sinch refused to launch sender {sender['id']}: {error}") from error
