"""``RcsSenderProvider``: Pulumi's check/diff/create/read/update/delete mapped onto the Sinch RCS API.

How the engine calls a dynamic provider: ``pulumi preview`` calls only ``check`` and ``diff``, so both are
local (no HTTP) and tolerate unknown values; ``diff`` and ``update`` receive the old *outputs*, so outputs
echo the (normalised) inputs plus what Sinch generated; one provider instance serves the plugin's four
worker threads, so everything it uses is thread-safe; and the instance is pickled into every resource's
state, so it holds nothing at construction: settings and the connection live in a ``ProviderRuntime``
made after unpickling (:mod:`provider.base_provider`). Every method reports a failure as one short
message (:mod:`provider.reporting`).
"""

from __future__ import annotations

from typing import Any

import pulumi
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
from provider.pulumi_values import to_pulumi_values
from provider.rcs_senders import plan
from provider.rcs_senders.errors import SenderInputError, SenderLaunchError, SenderUpdateError
from provider.rcs_senders.launching import DEFAULT_PROVISIONING_TIMEOUT, launch
from provider.rcs_senders.operations import adopt, apply_changes, create_new
from provider.rcs_senders.properties import LAUNCHED_STATES
from provider.rcs_senders.state import current_shape, declared, outputs
from provider.reporting import reported
from schemas.rcs_senders.api import sender_from_api
from schemas.rcs_senders.sender import load_sender
from sinch_provisioning.errors import NotFoundError, SinchError
from sinch_provisioning.rcs_senders import SinchRcsClient


class RcsSenderProvider(SinchProvider):
    """The dynamic provider behind ``RcsSender``. Construct it with no arguments: it must pickle empty."""

    # Pickled by reference into every resource's state under this path since v0.1.0: it must resolve
    # forever (provider/sender_provider.py re-exports the class there), and new state records it too.
    __module__ = "provider.sender_provider"

    def _client(self) -> SinchRcsClient:
        return self._runtime().rcs_senders

    # --- check / diff: local only --------------------------------------------------------------------

    @reported("Check of an RcsSender")
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        checked = plan.check(_olds, news)
        failures = [CheckFailure(path, reason) for path, reason in checked.failures]
        if checked.loaded is None:
            return CheckResult(news, failures)
        for warning in schemas.sender_warnings(checked.loaded):
            pulumi.log.warn(f"RcsSender: {warning}")
        return CheckResult(to_pulumi_values(checked.loaded), failures)

    @reported("Diff of an RcsSender")
    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        planned = plan.diff(id_, olds, news, warn=pulumi.log.warn)
        return DiffResult(changes=planned.changed, replaces=planned.replaces, delete_before_replace=False)

    # --- create ----------------------------------------------------------------------------------------

    @reported("Creating an RcsSender")
    def create(self, props: dict[str, Any]) -> CreateResult:
        declaration = _load(props)
        client = self._client()
        if declaration.get("senderId"):
            sender = adopt(client, declaration, project=self._project())
        else:
            sender = create_new(client, declaration)
        # From here on the sender exists: failing now would leave it outside the stack (Pulumi records
        # nothing from a failed create), so a failed launch is reported and retried by the next `up`.
        recorded = dict(declaration)
        if declaration.get("launch") and sender.get("state") not in LAUNCHED_STATES:
            try:
                sender = launch(client, sender, timeout=_timeout(declaration), report=pulumi.log.info)
            except (SinchError, SenderLaunchError, TimeoutError) as error:
                recorded["launch"] = False
                pulumi.log.warn(
                    f"RcsSender {sender['id']} was created but not launched: {error}\n"
                    "It is recorded in the stack with launch=false; fix the cause and run `pulumi up` "
                    "again to launch it."
                )
        return CreateResult(str(sender["id"]), to_pulumi_values(outputs(recorded, sender)))

    # --- read ----------------------------------------------------------------------------------------

    @reported("Reading an RcsSender")
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            sender = self._client().get_sender(id_)
        except NotFoundError as error:
            if error.error_code != "sender_not_found":
                raise  # a missing project or a wrong URL must not make refresh forget every sender
            return ReadResult("", {})  # gone from Sinch: an empty id tells Pulumi to drop it from the stack
        recorded = declared(current_shape(props)) if props else {}
        inputs = sender_from_api(sender, declared=recorded or None)
        return ReadResult(id_, to_pulumi_values(outputs(inputs, sender)), to_pulumi_values(inputs))

    # --- update --------------------------------------------------------------------------------------

    @reported("Updating an RcsSender")
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        recorded = current_shape(olds)
        old, new = declared(recorded), _load(news)
        client = self._client()
        try:
            sender = apply_changes(client, id_, old, new, None, state=recorded.get("state"))
            known = sender if sender is not None else {"id": id_, "state": recorded.get("state")}
            if new.get("launch") and known.get("state") not in LAUNCHED_STATES:
                sender = launch(client, known, timeout=_timeout(new), report=pulumi.log.info)
        except (SinchError, SenderLaunchError, TimeoutError) as error:
            raise SenderUpdateError(
                f"{error}\nPart of this update may have been applied before it failed, and Pulumi keeps the "
                "previous state after a failed update: run `pulumi refresh` (or keep `refresh: always` in "
                "Pulumi.yaml) before the next `pulumi up`, so that it starts from what Sinch holds."
            ) from error
        if sender is None:
            sender = _unchanged(recorded, id_)
        return UpdateResult(to_pulumi_values(outputs(new, sender)))

    # --- delete --------------------------------------------------------------------------------------

    @reported("Removing an RcsSender")
    def delete(self, id_: str, _props: dict[str, Any]) -> None:
        pulumi.log.warn(
            f"RcsSender {id_} was removed from the Pulumi stack but still exists in {self._project()}: the "
            "Sinch Provisioning API cannot delete senders. To manage it again, declare it with "
            f"sender_id={id_!r}; to remove it, contact Sinch support."
        )

    def _project(self) -> str:
        project = self._runtime().project_id()
        return f"Sinch project {project}" if project else "your Sinch project"


def _load(props: dict[str, Any]) -> dict[str, Any]:
    return load_known(load_sender, declared(props), SenderInputError)


def _timeout(declaration: dict[str, Any]) -> float:
    return float(declaration.get("provisioningTimeout") or DEFAULT_PROVISIONING_TIMEOUT)


def _unchanged(recorded: dict[str, Any], sender_id: str) -> dict[str, Any]:
    """What Sinch generated, as recorded: an update that sent nothing (only provider options changed)."""
    return {
        "id": sender_id,
        **{key: value for key, value in recorded.items() if key not in declared(recorded)},
    }
