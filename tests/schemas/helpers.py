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


def sender_with(**parts: Any) -> dict[str, Any]:
    """The minimal valid sender plus ``parts``."""
    return {**examples.minimal(), **parts}


def questionnaire_with(section: str, answers: Any) -> dict[str, Any]:
    return sender_with(questionnaire={section: {"answers": answers}})
