"""The HTTP server and the emulator's Python API (``EmulatorServer``).

The server is the standard library's threading HTTP server with HTTP/1.1 keep-alive (one thread per
connection), handing each request to the emulator's WSGI application (``emulator.wsgi.Application``); chunked
request bodies are decoded by werkzeug. It counts the connections it accepts and closes a connection without
an answer when the application raises ``Dropped``. (werkzeug's own development server closes every
connection after one request, which would hide how many connections a client keeps.)

``EmulatorServer`` (the emulator, served) is what tests, benchmarks and the demo use::

    with EmulatorServer(keys={"key-id": "key-secret"}, validate_responses=True) as server:
        requests.get(f"{server.url}/v1/projects/p/rcs/senders", auth=("key-id", "key-secret"))
        server.faults.script("503", operation="createSender")
        server.stats()["requests"]
"""

from __future__ import annotations

import contextlib
import logging
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import unquote

from werkzeug.serving import DechunkedInput

from emulator import spec
from emulator.app import CONVERSATION_PREFIX, Dropped, Emulator
from emulator.wsgi import Application

log = logging.getLogger("emulator")

STOP_TIMEOUT_SECONDS = 10.0
SHUTDOWN_POLL_SECONDS = 0.02  # how often the accept loop looks for a stop request


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SinchRcsEmulator/2.0"
    server: _HttpServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm and the
        # client's delayed ACK would hold every keep-alive answer back by ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.opened(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.closed(self.connection)

    def handle_one_request(self) -> None:
        self.raw_requestline = self.rfile.readline(65537)
        if not self.raw_requestline or self.server.stopping:
            self.close_connection = True
        elif self.parse_request():
            self._serve()

    def _serve(self) -> None:
        started = time.perf_counter()
        answer: dict[str, Any] = {}

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[..., Any]:
            answer.update(status=status, headers=headers)
            return lambda data: None

        try:
            with self.server.in_flight():
                body = b"".join(self.server.app(self._environ(), start_response))
        except Dropped:
            self.close_connection = True
            log.info('%s "%s %s" dropped', self.client_address[0], self.command, self.path)
            return
        code, _, reason = answer["status"].partition(" ")
        # Logged before answering, so that the line exists by the time the client has its answer.
        elapsed_ms = (time.perf_counter() - started) * 1000
        log.info('%s "%s %s" %s %.1fms', self.client_address[0], self.command, self.path, code, elapsed_ms)
        self.send_response(int(code), reason)
        for name, value in answer["headers"]:
            self.send_header(name, value)
        if int(code) == 413:
            self.close_connection = True  # the body was not read, so the next request cannot be found
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _environ(self) -> dict[str, Any]:
        """The WSGI environ of this request (PEP 3333)."""
        path, _, query = self.path.partition("?")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": self.command,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote(path, encoding="latin-1"),
            "QUERY_STRING": query,
            "RAW_URI": self.path,  # the path as sent (as gunicorn gives it): segments are decoded one by one
            "SERVER_NAME": self.server.server_address[0],
            "SERVER_PORT": str(self.server.server_address[1]),
            "SERVER_PROTOCOL": self.request_version,
            "REMOTE_ADDR": self.client_address[0],
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": self.rfile,
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in self.headers.items():
            key = name.upper().replace("-", "_")
            environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"] = value
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            environ["wsgi.input"] = DechunkedInput(self.rfile)  # type: ignore[arg-type] # a buffered binary file
            environ["wsgi.input_terminated"] = True
        return environ

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Requests are logged by ``_serve`` (with timing, never headers or bodies)."""

    def log_message(self, format: str, *args: Any) -> None:
        log.warning("%s %s", self.client_address[0], format % args)


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], app: Application) -> None:
        self.app = app
        self.stopping = False
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._active = 0
        super().__init__(address, _Handler)

    def opened(self, connection: socket.socket) -> None:
        self.app.emulator.counters.count("connections")
        with self._lock:
            self._connections.add(connection)

    def closed(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.discard(connection)

    @contextlib.contextmanager
    def in_flight(self) -> Any:
        with self._lock:
            self._active += 1
        try:
            yield
        finally:
            with self._lock:
                self._active -= 1
                self._idle.notify_all()

    def close_connections(self, timeout: float) -> None:
        """Let requests being answered finish (up to ``timeout``), then hang up on every open connection."""
        self.stopping = True
        with self._lock:
            self._idle.wait_for(lambda: self._active == 0, timeout=timeout)
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("connection from %s ended with an error", client_address, exc_info=True)


class EmulatorServer(Emulator):
    """The emulator served on ``host``:``port`` (0 picks a free port). Use ``with`` or ``start()``/``stop()``.

    Options are those of ``emulator.app.Emulator``: ``keys`` (key id -> secret; without it any non-empty key
    id and secret are accepted), ``state_file``, ``latency_ms``, ``token_ttl``, ``provisioning_delay``,
    ``launch_delay``, ``channel_delay`` (seconds an app's new RCS credential stays ``PENDING``),
    ``mask_conversation_secrets`` (Conversation API answers give ``""`` for the secrets they hold),
    ``validate_responses``, ``clock`` (e.g. ``emulator.clock.ManualClock``, to move time by hand),
    ``webhook_attempts``, ``webhook_retry_delay`` and ``webhook_timeout``. Its Python control API
    (``faults``, ``stats()``, ``senders()``, ``apps()``, ``inject_inbound()``, ``deliveries()``...) is the
    ``Emulator``'s. The Provisioning API is at ``url``, the Conversation API at ``conversation_url``.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, **options: Any) -> None:
        super().__init__(**options)
        self._application = Application(self)
        self.host = host
        self._requested_port = port
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"EmulatorServer({self.url if self._httpd is not None else 'not started'})"

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """The emulator as a WSGI application (``emulator.wsgi.Application``), served or not."""
        return self._application(environ, start_response)

    def start(self) -> EmulatorServer:  # type: ignore[override] # also gives the running server
        if self._httpd is not None:
            raise RuntimeError("the emulator is already running")
        spec.warm_up()
        self._httpd = _HttpServer((self.host, self._requested_port), self._application)
        super().start()
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS},
            name="emulator-http",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        httpd.shutdown()
        httpd.server_close()
        httpd.close_connections(STOP_TIMEOUT_SECONDS)
        thread.join(STOP_TIMEOUT_SECONDS)
        super().stop()
        self._httpd = self._thread = None

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the emulator is not running")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:43121`` (API paths start with ``/v1/projects/...``)."""
        return f"http://{self.host}:{self.port}"

    @property
    def conversation_url(self) -> str:
        """The Conversation API's base URL template, ``http://127.0.0.1:PORT/conversation/{region}`` (expand
        ``{region}`` with ``eu``, ``us`` or ``br``; API paths then start with ``/v1/projects/...``)."""
        return f"{self.url}/{CONVERSATION_PREFIX}/{{region}}"
