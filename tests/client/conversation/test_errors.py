"""The Conversation API's error answers: its wrapped body, the contract's unwrapped examples, anything else;
the class a status maps to; a text a person can act on, without a secret in it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sinch_conversation.apps import AppsClient
from sinch_conversation.errors import (
    ConversationApiError,
    ConversationAuthenticationError,
    ConversationErrors,
    ConversationNotFoundError,
)
from sinch_provisioning.errors import ErrorAnswer, SinchApiError, SinchStatusError
from sinch_provisioning.scrub import REDACTED, redact
from tests.client.conversation.fake import FakeConversation, error_body
from tests.client.loopback import Exchange
from tests.conftest import TEST_PROJECT_ID

PATH = f"/v1/projects/{TEST_PROJECT_ID}/apps/01JABCDEFGHJKMNPQRSTVWXYZ0"
EU = ConversationErrors("eu")


def answer(status: int, body: str | dict[str, Any], **fields: Any) -> ErrorAnswer:
    text = body if isinstance(body, str) else json.dumps(body)
    fields.setdefault("scrub", lambda value: value)
    return ErrorAnswer(
        status, text, method="GET", path=PATH, operation="get_app", project_id="proj", key_id="key", **fields
    )


def test_the_wrapped_body_gives_its_fields() -> None:
    details = [{"@type": "type.googleapis.com/google.rpc.BadRequest", "field_violations": [{"field": "x"}]}]
    error = EU.error(answer(400, error_body(400, "INVALID_ARGUMENT", "display_name is required", details)))
    assert type(error) is ConversationApiError
    assert isinstance(error, SinchStatusError)
    assert not isinstance(error, SinchApiError)  # another API's error
    assert (error.status, error.status_name, error.message) == (
        400,
        "INVALID_ARGUMENT",
        "display_name is required",
    )
    assert error.details == details
    assert (error.method, error.path, error.body_snippet) == ("GET", PATH, None)
    assert str(error) == (
        f"Sinch Conversation API 400 INVALID_ARGUMENT on GET {PATH}: display_name is required. "
        'Details: {"@type":"type.googleapis.com/google.rpc.BadRequest","field_violations":[{"field":"x"}]}.'
    )


def test_the_unwrapped_body_of_the_contracts_examples_is_read_too() -> None:
    example = {"code": 400, "message": "Malformed request", "status": "INVALID_REQUEST", "details": []}
    error = EU.error(answer(400, example))
    assert (error.status_name, error.message, error.details) == ("INVALID_REQUEST", "Malformed request", [])
    assert str(error).startswith(
        f"Sinch Conversation API 400 INVALID_REQUEST on GET {PATH}: Malformed request."
    )


def test_an_oauth2_style_body_from_a_gateway_is_read() -> None:
    error = EU.error(answer(401, {"error": "invalid_token", "error_description": "Token expired"}))
    assert type(error) is ConversationAuthenticationError
    assert (error.status_name, error.message) == ("invalid_token", "Token expired")


@pytest.mark.parametrize(
    ("body", "content_type", "shown"),
    [
        ("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html", "(text/html)"),
        ('{"unexpected": true}', "application/json", "(application/json)"),
        ("[" * 100_000, "application/json", "(application/json)"),  # deeper than the JSON parser goes
    ],
)
def test_a_body_that_is_not_the_apis_keeps_the_status_and_a_snippet(
    body: str, content_type: str, shown: str
) -> None:
    error = EU.error(answer(502, body, content_type=content_type))
    assert (type(error), error.status, error.status_name, error.details) == (
        ConversationApiError,
        502,
        None,
        [],
    )
    assert error.body_snippet is not None
    assert body.startswith(error.body_snippet.removesuffix("..."))
    assert error.message.startswith(f"the response was not a Sinch error body {shown}: ")
    assert len(str(error)) < 600


def test_an_empty_body() -> None:
    error = EU.error(answer(503, ""))
    assert str(error) == f"Sinch Conversation API 503 on GET {PATH}: the response had no body."


@pytest.mark.parametrize(
    ("status", "name", "cls"),
    [
        (401, "UNAUTHENTICATED", ConversationAuthenticationError),
        (403, "PERMISSION_DENIED", ConversationAuthenticationError),
        (403, "BILLING_CREDIT_LIMIT_BREACHED", ConversationApiError),
        (404, "NOT_FOUND", ConversationNotFoundError),
        (400, "NOT_FOUND", ConversationApiError),  # the HTTP status decides, as for the Provisioning API
        (429, "RESOURCE_EXHAUSTED", ConversationApiError),
        (500, "INTERNAL_ERROR", ConversationApiError),
    ],
)
def test_the_status_picks_the_class(status: int, name: str, cls: type[ConversationApiError]) -> None:
    assert type(EU.error(answer(status, error_body(status, name, "m")))) is cls


def test_a_404_says_that_an_app_lives_in_its_region() -> None:
    error = EU.error(answer(404, error_body(404, "NOT_FOUND", "App not found")))
    assert isinstance(error, ConversationNotFoundError)
    assert str(error) == (
        f"Sinch Conversation API 404 NOT_FOUND on GET {PATH}: App not found. Nothing was found on the EU "
        "host of project 'proj': an app, and its webhooks, live in the region the app was created in, and "
        "another region's host answers 404 for them; check the id and the region."
    )


def test_hints_for_refused_credentials_and_a_billing_limit() -> None:
    refused = EU.error(answer(401, error_body(401, "UNAUTHENTICATED", "Request had invalid credentials.")))
    assert "The access key 'key' was refused" in str(refused)
    denied = EU.error(answer(403, error_body(403, "PERMISSION_DENIED", "No access")))
    assert "may not use the Conversation API of project 'proj'" in str(denied)
    billing = EU.error(answer(403, error_body(403, "BILLING_CREDIT_LIMIT_BREACHED", "Out of credit")))
    assert "credit limit" in str(billing)
    assert "may not use" not in str(billing)
    limited = EU.error(answer(429, error_body(429, "RESOURCE_EXHAUSTED", "Slow down"), retry_after=7.0))
    assert limited.retry_after == 7.0


def test_every_text_is_scrubbed_and_clipped() -> None:
    token = "rcs-bearer-token-4f1c9a"
    echoed = error_body(
        400,
        "INVALID_ARGUMENT",
        f"bad token {token} " + "m" * 10_000,
        [{"@type": "x", "echo": {"static_bearer": {"token": token}}, "deep": [[[[[[[[[[[1]]]]]]]]]]]}]
        * 2_000,
    )
    error = EU.error(answer(400, echoed, scrub=lambda text: redact(text, [token])))
    text = str(error)
    assert token not in text
    assert token not in repr(error.details)
    assert token not in error.message
    assert REDACTED in error.message
    assert len(text) < 2_000
    assert len(error.details) == 1_000  # kept: KEPT_ITEMS
    assert "and 995 more" in text


def test_a_404_through_the_client_names_the_request(apps: AppsClient, fake: FakeConversation) -> None:
    def not_found(exchange: Exchange) -> bool:
        exchange.json(404, error_body(404, "NOT_FOUND", "App not found"))
        return True

    fake.faults.append(not_found)
    with pytest.raises(ConversationNotFoundError) as raised:
        apps.get_app("01JABCDEFGHJKMNPQRSTVWXYZ0")
    # The path of the request as sent: under the URL's own prefix (here the fake's region prefix).
    assert (raised.value.status, raised.value.method, raised.value.path) == (
        404,
        "GET",
        f"/conversation/eu{PATH}",
    )
    assert raised.value.attempts == 1
    assert "on the EU host of project" in str(raised.value)
