"""The Conversation API's 10 operations (apps and app webhooks; one handler per spec ``operationId``), the
verdict on an app's RCS credentials, and the ``MESSAGE_INBOUND`` callback of an injected inbound message.

The readings the spec's header lists are applied here where they are behaviour:

- Apps live in the region of the host that created them; another region's host answers 404 ``NOT_FOUND``
  for them, as for an unknown id. Ids are ULIDs by the emulator's clock; another id is 400
  ``INVALID_ARGUMENT``. Lists (apps of a project, webhooks of an app) are in creation order, unpaged.
- ``update_mask`` (both PATCHes): only the named top-level fields are applied, each replaced whole (a list
  too); a named field absent from the body is cleared; body fields the mask does not name are ignored; no
  mask (or an empty one) applies every top-level field the body carries; an unknown, nested or read-only
  name is 400.
- Credentials: a new or changed credential (other credential objects, channel or ordinal number) starts
  ``PENDING``; an unchanged one keeps its state. RCS credentials are judged ``channel_delay`` seconds later
  (lazily, when anything reads the state after that time, or when the background worker ticks): ``ACTIVE``
  when ``static_bearer`` holds the ``authName`` (``claimed_identity``) and ``authToken`` (``token``) of a
  sender of the same project in the app's region, else ``FAILING`` saying why (no sender has that
  authName; the sender is in another region; the token is not the sender's). Every other channel is
  ``ACTIVE`` at once (the spec's default "for channels in which the credential can't be validated").
- An ``ACTIVE`` RCS credential links its sender to the app (the sender's ``conversationApiAppDetails``);
  removing or changing the credential, or deleting the app, unlinks it. One sender shows one app: the one
  whose credential became ``ACTIVE`` last.
- Webhooks: at most 5 per app (a 6th is 400 ``INVALID_ARGUMENT`` naming the limit; a taken target is
  reported first); ``target`` unique per app, an absolute http(s) URL of at most 742 characters, not on a
  ``conversation-api.*.sinch.com`` host; ``UNSPECIFIED_TRIGGER`` refused; ``target_type`` defaults to
  ``DISMISS``; ``app_id`` cannot change. Deleting an app deletes its webhooks. Deletes answer ``{}``.
"""

from __future__ import annotations

import copy
import hmac
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from emulator import spec
from emulator.apps import (
    ACTIVE,
    FAILING,
    PENDING,
    READ_ONLY_CREDENTIAL_FIELDS,
    REGIONS,
    App,
    AppWebhook,
    Credential,
)
from emulator.clock import event_timestamp
from emulator.errors import RpcError
from emulator.ids import ULID
from emulator.operations import Call, Reply
from emulator.store import Project, Session

WEBHOOKS_PER_APP = 5
FORBIDDEN_TARGET_HOST = re.compile(r"^conversation-api\.([a-z0-9-]+\.)+sinch\.com$", re.IGNORECASE)
UNSPECIFIED_TRIGGER = "UNSPECIFIED_TRIGGER"
MESSAGE_INBOUND = "MESSAGE_INBOUND"


# --- finding things -----------------------------------------------------------------------------------


def _checked_id(value: str, name: str) -> str:
    if not ULID.match(value):
        raise RpcError(
            "INVALID_ARGUMENT", f"{name} {value!r} is not a ULID (26 characters of Crockford base32)"
        )
    return value.upper()


def _app(call: Call, app_id: str | None = None) -> App:
    """The app of the call's project and region, or 400 (not a ULID) / 404 (unknown here)."""
    wanted = _checked_id(app_id if app_id is not None else call.params["app_id"], "app_id")
    found = call.project.apps.get(wanted)
    if found is None or found.region != REGIONS[call.region]:
        raise RpcError("NOT_FOUND", f"App {wanted} not found in project {call.project_id} ({call.region})")
    settle(call.session, found, call.now)
    return found


def _webhook(call: Call) -> AppWebhook:
    wanted = _checked_id(call.params["webhook_id"], "webhook_id")
    found = call.project.app_webhooks.get(wanted)
    app = None if found is None else call.project.apps.get(found.app_id)
    if found is None or app is None or app.region != REGIONS[call.region]:
        raise RpcError(
            "NOT_FOUND", f"Webhook {wanted} not found in project {call.project_id} ({call.region})"
        )
    return found


