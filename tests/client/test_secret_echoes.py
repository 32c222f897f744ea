"""A server that echoes the client's secrets back, in every encoding a server or proxy is likely to use.

The key secret, the Basic value, the bearer token and a secret a resource client registered are echoed
into an error body (JSON, or an HTML page) and into a 200 HTML page; no error text may show any of them.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from urllib.parse import quote, quote_plus

import pytest

from sinch_provisioning.errors import SinchError
from sinch_provisioning.scrub import REDACTED
from tests.client.conftest import ClientFactory, ServeFactory
from tests.client.loopback import Exchange
from tests.conftest import TEST_KEY_ID

KEY_SECRET = 'sécret "quoted" \\ back/slash +plus ключ-42'
TOKEN = "tok.en/with+odd=chars-éè"
WEBHOOK_SECRET = 'whsec ünïcode/\\"x'


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


ENCODINGS: dict[str, Callable[[str], str]] = {
    "raw": lambda secret: secret,
    "json-escaped": lambda secret: json.dumps(secret)[1:-1],
    "json-escaped-utf8": lambda secret: json.dumps(secret, ensure_ascii=False)[1:-1],
    "json-slashes": lambda secret: json.dumps(secret)[1:-1].replace("/", "\\/"),
    "percent": lambda secret: quote(secret, safe=""),
    "percent-lowercase": lambda secret: re.sub(
        "%[0-9A-F]{2}", lambda hex_: hex_.group().lower(), quote(secret, safe="")
    ),
    "form-plus": quote_plus,
    "base64": _b64,
    "base64-unpadded": lambda secret: _b64(secret).rstrip("="),
    "base64-urlsafe": lambda secret: base64.urlsafe_b64encode(secret.encode()).decode(),
}


def echoed_secrets(exchange: Exchange) -> list[str]:
    """What this request held: the key secret, its credential (Basic value or token), a registered one."""
    credential = exchange.request.headers.get("Authorization", "").partition(" ")[2]
    return [KEY_SECRET, credential, WEBHOOK_SECRET]


def echo_server(mode: str, encoding: str) -> Callable[[Exchange], None]:
    encode = ENCODINGS[encoding]

    def app(exchange: Exchange) -> None:
        if exchange.request.path == "/oauth2/token":
            exchange.json(200, {"access_token": TOKEN, "token_type": "bearer", "expires_in": 3600})
            return
        echoes = " | ".join(encode(secret) for secret in echoed_secrets(exchange))
        if mode == "json-error":
            exchange.json(400, {"errorCode": "bad", "message": f"refused {echoes}", "resolution": echoes})
        elif mode == "html-error":
            exchange.text(400, f"<p>refused {echoes}</p>")
        elif mode == "html-page":
            exchange.text(200, f"<p>hello {echoes}</p>")
        else:  # a page whose declared charset is wrong: the UTF-8 bytes are read as Latin-1
            exchange.raw(
                200, f"<p>hello {echoes}</p>".encode(), {"Content-Type": "text/html; charset=latin-1"}
            )

    return app


def forms_of(secret: str) -> list[str]:
    forms = [encode(secret) for encode in ENCODINGS.values()]
    forms.append(secret.encode().decode("latin-1"))
    return forms


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("mode", ["json-error", "html-error", "html-page", "latin-1-page"])
@pytest.mark.parametrize("auth_method", ["basic", "oauth2"])
def test_no_form_of_a_secret_survives_in_an_error(
    serve: ServeFactory, loopback_client: ClientFactory, encoding: str, mode: str, auth_method: str
) -> None:
    server = serve(echo_server(mode, encoding))
    client = loopback_client(server.url, auth_method=auth_method, key_secret=KEY_SECRET)
    client.connection.register_secret(WEBHOOK_SECRET)
    with pytest.raises(SinchError) as raised:
        client.get_sender("cf11794a-6a5e-4a12-b103-da79bd378bf1")
    text = f"{raised.value}\n{raised.value!r}"
    assert REDACTED in text  # the echo is there, as redacted
    basic = _b64(f"{TEST_KEY_ID}:{KEY_SECRET}")
    secrets = [KEY_SECRET, basic, WEBHOOK_SECRET] + ([TOKEN] if auth_method == "oauth2" else [])
    leaks = [form for secret in secrets for form in forms_of(secret) if form in text]
    assert leaks == []
    for fragment in ("sécret", "ключ", "ünïcode", "with+odd"):
        assert fragment not in text


def test_a_short_secret_is_redacted_where_it_stands_alone_only(
    serve: ServeFactory, loopback_client: ClientFactory
) -> None:
    server = serve(lambda exchange: exchange.text(400, "<p>secret k3y! refused; see monk3y!s and k3y!x</p>"))
    client = loopback_client(server.url, key_secret="k3y!")
    with pytest.raises(SinchError) as raised:
        client.get_sender("cf11794a-6a5e-4a12-b103-da79bd378bf1")
    assert f"secret {REDACTED} refused; see monk3y!s and k3y!x" in str(raised.value)


def test_a_registered_secret_must_be_a_string(loopback_client: ClientFactory) -> None:
    client = loopback_client("http://127.0.0.1:9")
    with pytest.raises(ValueError, match="non-empty string"):
        client.connection.register_secret("")
