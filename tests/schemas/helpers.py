"""Small helpers shared by the schema tests."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import Schema, ValidationError

from schemas import SenderSchema, flatten_errors
from tests.schemas import examples


def errors(data: Any, schema: Schema | None = None) -> list[tuple[str, str]]:
    """The (path, message) pairs loading ``data`` fails with (the test fails if it loads)."""
    with pytest.raises(ValidationError) as raised:
        (schema or SenderSchema()).load(data)
    return flatten_errors(raised.value.messages)


def only_error(data: Any, schema: Schema | None = None) -> tuple[str, str]:
    """The one (path, message) pair loading ``data`` fails with (the test fails for none or more)."""
    [problem] = errors(data, schema)
    return problem


def sender_with(**parts: Any) -> dict[str, Any]:
    """The minimal valid sender plus ``parts``."""
    return {**examples.minimal(), **parts}


def questionnaire_with(section: str, answers: Any) -> dict[str, Any]:
    return sender_with(questionnaire={section: {"answers": answers}})


def load_or_problems(schema: Schema, value: Any) -> list[tuple[str, str]]:
    """Load ``value`` with ``schema``, allowing only ``ValidationError``: its (path, message) pairs, each a
    non-empty message at a string path (none when it loads)."""
    try:
        schema.load(value)
    except ValidationError as error:
        pairs = flatten_errors(error.messages)
        assert pairs
        assert all(isinstance(path, str) and isinstance(message, str) and message for path, message in pairs)
        return pairs
    return []
