"""What an id made by Sinch says about itself: the creation time a ULID carries.

The Conversation API's app and webhook ids are ULIDs (its contract: an ``app_id`` that "is not a ULID"
fails a basic form check), and so are the Provisioning API's webhook ids (the spec's examples are
placeholders; the project's reading, in the header of ``spec/webhooks-provisioning.openapi.yaml``, is that
they are ULIDs, and the emulator makes them so). A ULID is 26 characters of Crockford's base32 (digits and
capitals without I, L, O, U; read in either case): the first 10 encode the milliseconds since the Unix
epoch when it was made, the other 16 are random. So after a create whose answer was lost, an object whose
id was made before the request went out cannot be the one it made (:func:`ulid_time`).

Standard library only, like the rest of the client.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

__all__ = ["ULID_LENGTH", "ulid_time"]

CROCKFORD: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ULID_LENGTH: Final = 26
_TIME_CHARACTERS: Final = 10
_VALUES: Final = {character: value for value, character in enumerate(CROCKFORD)}
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def ulid_time(value: str) -> datetime | None:
    """When the ULID ``value`` was made (UTC, to the millisecond); None when ``value`` is not a ULID: not
    a string of 26 characters of Crockford's base32 (the canonical alphabet only: no I, L, O or U), or a
    first character above 7 (more than the 128 bits a ULID has), or a time past the year 9999."""
    if not isinstance(value, str) or len(value) != ULID_LENGTH:
        return None
    digits = [_VALUES.get(character) for character in value.upper()]
    if None in digits or value[0] > "7":
        return None
    milliseconds = 0
    for digit in digits[:_TIME_CHARACTERS]:
        assert digit is not None
        milliseconds = milliseconds * 32 + digit
    try:
        return _EPOCH + timedelta(milliseconds=milliseconds)
    except OverflowError:
        return None
