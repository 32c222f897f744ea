"""Authentication: OAuth2 token cached and shared across threads, refreshed on expiry and on a 401; Basic."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from emulator.server import EmulatorServer
from sinch_provisioning.auth import OAuth2ClientCredentials
from sinch_provisioning.connection import Connection
from sinch_provisioning.errors import (
    AuthenticationError,
    NotFoundError,
    SinchApiError,
    TokenResponseError,
)
from sinch_provisioning.rcs_senders import SinchRcsClient
from sinch_provisioning.retry import RetryPolicy
from tests.client.conftest import ClientFactory, RecordingSleep
from tests.client.support import (
    GET_SENDER,
    LIST_SENDERS,
    assert_requests_valid,
    minimal_sender,
    requests_for,
    token_requests,
)
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID, EmulatorFactory


class FakeMonotonic:
    """A monotonic clock for the token cache that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_token_serves_many_calls(client: SinchRcsClient, emulator: EmulatorServer) -> None:
    sender_id = client.create_sender(minimal_sender("Acme"))["id"]
    for _ in range(5):
        client.get_sender(sender_id)
    client.list_senders()
    assert token_requests(emulator) == 1
    assert emulator.stats()["api_requests"] == 7
    assert_requests_valid(emulator)


def test_threads_starting_together_share_one_token_request(
    client: SinchRcsClient, emulator: EmulatorServer
) -> None:
    threads = 8
    start = threading.Barrier(threads)

    def work(_: int) -> int:
        start.wait()
        return len(client.list_senders())

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(work, range(threads)))
    assert results == [0] * threads
    assert token_requests(emulator) == 1
    assert requests_for(emulator, LIST_SENDERS) == threads


def test_a_token_is_replaced_shortly_before_it_expires(
    emulator: EmulatorServer, sleeps: RecordingSleep
) -> None:
    clock = FakeMonotonic()
    auth = OAuth2ClientCredentials(TEST_KEY_ID, TEST_KEY_SECRET, f"{emulator.url}/oauth2/token", clock=clock)
    connection = Connection(TEST_PROJECT_ID, auth, base_url=emulator.url, retry=RetryPolicy(sleep=sleeps))
    with SinchRcsClient(connection, owns_connection=True) as client:
        client.list_senders()
        clock.now += 3600 - 61  # expires_in is 3600; the default margin is 60 s
        client.list_senders()
        assert token_requests(emulator) == 1
        clock.now += 2
        client.list_senders()
        assert token_requests(emulator) == 2
    assert sleeps.delays == []


def test_a_short_lived_token_is_still_used(emulator_factory: EmulatorFactory) -> None:
    server = emulator_factory(token_ttl=10)
    clock = FakeMonotonic()
    auth = OAuth2ClientCredentials(TEST_KEY_ID, TEST_KEY_SECRET, f"{server.url}/oauth2/token", clock=clock)
    with SinchRcsClient(
        Connection(TEST_PROJECT_ID, auth, base_url=server.url), owns_connection=True
    ) as client:
        client.list_senders()
        clock.now += 4  # the margin is at most half the lifetime: 5 s
        client.list_senders()
        assert token_requests(server) == 1
        clock.now += 2
        client.list_senders()
        assert token_requests(server) == 2


def test_a_401_gets_a_fresh_token_and_one_retry(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep
) -> None:
    sender_id = client.create_sender(minimal_sender("Acme"))["id"]
    assert emulator.expire_tokens() == 1
    assert client.get_sender(sender_id)["id"] == sender_id
    assert token_requests(emulator) == 2
    assert requests_for(emulator, GET_SENDER) == 2  # the refused one and the retry
    assert sleeps.delays == []


def test_a_401_on_a_create_is_retried_too(client: SinchRcsClient, emulator: EmulatorServer) -> None:
    client.list_senders()
    emulator.expire_tokens()
    client.create_sender(minimal_sender("Acme"))  # refused at the door, so nothing was applied
    assert len(emulator.senders(TEST_PROJECT_ID)) == 1
    assert token_requests(emulator) == 2


def test_threads_hit_by_a_401_together_refresh_once(client: SinchRcsClient, emulator: EmulatorServer) -> None:
    client.list_senders()
    emulator.expire_tokens()
    threads = 6
    start = threading.Barrier(threads)

    def work(_: int) -> None:
        start.wait()
        client.list_senders()

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(work, range(threads)))
    # Each thread forgets only the token it was refused with; the first refresh serves all of them.
    assert token_requests(emulator) == 2


