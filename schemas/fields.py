"""The field types the schemas are made of.

Every field here:
- lets ``UNKNOWN`` through untouched (``deserialize`` returns it as is, no validator sees it);
- accepts only the JSON type the API takes (no coercion: ``"true"`` is no boolean, ``"5"`` is no number);
- applies its normalisation in ``_deserialize`` (documented per field) and checks lengths before patterns,
  so a huge string is rejected by its length without running a regular expression over it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from marshmallow import ValidationError, fields, validate
from marshmallow.exceptions import SCHEMA

from schemas.errors import SiblingMessage, closest_name
from schemas.unknown import UNKNOWN

INVALID_URL = "Not a valid URL: use an absolute http:// or https:// address."
_URL = validate.URL(
    relative=False, absolute=True, schemes={"http", "https"}, require_tld=True, error=INVALID_URL
)
_EMAIL = validate.Email(error="Not a valid email address.")


class _PassesUnknown(fields.Field[Any]):
    """Mixin for every field here: ``UNKNOWN`` (a value Pulumi does not know yet) loads as itself."""

    def deserialize(
        self,
        value: Any,
        attr: str | None = None,
        data: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        if value is UNKNOWN:
            return value
        return super().deserialize(value, attr, data, **kwargs)


class _Field(_PassesUnknown):
    """Base of the scalar fields: ``UNKNOWN`` passes through load and dump unchanged."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value


def _characters(count: int) -> str:
    return "character" if count == 1 else "characters"


