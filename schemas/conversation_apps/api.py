"""The ConversationApp's only way to speak the Conversation API's app shapes: pure functions over loaded
declarations (what ``ConversationAppSchema().load`` returned).

- ``create_body(app)``: the ``AppCreateRequest`` for ``POST /v1/projects/{project_id}/apps``.
- ``update_body(old, new)``: ``(AppUpdateRequest, update_mask)`` for ``PATCH .../apps/{app_id}``, or
  ``None`` when nothing Sinch holds changed; ``UpdateNotPossible`` for a change of ``region``.
- ``changed_fields(old, new)``: the declaration's top-level names that differ.
- ``app_from_api(answer, declared, region=...)``: the declaration as Sinch holds it (refresh drift,
  import).
- ``channel_states(answer)``, ``rcs_channel_state(answer)``: each channel's integration state.

**The RCS channel.** The ``rcs*`` fields become the first entry of ``channel_credentials``:
``{"channel": "RCS", "static_bearer": {"claimed_identity": rcsClaimedIdentity, "token": rcsToken}}``,
then the declared ``channelCredentials`` in their order (the order is the app's channel priority). Sinch
replaces a list it is sent, so ``channel_credentials`` is always sent whole, and whenever any credential
changed (a change of an ``rcs*`` field included).

**Settings and the API's defaults.** An undeclared setting means the API's default (the contract's
``default``s, ``constants.SETTING_DEFAULTS``: processing_mode DISPATCH, conversation_metadata_report_view
NONE, retention_policy MESSAGE_EXPIRE_POLICY/180 days, dispatch_retention_policy MESSAGE_EXPIRE_POLICY/0
days, message_retry_settings 3600 s, smart_conversation and delivery_report_based_fallback disabled,
callback_settings without a secret). So, in every comparison:

- a setting compares by its full value: an absent one as the default, an object one with each absent
  field as that field's default (``{"ttl_days": 30}`` is ``{"retention_type": "MESSAGE_EXPIRE_POLICY",
  "ttl_days": 30}``); declaring a default equals leaving it out;
- in what Sinch answers, ``null``, and the zero values that mean "never set" for fields without a default
  (``secret_for_overridden_callback_urls`` ``""``, ``delivery_report_waiting_time`` 0), count as absent;
- bodies send a declared setting with the defaults of its absent fields filled in (the API replaces a
  field named in the mask whole, so nothing is left to the server's reading of a missing field), and
  removing a setting from the declaration sends its default;
- ``app_from_api`` gives a setting when the declaration had it or when Sinch holds something other than
  the default, in the declared representation when equal, else with the fields the declaration had and
  those that differ from the default. A refresh of an app declared without settings therefore shows no
  drift while Sinch reports its defaults, and shows a setting changed in the dashboard.

Likewise in a credential entry, ``credential_ordinal_number`` 0, an empty ``callback_secret`` and
``is_default`` false are what their absence means.

**Secrets.** What Sinch answers may omit or mask secrets (``constants.SECRET_FIELDS``: tokens, keys,
passwords, ``callback_secret``, ``secret_for_overridden_callback_urls``), so ``app_from_api`` takes each
secret the answer omits or masks (``schemas.compare.masked``: empty, ``*``/``•`` only, or holding
``****``) from the declaration.
The RCS token is always the declared one: it is never drift. Other channels' secrets are Sinch's where it
shows them.

``UNKNOWN``: ``changed_fields`` counts it as a change; ``create_body`` and ``update_body`` raise
``ValueError`` for it (bodies are built from known values only).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any, Final

from schemas.compare import answer_region, fill_secrets, masked, same
from schemas.conversation_apps.app import INPUT_NAMES, PROVIDER_OPTIONS, RCS_FIELDS
from schemas.conversation_apps.constants import (
    DEFAULT_CHANNEL_STATUS,
    MULTI_CREDENTIAL_CHANNELS,
    READ_ONLY_ENTRY_FIELDS,
    SECRET_FIELDS,
    SETTING_DEFAULTS,
    SETTINGS,
    UNSET_SETTING_VALUES,
)
from schemas.errors import UpdateNotPossible
from schemas.paths import MISSING
from schemas.unknown import UNKNOWN, require_known

__all__ = [
    "API_FIELDS",
    "UpdateNotPossible",
    "app_from_api",
    "changed_fields",
    "channel_states",
    "create_body",
    "credentials_of",
    "rcs_channel_state",
    "rcs_entry",
    "setting_value",
    "update_body",
]

# The AppCreateRequest/AppUpdateRequest fields a declaration sets, in the order bodies and masks name them.
API_FIELDS: Final = ("display_name", "channel_credentials", *SETTINGS.values())
_STATE_NAMES: Final = {api: state for state, api in SETTINGS.items()}
# Credential-entry fields whose absence means this value.
_ENTRY_DEFAULTS: Final = {"credential_ordinal_number": 0, "callback_secret": ""}


# --- the API's view of a declaration ------------------------------------------------------------------------


def rcs_entry(app: Mapping[str, Any]) -> dict[str, Any] | None:
    """The RCS credential entry the ``rcs*`` fields make, or ``None`` without them."""
    if "rcsClaimedIdentity" not in app and "rcsToken" not in app:
        return None
    return {
        "channel": "RCS",
        "static_bearer": {"claimed_identity": app.get("rcsClaimedIdentity"), "token": app.get("rcsToken")},
    }


def credentials_of(app: Mapping[str, Any]) -> list[Any]:
    """The app's ``channel_credentials``: the RCS entry first, then the declared entries in their order (an
    ``UNKNOWN`` list stands as one ``UNKNOWN`` entry)."""
    rcs = rcs_entry(app)
    others = app.get("channelCredentials", [])
    entries = copy.deepcopy(list(others)) if isinstance(others, list | tuple) else [others]  # UNKNOWN
    return [*([rcs] if rcs is not None else []), *entries]


def setting_value(api_name: str, value: Any) -> Any:
    """A setting's full value: the API default when ``value`` is ``MISSING``; for an object setting, the
    declared fields over the defaults of the absent ones. ``UNKNOWN`` stays ``UNKNOWN``."""
    if value is UNKNOWN:
        return UNKNOWN
    default = SETTING_DEFAULTS[api_name]
    if value is MISSING:
        return copy.deepcopy(default)
    if isinstance(default, Mapping) and isinstance(value, Mapping):
        return {**copy.deepcopy(default), **copy.deepcopy(dict(value))}
    return copy.deepcopy(value)


def _comparable_setting(api_name: str, value: Any) -> Any:
    full = setting_value(api_name, value)
    if isinstance(full, Mapping):
        return {
            key: item
            for key, item in full.items()
            if not (key in UNSET_SETTING_VALUES and same(item, UNSET_SETTING_VALUES[key]))
        }
    return full


def _comparable_entry(entry: Any) -> Any:
    """A credential entry with what its absence means left out (ordinal 0, empty callback secret,
    ``is_default`` false), for comparison."""
    if not isinstance(entry, Mapping):
        return entry
    out: dict[str, Any] = {}
    for key, value in entry.items():
        if key in _ENTRY_DEFAULTS and same(value, _ENTRY_DEFAULTS[key]):
            continue
        if isinstance(value, Mapping):
            value = {
                name: item for name, item in value.items() if not (name == "is_default" and item is False)
            }
        out[key] = value
    return out


def _comparable_credentials(entries: Any) -> Any:
    if entries is UNKNOWN or not isinstance(entries, list | tuple):
        return entries
    return [_comparable_entry(entry) for entry in entries]


def _api_value(app: Mapping[str, Any], api_name: str) -> Any:
    """What the body sends for ``api_name``."""
    if api_name == "display_name":
        return app.get("displayName", MISSING)
    if api_name == "channel_credentials":
        return credentials_of(app)
    return setting_value(api_name, app.get(_STATE_NAMES[api_name], MISSING))


def _api_comparable(app: Mapping[str, Any], api_name: str) -> Any:
    if api_name == "channel_credentials":
        return _comparable_credentials(credentials_of(app))
    if api_name == "display_name":
        return app.get("displayName", MISSING)
    return _comparable_setting(api_name, app.get(_STATE_NAMES[api_name], MISSING))


# --- create and update --------------------------------------------------------------------------------------


def create_body(app: Mapping[str, Any]) -> dict[str, Any]:
    """``AppCreateRequest``: ``display_name``, ``channel_credentials`` (the RCS entry first, then the declared
    entries in order) and every declared setting (with the defaults of its absent fields); never the
    provider options. ``ValueError`` for ``UNKNOWN`` values."""
    require_known(app, "create body", whole="the app")
    body: dict[str, Any] = {"display_name": app["displayName"], "channel_credentials": credentials_of(app)}
    for state, api in SETTINGS.items():
        if state in app:
            body[api] = setting_value(api, app[state])
    return body


def update_body(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]] | None:
    """``(AppUpdateRequest, update_mask)`` taking the app from ``old`` to ``new`` (loaded declarations), or
    ``None`` when nothing Sinch holds changed (a change of provider options only, or none).

    The mask names exactly the changed top-level API fields, in ``API_FIELDS`` order, and the body holds
    each of them whole: ``channel_credentials`` as the whole list whenever a credential changed (an
    ``rcs*`` field included), a setting with its absent fields' defaults, a removed setting as its
    default. ``UpdateNotPossible`` when ``region`` changed (an app lives in the region it was created in);
    ``ValueError`` for ``UNKNOWN`` values in ``new``."""
    before, after = old.get("region", MISSING), new.get("region", MISSING)
    if before is not MISSING and after is not MISSING and not same(before, after):
        raise UpdateNotPossible(
            [
                (
                    "region",
                    f"Cannot be changed by an update: a Conversation API app stays in the region it was "
                    f"created in ({before}). Keep {before!r}, or declare a new app for {after!r}.",
                )
            ]
        )
    mask = [api for api in API_FIELDS if _api_changed(old, new, api)]
    if not mask:
        return None
    body = {api: _api_value(new, api) for api in mask}
    require_known(body, "update body", whole="the app")
    return body, mask


def _api_changed(old: Mapping[str, Any], new: Mapping[str, Any], api_name: str) -> bool:
    if api_name == "channel_credentials" and any(
        not _same_or_both_missing(old.get(name, MISSING), new.get(name, MISSING)) for name in RCS_FIELDS
    ):
        return True
    return not _same_or_both_missing(_api_comparable(old, api_name), _api_comparable(new, api_name))


def _same_or_both_missing(a: Any, b: Any) -> bool:
    return (a is MISSING and b is MISSING) or same(a, b)


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The top-level names whose values differ between two loaded declarations, in declaration order
    (then any other keys, sorted). Settings compare by their full values (absent: the API default),
    credential entries without what their absence means, an absent ``channelCredentials`` as ``[]``, an
    absent ``channelTimeout`` as its default; ``UNKNOWN`` differs from everything."""
    extra = sorted({key for key in (*old, *new) if isinstance(key, str) and key not in INPUT_NAMES})
    return [
        name
        for name in (*INPUT_NAMES, *extra)
        if not _same_or_both_missing(_comparable(old, name), _comparable(new, name))
    ]


