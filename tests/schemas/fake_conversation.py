"""A stand-in for the Conversation API's side of a round trip, written from the contract only (no ``schemas``:
a bug shared by both sides must not be able to hide).

``app_answer(body)`` is the ``AppResponse`` Sinch would give for an app created with ``body``: an id, each
credential entry with its ``state`` and ``channel_known_id`` and the proto3 zero values of fields it was not
sent (``credential_ordinal_number`` 0, ``callback_secret`` ""), every setting with the contract's defaults
where it was not sent, and the read-only ``rate_limits`` and ``queue_stats``. ``masked=True`` answers with
every secret masked, as a real API may. ``apply_app_update(answer, body, mask)`` applies a PATCH as the
contract says: the fields named are replaced whole, the others kept.

``webhook_answer(body)`` is the ``Webhook`` Sinch would give for a created webhook (``secret`` and
``client_secret`` left out with ``omit_secrets=True``).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

APP_ID = "01HZX4C8Q2W6M3N5P7R9T1V3X5"
WEBHOOK_ID = "01HZX4C8Q2W6M3N5P7R9T1V3X6"

# The contract's defaults (AppResponse), as Sinch answers them for an app created without the setting.
DEFAULT_SETTINGS: dict[str, Any] = {
    "conversation_metadata_report_view": "NONE",
    "retention_policy": {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 180},
    "dispatch_retention_policy": {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 0},
    "processing_mode": "DISPATCH",
    "smart_conversation": {"enabled": False},
    "callback_settings": {"secret_for_overridden_callback_urls": ""},
    "message_retry_settings": {"retry_duration": 3600},
    "delivery_report_based_fallback": {"enabled": False, "delivery_report_waiting_time": 0},
}
_SECRETS = {"token", "secret", "api_key", "password", "app_secret", "aes_key", "callback_secret"}


def _mask(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {
            key: ("********" if key in _SECRETS and isinstance(item, str) and item else _mask(item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_mask(item) for item in value]
    return value


def _entry(entry: Mapping[str, Any], index: int) -> dict[str, Any]:
    out = {"credential_ordinal_number": 0, "callback_secret": "", **copy.deepcopy(dict(entry))}
    out["state"] = {"status": "ACTIVE"} if index % 2 == 0 else {"status": "PENDING", "description": ""}
    out["channel_known_id"] = f"known-{index}"
    return out


def app_answer(body: Mapping[str, Any], *, masked: bool = False) -> dict[str, Any]:
    """The ``AppResponse`` for an app created with ``body`` (see the module docstring)."""
    answer: dict[str, Any] = {"id": APP_ID, "display_name": body["display_name"]}
    answer["channel_credentials"] = [
        _entry(entry, index) for index, entry in enumerate(body["channel_credentials"])
    ]
    for field, default in DEFAULT_SETTINGS.items():
        if field in body:
            value = copy.deepcopy(body[field])
            answer[field] = {**default, **value} if isinstance(default, dict) else value
        else:
            answer[field] = copy.deepcopy(default)
    answer["rate_limits"] = {"inbound": 25, "outbound": 25, "webhooks": 25}
    answer["queue_stats"] = {"outbound_size": 0, "outbound_limit": 500000}
    if masked:
        answer["channel_credentials"] = _mask(answer["channel_credentials"])
        answer["callback_settings"] = {
            key: "****" if value else value for key, value in answer["callback_settings"].items()
        }
    return answer


def apply_app_update(answer: Mapping[str, Any], body: Mapping[str, Any], mask: list[str]) -> dict[str, Any]:
    """``answer`` after ``PATCH ?update_mask=...`` with ``body``: the named fields replaced whole."""
    updated = copy.deepcopy(dict(answer))
    for field in mask:
        value = copy.deepcopy(body[field])
        if field == "channel_credentials":
            value = [_entry(entry, index) for index, entry in enumerate(value)]
        default = DEFAULT_SETTINGS.get(field)
        if isinstance(default, dict):
            value = {**default, **value}
        updated[field] = value
    return updated


def webhook_answer(body: Mapping[str, Any], *, omit_secrets: bool = False) -> dict[str, Any]:
    """The ``Webhook`` for a webhook created with ``body``."""
    answer = {"id": WEBHOOK_ID, **copy.deepcopy(dict(body))}
    if omit_secrets:
        answer.pop("secret", None)
        if isinstance(answer.get("client_credentials"), dict):
            answer["client_credentials"].pop("client_secret", None)
    return answer
