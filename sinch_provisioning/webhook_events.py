"""Verifying what Sinch posts to your webhooks, in your own handler (a Flask view, a Lambda...): the events
of a project webhook (Provisioning API) and the callbacks of a Conversation API app webhook.

    from sinch_provisioning.webhook_events import WebhookVerificationError, verify_webhook_signature

    try:
        event = verify_webhook_signature(secret, request.get_data(), request.headers)
    except WebhookVerificationError as error:
        return str(error), 401
    if event.type == "RCS_SENDER_STATUS_UPDATED":
        print(event.sender_id, event.fields["previousState"], "->", event.fields["currentState"])

Every event is a POST with a JSON body and four headers. A Provisioning event's body is ``{"type": ...,
"payload": {...}, ...}`` (``payload`` is the resource at the time of the event, an ``RcsSenderDto`` for
the RCS sender events; the other fields depend on the type: ``previousState``/``currentState``,
``operator``..., ``comment``). A Conversation API callback has no ``type``: ``{"app_id", "project_id",
"accepted_time", ..., "<field>": {...}}``, where the one field that holds the event names its trigger
(``message``: ``MESSAGE_INBOUND``, ``message_delivery_report``: ``MESSAGE_DELIVERY``, ...:
:data:`CONVERSATION_EVENTS`, read as Sinch's SDKs read them). ``WebhookEvent.api`` says which kind it is;
for a callback, ``type`` is the trigger and ``payload`` that field's object. The headers are the same for
both, as the Provisioning spec declares them on each event and Sinch's SDKs verify callbacks:

- ``x-sinch-webhook-signature``: Base64 of the HMAC-SHA256 below;
- ``x-sinch-webhook-signature-algorithm``: ``HmacSHA256``;
- ``x-sinch-webhook-signature-nonce``: a random string, different for each delivery;
- ``x-sinch-webhook-signature-timestamp``: when it was signed, in Unix seconds.

The signature is computed as Sinch's SDKs (Node, Java, Python) verify it::

    Base64(HMAC-SHA256(key = the webhook's secret as UTF-8, msg = raw body + "." + nonce + "." + timestamp))

over the body's bytes exactly as they arrived: a body parsed and serialised again is not what Sinch signed,
so this function takes ``bytes`` only. The comparison takes constant time. The spec names the headers and
the algorithm but not the signed string; that the Provisioning API signs like the other Sinch APIs is an
inference from the identical headers (check it once against a real delivery).

A signature only proves who sent the event, not when: a captured delivery stays valid. So the timestamp
must be within ``tolerance`` of this machine's clock (default 5 minutes); a replay older than that is
refused. Keep the clock synchronised (NTP). Within the tolerance, remember the nonces you have seen if
replays matter to you.

Event bodies carry the sender's ``authName`` and ``authToken`` (the credentials that connect the sender to
a Conversation API app). ``WebhookEvent`` and its ``payload`` never show them in ``repr``/``str``, so that
logging an event does not log the token; the values are there when you ask for them.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import json
import math
import secrets as _secrets
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Final, Literal

from sinch_provisioning.errors import SinchError, clip

__all__ = [
    "ALGORITHM",
    "ALGORITHM_HEADER",
    "CONVERSATION_EVENTS",
    "DEFAULT_TOLERANCE",
    "NONCE_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "EventPayload",
    "InvalidEventBodyError",
    "MalformedHeaderError",
    "MissingHeaderError",
    "SignatureMismatchError",
    "TimestampOutsideToleranceError",
    "UnsupportedAlgorithmError",
    "VerificationFailure",
    "WebhookEvent",
    "WebhookVerificationError",
    "compute_signature",
    "sign_event",
    "verify_webhook_signature",
]

SIGNATURE_HEADER: Final = "x-sinch-webhook-signature"
ALGORITHM_HEADER: Final = "x-sinch-webhook-signature-algorithm"
NONCE_HEADER: Final = "x-sinch-webhook-signature-nonce"
TIMESTAMP_HEADER: Final = "x-sinch-webhook-signature-timestamp"
SIGNATURE_HEADERS: Final = (SIGNATURE_HEADER, ALGORITHM_HEADER, NONCE_HEADER, TIMESTAMP_HEADER)
ALGORITHM: Final = "HmacSHA256"
DEFAULT_TOLERANCE: Final = timedelta(minutes=5)

# Fields of an event that are credentials: never shown by repr/str, at any depth of the body.
SECRET_FIELDS: Final = frozenset({"authName", "authToken"})
REDACTED: Final = "[REDACTED]"

# A Conversation API callback names its trigger by the one top-level field that holds the event, looked for
# in this order (the order in which Sinch's SDKs read them: the Node SDK's ConversationCallbackWebhooks).
CONVERSATION_EVENTS: Final = (
    ("message", "MESSAGE_INBOUND"),
    ("message_redaction", "MESSAGE_INBOUND_SMART_CONVERSATION_REDACTION"),
    ("message_submit_notification", "MESSAGE_SUBMIT"),
    ("message_delivery_report", "MESSAGE_DELIVERY"),
    ("event", "EVENT_INBOUND"),
    ("event_delivery_report", "EVENT_DELIVERY"),
    ("conversation_start_notification", "CONVERSATION_START"),
    ("conversation_stop_notification", "CONVERSATION_STOP"),
    ("conversation_delete_notification", "CONVERSATION_DELETE"),
    ("contact_create_notification", "CONTACT_CREATE"),
    ("contact_delete_notification", "CONTACT_DELETE"),
    ("contact_merge_notification", "CONTACT_MERGE"),
    ("contact_update_notification", "CONTACT_UPDATE"),
    ("duplicated_identities", "CONTACT_IDENTITIES_DUPLICATION"),
    ("capability_notification", "CAPABILITY"),
    ("opt_in_notification", "OPT_IN"),
    ("opt_out_notification", "OPT_OUT"),
    ("channel_event_notification", "CHANNEL_EVENT"),
    ("unsupported_callback", "UNSUPPORTED"),
    ("smart_conversation_notification", "SMART_CONVERSATION"),
    ("record_notification", "RECORD_NOTIFICATION"),
)
"""(field, trigger): the field of a Conversation API callback that holds its event, and the trigger."""

Api = Literal["provisioning", "conversation"]

Headers = Mapping[str, Any] | Iterable[tuple[str, Any]]
RawBody = bytes | bytearray | memoryview
"""The request body as received (``bytes``; a ``bytearray`` or ``memoryview`` of them is taken too)."""


class VerificationFailure(enum.Enum):
    """Why an event was refused (``WebhookVerificationError.reason``)."""

    MISSING_HEADER = "missing_header"
    MALFORMED_HEADER = "malformed_header"
    UNSUPPORTED_ALGORITHM = "unsupported_algorithm"
    BAD_SIGNATURE = "bad_signature"
    TIMESTAMP_OUTSIDE_TOLERANCE = "timestamp_outside_tolerance"
    INVALID_BODY = "invalid_body"


class WebhookVerificationError(SinchError, ValueError):
    """An event that must not be trusted. ``reason`` says why; each reason has its own subclass.

    The message says what was wrong and never quotes the secret, the signature or the body. A handler
    usually answers 401 (the first five reasons: the event is not proven to come from Sinch) or 400
    (``INVALID_BODY``: signed correctly, but not an event)."""

    reason: ClassVar[VerificationFailure]


class MissingHeaderError(WebhookVerificationError):
    """One of the four signature headers is absent (``header`` names it)."""

    reason = VerificationFailure.MISSING_HEADER

    def __init__(self, header: str) -> None:
        self.header = header
        super().__init__(
            f"The request has no {header} header, which Sinch sends with every webhook event: it is not a "
            "signed Sinch event (or a proxy in between dropped the header)."
        )


class MalformedHeaderError(WebhookVerificationError):
    """A signature header is there but unusable: repeated with different values, or a timestamp that is
    not Unix seconds."""

    reason = VerificationFailure.MALFORMED_HEADER

    def __init__(self, header: str, problem: str) -> None:
        self.header = header
        self.problem = problem
        super().__init__(f"The {header} header {problem}.")


class UnsupportedAlgorithmError(WebhookVerificationError):
    """The algorithm header names something other than ``HmacSHA256``."""

    reason = VerificationFailure.UNSUPPORTED_ALGORITHM

    def __init__(self, algorithm: str) -> None:
        self.algorithm = algorithm
        super().__init__(
            f"The event is signed with {clip(algorithm, 40)!r} ({ALGORITHM_HEADER}); Sinch signs webhook "
            f"events with {ALGORITHM} only, so it cannot be verified."
        )


class SignatureMismatchError(WebhookVerificationError):
    """The signature is not the one the secret gives for this body, nonce and timestamp."""

    reason = VerificationFailure.BAD_SIGNATURE

    def __init__(self, secrets_tried: int) -> None:
        self.secrets_tried = secrets_tried
        which = "the secret" if secrets_tried == 1 else f"any of the {secrets_tried} secrets"
        super().__init__(
            f"The {SIGNATURE_HEADER} header does not match the body signed with {which} given. Either the "
            "event is not from Sinch, the secret is not the webhook's current secret (after a rotation, "
            "pass the old and the new one until Sinch uses the new one), or the body was changed on the "
            "way: pass the raw body bytes exactly as received, not parsed and serialised again."
        )


class TimestampOutsideToleranceError(WebhookVerificationError):
    """Correctly signed, but signed too long ago (or in the future): a replay, a delay, or a wrong clock.

    ``age`` is now minus the signing time (negative: signed in the future), ``tolerance`` the limit."""

    reason = VerificationFailure.TIMESTAMP_OUTSIDE_TOLERANCE

    def __init__(self, timestamp: int, age: timedelta, tolerance: timedelta) -> None:
        self.timestamp = timestamp
        self.age = age
        self.tolerance = tolerance
        signed_at = datetime.fromtimestamp(timestamp, UTC).isoformat()
        if age >= timedelta(0):
            when = f"{_duration(age)} ago"
            beyond = age - tolerance
        else:
            when = f"{_duration(-age)} in the future"
            beyond = -age - tolerance
        super().__init__(
            f"The event was signed at {signed_at} ({TIMESTAMP_HEADER} {timestamp}), {when} by this "
            f"machine's clock: {_duration(beyond)} beyond the tolerance of {_duration(tolerance)}. "
            "A replayed or long-delayed delivery, or a clock that is off (synchronise it with NTP)."
        )


class InvalidEventBodyError(WebhookVerificationError):
    """Correctly signed, but the body is not a Sinch event (not JSON, not an object, neither a ``type`` nor
    a field that names a Conversation API trigger)."""

    reason = VerificationFailure.INVALID_BODY

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(f"The event's signature is valid but its body {problem}.")


class EventPayload(dict[str, Any]):
    """A part of an event body: a plain ``dict`` whose ``repr``/``str`` hide ``authName`` and
    ``authToken`` (at any depth), so that logging it does not log the sender's credentials."""

    def __repr__(self) -> str:
        return repr(_redacted(dict(self)))

    __str__ = __repr__


