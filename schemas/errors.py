"""Turning marshmallow's nested error messages into ``(path, message)`` pairs, and naming suggestions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from marshmallow.exceptions import SCHEMA

# A path as a sequence of parts: field names (str) and list indices (int).
PathParts = tuple[str | int, ...]


def flatten_errors(messages: Any) -> list[tuple[str, str]]:
    """``ValidationError.messages`` as ``[(path, message)]``, one pair per message, sorted by path.

    Paths read like ``brand.emails[1].address``; an error about a container itself (marshmallow's
    ``_schema`` key) is reported at the container's path, and an error about the whole input at ``""``.
    List indices sort numerically (``[2]`` before ``[10]``).
    """
    found: list[tuple[PathParts, str]] = []
    _collect(messages, (), found)
    unique = {(parts, message) for parts, message in found}
    ordered = sorted(unique, key=lambda item: (_sort_key(item[0]), item[1]))
    return [(format_path(parts), message) for parts, message in ordered]


def _collect(node: Any, parts: PathParts, found: list[tuple[PathParts, str]]) -> None:
    if isinstance(node, str):
        found.append((parts, node))
    elif isinstance(node, Mapping):
        for key, value in node.items():
            _collect(value, _child(parts, key), found)
    elif isinstance(node, list | tuple):
        for item in node:
            _collect(item, parts, found)
    else:
        found.append((parts, str(node)))


def _child(parts: PathParts, key: object) -> PathParts:
    if key == SCHEMA:
        return parts
    if isinstance(key, int) and not isinstance(key, bool):
        return (*parts, key)
    return (*parts, key if isinstance(key, str) else repr(key))


def _sort_key(parts: PathParts) -> tuple[tuple[int, int, str], ...]:
    return tuple((1, part, "") if isinstance(part, int) else (0, 0, part) for part in parts)


def format_path(parts: Iterable[str | int]) -> str:
    """``("brand", "emails", 1, "address")`` -> ``brand.emails[1].address``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def closest_name(name: str, known: Iterable[str]) -> str | None:
    """The known name a typo most likely meant: same letters in another case first, then the closest
    spelling (difflib, ratio at least 0.6), else ``None``."""
    candidates = sorted(known)
    lowered = name.lower()
    for candidate in candidates:
        if candidate.lower() == lowered:
            return candidate
    by_lower = {candidate.lower(): candidate for candidate in candidates}
    matches = difflib.get_close_matches(lowered, list(by_lower), n=1, cutoff=0.6)
    return by_lower[matches[0]] if matches else None
