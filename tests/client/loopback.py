"""Small misbehaving servers on 127.0.0.1 (standard library, one thread per connection) for the client tests.

``LoopbackServer(app)`` calls ``app(exchange)`` for every request; the app answers through the exchange
(``json``, ``text``, ``raw``) or writes whatever bytes it likes to ``exchange.wfile``. Every request is
recorded (``server.seen``). Nothing here talks to any address but loopback.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, BinaryIO
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Seen:
    method: str
    target: str  # as sent: a path, or an absolute URL (to a proxy)
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


class Exchange:
    """One request and the means to answer it."""

    def __init__(self, handler: BaseHTTPRequestHandler, seen: Seen, stopping: threading.Event) -> None:
        self._handler = handler
        self.request = seen
        self.stopping = stopping
        self.wfile: BinaryIO = handler.wfile  # type: ignore[assignment]

    def raw(self, status: int, body: bytes, headers: Mapping[str, str] | None = None) -> None:
        handler = self._handler
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        if not any(name.lower() == "content-length" for name in headers or {}):
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def json(self, status: int, data: Any, headers: Mapping[str, str] | None = None) -> None:
        self.raw(status, json.dumps(data).encode(), {"Content-Type": "application/json", **(headers or {})})

    def hang_up(self) -> None:
        """Close the connection without answering (after the request was read: a lost answer)."""
        self._handler.close_connection = True

    def text(self, status: int, text: str, content_type: str = "text/html; charset=utf-8") -> None:
        charset = content_type.partition("charset=")[2] or "utf-8"
        self.raw(status, text.encode(charset), {"Content-Type": content_type})


App = Callable[[Exchange], None]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms wait for a delayed ACK
    server: _Server

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query))
        seen = Seen(self.command, self.path, parts.path, query, dict(self.headers.items()), body)
        with self.server.lock:
            self.server.seen.append(seen)
        try:
            self.server.app(Exchange(self, seen, self.server.stopping))
        except OSError:
            self.close_connection = True  # the client hung up (as a cut request does)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, app: App, tls: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        self.app = app
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up mid-answer is what several tests do on purpose


class LoopbackServer:
    """``app`` served on ``http://127.0.0.1:<port>`` (``https`` with ``tls``) until ``stop()``."""

    def __init__(self, app: App, tls: ssl.SSLContext | None = None) -> None:
        self._scheme = "http" if tls is None else "https"
        self._server = _Server(app, tls)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01})
        self._thread.daemon = True
        self._thread.start()

    @property
    def url(self) -> str:
        return f"{self._scheme}://127.0.0.1:{self._server.server_address[1]}"

    @property
    def seen(self) -> list[Seen]:
        with self._server.lock:
            return list(self._server.seen)

    def stop(self) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
