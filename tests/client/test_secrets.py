"""Secrets (key secret, Basic credentials, bearer tokens, a sender's authToken) stay out of every text."""

from __future__ import annotations

import base64
import logging
import pickle
from collections.abc import Callable

import pytest

from emulator.server import EmulatorServer
from sinch_provisioning.auth import BasicAuth, OAuth2ClientCredentials
from sinch_provisioning.connection import Connection
from sinch_provisioning.errors import SinchError
from sinch_provisioning.rcs_senders import SinchRcsClient
from tests.client.conftest import ClientFactory
from tests.client.support import NUMBER, minimal_sender
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET

BASIC = base64.b64encode(f"{TEST_KEY_ID}:{TEST_KEY_SECRET}".encode()).decode()


def _texts_of(error: BaseException) -> list[str]:
    texts = [str(error), repr(error)]
    cause = error.__cause__
    if cause is not None:
        texts += [str(cause), repr(cause)]
    return texts


def test_nothing_secret_in_logs_errors_or_reprs(
    client: SinchRcsClient,
    client_factory: ClientFactory,
    emulator: EmulatorServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    texts: list[str] = []
    with caplog.at_level(logging.DEBUG):
        sender = client.create_sender(minimal_sender("Acme"))
        emulator.expire_tokens()  # a 401, then a second token
        client.get_sender(sender["id"])
        emulator.faults.script("503", operation="getSender")
        client.get_sender(sender["id"])
        client.add_test_numbers(sender["id"], [NUMBER])
        failing: list[Callable[[], object]] = [
            lambda: client.get_sender("cf11794a-6a5e-4a12-b103-da79bd378bf1"),
            lambda: client.launch_sender(sender["id"]),
            lambda: client_factory(auth_method="basic", key_secret=TEST_KEY_SECRET + "-wrong").list_senders(),
            lambda: client_factory(key_secret=TEST_KEY_SECRET + "-wrong").list_senders(),
        ]
        emulator.faults.script("drop_after", operation="createSender")
        failing.append(lambda: client.create_sender(minimal_sender("Acme")))
        for call in failing:
            with pytest.raises(SinchError) as raised:
                call()
            texts += _texts_of(raised.value)
    secrets = {TEST_KEY_SECRET, BASIC, sender["authToken"], *client.auth.secrets()}
    tokens = [value for value in client.auth.secrets() if value not in (TEST_KEY_SECRET, BASIC)]
    assert len(tokens) == 2  # both tokens of this test are known, so the search below covers them
    texts += [repr(client), repr(client.auth), repr(client.retry)]
    texts += [record.getMessage() for record in caplog.records]
    texts += [repr(record.args) for record in caplog.records]
    assert any(record.name == "sinch.rcs" for record in caplog.records)
    leaks = [(secret, text) for secret in secrets for text in texts if secret in text]
    assert leaks == []


def test_reprs_name_the_key_not_the_secret(emulator: EmulatorServer) -> None:
    oauth = OAuth2ClientCredentials(TEST_KEY_ID, TEST_KEY_SECRET, f"{emulator.url}/oauth2/token")
    client = SinchRcsClient(Connection("proj", oauth, base_url=emulator.url), owns_connection=True)
    assert repr(client) == (
        f"SinchRcsClient(base_url='{emulator.url}', project_id='proj', auth=OAuth2ClientCredentials("
        f"key_id='{TEST_KEY_ID}', token_url='{emulator.url}/oauth2/token'))"
    )
    assert repr(BasicAuth(TEST_KEY_ID, TEST_KEY_SECRET)) == f"BasicAuth(key_id='{TEST_KEY_ID}')"
    client.close()


def test_nothing_holding_credentials_can_be_pickled(client: SinchRcsClient) -> None:
    # A Pulumi provider pickles itself into the stack state: a client kept on it must fail loudly.
    for obj in (client, client.auth, BasicAuth("k", "secret-value")):
        with pytest.raises(TypeError, match="cannot be pickled"):
            pickle.dumps(obj)


@pytest.mark.parametrize(
    "host",
    [
        "provisioning.example.com",
        "10.0.0.5:8787",
        "127.0.0.2:8787",  # loopback by address range, but not one of the three names the docs allow
        "127.1:8787",
        "[::ffff:127.0.0.1]:8787",
        "localhost.example.com",
    ],
)
def test_plain_http_to_another_machine_is_refused(host: str) -> None:
    # It would send the access key (or a bearer token) across a network in clear text.
    refused = "uses plain http to another machine"
    with pytest.raises(ValueError, match=refused):
        SinchRcsClient.from_access_key("p", "k", "s", base_url=f"http://{host}")
    with pytest.raises(ValueError, match=refused):
        SinchRcsClient.from_access_key("p", "k", "s", auth_url=f"http://{host}/oauth2/token")
    with pytest.raises(ValueError, match=refused):
        OAuth2ClientCredentials("k", "s", f"http://{host}/oauth2/token")


@pytest.mark.parametrize("url", ["ftp://example.com", "provisioning.example.com", "https://"])
def test_a_url_must_be_http_or_https_with_a_host(url: str) -> None:
    with pytest.raises(ValueError, match="must be an http\\(s\\) URL"):
        SinchRcsClient.from_access_key("p", "k", "s", base_url=url)
    with pytest.raises(ValueError, match="must be an http\\(s\\) URL"):
        OAuth2ClientCredentials("k", "s", url)


@pytest.mark.parametrize(
    "base_url",
    [
        "https://provisioning.example.com",
        "http://127.0.0.1:8787",
        "http://localhost:8787",
        "http://[::1]:8787",
    ],
)
def test_https_or_plain_http_to_this_machine(base_url: str) -> None:
    client = SinchRcsClient.from_access_key("p", "k", "s", base_url=base_url, auth_url=f"{base_url}/token")
    assert client.base_url == base_url
    client.close()