def _applied_fields(call: Call, schema: str) -> list[str]:
    """The top-level fields a PATCH applies: those ``update_mask`` names, else every one the body carries."""
    writable = spec.writable_properties(schema)
    mask: list[str] = list(call.query.get("update_mask") or [])
    bad = [name for name in mask if name not in writable]
    if bad:
        raise RpcError(
            "INVALID_ARGUMENT",
            f"update_mask names {', '.join(bad)}: paths must be top-level fields of {schema} "
            f"({', '.join(sorted(writable))})",
        )
    return list(dict.fromkeys(mask)) if mask else [name for name in call.body if name in writable]


def _apply(fields: dict[str, Any], body: Mapping[str, Any], names: Iterable[str], skip: str) -> None:
    """Set each named field (except ``skip``, applied by the caller) to the body's value, whole; clear it
    when the body lacks it."""
    for name in names:
        if name == skip:
            continue
        if name in body:
            fields[name] = copy.deepcopy(body[name])
        else:
            fields.pop(name, None)


def _answer(call: Call, schema: str, rendered: dict[str, Any]) -> dict[str, Any]:
    """A rendered app or webhook, its secrets masked if the emulator is told to."""
    if call.settings.mask_conversation_secrets:
        masked: dict[str, Any] = spec.mask_passwords(schema, rendered)
        return masked
    return rendered


# --- credentials and the link to senders ------------------------------------------------------------------


def _credentials(
    call: Call, entries: Sequence[Mapping[str, Any]], old: Sequence[Credential]
) -> list[Credential]:
    """The credentials an app gets from ``entries`` (validated by the spec): unchanged ones keep their state,
    new RCS ones are PENDING until ``channel_delay`` has passed, other channels ACTIVE. 400 for two entries
    of one channel with the same ordinal number."""
    seen: set[tuple[str, int]] = set()
    for entry in entries:
        key = (entry["channel"], int(entry.get("credential_ordinal_number", 0)))
        if key in seen:
            raise RpcError(
                "INVALID_ARGUMENT",
                f"channel_credentials has more than one {key[0]} entry with credential_ordinal_number "
                f"{key[1]}",
            )
        seen.add(key)
    made = []
    for entry in entries:
        clean = {
            name: copy.deepcopy(value)
            for name, value in entry.items()
            if name not in READ_ONLY_CREDENTIAL_FIELDS
        }
        kept = next((credential for credential in old if credential.same_as(clean)), None)
        if kept is not None:
            made.append(Credential(clean, kept.status, kept.description, kept.due, kept.sender_id))
        elif clean["channel"] == "RCS":
            made.append(Credential(clean, PENDING, due=call.now + call.settings.channel_delay))
        else:
            made.append(Credential(clean, ACTIVE))
    return made


def _verdict(project: Project, app: App, credential: Credential) -> tuple[str, str | None, str | None]:
    """(status, description, sender id) for an RCS credential: does it hold a sender of the app's region?"""
    bearer = credential.entry["static_bearer"]
    named = [sender for sender in project.senders.values() if sender.auth_name == bearer["claimed_identity"]]
    if not named:
        return FAILING, "claimed_identity is not the authName of any RCS sender of this project.", None
    here = [sender for sender in named if sender.region == app.region]
    if not here:
        sender = named[0]
        return (
            FAILING,
            f"The RCS sender {sender.id} is in region {sender.region}, this app in {app.region}: an app's "
            "RCS channel needs a sender of the app's own region.",
            None,
        )
    token = str(bearer["token"]).encode("utf-8")
    match = next((s for s in here if hmac.compare_digest(s.auth_token.encode("utf-8"), token)), None)
    if match is None:
        return FAILING, f"token is not the authToken of the RCS sender {here[0].id}.", None
    return ACTIVE, None, match.id


def settle(session: Session, app: App, now: float) -> None:
    """Judge every credential of ``app`` whose verdict is due, and link an ACTIVE RCS credential's sender."""
    project = session.project(app.project_id)
    for credential in app.credentials:
        if credential.status != PENDING or credential.due is None or credential.due > now:
            continue
        credential.status, credential.description, credential.sender_id = _verdict(project, app, credential)
        credential.due = None
        sender = project.senders.get(credential.sender_id or "")
        if sender is not None:
            sender.conversation_app_id = app.id
        session.changed()


