"""Verifying webhook events (``verify_webhook_signature``): Sinch's published test vector, then each way an
event can be refused, with the message a person debugging their handler needs."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, Final

import pytest

from schemas.conversation_webhooks import SUBSCRIBABLE_TRIGGERS
from sinch_provisioning.webhook_events import (
    ALGORITHM_HEADER,
    CONVERSATION_EVENTS,
    NONCE_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    InvalidEventBodyError,
    MalformedHeaderError,
    MissingHeaderError,
    SignatureMismatchError,
    TimestampOutsideToleranceError,
    UnsupportedAlgorithmError,
    VerificationFailure,
    WebhookVerificationError,
    compute_signature,
    sign_event,
    verify_webhook_signature,
)

# The test vector of Sinch's Node SDK: repository sinch/sinch-sdk-node, file
# packages/sdk-client/tests/utils/authorization.helper.test.ts at commit affb35e5, lines 209-213
# (CONVERSATION_BODY, NONCE, TIMESTAMP, APP_SECRET, VALID_SIGNATURE), copied byte for byte.
VECTOR_BODY: Final = (
    b'{"app_id":"","accepted_time":"2021-10-18T17:49:13.813615Z","project_id":'
    b'"e2df3a34-a71b-4448-9db5-a8d2baad28e4","contact_create_notification":{"contact":{"id":'
    b'"01FJA8B466Y0R2GNXD78MD9SM1","channel_identities":[{"channel":"SMS","identity":"48123456789",'
    b'"app_id":""}],"display_name":"New Test Contact","email":"new.contact@email.com","external_id":"",'
    b'"metadata":"","language":"EN_US"}},"message_metadata":""}'
)
VECTOR_NONCE: Final = "01FJA8B4A7BM43YGWSG9GBV067"
VECTOR_TIMESTAMP: Final = "1634579353"
VECTOR_SECRET: Final = "foo_secret1234"
VECTOR_SIGNATURE: Final = "6bpJoRmFoXVjfJIVglMoJzYXxnoxRujzR4k2GOXewOE="

SECRET: Final = "8vQm2-rcs-events-signing-secret-7Tz"
NOW: Final = 1_750_000_000
AUTH_TOKEN: Final = "tok-3f9a1c7e5b2d4f6a8c0e"
AUTH_NAME: Final = "agent-auth-name-71b2"

STATUS_EVENT: Final[dict[str, Any]] = {
    "type": "RCS_SENDER_STATUS_UPDATED",
    "payload": {
        "id": "cf11794a-6a5e-4a12-b103-da79bd378bf1",
        "state": "IN_TEST",
        "authName": AUTH_NAME,
        "authToken": AUTH_TOKEN,
        "details": {"brand": {"name": "ACME Parcel"}},
    },
    "previousState": "IN_PROGRESS",
    "currentState": "IN_TEST",
}


def vector_headers(**changes: str) -> dict[str, str]:
    headers = {
        SIGNATURE_HEADER: VECTOR_SIGNATURE,
        ALGORITHM_HEADER: "HmacSHA256",
        NONCE_HEADER: VECTOR_NONCE,
        TIMESTAMP_HEADER: VECTOR_TIMESTAMP,
    }
    headers.update(changes)
    return headers


def signed(
    event: dict[str, Any], *, timestamp: int = NOW, secret: str = SECRET
) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(event).encode()
    return body, sign_event(secret, body, timestamp=timestamp)


def test_the_signature_of_the_node_sdk_test_vector() -> None:
    assert compute_signature(VECTOR_SECRET, VECTOR_BODY, VECTOR_NONCE, VECTOR_TIMESTAMP) == VECTOR_SIGNATURE


def test_the_test_vector_verifies_as_the_conversation_callback_it_is() -> None:
    event = verify_webhook_signature(
        VECTOR_SECRET, VECTOR_BODY, vector_headers(), now=int(VECTOR_TIMESTAMP) + 1
    )

    assert (event.api, event.type) == ("conversation", "CONTACT_CREATE")
    assert event.payload is not None
    assert event.payload["contact"]["display_name"] == "New Test Contact"
    assert event.fields["project_id"] == "e2df3a34-a71b-4448-9db5-a8d2baad28e4"
    assert "contact_create_notification" not in event.fields
    assert event.app_id == ""  # the vector's own (empty) app id
    assert event.sender_id is None  # the payload's id is a contact's, not a sender's


def test_each_conversation_trigger_is_read_from_the_field_that_holds_its_event() -> None:
    for field_name, trigger in CONVERSATION_EVENTS:
        body = json.dumps({"app_id": "01J0APP", "project_id": "p", field_name: {"id": "x"}}).encode()
        event = verify_webhook_signature(SECRET, body, sign_event(SECRET, body, timestamp=NOW), now=NOW)
        assert (event.api, event.type, event.app_id) == ("conversation", trigger, "01J0APP"), field_name
        assert event.payload == {"id": "x"}
    assert {trigger for _, trigger in CONVERSATION_EVENTS} == set(SUBSCRIBABLE_TRIGGERS)


def test_a_provisioning_event_is_no_conversation_callback() -> None:
    body, headers = signed(STATUS_EVENT)

    event = verify_webhook_signature(SECRET, body, headers, now=NOW)

    assert (event.api, event.app_id) == ("provisioning", None)
    assert event.sender_id == STATUS_EVENT["payload"]["id"]


def test_one_changed_byte_of_body_secret_nonce_or_timestamp_breaks_the_vector() -> None:
    now = int(VECTOR_TIMESTAMP)
    cases = [
        (VECTOR_SECRET, VECTOR_BODY.replace(b"New Test", b"New Tost"), vector_headers()),
        ("foo_secret1235", VECTOR_BODY, vector_headers()),
        (VECTOR_SECRET, VECTOR_BODY, vector_headers(**{NONCE_HEADER: VECTOR_NONCE[:-1] + "8"})),
        (VECTOR_SECRET, VECTOR_BODY, vector_headers(**{TIMESTAMP_HEADER: str(now + 1)})),
        (VECTOR_SECRET, VECTOR_BODY + b" ", vector_headers()),
    ]
    for secret, body, headers in cases:
        with pytest.raises(SignatureMismatchError):
            verify_webhook_signature(secret, body, headers, now=now)


def test_a_signed_event_is_parsed_into_type_payload_and_fields() -> None:
    body, headers = signed(STATUS_EVENT)

    event = verify_webhook_signature(SECRET, body, headers, now=NOW + 30)

    assert event.type == "RCS_SENDER_STATUS_UPDATED"
    assert event.sender_id == "cf11794a-6a5e-4a12-b103-da79bd378bf1"
    assert event.payload is not None
    assert event.payload["authToken"] == AUTH_TOKEN  # there when asked for
    assert event.fields == {"previousState": "IN_PROGRESS", "currentState": "IN_TEST"}
    assert event.timestamp == NOW
    assert event.signed_at.timestamp() == NOW
    assert event.nonce == headers[NONCE_HEADER]


def test_an_event_without_payload_has_none() -> None:
    body, headers = signed({"type": "RCS_ACCOUNT_COMMENT_ADDED", "comment": "Please add a logo"})

    event = verify_webhook_signature(SECRET, body, headers, now=NOW)

    assert event.payload is None
    assert event.sender_id is None
    assert event.fields == {"comment": "Please add a logo"}


def test_printing_or_logging_an_event_never_shows_the_sender_credentials() -> None:
    nested = {**STATUS_EVENT, "extra": [{"authToken": AUTH_TOKEN}]}
    body, headers = signed(nested)

    event = verify_webhook_signature(SECRET, body, headers, now=NOW)

    for text in (repr(event), str(event), repr(event.payload), str(event.payload), f"{event.fields}"):
        assert AUTH_TOKEN not in text
        assert AUTH_NAME not in text
    assert "[REDACTED]" in repr(event)
    assert "IN_TEST" in repr(event)  # the rest is shown


def test_header_names_match_in_any_case_and_headers_may_be_pairs_or_lists() -> None:
    body, headers = signed(STATUS_EVENT)
    upper = {name.upper(): value for name, value in headers.items()}
    pairs = [(name.title(), value) for name, value in headers.items()]
    multi = {name: [value] for name, value in headers.items()}  # API Gateway's multiValueHeaders

    for given in (upper, pairs, multi):
        assert verify_webhook_signature(SECRET, body, given, now=NOW).type == "RCS_SENDER_STATUS_UPDATED"


def test_a_missing_header_is_named() -> None:
    body, headers = signed(STATUS_EVENT)
    for name in (SIGNATURE_HEADER, ALGORITHM_HEADER, NONCE_HEADER, TIMESTAMP_HEADER):
        without = {key: value for key, value in headers.items() if key != name}
        with pytest.raises(MissingHeaderError) as refused:
            verify_webhook_signature(SECRET, body, without, now=NOW)
        assert refused.value.header == name
        assert f"no {name} header" in str(refused.value)
        assert refused.value.reason is VerificationFailure.MISSING_HEADER


def test_an_unknown_algorithm_is_refused_by_name() -> None:
    body, headers = signed(STATUS_EVENT)

    with pytest.raises(UnsupportedAlgorithmError) as refused:
        verify_webhook_signature(SECRET, body, {**headers, ALGORITHM_HEADER: "HmacSHA1"}, now=NOW)

    assert "'HmacSHA1'" in str(refused.value)
    assert "HmacSHA256 only" in str(refused.value)


def test_a_timestamp_that_is_not_unix_seconds_and_a_repeated_header_are_malformed() -> None:
    body, headers = signed(STATUS_EVENT)
    with pytest.raises(MalformedHeaderError) as not_seconds:
        verify_webhook_signature(SECRET, body, {**headers, TIMESTAMP_HEADER: "2025-06-15T15:06:40Z"}, now=NOW)
    assert "not a time in Unix seconds" in str(not_seconds.value)

    pairs = [*headers.items(), (NONCE_HEADER, "another-nonce")]
    with pytest.raises(MalformedHeaderError) as repeated:
        verify_webhook_signature(SECRET, body, pairs, now=NOW)
    assert repeated.value.header == NONCE_HEADER
    assert "2 times with different values" in str(repeated.value)


def test_a_wrong_secret_is_a_signature_mismatch_with_advice() -> None:
    body, headers = signed(STATUS_EVENT)

    with pytest.raises(SignatureMismatchError) as refused:
        verify_webhook_signature("not-the-secret-0000", body, headers, now=NOW)

    message = str(refused.value)
    assert "does not match" in message
    assert "raw body bytes" in message
    assert "not-the-secret-0000" not in message
    assert headers[SIGNATURE_HEADER] not in message
    assert refused.value.reason is VerificationFailure.BAD_SIGNATURE


def test_during_a_rotation_the_old_and_the_new_secret_are_both_accepted() -> None:
    old, new = "old-secret-aaaaaaaaaaaaaaaa", "new-secret-bbbbbbbbbbbbbbbb"
    for secret in (old, new):
        body, headers = signed(STATUS_EVENT, secret=secret)
        assert verify_webhook_signature([old, new], body, headers, now=NOW).type == STATUS_EVENT["type"]
    body, headers = signed(STATUS_EVENT, secret="third-secret-ccccccccccccc")
    with pytest.raises(SignatureMismatchError, match="any of the 2 secrets"):
        verify_webhook_signature([old, new], body, headers, now=NOW)


def test_a_replay_outside_the_tolerance_says_by_how_much() -> None:
    body, headers = signed(STATUS_EVENT)

    with pytest.raises(TimestampOutsideToleranceError) as old:
        verify_webhook_signature(SECRET, body, headers, now=NOW + 300 + 42)
    assert old.value.age == timedelta(seconds=342)
    assert "5 min 42 s ago" in str(old.value)
    assert "42 s beyond the tolerance of 5 min" in str(old.value)

    with pytest.raises(TimestampOutsideToleranceError) as future:
        verify_webhook_signature(SECRET, body, headers, now=NOW - 3600, tolerance=60)
    assert "1 h in the future" in str(future.value)
    assert "59 min beyond the tolerance of 1 min" in str(future.value)

    # At the limit, and with the check switched off, it passes.
    assert verify_webhook_signature(SECRET, body, headers, now=NOW + 300).type == STATUS_EVENT["type"]
    assert verify_webhook_signature(SECRET, body, headers, now=NOW + 10**6, tolerance=None)


def test_the_default_clock_is_the_system_clock() -> None:
    body = json.dumps(STATUS_EVENT).encode()
    headers = sign_event(SECRET, body)  # signed now

    assert verify_webhook_signature(SECRET, body, headers).type == STATUS_EVENT["type"]
    with pytest.raises(TimestampOutsideToleranceError):
        verify_webhook_signature(SECRET, body, sign_event(SECRET, body, timestamp=NOW - 10**6))


def test_a_signed_body_that_is_not_an_event_is_an_invalid_body() -> None:
    cases = {
        b"not json at all": "is not JSON",
        b'["RCS_SENDER_STATUS_UPDATED"]': "is a JSON list, not an object",
        b'{"payload": {}}': "has no 'type' (every Provisioning event names its type) and none of the fields",
        b'{"type": 7, "payload": {}}': "has a 'type' that is not a non-empty string",
        b'{"app_id": "A", "message": "hi"}': "has a 'message' that is a JSON str, not an object",
        b'{"type": "RCS_SENDER_COMMENT_ADDED", "payload": "x"}': "'payload' that is a JSON str",
        b"\xff\xfe\x00": "is not JSON",
    }
    for body, expected in cases.items():
        headers = sign_event(SECRET, body, timestamp=NOW)
        with pytest.raises(InvalidEventBodyError) as refused:
            verify_webhook_signature(SECRET, body, headers, now=NOW)
        assert expected in str(refused.value), body


def test_the_body_must_be_the_raw_bytes() -> None:
    body, headers = signed(STATUS_EVENT)

    with pytest.raises(TypeError, match="raw_body must be the request body as bytes"):
        verify_webhook_signature(SECRET, body.decode(), headers, now=NOW)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        verify_webhook_signature(SECRET, STATUS_EVENT, headers, now=NOW)  # type: ignore[arg-type]
    assert verify_webhook_signature(SECRET, bytearray(body), headers, now=NOW).type == STATUS_EVENT["type"]


def test_every_refusal_is_a_webhook_verification_error_and_a_value_error() -> None:
    body, headers = signed(STATUS_EVENT)
    with pytest.raises(WebhookVerificationError):
        verify_webhook_signature(SECRET, body, {}, now=NOW)
    with pytest.raises(ValueError, match="secret"):
        verify_webhook_signature("", body, headers, now=NOW)
    with pytest.raises(ValueError, match="secret"):
        verify_webhook_signature([], body, headers, now=NOW)


@pytest.mark.parametrize(
    ("headers", "named"),
    [
        (None, "got None"),
        ("x-sinch-webhook-signature: abc", "got str"),
        (b"raw header bytes", "got bytes"),
        (42, "got int"),
        ([("x-sinch-webhook-nonce", "n", "extra")], "one of the items is a tuple of 3"),
        (["x-sinch-webhook-signature"], "one of the items is a str"),
    ],
)
def test_headers_that_are_not_headers_are_a_clear_value_error(headers: object, named: str) -> None:
    body, _ = signed(STATUS_EVENT)
    with pytest.raises(ValueError, match="headers must be the request's headers") as refused:
        verify_webhook_signature(SECRET, body, headers, now=NOW)  # type: ignore[arg-type]
    assert named in str(refused.value)
    assert "a mapping" in str(refused.value)  # what is allowed
    assert "list of (name, value) pairs" in str(refused.value)
    assert not isinstance(refused.value, WebhookVerificationError)  # the handler's mistake, not Sinch's
    assert "extra" not in str(refused.value)  # an item is never quoted: a header may hold a credential


@pytest.mark.parametrize(
    ("tolerance", "named"),
    [
        ("300", "got str '300'"),
        (float("nan"), "got NaN"),
        (-1, "got -1, which is negative"),
        (-0.5, "got -0.5, which is negative"),
        (timedelta(seconds=-5), "which is negative"),
        (True, "got bool True"),
        (float("inf"), "too large (use None)"),
        (1e300, "too large (use None)"),
        ([300], "got list"),
    ],
)
def test_a_tolerance_that_is_not_a_duration_is_a_clear_value_error(tolerance: object, named: str) -> None:
    body, headers = signed(STATUS_EVENT)
    with pytest.raises(ValueError, match="tolerance must be a timedelta or a number of seconds") as refused:
        verify_webhook_signature(SECRET, body, headers, now=NOW, tolerance=tolerance)  # type: ignore[arg-type]
    assert named in str(refused.value)
    assert "0 or more; None accepts any age" in str(refused.value)
    assert not isinstance(refused.value, WebhookVerificationError)


def test_a_tolerance_of_zero_or_an_integer_or_a_timedelta_is_taken() -> None:
    body, headers = signed(STATUS_EVENT)
    for tolerance in (0, 0.0, 10, 2.5, timedelta(0), timedelta(minutes=1)):
        assert verify_webhook_signature(SECRET, body, headers, now=NOW, tolerance=tolerance).timestamp == NOW
