"""What every operation handler gets (``Call``) and gives (``Reply``), and the pages of the list operations.

A handler gets the validated request, the time, the settings and the locked store (and, for the
Conversation API, the region of the host it was sent to and the emulator's id maker), and returns the status
and JSON payload of the answer, or raises ``ApiError`` (Provisioning API) or ``RpcError`` (Conversation API).
Handlers check everything that can fail before changing anything, so a refused request leaves no trace.

Pages: a page token encodes the offset of its page and a fingerprint of the query it came from (filters,
sort, which list), so a token used with a different query, or made up, is refused with 400
``invalid_page_token``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from emulator.errors import ApiError
from emulator.ids import new_ulid
from emulator.store import Project, Session

T = TypeVar("T")
Reply = tuple[int, Any]  # status and JSON payload (None: no body)


@dataclass(frozen=True)
class Settings:
    """Seconds from create to ``IN_TEST``, from launch to ``LAUNCHED``, and from a new or changed RCS
    credential of a Conversation API app to its verdict (``ACTIVE`` or ``FAILING``); whether Conversation
    API answers mask the secrets they hold (``format: password`` values answered as ``""``)."""

    provisioning_delay: float = 0.0
    launch_delay: float = 0.0
    channel_delay: float = 0.0
    mask_conversation_secrets: bool = False


@dataclass
class Call:
    """One validated API request, as a handler sees it. ``region`` is the Conversation API host's region
    (``eu``, ``us``, ``br``; empty for the Provisioning API); ``new_id`` makes ULIDs by the emulator's
    clock."""

    params: Mapping[str, str]
    query: Mapping[str, Any]
    body: Any
    now: float
    settings: Settings
    session: Session
    region: str = ""
    new_id: Callable[[], str] = new_ulid

    @property
    def project_id(self) -> str:
        """The ``projectId`` (Provisioning API) or ``project_id`` (Conversation API) path parameter."""
        found = self.params.get("projectId")
        return found if found is not None else self.params["project_id"]

    @property
    def project(self) -> Project:
        return self.session.project(self.project_id)


def page(
    call: Call, items: Sequence[T], scope: str, *, default_size: int, max_size: int
) -> tuple[list[T], dict[str, Any]]:
    """The page of ``items`` the call asks for, and the list DTO's fields (``totalSize``, ``pageSize``,
    tokens). ``scope`` names the query, so that its tokens only work with it."""
    size = _page_size(call.query.get("pageSize"), default_size, max_size)
    token = call.query.get("pageToken")
    offset = _decode(token, scope) if token else 0
    chunk = list(items[offset : offset + size])
    end = offset + len(chunk)
    fields: dict[str, Any] = {"totalSize": len(items), "pageSize": size}
    if end < len(items):
        fields["nextPageToken"] = _encode(end, scope)
    if offset > 0:
        fields["previousPageToken"] = _encode(max(0, offset - size), scope)
    return chunk, fields


def _page_size(value: Any, default: int, maximum: int) -> int:
    """The spec keeps it in 1..maximum and a number; 400 if it is not a whole number."""
    if value is None:
        return default
    if not float(value).is_integer():
        raise ApiError(
            "invalid_page_size",
            {"validationErrors": [f"pageSize must be a whole number from 1 to {maximum}, got {value}"]},
        )
    return int(value)


def _fingerprint(scope: str) -> str:
    return hashlib.sha256(scope.encode("utf-8")).hexdigest()[:16]


def _encode(offset: int, scope: str) -> str:
    raw = json.dumps({"o": offset, "q": _fingerprint(scope)}, separators=(",", ":")).encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _decode(token: str, scope: str) -> int:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError) as error:  # ValueError covers bad JSON and bad UTF-8
        raise ApiError("invalid_page_token") from error
    offset = data.get("o") if isinstance(data, dict) else None
    if not isinstance(offset, int) or offset < 0 or data.get("q") != _fingerprint(scope):
        raise ApiError("invalid_page_token")
    return offset
