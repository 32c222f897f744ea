"""``RcsSender``'s lifecycle on the Sinch Provisioning API, and the dynamic provider that serves it.

- check / diff (:mod:`provider.rcs_senders.plan`): local, no request; a change Sinch would refuse, or a
  replacement not opted into, fails at preview;
- create: adopt the sender ``sender_id`` names, or POST a new one (a lost answer is recognised, never
  repeated: :mod:`provider.rcs_senders.operations`); launch it when ``launch`` is set
  (:mod:`provider.rcs_senders.launching`);
- read: 1 GET; drift is what Sinch holds, as a declaration; a 404 ``sender_not_found`` drops the resource;
- update: one PATCH of what changed, test numbers through their own endpoints, then the launch if asked;
- delete: Sinch cannot delete senders: the sender leaves the stack only, and the warning says so.

``RcsSenderProvider`` is recorded in every stack under ``provider.sender_provider.RcsSenderProvider``
(ARCHITECTURE.md, "Frozen names").
"""

from __future__ import annotations

from typing import Any

import schemas
from provider.core.errors import in_project, unless_gone
from provider.core.lifecycle import Checked, Created, Lifecycle, Planned, Refreshed, Values, load_declared
from provider.dynamic.provider import DynamicProvider
from provider.rcs_senders import plan
from provider.rcs_senders.errors import SenderLaunchError, SenderUpdateError
from provider.rcs_senders.launching import DEFAULT_PROVISIONING_TIMEOUT, launch
from provider.rcs_senders.operations import adopt, apply_changes, create_new
from provider.rcs_senders.properties import LAUNCHED_STATES, TABLE
from schemas.rcs_senders.api import sender_from_api
from schemas.rcs_senders.sender import load_sender
from sinch_provisioning.errors import NotFoundError, SinchError, SinchStatusError


class SenderLifecycle(Lifecycle, table=TABLE):
    """The steps of an ``RcsSender`` (see the module docstring)."""

    def check(self, olds: Values, news: Values) -> Checked:
        checked = plan.check(olds, news)
        if checked.inputs is not None:
            for warning in schemas.sender_warnings(checked.inputs):
                self.log.warn(f"RcsSender: {warning}")
        return checked

    def diff(self, id_: str, olds: Values, news: Values) -> Planned:
        return plan.diff(id_, olds, news, warn=self.log.warn)

    def create(self, inputs: Values) -> Created:
        declaration = load_declared(load_sender, self.declared(inputs), TABLE)
        client = self.runtime.rcs_senders
        if declaration.get("senderId"):
            sender = adopt(client, declaration, project=in_project(self.project))
        else:
            sender = create_new(client, declaration)
        # From here on the sender exists: failing now would leave it outside the stack (Pulumi records
        # nothing from a failed create), so a failed launch is reported and retried by the next `up`.
        recorded = dict(declaration)
        if declaration.get("launch") and sender.get("state") not in LAUNCHED_STATES:
            try:
                sender = launch(client, sender, timeout=_timeout(declaration), report=self.log.info)
            except (SinchError, SenderLaunchError, TimeoutError) as error:
                recorded["launch"] = False
                self.log.warn(
                    f"RcsSender {sender['id']} was created but not launched: {error}\n"
                    "It is recorded in the stack with launch=false; fix the cause and run `pulumi up` "
                    "again to launch it."
                )
        return Created(str(sender["id"]), TABLE.record(recorded, sender))

    def read(self, id_: str, outputs: Values, inputs: Values) -> Refreshed | None:
        sender = unless_gone(lambda: self.runtime.rcs_senders.get_sender(id_), _sender_not_found)
        if sender is None:
            return None
        recorded = self.declared(TABLE.current_shape(outputs, id_=id_)) if outputs else {}
        declaration = sender_from_api(sender, declared=recorded or None)
        return Refreshed(id_, TABLE.record(declaration, sender), declaration)

    def update(self, id_: str, olds: Values, news: Values) -> Values:
        recorded = TABLE.current_shape(olds, id_=id_)
        old, new = self.declared(recorded), load_declared(load_sender, self.declared(news), TABLE)
        client = self.runtime.rcs_senders
        try:
            sender = apply_changes(client, id_, old, new, None, state=recorded.get("state"))
            known = sender if sender is not None else {"id": id_, "state": recorded.get("state")}
            if new.get("launch") and known.get("state") not in LAUNCHED_STATES:
                sender = launch(client, known, timeout=_timeout(new), report=self.log.info)
        except (SinchError, SenderLaunchError, TimeoutError) as error:
            raise SenderUpdateError(
                f"{error}\nPart of this update may have been applied before it failed, and Pulumi keeps the "
                "previous state after a failed update: run `pulumi refresh` (or keep `refresh: always` in "
                "Pulumi.yaml) before the next `pulumi up`, so that it starts from what Sinch holds."
            ) from error
        # Nothing sent (only provider options changed): what Sinch generated stays as recorded.
        return TABLE.record(new, recorded if sender is None else sender)

    def delete(self, id_: str, outputs: Values) -> None:
        self.log.warn(
            f"RcsSender {id_} was removed from the Pulumi stack but still exists in "
            f"{in_project(self.project)}: the Sinch Provisioning API cannot delete senders. To manage it "
            f"again, declare it with sender_id={id_!r}; to remove it, contact Sinch support."
        )


def _sender_not_found(error: SinchStatusError) -> bool:
    return isinstance(error, NotFoundError) and error.error_code == "sender_not_found"


def _timeout(declaration: dict[str, Any]) -> float:
    return float(declaration.get("provisioningTimeout") or DEFAULT_PROVISIONING_TIMEOUT)


class RcsSenderProvider(DynamicProvider):
    """The dynamic provider behind ``RcsSender``. Construct it with no arguments: it must pickle empty."""

    # Pickled by reference into every resource's state under this path since v0.1.0: it must resolve
    # forever (provider/sender_provider.py re-exports the class there), and new state records it too.
    __module__ = "provider.sender_provider"

    lifecycle = SenderLifecycle
