"""Pagination with opaque page tokens, shared by the sender list and both activity logs.

A token encodes the offset of its page and a fingerprint of the query it came from (filters, sort, which
log), so a token used with a different query, or made up, is refused with 400 ``invalid_page_token``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from emulator.errors import ApiError

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page_size: int
    next_token: str | None
    previous_token: str | None

    def envelope(self, key: str, items: list[Any]) -> dict[str, Any]:
        """The list DTO's fields (``totalSize``, ``pageSize``, tokens) with ``items`` under ``key``."""
        out: dict[str, Any] = {"totalSize": self.total, "pageSize": self.page_size, key: items}
        if self.next_token is not None:
            out["nextPageToken"] = self.next_token
        if self.previous_token is not None:
            out["previousPageToken"] = self.previous_token
        return out


def page_size_of(value: Any) -> int:
    """The requested page size (the spec keeps it in 1..100) as an int; 400 if it is not a whole number."""
    if value is None:
        return DEFAULT_PAGE_SIZE
    number = float(value)
    if not number.is_integer() or not 1 <= number <= MAX_PAGE_SIZE:
        raise ApiError(
            "invalid_page_size",
            {"validationErrors": [f"pageSize must be a whole number from 1 to {MAX_PAGE_SIZE}, got {value}"]},
        )
    return int(number)


def _fingerprint(scope: str) -> str:
    return hashlib.sha256(scope.encode("utf-8")).hexdigest()[:16]


def encode_token(offset: int, scope: str) -> str:
    raw = json.dumps({"o": offset, "q": _fingerprint(scope)}, separators=(",", ":")).encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_token(token: str, scope: str) -> int:
    """The offset a token stands for; 400 ``invalid_page_token`` if it is not one of ours for this query."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError) as error:  # ValueError covers bad JSON and bad UTF-8
        raise ApiError("invalid_page_token") from error
    if (
        not isinstance(data, dict)
        or data.get("q") != _fingerprint(scope)
        or not isinstance(data.get("o"), int)
        or data["o"] < 0
    ):
        raise ApiError("invalid_page_token")
    offset: int = data["o"]
    return offset


def paginate(items: Sequence[T], page_size: int, token: str | None, scope: str) -> Page[T]:
    """One page of ``items``; ``scope`` names the query so that tokens only work with it."""
    offset = decode_token(token, scope) if token else 0
    chunk = list(items[offset : offset + page_size])
    end = offset + len(chunk)
    next_token = encode_token(end, scope) if end < len(items) else None
    previous_token = encode_token(max(0, offset - page_size), scope) if offset > 0 else None
    return Page(chunk, len(items), page_size, next_token, previous_token)