@dataclass(frozen=True, repr=False)
class WebhookEvent:
    """A verified event, of a project webhook (``api`` ``"provisioning"``) or an app webhook
    (``"conversation"``).

    - Provisioning: ``type`` is the body's; ``payload`` the resource at the time of the event (an
      ``RcsSenderDto`` for RCS sender events; None for events without one, such as
      ``RCS_ACCOUNT_COMMENT_ADDED``); ``fields`` the other fields (``previousState``, ``comment``...).
    - Conversation: ``type`` is the trigger (``MESSAGE_INBOUND``...); ``payload`` the object of the field
      that names it (``message``, ``message_delivery_report``...); ``fields`` the others (``app_id``,
      ``project_id``, ``accepted_time``, ``event_time``, ``message_metadata``, ``correlation_id``...)."""

    type: str
    payload: EventPayload | None
    fields: EventPayload = field(default_factory=EventPayload)
    nonce: str = ""
    timestamp: int = 0
    """When Sinch signed it, in Unix seconds (the timestamp header)."""
    api: Api = "provisioning"
    """Which API sent it: ``provisioning`` (a project webhook) or ``conversation`` (an app webhook)."""

    @property
    def signed_at(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp, UTC)

    @property
    def sender_id(self) -> str | None:
        """The ``id`` of the payload (the sender, for RCS sender events), when there is one; None for a
        Conversation API callback (its payload's ``id`` is a message's or an event's)."""
        if self.payload is None or self.api != "provisioning":
            return None
        value = self.payload.get("id")
        return value if isinstance(value, str) else None

    @property
    def app_id(self) -> str | None:
        """The app a Conversation API callback is about (its ``app_id``); None for a Provisioning event."""
        value = self.fields.get("app_id") if self.api == "conversation" else None
        return value if isinstance(value, str) else None

    def __repr__(self) -> str:
        return (
            f"WebhookEvent(type={self.type!r}, payload={self.payload!r}, fields={self.fields!r}, "
            f"nonce={self.nonce!r}, timestamp={self.timestamp!r}, api={self.api!r})"
        )

    __str__ = __repr__