def settle_all(session: Session, now: float) -> None:
    """Judge every credential of every app whose verdict is due."""
    for project in session.projects():
        for app in project.apps.values():
            settle(session, app, now)


def _unlink(project: Project, app: App, dropped: Iterable[Credential]) -> None:
    """Senders whose RCS credential ``app`` no longer holds stop showing the app."""
    for credential in dropped:
        sender = project.senders.get(credential.sender_id or "")
        if sender is not None and sender.conversation_app_id == app.id:
            sender.conversation_app_id = None


# --- apps -------------------------------------------------------------------------------------------------


def _settings(body: Mapping[str, Any]) -> dict[str, Any]:
    return {name: copy.deepcopy(value) for name, value in body.items() if name != "channel_credentials"}


def list_apps(call: Call) -> Reply:
    region = REGIONS[call.region]
    chosen = [app for app in call.project.apps.values() if app.region == region]
    for app in chosen:
        settle(call.session, app, call.now)
    return 200, {"apps": [_answer(call, "AppResponse", app.render()) for app in chosen]}


def create_app(call: Call) -> Reply:
    credentials = _credentials(call, call.body["channel_credentials"], ())
    app = App(call.new_id(), call.project_id, REGIONS[call.region], _settings(call.body), credentials)
    call.project.apps[app.id] = app
    call.session.changed()
    settle(call.session, app, call.now)
    return 200, _answer(call, "AppResponse", app.render())


def get_app(call: Call) -> Reply:
    return 200, _answer(call, "AppResponse", _app(call).render())


def update_app(call: Call) -> Reply:
    app = _app(call)
    body = call.body
    names = _applied_fields(call, "AppUpdateRequest")
    if "channel_credentials" in names:
        credentials = _credentials(call, body.get("channel_credentials") or [], app.credentials)
        dropped = [old for old in app.credentials if not any(new.same_as(old.entry) for new in credentials)]
        _unlink(call.project, app, dropped)
        app.credentials = credentials
    _apply(app.fields, body, names, skip="channel_credentials")
    call.session.changed()
    settle(call.session, app, call.now)
    return 200, _answer(call, "AppResponse", app.render())


def delete_app(call: Call) -> Reply:
    app = _app(call)
    _unlink(call.project, app, app.credentials)
    for hook in [hook for hook in call.project.app_webhooks.values() if hook.app_id == app.id]:
        del call.project.app_webhooks[hook.id]
    del call.project.apps[app.id]
    call.session.changed()
    return 200, {}


# --- webhooks ---------------------------------------------------------------------------------------------


def _check_webhook(call: Call, app: App, fields: Mapping[str, Any], own_id: str | None = None) -> None:
    """400 for a target the contract forbids or another webhook of the app holds, or UNSPECIFIED_TRIGGER."""
    target = str(fields["target"])
    try:
        parts = urlsplit(target)
        host = parts.hostname or ""
    except ValueError:
        parts, host = None, ""
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise RpcError("INVALID_ARGUMENT", "target must be an absolute http or https URL")
    if FORBIDDEN_TARGET_HOST.match(host):
        raise RpcError("INVALID_ARGUMENT", f"target host {host} is forbidden: conversation-api.*.sinch.com")
    if UNSPECIFIED_TRIGGER in (fields.get("triggers") or ()):
        raise RpcError("INVALID_ARGUMENT", "triggers: UNSPECIFIED_TRIGGER cannot be subscribed to")
    others = [
        hook for hook in call.project.app_webhooks.values() if hook.app_id == app.id and hook.id != own_id
    ]
    if any(hook.target == target for hook in others):
        raise RpcError("INVALID_ARGUMENT", f"app {app.id} already has a webhook with target {target}")


def _webhook_fields(body: Mapping[str, Any]) -> dict[str, Any]:
    return {name: copy.deepcopy(value) for name, value in body.items() if name not in ("id", "app_id")}


def list_webhooks(call: Call) -> Reply:
    app = _app(call)
    hooks = [hook for hook in call.project.app_webhooks.values() if hook.app_id == app.id]
    return 200, {"webhooks": [_answer(call, "Webhook", hook.render()) for hook in hooks]}


