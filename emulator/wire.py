"""The values passed between the HTTP plumbing (``server``) and the emulator core (``core``).

Keeping them plain lets the core be exercised without sockets and keeps socket code out of the core.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit


@dataclass(frozen=True)
class WireRequest:
    """One HTTP request as received: method, raw path (still percent-encoded), query pairs, headers, body."""

    method: str
    raw_path: str
    query: Sequence[tuple[str, str]]
    headers: Mapping[str, str]
    body: bytes
    client: str = ""

    @classmethod
    def parse(
        cls, method: str, target: str, headers: Mapping[str, str], body: bytes, client: str = ""
    ) -> WireRequest:
        parts = urlsplit(target)
        return cls(
            method=method.upper(),
            raw_path=parts.path or "/",
            query=tuple(parse_qsl(parts.query, keep_blank_values=True)),
            headers=headers,
            body=body,
            client=client,
        )

    @property
    def segments(self) -> list[str]:
        """The path's segments, each percent-decoded (so ``%2B46...`` becomes ``+46...``)."""
        return [unquote(part) for part in self.raw_path.strip("/").split("/")] if self.raw_path != "/" else []

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lowered:
                return value
        return None

    @property
    def content_type(self) -> str:
        return (self.header("Content-Type") or "").lower()

    def __repr__(self) -> str:  # headers carry credentials, bodies may carry secrets: never show them
        return f"WireRequest({self.method} {self.raw_path})"


class Delivery(enum.Enum):
    """How the plumbing hands a reply to the client."""

    SEND = "send"
    DROP = "drop"  # close the connection without answering


@dataclass
class WireReply:
    """An answer to give: status, headers and body bytes (or a dropped connection)."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delivery: Delivery = Delivery.SEND

    @classmethod
    def json(cls, status: int, payload: Any, headers: Mapping[str, str] | None = None) -> WireReply:
        out = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        return cls(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), out)

    @classmethod
    def empty(cls, status: int, headers: Mapping[str, str] | None = None) -> WireReply:
        return cls(status, b"", dict(headers or {}))

    @classmethod
    def dropped(cls) -> WireReply:
        return cls(0, delivery=Delivery.DROP)

    @property
    def content_type(self) -> str:
        for key, value in self.headers.items():
            if key.lower() == "content-type":
                return value.lower()
        return ""

    def __repr__(self) -> str:  # sender bodies carry authToken
        return f"WireReply({self.status}, {len(self.body)} bytes, {self.delivery.value})"
