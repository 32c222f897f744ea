"""``<answer>Metadata``: the object some answers take beside them (``...AnswerMetadataInputDto``)."""

from __future__ import annotations

from schemas.base import StrictSchema
from schemas.fields import Text


class AnswerMetadataSchema(StrictSchema):
    """``ignore``: a delimiter Sinch strips from the answer at launch (``",aef"``, ``"-split-"``).

    Not stripped of whitespace: a delimiter such as ``" | "`` means what it says, spaces included."""

    ignore = Text(min_length=1, strip=False)