def compute_signature(secret: str, raw_body: RawBody, nonce: str, timestamp: str) -> str:
    """Base64(HMAC-SHA256(UTF-8 ``secret``, ``raw_body`` + b"." + nonce + b"." + timestamp))."""
    _check_body(raw_body)
    _check_secret(secret)
    message = bytes(raw_body) + b"." + nonce.encode() + b"." + timestamp.encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def sign_event(
    secret: str, raw_body: RawBody, *, nonce: str | None = None, timestamp: int | None = None
) -> dict[str, str]:
    """The four headers Sinch would send with ``raw_body`` (a fresh nonce, the current time unless given):
    for testing a handler without Sinch."""
    nonce = nonce if nonce is not None else _secrets.token_hex(13).upper()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        SIGNATURE_HEADER: compute_signature(secret, raw_body, nonce, stamp),
        ALGORITHM_HEADER: ALGORITHM,
        NONCE_HEADER: nonce,
        TIMESTAMP_HEADER: stamp,
    }


def verify_webhook_signature(
    secret: str | Iterable[str],
    raw_body: RawBody,
    headers: Headers,
    *,
    tolerance: timedelta | float | None = DEFAULT_TOLERANCE,
    now: float | Callable[[], float] | None = None,
) -> WebhookEvent:
    """The event in ``raw_body`` if Sinch signed it with ``secret``; else a ``WebhookVerificationError``.

    - ``secret``: the webhook's secret, or several (during a rotation: the old and the new one).
    - ``raw_body``: the request body as received, ``bytes`` (Flask: ``request.get_data()``; API Gateway:
      ``base64.b64decode(event["body"])`` if ``event["isBase64Encoded"]`` else ``event["body"].encode()``).
    - ``headers``: the request headers, any mapping or list of pairs; names are matched case-insensitively.
    - ``tolerance``: how far the signing time may be from ``now`` (a ``timedelta`` or seconds, 0 or more;
      default 5 minutes; None accepts any age, which also accepts replays).
    - ``now``: the current Unix time (or a function giving it), for tests; default the system clock.

    Checked in this order, each failure its own ``WebhookVerificationError`` subclass: the four headers
    are present and single (``MissingHeaderError``, ``MalformedHeaderError``), the algorithm is
    ``HmacSHA256`` (``UnsupportedAlgorithmError``), the signature matches (``SignatureMismatchError``), the
    timestamp is within the tolerance (``TimestampOutsideToleranceError``), the body is an event
    (``InvalidEventBodyError``). So a timestamp or body complaint is only ever made about an authentic event.

    Arguments that cannot be right raise before any of that: ``TypeError`` for a body that is not bytes,
    ``ValueError`` (not a ``WebhookVerificationError``: it is the handler's mistake, not the sender's) for
    an empty secret, ``headers`` that are not headers (None, a string), or a ``tolerance`` that is not a
    ``timedelta`` or a number of seconds of 0 or more (a string, NaN, a negative number).
    """
    _check_body(raw_body)
    candidates = [secret] if isinstance(secret, str) else list(secret)
    if not candidates:
        raise ValueError("secret: give the webhook's secret (or a list of secrets)")
    for candidate in candidates:
        _check_secret(candidate)
    limit = _tolerance(tolerance)
    found = _signature_headers(headers)
    algorithm = found[ALGORITHM_HEADER]
    if algorithm.strip().lower() != ALGORITHM.lower():
        raise UnsupportedAlgorithmError(algorithm)
    nonce, stamp = found[NONCE_HEADER], found[TIMESTAMP_HEADER]
    timestamp = _timestamp(stamp)
    given = found[SIGNATURE_HEADER].strip().encode("utf-8", "replace")
    matched = False
    for candidate in candidates:  # every candidate is computed: the time taken says nothing about which
        expected = compute_signature(candidate, raw_body, nonce, stamp).encode("ascii")
        matched = hmac.compare_digest(expected, given) or matched
    if not matched:
        raise SignatureMismatchError(len(candidates))
    if limit is not None:
        current = now() if callable(now) else (time.time() if now is None else now)
        age = timedelta(seconds=current - timestamp)
        if abs(age) > limit:
            raise TimestampOutsideToleranceError(timestamp, age, limit)
    return _event(raw_body, nonce, timestamp)


