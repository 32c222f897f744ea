"""What an answer must hold before the client hands it on as data.

A garbled answer (a ``201 {}``, ``"id": null``, a ``state`` that is an object) must never become data: a
refresh that records ``region: None`` makes the next preview plan a replacement. Each resource client
declares the fields it relies on as a :class:`Shape` and passes it to ``Connection.json_object(...,
shape=...)`` or ``Connection.pages(..., item_shape=...)``; an answer that does not fit raises
``UnexpectedResponseError`` naming every field that was wrong. Fields not named are not checked.

    WEBHOOK = Shape("a webhook", {"id": NON_EMPTY_STRING, "target": STRING})
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Field:
    """A rule for one field: ``description`` says what it must be, ``check`` tells."""

    description: str
    check: Callable[[Any], bool]


STRING = Field("a string", lambda value: isinstance(value, str))
NON_EMPTY_STRING = Field("a non-empty string", lambda value: isinstance(value, str) and bool(value))
OBJECT = Field("an object", lambda value: isinstance(value, dict))
LIST = Field("a list", lambda value: isinstance(value, list))


@dataclass(frozen=True)
class Shape:
    """``name`` (``"a sender"``) and the fields an answer of that kind must have."""

    name: str
    fields: Mapping[str, Field]

    def problem(self, data: object) -> str | None:
        """What is wrong with ``data`` (every field), or None when it fits."""
        if not isinstance(data, dict):
            return f"expected {self.name} (a JSON object), got {kind(data)}"
        wrong = []
        for key, field in self.fields.items():
            if key not in data:
                wrong.append(f"{key!r} is missing")
            elif not field.check(data[key]):
                wrong.append(f"{key!r} is {kind(data[key])}, not {field.description}")
        if not wrong:
            return None
        return f"not {self.name}: {'; '.join(wrong)}"


def kind(value: object) -> str:
    """What a JSON value is, in words (never the value itself: it may be long, or secret)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "an empty string" if not value else "a string"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


SENDER = Shape(
    "a sender",
    {
        "id": NON_EMPTY_STRING,
        "state": STRING,
        "region": STRING,
        "billingCategory": STRING,
        "useCase": STRING,
    },
)
"""An RCS sender as the provider relies on it (create, get, update, launch and every listed sender)."""

WEBHOOK = Shape(
    "a webhook",
    {"id": NON_EMPTY_STRING, "target": STRING, "triggers": LIST},
)
"""A project webhook as the provider relies on it (create, get, replace and every listed webhook)."""
