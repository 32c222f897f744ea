"""Proxy and CA settings from the environment: honoured, and read once, when the connection is made.

A loopback forwarding proxy stands for a corporate proxy; a loopback TLS server with a certificate made
for the test stands for a server whose CA is only in ``REQUESTS_CA_BUNDLE``.
"""

from __future__ import annotations

import http.client
import shutil
import ssl
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests.utils

from emulator.server import EmulatorServer
from sinch_provisioning.errors import SinchConnectionError
from sinch_provisioning.transport import new_session
from tests.client.conftest import ClientFactory, ServeFactory
from tests.client.loopback import Exchange, LoopbackServer
from tests.client.support import token_requests

PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def forward(exchange: Exchange) -> None:
    """A plain-http forwarding proxy: the request target is the absolute URL to fetch."""
    target = urlsplit(exchange.request.target)
    assert target.hostname == "127.0.0.1"  # never anywhere but loopback
    upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
    headers = {
        name: value
        for name, value in exchange.request.headers.items()
        if name.lower() not in ("proxy-connection", "connection", "host")
    }
    path = target.path + (f"?{target.query}" if target.query else "")
    upstream.request(exchange.request.method, path, body=exchange.request.body or None, headers=headers)
    answer = upstream.getresponse()
    body = answer.read()
    kept = {
        name: value
        for name, value in answer.getheaders()
        if name.lower() not in ("transfer-encoding", "connection", "content-length")
    }
    upstream.close()
    exchange.raw(answer.status, body, kept)


def test_a_proxy_in_the_environment_is_used(
    monkeypatch: pytest.MonkeyPatch,
    serve: ServeFactory,
    client_factory: ClientFactory,
    emulator: EmulatorServer,
) -> None:
    proxy = serve(forward)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    client = client_factory()
    assert client.list_senders() == []
    assert [seen.target for seen in proxy.seen] == [
        f"{emulator.url}/oauth2/token",
        f"{emulator.url}/v1/projects/{client.project_id}/rcs/senders?pageSize=100",
    ]
    assert token_requests(emulator) == 1


def test_the_environment_is_read_when_the_connection_is_made(
    monkeypatch: pytest.MonkeyPatch, serve: ServeFactory, client_factory: ClientFactory
) -> None:
    proxy = serve(forward)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    behind_proxy = client_factory(auth_method="basic")
    monkeypatch.delenv("HTTP_PROXY")
    direct = client_factory(auth_method="basic")
    behind_proxy.list_senders()
    direct.list_senders()
    behind_proxy.list_senders()
    assert len(proxy.seen) == 2  # the first client's two calls; the second client never used the proxy


def test_no_proxy_is_honoured(
    monkeypatch: pytest.MonkeyPatch, serve: ServeFactory, client_factory: ClientFactory
) -> None:
    proxy = serve(forward)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    client_factory(auth_method="basic").list_senders()
    assert proxy.seen == []


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_server(certificate: tuple[Path, Path], serve: ServeFactory) -> LoopbackServer:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    sender = {
        "id": "s1",
        "state": "IN_TEST",
        "region": "EU",
        "billingCategory": "CONVERSATIONAL",
        "useCase": "OTP",
    }
    return serve(lambda exchange: exchange.json(200, sender), tls=context)


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_a_ca_bundle_in_the_environment_is_used(
    monkeypatch: pytest.MonkeyPatch,
    certificate: tuple[Path, Path],
    tls_server: LoopbackServer,
    loopback_client: ClientFactory,
    variable: str,
) -> None:
    untrusting = loopback_client(tls_server.url)
    monkeypatch.setenv(variable, str(certificate[0]))
    trusting = loopback_client(tls_server.url)
    assert trusting.get_sender("s1")["id"] == "s1"
    with pytest.raises(SinchConnectionError, match="TLS failed"):
        untrusting.get_sender("s1")


@pytest.mark.parametrize("trust_env", [False, True], ids=["trust_env off", "trust_env on"])
def test_a_sessions_own_ca_bundle_wins_over_the_environments(
    monkeypatch: pytest.MonkeyPatch,
    certificate: tuple[Path, Path],
    tls_server: LoopbackServer,
    loopback_client: ClientFactory,
    trust_env: bool,
) -> None:
    """A caller's session whose ``verify`` names a corporate CA file keeps it, even where the environment
    names another bundle (here the default one, which does not hold the test's CA)."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", requests.utils.DEFAULT_CA_BUNDLE_PATH)
    with new_session(2, "test") as session:
        session.trust_env = trust_env
        session.verify = str(certificate[0])
        assert loopback_client(tls_server.url, session=session).get_sender("s1")["id"] == "s1"
    with pytest.raises(SinchConnectionError, match="TLS failed"):
        loopback_client(tls_server.url).get_sender("s1")  # the client's own session: the environment's


def test_a_ca_bundle_that_does_not_exist_is_named_when_the_connection_is_made(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, loopback_client: ClientFactory
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "missing.pem"))
    with pytest.raises(ValueError, match="REQUESTS_CA_BUNDLE names a CA bundle that does not exist"):
        loopback_client("https://127.0.0.1:9")
