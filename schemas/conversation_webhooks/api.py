"""The ConversationWebhook's API mapping: pure functions over loaded declarations (what
``ConversationWebhookSchema().load`` returned).

- ``create_body(webhook)``: the body of ``POST /v1/projects/{project_id}/webhooks``.
- ``update_body(old, new)``: ``(Webhook, update_mask)`` for ``PATCH .../webhooks/{webhook_id}``, or ``None``
  when nothing changed; ``UpdateNotPossible`` for a change of ``appId`` or ``region`` (another app's
  webhook, or another regional host: a new webhook).
- ``changed_fields(old, new)``: the declaration's names that differ.
- ``webhook_from_api(answer, declared, region=...)``: the declaration as Sinch holds the webhook.

Comparisons: ``triggers`` as a set (the declared order is kept); ``secret`` exactly as declared; in
``clientCredentials`` an absent ``token_request_type`` is ``BASIC`` (the API's reading of it) and an empty
``scope`` or ``response_type`` is none. The target's type is always ``HTTP`` (the contract's default,
``DISMISS``, would drop every callback), so it is not part of the declaration.

``UNKNOWN``: ``changed_fields`` counts it as a change; ``create_body`` and ``update_body`` raise
``ValueError`` for it (bodies are built from known values only).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Final

from schemas.compare import answer_region, fill_secrets, masked, same
from schemas.conversation_webhooks.constants import DEFAULT_TOKEN_REQUEST_TYPE, TARGET_TYPE
from schemas.conversation_webhooks.webhook import INPUT_NAMES
from schemas.errors import UpdateNotPossible
from schemas.paths import MISSING
from schemas.targets import same_triggers, target_from_api, triggers_from_api
from schemas.unknown import require_known

__all__ = [
    "API_FIELDS",
    "CREATION_ONLY",
    "UpdateNotPossible",
    "changed_fields",
    "create_body",
    "update_body",
    "webhook_from_api",
]

# The declared fields an update can change: state name -> the API's field name, in mask order.
API_FIELDS: Final = {
    "target": "target",
    "triggers": "triggers",
    "secret": "secret",
    "clientCredentials": "client_credentials",
}
# A change of these means another webhook.
CREATION_ONLY: Final = ("appId", "region")
_CLIENT_SECRETS: Final = frozenset({"client_secret"})
_OPTIONAL_TEXT: Final = ("scope", "response_type")


def _comparable_credentials(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    out = {key: item for key, item in value.items() if not (key in _OPTIONAL_TEXT and item == "")}
    out.setdefault("token_request_type", DEFAULT_TOKEN_REQUEST_TYPE)
    return out


def _same(name: str, before: Any, after: Any) -> bool:
    if before is MISSING and after is MISSING:
        return True
    if name == "triggers":
        return same_triggers(before, after)
    if name == "clientCredentials":
        return same(_comparable_credentials(before), _comparable_credentials(after))
    return same(before, after)


def create_body(webhook: Mapping[str, Any]) -> dict[str, Any]:
    """The create body: ``app_id``, ``target``, ``target_type`` ``HTTP`` (always: the API's default
    ``DISMISS`` drops every callback), ``triggers``, ``secret`` and, when declared, ``client_credentials``.
    ``ValueError`` for ``UNKNOWN`` values."""
    require_known(webhook, "create body", whole="the webhook")
    body: dict[str, Any] = {
        "app_id": webhook["appId"],
        "target": webhook["target"],
        "target_type": TARGET_TYPE,
        "triggers": list(webhook["triggers"]),
        "secret": webhook["secret"],
    }
    if "clientCredentials" in webhook:
        body["client_credentials"] = copy.deepcopy(dict(webhook["clientCredentials"]))
    return body


def update_body(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]] | None:
    """``(body, update_mask)`` taking the webhook from ``old`` to ``new``, or ``None`` when nothing changed.

    The mask names exactly the changed fields (``target``, ``triggers``, ``secret``,
    ``client_credentials``, in that order); the body always carries ``target`` (the contract's PATCH body
    requires it) and each changed field whole. A removed ``clientCredentials`` is named in the mask and
    absent from the body: a field the mask names is replaced by what the body holds, here nothing (the
    contract gives ``client_credentials`` no ``null``). ``UpdateNotPossible`` when ``appId`` or ``region``
    changed;
    ``ValueError`` for ``UNKNOWN`` values the body needs."""
    problems = [
        (
            name,
            f"Cannot be changed by an update: a webhook belongs to one app on one regional host. Keep "
            f"{old.get(name)!r}, or declare a new webhook for {new.get(name)!r}.",
        )
        for name in CREATION_ONLY
        if not _same(name, old.get(name, MISSING), new.get(name, MISSING))
    ]
    if problems:
        raise UpdateNotPossible(problems)
    changed = [name for name in API_FIELDS if not _same(name, old.get(name, MISSING), new.get(name, MISSING))]
    if not changed:
        return None
    body: dict[str, Any] = {"target": new.get("target")}
    for name in changed:
        if name not in new:
            continue  # removed (clientCredentials): named in the mask, absent from the body, so cleared
        value = new[name]
        body[API_FIELDS[name]] = list(value) if isinstance(value, tuple) else copy.deepcopy(value)
    require_known(body, "update body", whole="the webhook")
    return body, [API_FIELDS[name] for name in changed]


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The names whose values differ between two loaded declarations, in declaration order (then any other
    keys, sorted); ``UNKNOWN`` differs from everything."""
    extra = sorted({key for key in (*old, *new) if isinstance(key, str) and key not in INPUT_NAMES})
    return [
        name
        for name in (*INPUT_NAMES, *extra)
        if not _same(name, old.get(name, MISSING), new.get(name, MISSING))
    ]