def create_webhook(call: Call) -> Reply:
    app = _app(call, call.body["app_id"])
    fields = _webhook_fields(call.body)
    _check_webhook(call, app, fields)
    held = [hook for hook in call.project.app_webhooks.values() if hook.app_id == app.id]
    if len(held) >= WEBHOOKS_PER_APP:
        raise RpcError(
            "INVALID_ARGUMENT",
            f"app {app.id} already has {len(held)} webhooks, the most an app can have "
            f"({WEBHOOKS_PER_APP}): {', '.join(hook.id for hook in held)}",
        )
    hook = AppWebhook(call.new_id(), call.project_id, app.id, fields)
    call.project.app_webhooks[hook.id] = hook
    call.session.changed()
    return 200, _answer(call, "Webhook", hook.render())


def get_webhook(call: Call) -> Reply:
    return 200, _answer(call, "Webhook", _webhook(call).render())


def update_webhook(call: Call) -> Reply:
    hook = _webhook(call)
    body = call.body
    names = _applied_fields(call, "Webhook")
    if "app_id" in names and _checked_id(str(body.get("app_id", "")), "app_id") != hook.app_id:
        raise RpcError(
            "INVALID_ARGUMENT", f"app_id cannot change: webhook {hook.id} belongs to app {hook.app_id}"
        )
    fields = dict(hook.fields)
    _apply(fields, body, names, skip="app_id")
    if "target" not in fields:
        raise RpcError("INVALID_ARGUMENT", "target cannot be cleared")
    _check_webhook(call, call.project.apps[hook.app_id], fields, hook.id)
    hook.fields = fields
    call.session.changed()
    return 200, _answer(call, "Webhook", hook.render())


def delete_webhook(call: Call) -> Reply:
    del call.project.app_webhooks[_webhook(call).id]
    call.session.changed()
    return 200, {}


HANDLERS: Mapping[str, Callable[[Call], Reply]] = {
    "App_ListApps": list_apps,
    "App_CreateApp": create_app,
    "App_GetApp": get_app,
    "App_UpdateApp": update_app,
    "App_DeleteApp": delete_app,
    "Webhooks_ListWebhooks": list_webhooks,
    "Webhooks_CreateWebhook": create_webhook,
    "Webhooks_GetWebhook": get_webhook,
    "Webhooks_UpdateWebhook": update_webhook,
    "Webhooks_DeleteWebhook": delete_webhook,
}


# --- inbound messages -------------------------------------------------------------------------------------


def inbound_message(
    app: App, contact: str, text: str, now: float, new_id: Callable[[], str]
) -> dict[str, Any]:
    """The ``MESSAGE_INBOUND`` callback for a text an end user sent to the app over RCS, in the shape of
    Sinch's Conversation API callbacks (the contract slice declares no callbacks; this is the shape Sinch's
    SDKs parse: ``app_id``, ``project_id``, ``accepted_time``, ``event_time``, ``message`` with ``id``,
    ``direction: TO_APP``, ``channel_identity``, ``contact_message.text_message.text``...). In ``DISPATCH``
    processing mode (the default) ``contact_id`` and ``conversation_id`` are empty, as Sinch documents."""
    moment = event_timestamp(now)
    mode = str(app.fields.get("processing_mode") or "DISPATCH")
    conversation = mode == "CONVERSATION"
    return {
        "app_id": app.id,
        "project_id": app.project_id,
        "accepted_time": moment,
        "event_time": moment,
        "message": {
            "id": new_id(),
            "direction": "TO_APP",
            "channel_identity": {"channel": "RCS", "identity": contact, "app_id": app.id},
            "contact_id": new_id() if conversation else "",
            "conversation_id": new_id() if conversation else "",
            "contact_message": {"text_message": {"text": text}},
            "metadata": "",
            "accept_time": moment,
            "processing_mode": mode,
            "injected": False,
        },
        "message_metadata": "",
        "correlation_id": "",
    }


def inbound_subscribers(project: Project, app: App) -> list[AppWebhook]:
    """The app's webhooks a ``MESSAGE_INBOUND`` callback goes to (``HTTP`` targets listening to it)."""
    return [
        hook
        for hook in project.app_webhooks.values()
        if hook.app_id == app.id and hook.listens_to(MESSAGE_INBOUND)
    ]
