"""Authentication: HTTP Basic, bearer tokens from /oauth2/token, expiry, and the token endpoint's errors."""

from __future__ import annotations

import logging

import pytest
import requests

from emulator.clock import ManualClock
from emulator.server import EmulatorServer
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, EmulatorFactory
from tests.emulator.support import Api, error_of


def _token(
    server: EmulatorServer, auth: tuple[str, str] = (TEST_KEY_ID, TEST_KEY_SECRET)
) -> requests.Response:
    return requests.post(
        f"{server.url}/oauth2/token", data={"grant_type": "client_credentials"}, auth=auth, timeout=10
    )


def _bearer(server: EmulatorServer, token: str) -> Api:
    api = Api(server.url, auth=None)
    api.session.headers["Authorization"] = f"Bearer {token}"
    return api


def test_without_configured_keys_any_non_empty_key_works(emulator_factory: EmulatorFactory) -> None:
    server = emulator_factory(keys=None)

    assert Api(server.url, auth=("anyone", "anything")).get("/senders").status_code == 200
    assert error_of(Api(server.url, auth=("anyone", "")).get("/senders")) == (401, "unauthorized_error")


def test_with_keys_only_those_work(emulator: EmulatorServer) -> None:
    assert Api(emulator.url).get("/senders").status_code == 200
    for auth in ((TEST_KEY_ID, "wrong"), ("other-key", TEST_KEY_SECRET)):
        response = Api(emulator.url, auth=auth).get("/senders")
        assert error_of(response) == (401, "unauthorized_error")
        assert response.json()["message"] == "Unauthorized error."


@pytest.mark.parametrize(
    "header", [None, "Basic !!!", "Basic " + "a2V5b25seQ==", "Bearer", "Digest abc", "Bearer nope"]
)
def test_missing_or_malformed_credentials_are_401(emulator: EmulatorServer, header: str | None) -> None:
    api = Api(emulator.url, auth=None)
    if header is not None:
        api.session.headers["Authorization"] = header

    assert error_of(api.get("/senders")) == (401, "unauthorized_error")


def test_every_operation_needs_credentials(emulator: EmulatorServer) -> None:
    api = Api(emulator.url, auth=None)
    sender = Api(emulator.url).create()

    responses = [
        api.get("/senders"),
        api.post("/senders", json={"region": "EU"}),
        api.get(f"/senders/{sender['id']}"),
        api.patch(f"/senders/{sender['id']}", json={}),
        api.post(f"/senders/{sender['id']}/launch"),
        api.get("/activities"),
        api.get("/questionnaire/OTP"),
    ]

    assert {error_of(response) for response in responses} == {(401, "unauthorized_error")}


def test_a_token_from_the_token_endpoint_works_as_bearer(emulator: EmulatorServer) -> None:
    response = _token(emulator)

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert "scope" in body
    assert _bearer(emulator, body["access_token"]).get("/senders").status_code == 200
    assert emulator.stats()["token_requests"] == 1


def test_tokens_expire_after_their_lifetime(emulator_factory: EmulatorFactory) -> None:
    clock = ManualClock()
    server = emulator_factory(token_ttl=60, clock=clock)
    token = _token(server).json()
    api = _bearer(server, token["access_token"])
    assert token["expires_in"] == 60

    clock.advance(59)
    assert api.get("/senders").status_code == 200
    clock.advance(1)
    assert error_of(api.get("/senders")) == (401, "unauthorized_error")


def test_expire_tokens_forces_a_refresh(emulator: EmulatorServer) -> None:
    old = _token(emulator).json()["access_token"]

    assert emulator.expire_tokens() == 1
    new = _token(emulator).json()["access_token"]

    assert error_of(_bearer(emulator, old).get("/senders")) == (401, "unauthorized_error")
    assert _bearer(emulator, new).get("/senders").status_code == 200


def test_the_token_endpoint_refuses_a_bad_client(emulator: EmulatorServer) -> None:
    response = _token(emulator, auth=(TEST_KEY_ID, "wrong"))

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert emulator.stats()["token_requests"] == 1


@pytest.mark.parametrize(
    ("data", "status", "error"),
    [
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({}, 400, "invalid_request"),
    ],
)
def test_the_token_endpoint_wants_client_credentials(
    emulator: EmulatorServer, data: dict[str, str], status: int, error: str
) -> None:
    response = requests.post(
        f"{emulator.url}/oauth2/token", data=data, auth=(TEST_KEY_ID, TEST_KEY_SECRET), timeout=10
    )

    assert response.status_code == status
    assert response.json()["error"] == error


def test_the_token_endpoint_only_takes_post(emulator: EmulatorServer) -> None:
    response = requests.get(f"{emulator.url}/oauth2/token", auth=(TEST_KEY_ID, TEST_KEY_SECRET), timeout=10)

    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"


def test_secrets_never_reach_the_log(emulator: EmulatorServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="emulator")
    token = _token(emulator).json()["access_token"]
    sender = _bearer(emulator, token).create()
    Api(emulator.url, auth=(TEST_KEY_ID, "wrong-secret")).get("/senders")

    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "/senders" in text  # the requests were logged...
    for secret in (TEST_KEY_SECRET, "wrong-secret", token, sender["authToken"]):
        assert secret not in text  # ...without a secret
    assert TEST_KEY_SECRET not in repr(emulator.auth)