def _comparable(app: Mapping[str, Any], name: str) -> Any:
    value = app.get(name, MISSING)
    if name in SETTINGS:
        return _comparable_setting(SETTINGS[name], value)
    if name == "channelCredentials":
        return _comparable_credentials([] if value is MISSING else value)
    if value is MISSING and name in PROVIDER_OPTIONS:
        return PROVIDER_OPTIONS[name]
    return value


# --- from the API -------------------------------------------------------------------------------------------


def app_from_api(
    answer: Mapping[str, Any], declared: Mapping[str, Any] | None = None, *, region: str | None = None
) -> dict[str, Any]:
    """The declaration as Sinch holds the app ``answer`` (``AppResponse``), in ``INPUT_NAMES`` order.

    - ``displayName``: Sinch's (the declared text where equal but for surrounding whitespace).
    - ``region``: ``region`` (the answer has none: the app lives on its regional host), else the
      declaration's; ``ValueError`` without either.
    - The RCS entry (the first ``RCS`` one): ``rcsClaimedIdentity`` as Sinch holds it; ``rcsToken`` from the
      declaration (never drift; Sinch's only when nothing was declared and it shows one);
      ``rcsSenderId``/``rcsSenderRegion`` from the declaration (Sinch does not know them). No RCS entry:
      none of the four.
    - ``channelCredentials``: the other entries, in Sinch's order, without ``state`` and
      ``channel_known_id``; each matched with the declared entry of the same channel (and, for LINE,
      ordinal number), whose secrets fill those the answer omits or masks, and whose representation is kept
      where it is equal.
    - Settings: see the module docstring. ``channelTimeout``: the declaration's.

    An unchanged app rebuilds to exactly its declaration; a drifted one differs exactly where it drifted.
    ``ValidationError`` when ``answer`` is not an object."""
    declared, out_region = answer_region(answer, declared, region, "app")
    out: dict[str, Any] = {}
    name = answer.get("display_name")
    if isinstance(name, str):
        declared_name = declared.get("displayName")
        same_name = isinstance(declared_name, str) and name.strip() == declared_name
        out["displayName"] = declared_name if same_name else name
    out["region"] = out_region
    entries = answer.get("channel_credentials")
    entries = list(entries) if isinstance(entries, list) else []
    rcs = next((entry for entry in entries if _channel(entry) == "RCS"), None)
    if rcs is not None:
        out.update(_rcs_from_api(rcs, declared))
    others = [entry for entry in entries if entry is not rcs]
    declared_entries = declared.get("channelCredentials", [])
    rebuilt = _entries_from_api(others, declared_entries if isinstance(declared_entries, list) else [])
    if rebuilt or "channelCredentials" in declared:
        out["channelCredentials"] = rebuilt
    for state, api in SETTINGS.items():
        value = _setting_from_api(api, answer.get(api), declared.get(state, MISSING))
        if value is not MISSING:
            out[state] = value
    if "channelTimeout" in declared:
        out["channelTimeout"] = declared["channelTimeout"]
    return {key: out[key] for key in INPUT_NAMES if key in out}


