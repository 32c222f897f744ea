"""Fixtures of the client tests: clients pointed at the emulator or at small loopback servers, with a
recording (never sleeping) sleep."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from emulator.server import EmulatorServer
from sinch_provisioning.rcs_senders import SinchRcsClient
from sinch_provisioning.retry import RetryPolicy
from tests.client.loopback import App, LoopbackServer
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID


class RecordingSleep:
    """Stands in for ``time.sleep``: remembers every requested delay and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


ClientFactory = Callable[..., SinchRcsClient]


@pytest.fixture
def sleeps() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
def client_factory(emulator: EmulatorServer, sleeps: RecordingSleep) -> Iterator[ClientFactory]:
    """``make(**options)``: a client for the ``emulator`` fixture's server (OAuth2 by default).

    Options are ``SinchRcsClient.from_access_key`` keyword arguments, plus ``server`` (another emulator),
    ``key_id``/``key_secret`` and ``project_id``. The retry policy draws the top of each jitter range
    (``random() == 1``) and sleeps into ``sleeps`` unless ``retry`` is given.
    """
    made: list[SinchRcsClient] = []

    def make(**options: Any) -> SinchRcsClient:
        server: EmulatorServer = options.pop("server", emulator)
        options.setdefault("base_url", server.url)
        options.setdefault("auth_url", f"{server.url}/oauth2/token")
        options.setdefault("retry", RetryPolicy(sleep=sleeps, random=lambda: 1.0))
        client = SinchRcsClient.from_access_key(
            options.pop("project_id", TEST_PROJECT_ID),
            options.pop("key_id", TEST_KEY_ID),
            options.pop("key_secret", TEST_KEY_SECRET),
            **options,
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def client(client_factory: ClientFactory) -> SinchRcsClient:
    return client_factory()


ServeFactory = Callable[..., LoopbackServer]


@pytest.fixture
def serve() -> Iterator[ServeFactory]:
    """``serve(app)``: a :class:`~tests.client.loopback.LoopbackServer` stopped after the test."""
    started: list[LoopbackServer] = []

    def start(app: App, tls: ssl.SSLContext | None = None) -> LoopbackServer:
        server = LoopbackServer(app, tls)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def loopback_client(sleeps: RecordingSleep) -> Iterator[ClientFactory]:
    """``make(url, **options)``: a Basic-auth client for a loopback server (no token endpoint needed);
    options as for ``client_factory`` (``auth_method="oauth2"`` uses ``{url}/oauth2/token``)."""
    made: list[SinchRcsClient] = []

    def make(url: str, **options: Any) -> SinchRcsClient:
        options.setdefault("auth_method", "basic")
        options.setdefault("auth_url", f"{url}/oauth2/token")
        options.setdefault("retry", RetryPolicy(sleep=sleeps, random=lambda: 1.0))
        client = SinchRcsClient.from_access_key(
            options.pop("project_id", TEST_PROJECT_ID),
            options.pop("key_id", TEST_KEY_ID),
            options.pop("key_secret", TEST_KEY_SECRET),
            base_url=url,
            **options,
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
