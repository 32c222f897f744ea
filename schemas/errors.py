"""Turning marshmallow's nested error messages into ``(path, message)`` pairs, and naming suggestions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from marshmallow.exceptions import SCHEMA

# A path as a sequence of parts: field names (str) and list indices (int).
PathParts = tuple[str | int, ...]


class SiblingMessage(str):
    """A message that names another item of the same list, as ``{item}`` (``Duplicate: x is already listed
    at {item}.``). ``schemas.errors.flatten_errors`` writes that item's full path
    (``brand.emails[0]``): a field knows its list's name, not the path of the object that holds it."""

    template: str
    sibling: int

    def __new__(cls, template: str, sibling: int) -> SiblingMessage:
        message = super().__new__(cls, template.replace("{item}", f"[{sibling}]"))
        message.template = template
        message.sibling = sibling
        return message

    def at(self, list_path: str) -> str:
        """The message with the sibling's full path, the list being at ``list_path``."""
        return self.template.replace("{item}", f"{list_path}[{self.sibling}]")


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
    if isinstance(node, SiblingMessage):
        found.append((parts, node.at(format_path(_list_of(parts)))))
    elif isinstance(node, str):
        found.append((parts, node))
    elif isinstance(node, Mapping):
        for key, value in node.items():
            _collect(value, _child(parts, key), found)
    elif isinstance(node, list | tuple):
        for item in node:
            _collect(item, parts, found)
    else:
        found.append((parts, str(node)))


def _list_of(parts: PathParts) -> PathParts:
    """The path of the list an item path is in (``brand.emails[3].address`` -> ``brand.emails``)."""
    for position in range(len(parts) - 1, -1, -1):
        if isinstance(parts[position], int):
            return parts[:position]
    return parts


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


class UpdateNotPossible(Exception):  # noqa: N818 (the name the provider and the docs use)
    """A declared change that no update request can express; ``problems`` lists ``(path, why and what to
    do)``, sorted."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = sorted(set(problems))
        lines = "\n".join(f"  - {path}: {message}" for path, message in self.problems)
        super().__init__(f"The change cannot be sent as an update:\n{lines}")