_HEADERS_ALLOWED: Final = (
    "headers must be the request's headers: a mapping (a dict, Flask's request.headers, API Gateway's "
    "headers or multiValueHeaders) or a list of (name, value) pairs"
)
_TOLERANCE_ALLOWED: Final = (
    "tolerance must be a timedelta or a number of seconds (int or float), 0 or more; None accepts any age"
)


def _tolerance(tolerance: object) -> timedelta | None:
    """``tolerance`` as a ``timedelta`` (None: any age); ``ValueError`` saying what is allowed otherwise."""
    if tolerance is None:
        return None
    if isinstance(tolerance, timedelta):
        limit = tolerance
    elif isinstance(tolerance, bool) or not isinstance(tolerance, int | float):
        raise ValueError(f"{_TOLERANCE_ALLOWED}; got {type(tolerance).__name__} {clip(repr(tolerance), 40)}")
    elif math.isnan(tolerance):
        raise ValueError(f"{_TOLERANCE_ALLOWED}; got NaN")
    else:
        try:
            limit = timedelta(seconds=tolerance)
        except OverflowError:
            raise ValueError(f"{_TOLERANCE_ALLOWED}; got {tolerance!r}, too large (use None)") from None
    if limit < timedelta(0):
        raise ValueError(f"{_TOLERANCE_ALLOWED}; got {tolerance!r}, which is negative")
    return limit


