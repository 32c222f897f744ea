"""Equality of declared values as the API sees them (used by the ``api`` modules).

Two comparisons:
- ``same``: JSON equality of loaded (already normalised) values. Numbers compare by value (``1 == 1.0``),
  booleans only with booleans, and ``UNKNOWN`` equals nothing, not even itself.
- ``equivalent``: ``same`` after the schemas' normalisations, for a value the API returned against the
  declared one (surrounding whitespace, colour case, ``countries``/``testNumbers`` as sets).

And for secrets, which an answer may omit or mask: ``masked`` and ``fill_secrets``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Final

from marshmallow import ValidationError

from schemas.unknown import UNKNOWN

# Top-level lists whose order means nothing to the API.
SET_LIKE: Final = frozenset({"countries", "testNumbers"})
_COLOR_PATH: Final = ("brand", "color")


def same(a: Any, b: Any) -> bool:
    """JSON equality of two loaded values (``UNKNOWN`` equals nothing)."""
    if a is UNKNOWN or b is UNKNOWN:
        return False
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a is None and b is None


def same_set(a: Any, b: Any) -> bool:
    """Two lists of strings holding the same items (order ignored); anything else compares with ``same``."""
    if _strings(a) and _strings(b):
        return set(a) == set(b)
    return same(a, b)


def _strings(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)


def equivalent(server: Any, declared: Any, path: tuple[str, ...] = ()) -> bool:
    """Whether the API's ``server`` value is what ``declared`` asked for, after normalisation.

    ``path`` (the value's place in a sender, list items marked ``"[]"``) picks the rules: colour case at
    ``brand.color``, exact text for metadata ``ignore`` delimiters, set semantics for top-level
    ``countries``/``testNumbers``. Inside an object, ``None`` values (the API may echo deleted fields as
    null) and empty objects (a ``partner`` or ``...Metadata`` emptied by an update) count as absent."""
    if server is UNKNOWN or declared is UNKNOWN:
        return False
    if isinstance(server, str) and isinstance(declared, str):
        if path == _COLOR_PATH:
            return server.strip().upper() == declared.strip().upper()
        if path and path[-1] == "ignore":
            return server == declared
        return server.strip() == declared.strip()
    if isinstance(server, Mapping) and isinstance(declared, Mapping):
        server_items = {key: value for key, value in server.items() if not absent(value)}
        declared_items = {key: value for key, value in declared.items() if not absent(value)}
        return server_items.keys() == declared_items.keys() and all(
            equivalent(server_items[key], declared_items[key], (*path, str(key))) for key in server_items
        )
    if isinstance(server, list | tuple) and isinstance(declared, list | tuple):
        if len(path) == 1 and path[0] in SET_LIKE and _strings(server) and _strings(declared):
            return same_set([item.strip() for item in server], [item.strip() for item in declared])
        return len(server) == len(declared) and all(
            equivalent(x, y, (*path, "[]")) for x, y in zip(server, declared, strict=True)
        )
    return same(server, declared)


def absent(value: Any) -> bool:
    """Whether a field's value says nothing: a null, or an empty object (a ``partner`` or ``...Metadata``
    object with no fields: the update API can only empty these, never delete them)."""
    return value is None or (isinstance(value, Mapping) and not value)


_MASK_CHARACTERS: Final = frozenset("*•")


def masked(secret: Any) -> bool:
    """Whether a secret in an API answer says nothing about the secret: absent (not a string), empty, only
    mask characters (``*``, ``•``), or holding ``****`` (a partly shown secret)."""
    if not isinstance(secret, str):
        return True
    return not secret or set(secret) <= _MASK_CHARACTERS or "****" in secret


def fill_secrets(server: dict[str, Any], declared: Mapping[str, Any], names: Collection[str]) -> None:
    """Put the declared value of each secret field (named in ``names``, at any depth of objects) wherever
    the answer ``server`` omits or masks it (``masked``), in place: secrets cannot be relied on to be read
    back."""
    for key, value in declared.items():
        if key in names and isinstance(value, str):
            if masked(server.get(key)):
                server[key] = value
        elif isinstance(value, Mapping) and isinstance(server.get(key), dict):
            fill_secrets(server[key], value, names)


def answer_region(
    answer: Any, declared: Mapping[str, Any] | None, region: str | None, what: str
) -> tuple[Mapping[str, Any], Any]:
    """What rebuilding a declaration from a Conversation API ``answer`` (an ``app``, a ``webhook``) starts
    from: the declaration (``{}`` for none) and the region, which the answer does not hold (the object lives
    on its regional host): ``region``, else the declaration's. ``ValidationError`` when ``answer`` is not an
    object; ``ValueError`` when the region is not known."""
    if not isinstance(answer, Mapping):
        raise ValidationError(f"An API {what} must be an object.")
    declared = declared or {}
    found = region if region is not None else declared.get("region")
    if found is None:
        raise ValueError(f"Rebuilding the {what} needs its region: Sinch's answer does not say it.")
    return declared, found
