"""Judging a declaration and a change, locally (Check and Diff run in ``pulumi preview``: no request).

- :func:`check`: the declaration loaded by the schemas, plus what Sinch would refuse of this change at
  ``pulumi up`` (a replacement not opted into, a change no update can express, more invites than Sinch
  sends in a day), as ``(path, message)`` failures.
- :func:`diff`: what changed, and whether it replaces the sender.

A sender is scarce: Sinch verifies and approves each one for days to weeks and cannot delete it, so a
change to ``region``, ``billingCategory`` or ``useCase`` (fixed at creation) replaces it only when the
resource opts in with ``allow_replacement=True``; otherwise the change fails at preview, saying why and
the two ways out. An unknown value (another resource's output) is judged when it is known: the Diff that
runs during ``pulumi up`` refuses it, before anything is sent, if it did change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from marshmallow import ValidationError

import schemas
from provider.core.errors import problem_lines
from provider.core.lifecycle import Checked, Planned, Problems, bounded
from provider.rcs_senders.errors import SenderChangeError, SenderReplacementError
from provider.rcs_senders.properties import CREATION_ONLY, LAUNCHED_STATES, TABLE
from schemas.rcs_senders.api import UpdateNotPossible, changed_fields, invite_problems, update_body
from schemas.rcs_senders.sender import load_sender

Warn = Callable[[str], None]
declared = TABLE.declared


def check(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Checked:
    """Load ``news``; for an existing sender (``olds``: its recorded inputs) also judge the change."""
    try:
        loaded: dict[str, Any] = load_sender(declared(news))
    except ValidationError as error:
        return Checked(None, bounded(schemas.flatten_errors(error.messages)))
    return Checked(loaded, bounded(_change_problems(olds, news, loaded)))


def _change_problems(olds: Mapping[str, Any], news: Mapping[str, Any], new: dict[str, Any]) -> Problems:
    old_declared = declared(olds)
    if not old_declared:
        # A new sender invites every number; an adopted one only those it lacks (not known at preview).
        return [] if "senderId" in new else invite_problems({}, new)
    if old_declared == declared(news):
        return []  # unchanged: nothing to judge (and the old inputs need no second load)
    try:
        old = load_sender(old_declared, launch_checklist=False)
    except ValidationError:
        return []  # recorded by an older version and invalid today: Diff judges it against the outputs
    replaced = _replaced_keys(old, new)
    if replaced:
        if new.get("senderId") not in (None, old.get("senderId")):
            return []  # another existing sender is adopted: adoption keeps its own rules
        if _allows_replacement(new):
            return invite_problems({}, new)  # a new sender: every number is a new invite, nothing to update
        return [(key, replacement_message(key, old.get(key), new.get(key))) for key in replaced]
    problems = invite_problems(old, new)
    try:
        update_body(old, _unknowns_as_old(new, old), launched=False)  # unknowns: judged by Diff at `up`
    except UpdateNotPossible as impossible:
        problems += impossible.problems
    return problems


def replacement_message(key: str, before: Any, after: Any) -> str:
    """Why a change of ``key`` is refused without ``allow_replacement``, and the two ways out."""
    return (
        f"Changing {key} from {before!r} to {after!r} would replace this sender: Sinch fixes {key} when it "
        "creates a sender, so Pulumi would create a new one, which Sinch must verify and launch again (days "
        "to weeks), and the old one would stay in Sinch, outside the stack (Sinch cannot delete senders). "
        f"Revert {key} to {before!r}, or set allow_replacement=True on this resource to replace it."
    )


def diff(sender_id: str, olds: Mapping[str, Any], news: Mapping[str, Any], *, warn: Warn) -> Planned:
    """What changes from the recorded outputs ``olds`` to the checked inputs ``news``.

    Raises ``SenderReplacementError`` for a known creation-only change without ``allow_replacement`` and
    ``SenderChangeError`` for changes Sinch would refuse, both before anything is sent."""
    recorded = TABLE.current_shape(olds, id_=sender_id)
    old = declared(recorded)
    new = declared(news)
    changed = set(changed_fields(old, new))
    if new.get("senderId") in (sender_id, None):
        # Declaring the id of the sender already managed, or dropping sender_id after an adoption, is the
        # same sender: no change (a dropped id must never mean "create a new one").
        changed.discard("senderId")
    state = recorded.get("state")
    if state in LAUNCHED_STATES and new.get("launch") is False:
        changed.discard("launch")  # Sinch has no unlaunch; `launch: false` only means "do not launch"
    if "senderId" in changed:
        return Planned(True, ["senderId"])  # manage another existing sender: adoption keeps its rules
    replaces = _creation_only_replacements(sender_id, old, new, sorted(changed & set(CREATION_ONLY)), warn)
    if changed and not replaces:
        _refuse_impossible_changes(sender_id, state, old, new, warn)
    if replaces:
        warn(
            f"RcsSender {sender_id}: changing {', '.join(replaces)} replaces this sender "
            "(allow_replacement=True): `pulumi up` creates a new sender, which Sinch must verify and launch "
            f"again, and sender {sender_id} stays in Sinch, outside the stack (Sinch cannot delete senders)"
        )
    return Planned(bool(changed), replaces, changed_keys=sorted(changed))


def _creation_only_replacements(
    sender_id: str, old: Mapping[str, Any], new: Mapping[str, Any], keys: list[str], warn: Warn
) -> list[str]:
    if not keys or _allows_replacement(new):
        return keys
    known = [key for key in keys if new.get(key) is not schemas.UNKNOWN]
    if known:
        problems = [(key, replacement_message(key, old.get(key), new.get(key))) for key in known]
        raise SenderReplacementError(
            f"This change would replace sender {sender_id}:\n{problem_lines(problems)}"
        )
    for key in keys:
        warn(
            f"RcsSender {sender_id}: {key} is not known until `pulumi up`; if it differs from "
            f"{old.get(key)!r}, `pulumi up` will stop before sending anything, since replacing the sender "
            "needs allow_replacement=True"
        )
    return []


def _refuse_impossible_changes(
    sender_id: str, state: str | None, old: dict[str, Any], new: dict[str, Any], warn: Warn
) -> None:
    """Raise ``SenderChangeError`` for changes Sinch would refuse. A value not known yet is judged as
    unchanged: preview only warns, and the Diff during `pulumi up`, with the value known, refuses it."""
    launched = state in LAUNCHED_STATES
    try:
        update_body(old, new, launched=launched)
    except UpdateNotPossible as impossible:
        try:
            update_body(old, _unknowns_as_old(new, old), launched=launched)
        except UpdateNotPossible as certain:
            raise SenderChangeError(sender_id, state, certain.problems) from None
        paths = ", ".join(path for path, _ in impossible.problems)
        warn(
            f"RcsSender {sender_id}: {paths} not known until `pulumi up`; if the value changes, the update "
            f"will be refused before anything is sent ({impossible.problems[0][1]})"
        )


def _replaced_keys(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The creation-only keys whose known new value differs from the old one."""
    return [
        key
        for key in changed_fields(old, new)
        if key in CREATION_ONLY and new.get(key) is not schemas.UNKNOWN
    ]


def _allows_replacement(new: Mapping[str, Any]) -> bool:
    return new.get("allowReplacement") is True


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