def _channel(entry: Any) -> Any:
    return entry.get("channel") if isinstance(entry, Mapping) else None


def _rcs_from_api(rcs: Mapping[str, Any], declared: Mapping[str, Any]) -> dict[str, Any]:
    out = {key: declared[key] for key in ("rcsSenderId", "rcsSenderRegion") if key in declared}
    bearer = rcs.get("static_bearer")
    bearer = bearer if isinstance(bearer, Mapping) else {}
    identity = bearer.get("claimed_identity")
    if identity is not None:
        out["rcsClaimedIdentity"] = identity
    if "rcsToken" in declared:
        out["rcsToken"] = declared["rcsToken"]
    elif not masked(bearer.get("token")):
        out["rcsToken"] = bearer["token"]
    return out


def _entry_key(entry: Any) -> tuple[Any, Any]:
    channel = _channel(entry)
    ordinal = entry.get("credential_ordinal_number") if isinstance(entry, Mapping) else None
    return (channel, (ordinal or 0) if channel in MULTI_CREDENTIAL_CHANNELS else 0)


def _entries_from_api(server: Sequence[Any], declared: Sequence[Any]) -> list[Any]:
    unmatched = list(declared)
    out: list[Any] = []
    for entry in server:
        if not isinstance(entry, Mapping):
            out.append(copy.deepcopy(entry))
            continue
        key = _entry_key(entry)
        match = next((item for item in unmatched if _entry_key(item) == key), None)
        if match is not None:
            unmatched.remove(match)
        out.append(_entry_from_api(entry, match if isinstance(match, Mapping) else {}))
    return out


