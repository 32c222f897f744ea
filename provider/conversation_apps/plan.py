"""Judging an app's declaration and a change, locally (Check and Diff run in ``pulumi preview``: no
request).

- :func:`check`: the declaration loaded by the schema (``schemas.conversation_apps``): every problem at its
  path, an app in another region than its sender's among them (naming both regions); and a warning when two
  apps of the program hold one sender's credentials (:class:`SenderUse`).
- :func:`diff`: what changed, and whether it replaces the app: an app lives in the region it was created
  in, so a change of ``region`` is a new app (created first, then the old one deleted, with its webhooks).

**Two apps on one sender.** The contract does not say whether two apps may hold one sender's
credentials. Sinch accepts both (each channel is verified on its own), but a sender shows one app
(``conversationApiAppDetails``: the one whose channel became ACTIVE last), so which app hears the sender's
traffic is not what either declaration says. That is allowed but never what anyone means, so it is a
warning at preview, not a refusal (refusing would break a program that moves a sender from one app to
another in one run). The dynamic form gives Check no URN, so what tells two declarations apart across Check
calls is what they declare: the sender's id with the app's display name. One plugin process serves every
dynamic resource of a deployment, so :data:`SENDER_USE` sees each app of the program once; the same
declaration checked again (a second Check of one resource) is the same display name and never warns. Two
apps with the same display name on one sender cannot be told apart from one app checked twice, and are not
warned about; nor are apps of other stacks (no request at preview). A sender id not known yet (a sender
created in this run) is judged at ``up``, where Check sees it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any, Final

from marshmallow import ValidationError

import schemas
from provider.conversation_apps.channel import FAILING, PENDING
from provider.conversation_apps.properties import REPLACE_ON_CHANGE, TABLE
from provider.core.lifecycle import Checked, Planned, bounded
from schemas.conversation_apps import load_conversation_app
from schemas.conversation_apps.api import changed_fields

Warn = Callable[[str], None]
# Senders remembered per process (a deployment's: far fewer); past it the oldest are forgotten.
MAX_SENDERS: Final = 10_000


class SenderUse:
    """The display names of the app declarations this process has checked, per RCS sender id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._names: dict[str, list[str]] = {}

    def note(self, sender_id: str, display_name: str) -> list[str]:
        """Record that an app named ``display_name`` holds sender ``sender_id``'s credentials; the other
        names already recorded for that sender (empty: the first, or the same declaration again)."""
        with self._lock:
            names = self._names.setdefault(sender_id, [])
            if display_name in names:
                return []
            others = list(names)
            names.append(display_name)
            while len(self._names) > MAX_SENDERS:
                del self._names[next(iter(self._names))]
            return others


SENDER_USE: Final = SenderUse()


def check(news: Mapping[str, Any], *, warn: Warn, use: SenderUse = SENDER_USE) -> Checked:
    """Load ``news`` (the program's declared inputs); warn when another app of the program holds the same
    sender's credentials."""
    try:
        loaded: dict[str, Any] = load_conversation_app(dict(news))
    except ValidationError as error:
        return Checked(None, bounded(schemas.flatten_errors(error.messages)))
    sender_id, name = loaded.get("rcsSenderId"), loaded.get("displayName")
    if isinstance(sender_id, str) and isinstance(name, str):
        others = use.note(sender_id, name)
        if others:
            listed = ", ".join(repr(other) for other in others)
            warn(
                f"ConversationApp {name!r}: RcsSender {sender_id} is also the RCS sender of {listed} in this "
                "program. Sinch lets two apps hold one sender's credentials, but the sender links to one app "
                "only (its conversationApiAppDetails shows the app whose channel became ACTIVE last), so "
                "which app gets its messages and delivery reports is not what the program says. Give each "
                "app its own sender, unless this run moves the sender from one app to the other."
            )
    return Checked(loaded)


def _same_senders_credentials(old: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
    """The checked inputs ``news``, where the sender is the recorded one (its id known and unchanged), with
    its credentials not known yet taken as the recorded ones.

    A sender's ``authName`` and ``authToken`` come with its id (Sinch gives a sender new credentials only
    as a new sender), but a preview that updates the sender makes every output of it unknown, its
    credentials included: without this, any change to the sender would show its app as changed. The Diff
    of `pulumi up` sees the known values and judges them."""
    new = dict(TABLE.declared(news))
    sender = new.get("rcsSenderId")
    if sender is schemas.UNKNOWN or sender is None or sender != old.get("rcsSenderId"):
        return new
    for key in ("rcsClaimedIdentity", "rcsToken"):
        if new.get(key) is schemas.UNKNOWN and key in old:
            new[key] = old[key]
    return new


def diff(app_id: str, olds: Mapping[str, Any], news: Mapping[str, Any], *, warn: Warn) -> Planned:
    """What changes from the recorded outputs ``olds`` to the checked inputs ``news``: a known change of
    ``region`` replaces the app (create first, then delete); an unknown one is judged by the Diff of
    `pulumi up`, when it is known. Warns when the recorded RCS channel is not ACTIVE."""
    recorded = TABLE.current_shape(olds, id_=app_id)
    old, new = TABLE.declared(recorded), _same_senders_credentials(TABLE.declared(recorded), news)
    changed = changed_fields(old, new)
    replaces = [key for key in changed if key in REPLACE_ON_CHANGE and new.get(key) is not schemas.UNKNOWN]
    status = recorded.get("rcsChannelStatus")
    if status in (PENDING, FAILING):
        said = recorded.get("rcsChannelDescription")
        warn(
            f"ConversationApp {app_id}: its RCS channel was {status} when last read"
            + (f" ({said})" if said else "")
            + ". Run `pulumi refresh` to read Sinch's verdict now."
        )
    if replaces:
        warn(
            f"ConversationApp {app_id}: changing region from {old.get('region')} to {new.get('region')} "
            "replaces the app (an app stays in the region it was created in): `pulumi up` creates a new app "
            f"in {new.get('region')}, then deletes app {app_id} and, with it, every webhook it has (a "
            "ConversationWebhook declared with app=<this app> follows: it is made again on the new app)."
        )
    return Planned(bool(changed), replaces, changed_keys=changed)