def webhook_from_api(
    answer: Mapping[str, Any], declared: Mapping[str, Any] | None = None, *, region: str | None = None
) -> dict[str, Any]:
    """The declaration as Sinch holds the webhook ``answer`` (``Webhook``), in ``INPUT_NAMES`` order.

    ``appId``, ``target`` and ``triggers`` are Sinch's (the declared representation where equal: the
    target but for surrounding whitespace, the triggers as a set); ``region`` is ``region``, else the
    declaration's (the answer has none; ``ValueError`` without either); ``secret`` and the client
    credentials' ``client_secret`` are Sinch's where it shows them, else the declaration's;
    ``clientCredentials`` keeps the declared representation where it is equal. ``ValidationError`` when
    ``answer`` is not an object."""
    declared, out_region = answer_region(answer, declared, region, "webhook")
    out: dict[str, Any] = {"region": out_region}
    app_id = answer.get("app_id", declared.get("appId"))
    if app_id is not None:
        out["appId"] = app_id
    out["target"] = target_from_api(answer.get("target"), declared.get("target"))
    out["triggers"] = triggers_from_api(answer.get("triggers"), declared.get("triggers"))
    secret = answer.get("secret")
    if masked(secret):
        secret = declared.get("secret")
    if secret is not None:
        out["secret"] = secret
    credentials = _credentials_from_api(answer.get("client_credentials"), declared.get("clientCredentials"))
    if credentials is not None:
        out["clientCredentials"] = credentials
    return {key: out[key] for key in INPUT_NAMES if key in out}


def _credentials_from_api(server: Any, declared: Any) -> Any:
    if server is None:
        return None
    if not isinstance(server, Mapping):
        return copy.deepcopy(server)
    declared_fields = declared if isinstance(declared, Mapping) else {}
    rebuilt = {key: copy.deepcopy(item) for key, item in server.items() if item is not None}
    fill_secrets(rebuilt, declared_fields, _CLIENT_SECRETS)
    rebuilt = {
        key: item
        for key, item in rebuilt.items()
        if key in declared_fields or not (key in _OPTIONAL_TEXT and item == "")
    }
    if declared_fields and same(_comparable_credentials(rebuilt), _comparable_credentials(declared_fields)):
        return copy.deepcopy(dict(declared_fields))
    return rebuilt
