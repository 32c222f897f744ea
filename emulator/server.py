"""The HTTP server (standard library, HTTP/1.1 keep-alive, one thread per connection) and its Python API.

``EmulatorServer`` is what tests, benchmarks and the demo use::

    with EmulatorServer(keys={"key-id": "key-secret"}, validate_responses=True) as server:
        requests.get(f"{server.url}/v1/projects/p/rcs/senders", auth=("key-id", "key-secret"))
        server.faults.script("503", operation="createSender")
        server.stats()["requests"]

Everything the emulator does lives in ``emulator.core.Emulator``; this module only moves bytes.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from emulator import errors, questions, routes
from emulator.clock import Clock
from emulator.core import Emulator, Violation
from emulator.faults import Faults
from emulator.spec import openapi
from emulator.wire import Delivery, WireRequest

log = logging.getLogger("emulator")

MAX_BODY_BYTES = 10 * 1024 * 1024
STOP_TIMEOUT_SECONDS = 10.0
# How often the accept loop looks for a stop request: stop() waits up to this long.
SHUTDOWN_POLL_SECONDS = 0.02


class _BodyError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SinchRcsEmulator/1.0"
    server: _HttpServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm and the
        # client's delayed ACK would hold every keep-alive answer back by ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.connection_opened(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.connection_closed(self.connection)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def do_OPTIONS(self) -> None:
        self._serve()

    def _serve(self) -> None:
        started = time.perf_counter()
        if self.server.stopping:
            self.close_connection = True
            return
        try:
            body = self._read_body()
        except _BodyError as error:
            self.send_error(error.status, str(error))
            self.close_connection = True
            return
        request = WireRequest.parse(
            self.command, self.path, dict(self.headers.items()), body, self.client_address[0]
        )
        with self.server.in_flight():
            reply = self.server.emulator.handle(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        if reply.delivery is Delivery.DROP:
            self.close_connection = True
            log.info('%s "%s %s" dropped %.1fms', self.client_address[0], self.command, self.path, elapsed_ms)
            return
        # Logged before answering, so that the line exists by the time the client has its answer.
        log.info(
            '%s "%s %s" %d %.1fms', self.client_address[0], self.command, self.path, reply.status, elapsed_ms
        )
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)
        self.wfile.flush()

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            return b""
        try:
            length = int(length_text)
        except ValueError as error:
            raise _BodyError(400, "Content-Length is not a number") from error
        if length < 0 or length > MAX_BODY_BYTES:
            raise _BodyError(413, f"the body must be at most {MAX_BODY_BYTES} bytes")
        return self.rfile.read(length)

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            size_line = self.rfile.readline(1024).split(b";", 1)[0].strip()
            try:
                size = int(size_line, 16)
            except ValueError as error:
                raise _BodyError(400, "bad chunked encoding") from error
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            total += size
            if total > MAX_BODY_BYTES:
                raise _BodyError(413, f"the body must be at most {MAX_BODY_BYTES} bytes")
            chunks.append(self.rfile.read(size))
            self.rfile.readline(1024)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Requests are logged by ``_serve`` (with timing, without headers)."""

    def log_message(self, format: str, *args: Any) -> None:
        log.warning("%s %s", self.client_address[0], format % args)


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], emulator: Emulator) -> None:
        self.emulator = emulator
        self.stopping = False
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._active = 0
        super().__init__(address, _Handler)

    def connection_opened(self, connection: socket.socket) -> None:
        self.emulator.counters.connection()
        with self._lock:
            self._connections.add(connection)

    def connection_closed(self, connection: socket.socket) -> None:
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
        """Let requests being handled finish (up to ``timeout``), then hang up on every open connection."""
        self.stopping = True
        with self._lock:
            self._idle.wait_for(lambda: self._active == 0, timeout=timeout)
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("connection from %s ended with an error", client_address, exc_info=True)


