"""Error values built from API answers: the right class, the fields, and a text a person can act on."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from sinch_provisioning.connection import Connection
from sinch_provisioning.errors import (
    PROVISIONING_ERRORS,
    AuthenticationError,
    ErrorAnswer,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitedError,
    SinchApiError,
    SinchConnectionError,
    SinchError,
    api_error,
    hint_for,
)
from sinch_provisioning.rcs_senders import SinchRcsClient
from tests.client.conftest import ClientFactory, ServeFactory
from tests.conftest import TEST_PROJECT_ID

PATH = "/v1/projects/p/rcs/senders"


def body(**fields: object) -> str:
    return json.dumps(fields)


def test_validation_errors_are_listed_in_the_text() -> None:
    error = api_error(
        400,
        body(
            errorCode="invalid_input",
            message="Invalid input",
            resolution="Fix the listed fields",
            additionalInformation={
                "validationErrors": ["details.brand.name: too long", "details.countries[0]: bad"]
            },
        ),
        method="POST",
        path=PATH,
    )
    assert type(error) is SinchApiError
    assert str(error) == (
        "Sinch API 400 invalid_input on POST /v1/projects/p/rcs/senders: Invalid input. "
        "Resolution: Fix the listed fields. "
        "Validation errors: details.brand.name: too long; details.countries[0]: bad."
    )
    assert error.status == 400
    assert error.error_code == "invalid_input"
    assert error.message == "Invalid input"
    assert error.resolution == "Fix the listed fields"
    assert error.validation_errors == ["details.brand.name: too long", "details.countries[0]: bad"]
    assert (error.method, error.path) == ("POST", PATH)


def test_additional_information_as_plain_strings() -> None:
    error = api_error(
        400,
        body(
            errorCode="questionnaire_invalid_use_case",
            message="Invalid use case.",
            resolution="Use one of the valid use cases.",
            additionalInformation={"validUseCases": "MULTIUSE, OTP", "validationErrors": "useCase: bad"},
        ),
        method="GET",
        path="/x",
    )
    assert error.validation_errors == ["useCase: bad"]
    assert error.additional_information["validUseCases"] == "MULTIUSE, OTP"
    assert "validUseCases: MULTIUSE, OTP." in str(error)
    assert "Validation errors: useCase: bad." in str(error)


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (401, "unauthorized_error", AuthenticationError),
        (403, "forbidden", AuthenticationError),
        (403, "rbm_has_not_been_used", SinchApiError),
        (404, "sender_not_found", NotFoundError),
        (404, "project_not_found", NotFoundError),
        (429, "rbm_too_many_requests", RateLimitedError),
        (409, "launch_invalid_agent_state", SinchApiError),
        (500, "internal_error", SinchApiError),
    ],
)
def test_status_picks_the_class(status: int, code: str, cls: type[SinchApiError]) -> None:
    error = api_error(status, body(errorCode=code, message="m", resolution="r"))
    assert type(error) is cls
    assert isinstance(error, SinchError)


def test_rbm_not_enabled_hint_says_whom_to_ask() -> None:
    hint = hint_for(403, "rbm_has_not_been_used", project_id="proj", key_id="k", operation="list_senders")
    error = api_error(
        403,
        body(errorCode="rbm_has_not_been_used", message="RBM has not been used", resolution="Contact us"),
        method="GET",
        path=PATH,
        hint=hint,
    )
    assert type(error) is SinchApiError
    assert "RCS is not enabled on project 'proj'" in str(error)
    assert "si-richmessaging@sinch.com" in str(error)


def test_a_non_json_body_keeps_status_and_a_snippet() -> None:
    page = "<html><body><h1>502 Bad Gateway</h1>" + "x" * 500 + "</body></html>"
    error = api_error(502, page, content_type="text/html; charset=utf-8", method="GET", path=PATH)
    assert error.status == 502
    assert error.error_code is None
    assert error.body_snippet is not None
    assert error.body_snippet.startswith("<html><body><h1>502 Bad Gateway</h1>")
    assert error.body_snippet.endswith("...")
    assert len(error.body_snippet) <= 203
    text = str(error)
    assert text.startswith("Sinch API 502 on GET /v1/projects/p/rcs/senders: the response was not a Sinch")
    assert "(text/html)" in text


def test_an_empty_body() -> None:
    error = api_error(503, "", method="GET", path=PATH)
    assert str(error) == "Sinch API 503 on GET /v1/projects/p/rcs/senders: the response had no body."


def test_oauth_error_body_is_understood() -> None:
    error = api_error(401, body(error="invalid_client", error_description="Bad client credentials"))
    assert isinstance(error, AuthenticationError)
    assert error.error_code == "invalid_client"
    assert error.message == "Bad client credentials"


def test_rate_limited_carries_retry_after() -> None:
    error = api_error(
        429, body(errorCode="rbm_too_many_requests", message="m", resolution="r"), retry_after=30
    )
    assert isinstance(error, RateLimitedError)
    assert error.retry_after == 30


def test_outcome_unknown_text_says_what_to_do() -> None:
    sent_at = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    error = OutcomeUnknownError(
        "create_sender", "POST", PATH, cause="the server answered HTTP 503", sent_at=sent_at, status=503
    )
    text = str(error)
    assert "create_sender (POST /v1/projects/p/rcs/senders) is unknown" in text
    assert "the server answered HTTP 503." in text
    assert "2025-01-02T03:04:05+00:00" in text
    assert "may have been applied" in text
    assert (error.operation, error.status, error.sent_at) == ("create_sender", 503, sent_at)


def test_connection_error_text() -> None:
    error = SinchConnectionError("GET", PATH, cause="could not connect (refused)", attempts=4)
    assert str(error) == (
        "Could not complete GET /v1/projects/p/rcs/senders (4 attempts): could not connect (refused). "
        "Check the network and the configured Sinch URLs."
    )


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_says_where_to_and_that_it_was_not_followed(
    serve: ServeFactory, loopback_client: ClientFactory, status: int
) -> None:
    location = "https://elsewhere.example:8443/v1/projects/p/rcs/senders/x?access_token=abc#top"
    server = serve(lambda exchange: exchange.raw(status, b"", {"Location": location}))
    client = loopback_client(server.url)
    with pytest.raises(SinchApiError) as raised:
        client.get_sender("cf11794a-6a5e-4a12-b103-da79bd378bf1")
    text = str(raised.value)
    assert raised.value.status == status
    assert (
        f"the server answered with a redirect (HTTP {status}) to "
        "https://elsewhere.example:8443/v1/projects/p/rcs/senders/x; the client does not follow redirects, "
        "so that the credentials are never sent on to another address."
    ) in text
    assert "access_token" not in text
    assert "no body" not in text
    assert len(server.seen) == 1


def test_a_relative_redirect_names_the_full_address(
    serve: ServeFactory, loopback_client: ClientFactory
) -> None:
    server = serve(lambda exchange: exchange.raw(307, b"", {"Location": "/v2/senders?page=2"}))
    with pytest.raises(SinchApiError) as raised:
        loopback_client(server.url).create_sender({"region": "EU"})
    assert f"redirect (HTTP 307) to {server.url}/v2/senders;" in str(raised.value)


def test_an_error_text_stays_short_however_much_the_server_says(
    serve: ServeFactory, loopback_client: ClientFactory
) -> None:
    answer = {
        "errorCode": "invalid_input",
        "message": "Invalid input " + "m" * 50_000,
        "resolution": "Fix the fields " + "r" * 50_000,
        "additionalInformation": {
            "validationErrors": [f"details.brand.field{n}: {'v' * 1000}" for n in range(500)],
            **{f"key{n}": "x" * 1000 for n in range(50)},
        },
    }
    server = serve(lambda exchange: exchange.json(400, answer))
    with pytest.raises(SinchApiError) as raised:
        loopback_client(server.url).create_sender({"region": "EU"})
    text = str(raised.value)
    path = f"/v1/projects/{TEST_PROJECT_ID}/rcs/senders"
    assert text.startswith(f"Sinch API 400 invalid_input on POST {path}: Invalid input mmm")
    assert "Resolution: Fix the fields rrr" in text
    assert "Validation errors: details.brand.field0: vvv" in text
    assert "; and 495 more." in text
    assert len(text) < 2000  # it was over 600,000 characters
    assert raised.value.validation_errors[1].startswith("details.brand.field1: ")


def test_an_unknown_outcome_keeps_a_long_cause_short() -> None:
    error = SinchConnectionError("GET", PATH, cause="boom " * 10_000, attempts=4)
    assert len(str(error)) < 500


class RecordingDialect:
    """The Provisioning dialect, remembering each answer it was handed."""

    def __init__(self) -> None:
        self.answers: list[ErrorAnswer] = []

    def error(self, answer: ErrorAnswer) -> SinchApiError:
        self.answers.append(answer)
        return PROVISIONING_ERRORS.error(answer)


def test_each_error_answer_is_read_once_by_the_connections_dialect(serve: ServeFactory) -> None:
    answer = {"errorCode": "project_not_found", "message": "No such project", "resolution": "Check it"}
    server = serve(lambda exchange: exchange.json(404, answer))
    dialect = RecordingDialect()
    with (
        Connection.from_access_key(
            "proj", "key", "secret", auth_method="basic", base_url=server.url, dialect=dialect
        ) as connection,
        pytest.raises(NotFoundError) as raised,
    ):
        SinchRcsClient(connection).get_sender("s1")
    [seen] = dialect.answers
    assert (seen.status, seen.operation, seen.project_id, seen.key_id) == (404, "get_sender", "proj", "key")
    assert (seen.method, seen.path, seen.attempts) == ("GET", "/v1/projects/proj/rcs/senders/s1", 1)
    assert "Check the project id 'proj'" in str(raised.value)  # the hint, from the one reading
