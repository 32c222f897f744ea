"""A loopback proxy in front of the emulator that can misbehave on cue, as a proxy or a broken server would.

``Proxy(emulator.url)`` forwards every request unchanged (``proxy.url`` is the base URL to configure).
``proxy.rewrite("GET", r"/rcs/senders/[^/]+$", body=b"{}")`` answers the next matching request with that
body instead, after forwarding it (so the emulator applies it) unless ``forward=False``. ``proxy.answers``
lists every (method, path, status, body) the proxy sent back, for tests that look for what crossed it.
"""

from __future__ import annotations

import http.client
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Final, Self
from urllib.parse import urlsplit

FORWARDED_HEADERS: Final = ("Authorization", "Content-Type", "Accept", "User-Agent")


@dataclass
class Rewrite:
    method: str
    path: re.Pattern[str]
    status: int
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...]
    forward: bool
    times: int


@dataclass(frozen=True)
class Answer:
    method: str
    path: str
    status: int
    body: bytes


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        headers = {name: value for name in FORWARDED_HEADERS if (value := self.headers.get(name)) is not None}
        status, reply_headers, reply = self.server.answer(self.command, self.path, body, headers)
        self.send_response(status)
        for name, value in reply_headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def do_GET(self) -> None:
        self._any()

    def do_POST(self) -> None:
        self._any()

    def do_PUT(self) -> None:
        self._any()

    def do_PATCH(self) -> None:
        self._any()

    def do_DELETE(self) -> None:
        self._any()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the proxy is plumbing."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        parts = urlsplit(upstream)
        if parts.hostname != "127.0.0.1" or parts.port is None:
            raise ValueError(f"the proxy forwards to a local emulator only, not {upstream!r}")
        self.upstream_port = parts.port
        self.lock = threading.Lock()
        self.rewrites: list[Rewrite] = []
        self.answers: list[Answer] = []

    def answer(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        rewrite = self._take(method, urlsplit(path).path)
        if rewrite is None or rewrite.forward:
            status, reply_headers, reply = self._forward(method, path, body, headers)
        if rewrite is not None:
            status, reply = rewrite.status, rewrite.body
            reply_headers = [("Content-Type", rewrite.content_type), *rewrite.headers]
        with self.lock:
            self.answers.append(Answer(method, path, status, reply))
        return status, reply_headers, reply

    def _take(self, method: str, path: str) -> Rewrite | None:
        with self.lock:
            for rewrite in self.rewrites:
                if rewrite.method == method and rewrite.path.search(path) and rewrite.times:
                    rewrite.times -= 1
                    return rewrite
        return None

    def _forward(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=30)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()


class Proxy:
    """``with Proxy(emulator.url) as proxy:`` configure ``proxy.url`` instead of the emulator's."""

    def __init__(self, upstream: str) -> None:
        self._server = _Server(upstream)
        self._thread = threading.Thread(target=self._server.serve_forever, name="proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def answers(self) -> list[Answer]:
        with self._server.lock:
            return list(self._server.answers)

    def rewrite(
        self,
        method: str,
        path: str,
        *,
        status: int = 200,
        body: bytes = b"{}",
        content_type: str = "application/json",
        headers: tuple[tuple[str, str], ...] = (),
        forward: bool = True,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` requests matching ``method`` and the ``path`` pattern with this."""
        with self._server.lock:
            self._server.rewrites.append(
                Rewrite(method, re.compile(path), status, body, content_type, headers, forward, times)
            )

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)