class EmulatorServer:
    """A running emulator on ``host``:``port`` (0 picks a free port). Use ``with`` or ``start()``/``stop()``.

    ``keys`` maps key ids to secrets; without it any non-empty key id and secret are accepted.
    ``clock`` drives delays and token lifetimes (pass ``emulator.clock.ManualClock`` to move time by hand).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        state_file: str | Path | None = None,
        latency_ms: float = 0.0,
        keys: Mapping[str, str] | None = None,
        token_ttl: float = 3600.0,
        provisioning_delay: float = 0.0,
        launch_delay: float = 0.0,
        validate_responses: bool = False,
        clock: Clock = time.time,
    ) -> None:
        self.host = host
        self._requested_port = port
        self.emulator = Emulator(
            state_file=Path(state_file) if state_file is not None else None,
            latency_ms=latency_ms,
            keys=keys,
            token_ttl=token_ttl,
            provisioning_delay=provisioning_delay,
            launch_delay=launch_delay,
            validate_responses=validate_responses,
            clock=clock,
        )
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        where = self.url if self._httpd is not None else "not started"
        return f"EmulatorServer({where})"

    # --- lifecycle ----------------------------------------------------------------------------------

    def start(self) -> EmulatorServer:
        if self._httpd is not None:
            raise RuntimeError("the emulator is already running")
        _warm_up()
        self._httpd = _HttpServer((self.host, self._requested_port), self.emulator)
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

    # --- the Python control API -----------------------------------------------------------------------

    @property
    def faults(self) -> Faults:
        """The fault plan: ``set(rate, kinds, seed=..., operations=..., methods=...)``, ``script(kind, ...)``,
        ``clear()``."""
        return self.emulator.faults

    @property
    def latency_ms(self) -> float:
        return self.emulator.latency_ms

    @latency_ms.setter
    def latency_ms(self, value: float) -> None:
        if value < 0:
            raise ValueError("latency cannot be negative")
        self.emulator.latency_ms = value

    def stats(self) -> dict[str, Any]:
        """Counters: ``requests`` (per operationId), ``api_requests``, ``token_requests``, ``connections``,
        ``faults`` (per kind)..."""
        return self.emulator.stats()

    def reset_stats(self) -> None:
        self.emulator.reset_stats()

    def expire_tokens(self) -> int:
        """Expire every OAuth token issued (API calls with one then get 401). Returns how many were valid."""
        return self.emulator.expire_tokens()

    def senders(self, project_id: str) -> list[dict[str, Any]]:
        """The project's senders as the API would return them (copies; changing them changes nothing)."""
        return self.emulator.senders(project_id)

    def accept_test_number(self, project_id: str, sender_id: str, number: str) -> None:
        """The tester accepts the invite: the number becomes ``VERIFIED``."""
        self.emulator.set_test_number_state(project_id, sender_id, number, "VERIFIED")

    def decline_test_number(self, project_id: str, sender_id: str, number: str) -> None:
        """The tester declines the invite: the number becomes ``DECLINED``."""
        self.emulator.set_test_number_state(project_id, sender_id, number, "DECLINED")

    def link_conversation_app(self, project_id: str, sender_id: str, app_id: str | None) -> None:
        self.emulator.link_conversation_app(project_id, sender_id, app_id)

    def reset(self) -> None:
        """Forget all state: senders, activities, tokens, faults, counters, violations."""
        self.emulator.reset()

    @property
    def request_violations(self) -> list[Violation]:
        """Requests that broke the spec (and were answered 400/401)."""
        return self.emulator.request_violations

    @property
    def response_violations(self) -> list[Violation]:
        """Responses that broke the spec (strict mode only)."""
        return self.emulator.response_violations

    def clear_violations(self) -> None:
        self.emulator.clear_violations()


def _warm_up() -> None:
    """Load the spec and everything read from it now, so that the first request is not slow and a broken
    spec fails the start, not a request."""
    openapi()
    routes.routes()
    errors.catalogue()
    questions.section_questions("general")
