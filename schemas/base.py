"""``StrictSchema``: the base of every schema here.

- Unknown field names are errors (marshmallow's ``RAISE``) whose message names the closest known field
  (``bannerURL`` -> ``Unknown field. Did you mean 'bannerUrl'?``). Subclasses can give better advice for
  particular names (``unknown_advice``: name -> message; or ``unknown_field_message``).
- ``load(UNKNOWN)`` returns ``UNKNOWN``, like every field does.
- A value that is not an object is reported as ``Not a valid object.``
- An empty object in a field marked ``empty_means_absent`` is left out of the loaded value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from marshmallow import RAISE, Schema, ValidationError, post_load

from schemas.errors import closest_name
from schemas.unknown import UNKNOWN

UNKNOWN_FIELD = "Unknown field."


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE

    error_messages = {"type": "Not a valid object.", "unknown": UNKNOWN_FIELD}
    # The message for particular unknown field names (a common mistake, a read-only field of the API).
    unknown_advice: ClassVar[Mapping[str, str]] = {}

    def load(
        self,
        data: Any,
        *,
        many: bool | None = None,
        partial: bool | Any = None,
        unknown: Any = None,
    ) -> Any:
        if data is UNKNOWN:
            return data
        return super().load(data, many=many, partial=partial, unknown=unknown)

    @post_load
    def _leave_out_empty_objects(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        """Drop the empty objects of fields marked ``empty_means_absent`` (``schemas.fields.Object``)."""
        for name, field in self.load_fields.items():
            key = field.attribute or name
            value = data.get(key)
            if getattr(field, "empty_means_absent", False) and isinstance(value, Mapping) and not value:
                del data[key]
        return data

    def known_names(self) -> list[str]:
        """The field names this schema accepts in its input."""
        return [field.data_key or name for name, field in self.load_fields.items()]

    def suggestable_names(self) -> Iterable[str]:
        """The names an unknown field may be a misspelling of (this schema's own, unless overridden)."""
        return self.known_names()

    def unknown_field_message(self, name: str) -> str:
        """The message for an unknown field ``name``: its ``unknown_advice``, else the closest known name
        (override to advise on names by a rule)."""
        if name in self.unknown_advice:
            return self.unknown_advice[name]
        suggestion = closest_name(name, self.suggestable_names())
        if suggestion is None:
            return UNKNOWN_FIELD
        return f"{UNKNOWN_FIELD} Did you mean {suggestion!r}?"

    def handle_error(self, error: ValidationError, data: Any, *, many: bool, **kwargs: Any) -> None:
        """Replace marshmallow's bare ``Unknown field.`` with advice (``unknown_field_message``)."""
        messages = error.messages
        if many or not isinstance(messages, dict) or not isinstance(data, Mapping):
            return
        known = set(self.known_names())
        for key in list(messages):
            if key in known or key not in data or messages[key] != [UNKNOWN_FIELD]:
                continue
            if isinstance(key, str):
                messages[key] = [self.unknown_field_message(key)]
            else:  # a non-string key (only possible from Python, not from JSON)
                del messages[key]
                messages[repr(key)] = ["Unknown field: field names are strings."]
        self.after_unknown_fields(messages, data)

    def after_unknown_fields(self, messages: dict[Any, Any], data: Mapping[Any, Any]) -> None:
        """Hook for subclasses to adjust the messages once unknown fields are explained."""