def _header_pairs(headers: object) -> Iterable[object]:
    """The items of ``headers`` (a mapping, a mapping-like object such as werkzeug's ``Headers``, or an
    iterable of pairs); ``ValueError`` for anything else."""
    if headers is None or isinstance(headers, str | bytes | bytearray | memoryview):
        raise ValueError(f"{_HEADERS_ALLOWED}; got {'None' if headers is None else type(headers).__name__}")
    items = getattr(headers, "items", None)
    if callable(items):
        pairs: object = items()
    else:
        pairs = headers
    if not isinstance(pairs, Iterable):
        raise ValueError(f"{_HEADERS_ALLOWED}; got {type(headers).__name__}")
    return pairs


def _signature_headers(headers: Headers) -> dict[str, str]:
    wanted: dict[str, list[str]] = {name: [] for name in SIGNATURE_HEADERS}
    for pair in _header_pairs(headers):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            # Never the item itself: a header value may be a credential (Authorization).
            size = f" of {len(pair)}" if isinstance(pair, tuple | list) else ""
            raise ValueError(
                f"{_HEADERS_ALLOWED}; one of the items is a {type(pair).__name__}{size}, not a (name, "
                "value) pair"
            )
        name, value = pair
        key = str(name).strip().lower()
        if key not in wanted:
            continue
        values = list(value) if isinstance(value, list | tuple) else [value]
        wanted[key].extend(str(item) for item in values)
    found: dict[str, str] = {}
    for name in SIGNATURE_HEADERS:
        distinct = {value.strip() for value in wanted[name]}
        if not distinct or distinct == {""}:
            raise MissingHeaderError(name)
        if len(distinct) > 1:
            raise MalformedHeaderError(name, f"appears {len(wanted[name])} times with different values")
        found[name] = wanted[name][0].strip()
    return found


