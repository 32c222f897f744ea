"""The sender list: filters, search, sort and pages.

- ``filterStates``: any of the given states. ``filterSenderIds``: comma-separated ids (spaces allowed).
  ``filterConversationApiAppId``: the linked Conversation API app. ``search``: partial, case-insensitive,
  over brand name and id. ``filterSenderName`` (deprecated): partial, case-insensitive, over brand name.
- ``sortColumn`` ``CREATED`` | ``MODIFIED`` | ``NAME`` | ``STATE`` and ``sortDirection`` ``ASC`` | ``DESC``.
  The spec declares no defaults; the emulator sorts by ``CREATED`` ascending when none is given (ties are
  broken by id, so pages are stable).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from emulator.pages import Page, page_size_of, paginate
from emulator.senders import Sender

FILTER_PARAMETERS = (
    "filterStates",
    "filterSenderIds",
    "filterConversationApiAppId",
    "search",
    "filterSenderName",
    "sortColumn",
    "sortDirection",
)

_SORT_KEYS: Mapping[str, Callable[[Sender], Any]] = {
    "CREATED": lambda sender: sender.created,
    "MODIFIED": lambda sender: sender.modified,
    "NAME": lambda sender: sender.brand_name.casefold(),
    "STATE": lambda sender: sender.state,
}


def _split_ids(value: str) -> set[str]:
    return {part.strip() for part in value.split(",") if part.strip()}


def _matches(sender: Sender, query: Mapping[str, Any]) -> bool:
    states = query.get("filterStates")
    if states and sender.state not in states:
        return False
    ids = query.get("filterSenderIds")
    if ids and sender.id not in _split_ids(ids):
        return False
    app_id = query.get("filterConversationApiAppId")
    if app_id and sender.conversation_app_id != app_id:
        return False
    search = query.get("search")
    if (
        search
        and search.casefold() not in sender.brand_name.casefold()
        and search.casefold() not in sender.id
    ):
        return False
    name = query.get("filterSenderName")
    return not (name and name.casefold() not in sender.brand_name.casefold())


def list_senders(senders: Iterable[Sender], query: Mapping[str, Any]) -> Page[Sender]:
    """The page of senders a list query asks for (``query`` holds the spec-validated parameters)."""
    page_size = page_size_of(query.get("pageSize"))
    chosen = [sender for sender in senders if _matches(sender, query)]
    key = _SORT_KEYS[query.get("sortColumn") or "CREATED"]
    descending = query.get("sortDirection") == "DESC"
    chosen.sort(key=lambda sender: (key(sender), sender.created, sender.id), reverse=descending)
    scope = json.dumps(
        {"list": "senders", **{name: query.get(name) for name in FILTER_PARAMETERS}},
        sort_keys=True,
        default=str,
    )
    return paginate(chosen, page_size, query.get("pageToken"), scope)