def test_basic_auth_sends_no_token_request(client_factory: ClientFactory, emulator: EmulatorServer) -> None:
    client = client_factory(auth_method="basic")
    sender_id = client.create_sender(minimal_sender("Acme"))["id"]
    assert client.get_sender(sender_id)["id"] == sender_id
    assert token_requests(emulator) == 0
    assert_requests_valid(emulator)


def test_refused_basic_key(client_factory: ClientFactory, emulator: EmulatorServer) -> None:
    client = client_factory(auth_method="basic", key_secret="wrong-secret-value")
    with pytest.raises(AuthenticationError) as refused:
        client.list_senders()
    error = refused.value
    assert (error.status, error.error_code) == (401, "unauthorized_error")
    assert f"The access key '{TEST_KEY_ID}' was refused" in str(error)
    assert f"belongs to project '{TEST_PROJECT_ID}'" in str(error)
    assert "wrong-secret-value" not in str(error)
    assert requests_for(emulator, LIST_SENDERS) == 1  # Basic cannot be refreshed: no second try


def test_refused_oauth_key(client_factory: ClientFactory, emulator: EmulatorServer) -> None:
    client = client_factory(key_id="someone-else", key_secret="wrong-secret-value")
    with pytest.raises(AuthenticationError) as refused:
        client.list_senders()
    error = refused.value
    assert (error.status, error.error_code) == (401, "invalid_client")
    text = str(error)
    assert text.startswith("Sinch API 401 invalid_client on POST /oauth2/token: the Sinch auth server at ")
    assert "refused access key 'someone-else'" in text
    assert "Check the key id and key secret" in text
    assert "wrong-secret-value" not in text
    assert emulator.stats()["api_requests"] == 0
    assert token_requests(emulator) == 1


def test_token_endpoint_trouble_is_retried(
    client: SinchRcsClient, emulator: EmulatorServer, sleeps: RecordingSleep
) -> None:
    emulator.faults.script("503", operation="oauth2Token")
    emulator.faults.script("drop", operation="oauth2Token")
    assert client.list_senders() == []
    assert token_requests(emulator) == 3
    assert sleeps.delays == [0.5, 1.0]


def test_a_wrong_token_url_is_not_a_missing_sender(
    client_factory: ClientFactory, emulator: EmulatorServer
) -> None:
    client = client_factory(auth_url=f"{emulator.url}/oauth2/wrong")
    with pytest.raises(SinchApiError) as failed:
        client.get_sender("cf11794a-6a5e-4a12-b103-da79bd378bf1")
    assert not isinstance(failed.value, NotFoundError)
    assert failed.value.status == 404
    assert "check the configured auth URL" in str(failed.value)


def test_the_token_answer_must_hold_a_token(emulator: EmulatorServer) -> None:
    # A JSON answer that is not a token answer: the emulator's control endpoint that expires tokens.
    auth = OAuth2ClientCredentials(TEST_KEY_ID, TEST_KEY_SECRET, f"{emulator.url}/_emulator/tokens/expire")
    client = SinchRcsClient(Connection(TEST_PROJECT_ID, auth, base_url=emulator.url), owns_connection=True)
    with client, pytest.raises(TokenResponseError) as raised:
        client.list_senders()
    assert str(raised.value) == (
        f"The Sinch auth server at {emulator.url}/_emulator/tokens/expire answered HTTP 200 without an "
        "access token: access_token is missing. No API request was sent. Check the configured auth URL "
        "(a proxy or a captive portal may be answering in its place)."
    )
    assert emulator.stats()["api_requests"] == 0


@pytest.mark.parametrize("method", ["kerberos", ""])
def test_unknown_auth_method(method: str) -> None:
    with pytest.raises(ValueError, match="auth_method must be 'oauth2' or 'basic'"):
        SinchRcsClient.from_access_key("p", "k", "s", auth_method=method)  # type: ignore[arg-type]


def test_missing_credentials() -> None:
    with pytest.raises(ValueError, match="key id and key secret are both required"):
        SinchRcsClient.from_access_key("p", "k", "")