class Text(_Field):
    """A string. Normalisation: surrounding whitespace is stripped (unless ``strip=False``).

    Then, in this order: ``min_length``/``max_length`` (counted after stripping), ``pattern`` (whole value),
    and the ``validate`` callables (format checks such as e-mail and URL)."""

    default_error_messages = {"invalid": "Not a valid string."}

    def __init__(
        self,
        *,
        min_length: int = 0,
        max_length: int | None = None,
        pattern: re.Pattern[str] | None = None,
        pattern_message: str = "Invalid format.",
        strip: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.min_length = min_length
        self.max_length = max_length
        self.pattern = pattern
        self.pattern_message = pattern_message
        self.strip = strip

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> str:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        text = value.strip() if self.strip else value
        if len(text) < self.min_length:
            if self.min_length == 1:
                raise ValidationError("Must not be empty.")
            raise ValidationError(
                f"Must be at least {self.min_length} {_characters(self.min_length)} long (got {len(text)})."
            )
        if self.max_length is not None and len(text) > self.max_length:
            raise ValidationError(
                f"Must be at most {self.max_length} {_characters(self.max_length)} long (got {len(text)})."
            )
        if self.pattern is not None and not self.pattern.fullmatch(text):
            raise ValidationError(self.pattern_message)
        return text


# Ours: the most characters a credential string may have (the contracts give no maximum).
MAX_CREDENTIAL_LENGTH = 4096


class Credential(Text):
    """A credential (a token, a key, an id that goes with one): kept exactly as given (every character of a
    credential counts), not empty, at most ``MAX_CREDENTIAL_LENGTH`` characters."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_length=1, max_length=MAX_CREDENTIAL_LENGTH, strip=False, **kwargs)


class WebUrl(Text):
    """An absolute http(s) URL (marshmallow's URL check; a host with a top-level domain, or an IP address)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=_URL, **kwargs)


class EmailAddress(Text):
    """An e-mail address (marshmallow's e-mail check)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=_EMAIL, **kwargs)


HEX_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")  # the spec's format "hex": #RRGGBB


class HexColor(Text):
    """A ``#RRGGBB`` colour. Normalisation: upper case (``#1a2b3c`` and ``#1A2B3C`` are the same colour)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            pattern=HEX_COLOR,
            pattern_message="Not a valid hex colour: use #RRGGBB, for example #1A2B3C.",
            **kwargs,
        )

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> str:
        return super()._deserialize(value, attr, data, **kwargs).upper()


class Choice(Text):
    """One string out of a fixed list (an enum of the spec). Case matters, as it does for the API.

    The message for another value is ``message``, else ``Must be one of: A, B, C.`` With ``suggest=True`` a
    near miss (another case, a typo) also names the closest value (``... Did you mean 'EU'?``); with a
    ``noun`` the message starts ``Not a <noun>.`` and names either the closest value or all of them (for
    long lists: ``Not a webhook trigger. Did you mean 'MESSAGE_INBOUND'?``). ``refused`` maps values of
    the spec that are not to be used to the reason why (they are never suggested)."""

    def __init__(
        self,
        choices: Sequence[str],
        *,
        message: str | None = None,
        suggest: bool = False,
        noun: str | None = None,
        refused: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.refused = dict(refused or {})
        self.choices = tuple(choice for choice in choices if choice not in self.refused)
        self._allowed = frozenset(self.choices)
        self.choice_message = message or f"Must be one of: {', '.join(self.choices)}."
        self.suggest = suggest or noun is not None
        self.noun = noun

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if text in self._allowed:
            return text
        if text in self.refused:
            raise ValidationError(self.refused[text])
        raise ValidationError(self.not_allowed(text))

    def not_allowed(self, text: str) -> str:
        """The message for ``text``, a value that is not one of the choices."""
        suggestion = closest_name(text, self.choices) if self.suggest else None
        if self.noun is not None:
            if suggestion is not None:
                return f"Not a {self.noun}. Did you mean {suggestion!r}?"
            return f"Not a {self.noun}. Must be one of: {', '.join(self.choices)}."
        if suggestion is not None:
            return f"{self.choice_message} Did you mean {suggestion!r}?"
        return self.choice_message


class Flag(_Field):
    """``true`` or ``false`` only."""

    default_error_messages = {"invalid": "Not a valid boolean: use true or false."}

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class JsonNumber(_Field):
    """A JSON number (not a boolean, not a string, finite).

    Normalisation: a float with an integral value becomes an int (``10000.0`` -> ``10000``). JSON does not
    tell them apart, and Pulumi hands every number to the provider as a float."""

    default_error_messages = {"invalid": "Not a valid number."}

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> int | float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid")
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ValidationError("Not a valid number: must be finite.")
            if value.is_integer():
                return int(value)
        return value


class Ranged(JsonNumber):
    """A number that must lie in a range: subclasses say what is wrong with one outside it (``problem``)."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> int | float:
        number = super()._deserialize(value, attr, data, **kwargs)
        problem = self.problem(number)
        if problem is not None:
            raise ValidationError(problem)
        return number

    def problem(self, number: int | float) -> str | None:
        """The message for ``number`` when it is out of range, else ``None``."""
        return None


class Seconds(Ranged):
    """A duration in seconds: a number from 1 to ``maximum`` (``above_zero=True``: more than 0, fractions of
    a second included)."""

    def __init__(self, *, maximum: float, above_zero: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.maximum = maximum
        self.above_zero = above_zero

    def problem(self, number: int | float) -> str | None:
        if self.above_zero and not 0 < number <= self.maximum:
            return f"Must be more than 0 and at most {self.maximum:,} seconds (got {number:g})."
        if not self.above_zero and not 1 <= number <= self.maximum:
            return f"Must be from 1 to {self.maximum:,} seconds (got {number:g})."
        return None


class WholeNumber(Ranged):
    """A whole number from ``minimum`` to ``maximum`` (an integer of the spec with a range); ``unit`` names
    what it counts in the message (``Must be a whole number of days from 1 to 3,650 (got 0).``)."""

    def __init__(self, *, minimum: int, maximum: int, unit: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.minimum = minimum
        self.maximum = maximum
        self.unit = unit

    def problem(self, number: int | float) -> str | None:
        if isinstance(number, int) and self.minimum <= number <= self.maximum:
            return None
        what = f"a whole number of {self.unit}" if self.unit else "a whole number"
        return f"Must be {what} from {self.minimum:,} to {self.maximum:,} (got {number})."


class Object(_PassesUnknown, fields.Nested):
    """A nested object loaded with a schema; ``UNKNOWN`` (the whole object) passes through.

    ``empty_means_absent=True``: an empty object says nothing and is left out of the loaded value (the
    ``partner`` and ``...Metadata`` objects: the API can empty them but never delete them, and an update
    that only adds an empty one has no fields to update)."""

    def __init__(self, nested: Any, *, empty_means_absent: bool = False, **kwargs: Any) -> None:
        super().__init__(nested, **kwargs)
        self.empty_means_absent = empty_means_absent

    def serialize(
        self,
        attr: str,
        obj: Any,
        accessor: Callable[[Any, str, Any], Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        if self.get_value(obj, attr, accessor=accessor) is UNKNOWN:
            return UNKNOWN
        return super().serialize(attr, obj, accessor, **kwargs)


# At most this many duplicates of one list are reported one by one; the rest are counted.
MAX_REPORTED_DUPLICATES = 10
# A list the spec gives no maximum may still hold at most this many items (no real declaration comes close).
MAX_LIST_ITEMS = 1_000


class Items(_PassesUnknown, fields.List[Any]):
    """A JSON array (a list; tuples are accepted as lists), with item errors reported per index.

    ``min_items``/``max_items`` bound its length. With ``unique=True`` the items must be distinct, compared by
    ``unique_key`` (an item field name, for lists of objects) or as whole values; each repeat is reported at
    its own index (``Duplicate: +46701234567 is already listed at testNumbers[0].``). ``UNKNOWN`` items are
    never duplicates. Size, item and duplicate errors are all reported together."""

    default_error_messages = {"invalid": "Not a valid list."}

    def __init__(
        self,
        inner: fields.Field[Any],
        *,
        min_items: int = 0,
        max_items: int | None = None,
        unique: bool = False,
        unique_key: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(inner, **kwargs)
        self.min_items = min_items
        self.max_items = max_items
        self.unique = unique
        self.unique_key = unique_key
        # Past this length only the size is reported (the items are not judged one by one).
        self.max_items_judged = (max_items if max_items is not None else MAX_LIST_ITEMS) * 10

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is UNKNOWN or not isinstance(value, list):
            return value
        inner = self.inner
        return [item if item is UNKNOWN else inner._serialize(item, attr, obj, **kwargs) for item in value]

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> list[Any]:
        if not isinstance(value, list | tuple):
            raise self.make_error("invalid")
        errors: dict[str | int, Any] = {}
        size_problem = self._size_problem(len(value))
        if size_problem:
            if len(value) > self.max_items_judged:
                # Far too long: its items say nothing more useful, and judging them all would take long.
                raise ValidationError([size_problem], valid_data=list(value))
            errors[SCHEMA] = [size_problem]
        result: list[Any] = []
        loaded_ok: list[bool] = []
        for index, item in enumerate(value):
            try:
                result.append(self.inner.deserialize(item, **kwargs))
                loaded_ok.append(True)
            except ValidationError as error:
                errors[index] = error.messages
                result.append(error.valid_data)
                loaded_ok.append(False)
        if self.unique:
            # Only items that loaded are compared, so a repeat's index holds no other error. A list of one
            # value repeated 100,000 times gets MAX_REPORTED_DUPLICATES messages and a count of the rest.
            repeats = list(self._duplicates(result, loaded_ok))
            for index, message in repeats[:MAX_REPORTED_DUPLICATES]:
                errors[index] = [message] if self.unique_key is None else {self.unique_key: [message]}
            if len(repeats) > MAX_REPORTED_DUPLICATES:
                more = len(repeats) - MAX_REPORTED_DUPLICATES
                errors.setdefault(SCHEMA, []).append(
                    f"And {more:,} more duplicates (each value may be listed once)."
                )
        if errors:
            if list(errors) == [SCHEMA]:
                raise ValidationError(errors[SCHEMA], valid_data=result)
            raise ValidationError(errors, valid_data=result)
        return result

    def _size_problem(self, size: int) -> str | None:
        if size < self.min_items:
            noun = "item" if self.min_items == 1 else "items"
            return f"Must have at least {self.min_items} {noun}."
        limit = self.max_items if self.max_items is not None else MAX_LIST_ITEMS
        if size > limit:
            noun = "item" if limit == 1 else "items"
            return f"Must have at most {limit:,} {noun} (got {size:,})."
        return None

    def _duplicates(self, items: Sequence[Any], loaded_ok: Sequence[bool]) -> Iterable[tuple[int, str]]:
        first_seen: dict[Any, int] = {}
        for index, (item, ok) in enumerate(zip(items, loaded_ok, strict=True)):
            if not ok:
                continue
            key = _unique_value(item, self.unique_key)
            if key is None:
                continue
            if key in first_seen:
                yield (
                    index,
                    SiblingMessage(
                        f"Duplicate: {_shown(key)} is already listed at {{item}}.", first_seen[key]
                    ),
                )
            else:
                first_seen[key] = index


def _shown(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _unique_value(item: Any, unique_key: str | None) -> str | None:
    """The hashable value compared for uniqueness, or ``None`` when it cannot be judged (unknown)."""
    value = item.get(unique_key) if unique_key is not None and isinstance(item, Mapping) else item
    if isinstance(value, str):
        return value
    return None  # UNKNOWN, or a missing key (already reported as required)


class Custom(_Field):
    """A field whose loading is one function (used where the shape depends on the value itself)."""

    def __init__(self, load: Callable[[Any], Any], dump: Callable[[Any], Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._load_value = load
        self._dump_value = dump

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> Any:
        return self._load_value(value)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is UNKNOWN:
            return value
        return self._dump_value(value)
