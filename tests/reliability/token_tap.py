"""A recording pass-through for the OAuth token endpoint, so that a test knows every token that was issued.

The emulator keeps only digests of the tokens it issues. Pointing the provider's ``sinch:authUrl`` at this
tap (a real local HTTP server) forwards each token request to the emulator unchanged and records the
``access_token`` of every successful answer; the secrets test then searches for those tokens.
"""

from __future__ import annotations

import http.client
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Final
from urllib.parse import urlsplit

FORWARDED_HEADERS: Final = ("Authorization", "Content-Type", "Accept", "User-Agent")


class _TapHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _TapServer

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        headers = {name: value for name in FORWARDED_HEADERS if (value := self.headers.get(name)) is not None}
        status, reply_headers, reply = self.server.forward(body, headers)
        self.send_response(status)
        for name, value in reply_headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tap is plumbing."""


class _TapServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str) -> None:
        super().__init__(("127.0.0.1", 0), _TapHandler)
        parts = urlsplit(upstream)
        if parts.hostname != "127.0.0.1" or parts.port is None:
            raise ValueError(f"the tap forwards to a local emulator only, not {upstream!r}")
        self.upstream_port = parts.port
        self.upstream_path = parts.path or "/"
        self.tokens: list[str] = []
        self.lock = threading.Lock()

    def forward(self, body: bytes, headers: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=30)
        try:
            connection.request("POST", self.upstream_path, body=body, headers=headers)
            response = connection.getresponse()
            reply = response.read()
            status, reply_headers = response.status, response.getheaders()
        finally:
            connection.close()
        if status == 200:
            token = json.loads(reply).get("access_token")
            if isinstance(token, str):
                with self.lock:
                    self.tokens.append(token)
        return status, reply_headers, reply


class TokenTap:
    """``with TokenTap(f"{emulator.url}/oauth2/token") as tap:`` use ``tap.url`` as the auth URL."""

    def __init__(self, upstream: str) -> None:
        self._server = _TapServer(upstream)
        self._thread = threading.Thread(target=self._server.serve_forever, name="token-tap", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/oauth2/token"

    @property
    def tokens(self) -> list[str]:
        """Every access token the upstream issued through the tap, in order."""
        with self._server.lock:
            return list(self._server.tokens)

    def __enter__(self) -> TokenTap:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)