def _entry_from_api(server: Mapping[str, Any], declared: Mapping[str, Any]) -> Any:
    rebuilt = {
        key: _without_nulls(value)
        for key, value in server.items()
        if key not in READ_ONLY_ENTRY_FIELDS and value is not None
    }
    fill_secrets(rebuilt, declared, SECRET_FIELDS)
    rebuilt = _without_unset(rebuilt, declared)
    if declared and same(_comparable_entry(rebuilt), _comparable_entry(declared)):
        return copy.deepcopy(dict(declared))
    return rebuilt


def _without_nulls(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    return copy.deepcopy(value)


def _without_unset(value: dict[str, Any], declared: Mapping[str, Any]) -> dict[str, Any]:
    """``value`` without the zero values an answer holds for fields never set (``""`` and ``false`` at any
    depth, an ordinal number 0), where the declaration does not have the field."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key not in declared:
            if key in _ENTRY_DEFAULTS and same(item, _ENTRY_DEFAULTS[key]):
                continue
            if item == "" or item is False:
                continue
        if isinstance(item, dict):
            inner = declared.get(key)
            item = _without_unset(item, inner if isinstance(inner, Mapping) else {})
        out[key] = item
    return out


def _setting_from_api(api_name: str, value: Any, declared: Any) -> Any:
    """A setting as Sinch holds it, in the declared representation where equal (``MISSING``: leave it out)."""
    server = _server_setting(api_name, value, declared)
    if same(_comparable_setting(api_name, server), _comparable_setting(api_name, declared)):
        return declared if declared is MISSING else copy.deepcopy(declared)
    if server is MISSING:
        return MISSING  # Sinch holds the default (and the declaration something else)
    default = SETTING_DEFAULTS[api_name]
    if not isinstance(default, Mapping) or not isinstance(server, Mapping):
        return server
    kept = declared if isinstance(declared, Mapping) else {}
    return {
        key: item
        for key, item in server.items()
        if key in kept or key not in default or not same(item, default[key])
    }


def _server_setting(api_name: str, value: Any, declared: Any) -> Any:
    """The answer's setting: ``MISSING`` for a null or absent one; an object without nulls and without the
    zero values of never-set fields, its secret from ``declared`` where omitted or masked."""
    if value is None:
        return MISSING
    if not isinstance(value, Mapping):
        return copy.deepcopy(value)
    server = _without_nulls(value)
    if isinstance(declared, Mapping):
        fill_secrets(server, declared, SECRET_FIELDS)
    return {
        key: item
        for key, item in server.items()
        if not (key in UNSET_SETTING_VALUES and same(item, UNSET_SETTING_VALUES[key]))
    }


# --- channel states -----------------------------------------------------------------------------------------


def channel_states(answer: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``[{channel, status, description}]`` for each entry of the answer's ``channel_credentials``, in its
    order: ``status`` PENDING, ACTIVE or FAILING (PENDING, the contract's default, when the answer has
    none), ``description`` Sinch's text (``""`` when it gives none)."""
    entries = answer.get("channel_credentials")
    states: list[dict[str, Any]] = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, Mapping):
            continue
        state = entry.get("state")
        state = state if isinstance(state, Mapping) else {}
        states.append(
            {
                "channel": entry.get("channel"),
                "status": state.get("status") or DEFAULT_CHANNEL_STATUS,
                "description": state.get("description") or "",
            }
        )
    return states


def rcs_channel_state(answer: Mapping[str, Any]) -> dict[str, Any] | None:
    """The RCS channel's ``{channel, status, description}`` (the first RCS entry), or ``None`` when the app
    has no RCS channel."""
    return next((state for state in channel_states(answer) if state["channel"] == "RCS"), None)