def _timestamp(value: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        raise MalformedHeaderError(
            TIMESTAMP_HEADER, f"is {clip(value, 40)!r}, not a time in Unix seconds (such as 1592227387)"
        )
    return int(value)


def _event(raw_body: RawBody, nonce: str, timestamp: int) -> WebhookEvent:
    try:
        data = json.loads(bytes(raw_body))
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidEventBodyError(f"is not JSON ({type(error).__name__} at {_where(error)})") from None
    if not isinstance(data, dict):
        raise InvalidEventBodyError(f"is a JSON {type(data).__name__}, not an object")
    if "type" not in data:
        return _conversation_event(data, nonce, timestamp)
    event_type = data.get("type")
    if not isinstance(event_type, str) or not event_type:
        raise InvalidEventBodyError("has a 'type' that is not a non-empty string (the event's type)")
    payload = data.get("payload")
    if payload is not None and not isinstance(payload, dict):
        raise InvalidEventBodyError(f"has a 'payload' that is a JSON {type(payload).__name__}, not an object")
    extra = EventPayload({key: value for key, value in data.items() if key not in ("type", "payload")})
    return WebhookEvent(
        type=event_type,
        payload=None if payload is None else EventPayload(payload),
        fields=extra,
        nonce=nonce,
        timestamp=timestamp,
    )


def _conversation_event(data: dict[str, Any], nonce: str, timestamp: int) -> WebhookEvent:
    """A body without ``type``: a Conversation API callback, named by the field that holds its event."""
    for key, trigger in CONVERSATION_EVENTS:
        if key not in data:
            continue
        payload = data[key]
        if not isinstance(payload, dict):
            raise InvalidEventBodyError(
                f"has a {key!r} that is a JSON {type(payload).__name__}, not an object (a {trigger} "
                "callback's event)"
            )
        extra = EventPayload({name: value for name, value in data.items() if name != key})
        return WebhookEvent(trigger, EventPayload(payload), extra, nonce, timestamp, api="conversation")
    raise InvalidEventBodyError(
        "has no 'type' (every Provisioning event names its type) and none of the fields that name a "
        "Conversation API callback's trigger (message, message_delivery_report, event, ...)"
    )


def _check_body(raw_body: object) -> None:
    if not isinstance(raw_body, bytes | bytearray | memoryview):
        raise TypeError(
            "raw_body must be the request body as bytes, exactly as received, not "
            f"{type(raw_body).__name__}: Sinch signs the bytes it sends, and a decoded or re-serialised "
            "body may differ (Flask: request.get_data(); a text body: body.encode())"
        )


def _check_secret(secret: object) -> None:
    if not isinstance(secret, str) or not secret:
        raise ValueError("secret must be the webhook's secret, a non-empty string")


def _redacted(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {
            key: (REDACTED if key in SECRET_FIELDS and item is not None else _redacted(item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    return value


def _where(error: Exception) -> str:
    position = getattr(error, "pos", None)
    if isinstance(error, UnicodeDecodeError):
        position = error.start
    return f"byte {position}" if position is not None else "the start"


def _duration(delta: timedelta) -> str:
    seconds = int(abs(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{days} d"] if days else []
    if hours:
        parts.append(f"{hours} h")
    if minutes and not days:
        parts.append(f"{minutes} min")
    if (secs or not parts) and not days and not hours:
        parts.append(f"{secs} s")
    return " ".join(parts)
