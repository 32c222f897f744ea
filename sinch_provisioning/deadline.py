"""An overall deadline for each HTTP request, enforced by shutting its socket down.

``requests``' read timeout bounds each read from the socket, not the request: a server that drips one
header line every few seconds keeps a request alive for as long as it likes. Here every request (one
attempt of a call) gets a deadline; a single watchdog thread shuts the socket of a request still running at
its deadline down, which makes the blocked read return at once, and the transport reports the request as
out of time (see :mod:`sinch_provisioning.transport` for what that means for a create).

How the watchdog finds the socket: :class:`DeadlineAdapter` (an ``HTTPAdapter``) makes urllib3 use
connection classes that register themselves with the current request when it is sent, and pool classes that
unregister a connection when it goes back to the pool, so that a deadline can only ever cut the request it
belongs to, never a later one that reuses the connection. Through a SOCKS proxy urllib3 uses its own
connection classes, and only the read timeout applies.
"""

from __future__ import annotations

import contextlib
import math
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager

_current = threading.local()


class Attempt:
    """One request under a deadline: ``seconds`` from its start (``deadline`` on the monotonic clock)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._finished = False
        self._connections: list[_Watched] = []

    def watch(self, connection: _Watched) -> None:
        """Called by a connection about to carry this request."""
        with connection._sinch_lock:
            connection._sinch_attempt = self
        with self._lock:
            if not self._finished:
                self._connections.append(connection)
            expired = self.expired
        if expired:
            connection._sinch_cut(self)

    def expire(self) -> None:
        """The deadline has passed: cut every connection still carrying this request."""
        with self._lock:
            if self._finished:
                return
            self.expired = True
            connections = list(self._connections)
        for connection in connections:
            connection._sinch_cut(self)

    def finish(self) -> None:
        with self._lock:
            self._finished = True
            self._connections.clear()


class _Watchdog:
    """One daemon thread for all deadlines: wakes at the earliest one, expires what is due."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._active: set[Attempt] = set()
        self._wake_at = math.inf
        self._thread: threading.Thread | None = None

    def arm(self, attempt: Attempt) -> None:
        with self._condition:
            self._active.add(attempt)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="sinch-request-deadlines", daemon=True)
                self._thread.start()
            if attempt.deadline < self._wake_at:
                self._condition.notify()

    def disarm(self, attempt: Attempt) -> None:
        with self._condition:
            self._active.discard(attempt)

    def _run(self) -> None:
        with self._condition:
            while True:
                now = time.monotonic()
                due = [attempt for attempt in self._active if attempt.deadline <= now]
                for attempt in due:
                    self._active.discard(attempt)
                    attempt.expire()
                self._wake_at = min((attempt.deadline for attempt in self._active), default=math.inf)
                self._condition.wait(None if self._wake_at == math.inf else self._wake_at - now)


_WATCHDOG = _Watchdog()


@contextmanager
def deadline(seconds: float) -> Iterator[Attempt]:
    """Run one request (in this thread) under a deadline ``seconds`` from now."""
    attempt = Attempt(seconds)
    previous = getattr(_current, "attempt", None)
    _current.attempt = attempt
    _WATCHDOG.arm(attempt)
    try:
        yield attempt
    finally:
        attempt.finish()
        _WATCHDOG.disarm(attempt)
        _current.attempt = previous


class _Watched:
    """Mixed into urllib3's connection classes: registers with the request in progress in this thread."""

    sock: Any
    _sinch_lock: threading.Lock
    _sinch_attempt: Attempt | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # urllib3's connection class, next in the MRO
        self._sinch_lock = threading.Lock()
        self._sinch_attempt = None

    def request(self, *args: Any, **kwargs: Any) -> None:
        self._sinch_register()
        super().request(*args, **kwargs)  # type: ignore[misc]

    def getresponse(self) -> Any:
        self._sinch_register()  # once more: cuts at once if the deadline passed while connecting
        return super().getresponse()  # type: ignore[misc]

    def _sinch_register(self) -> None:
        attempt: Attempt | None = getattr(_current, "attempt", None)
        if attempt is not None:
            attempt.watch(self)

    def _sinch_release(self) -> None:
        with self._sinch_lock:
            self._sinch_attempt = None

    def _sinch_cut(self, attempt: Attempt) -> None:
        """Shut the socket down if this connection still carries ``attempt``."""
        with self._sinch_lock:
            if self._sinch_attempt is not attempt:
                return
            sock = self.sock
            if sock is None:
                return
            raw = sock if isinstance(sock, socket.socket) else getattr(sock, "socket", None)
            if not isinstance(raw, socket.socket):
                return
            # socket.socket's own shutdown, also for an SSLSocket: it only touches the file descriptor, so
            # the thread blocked reading sees the connection end. OSError: already closed, or detached
            # while TLS was being set up.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(raw, socket.SHUT_RDWR)


class _DeadlineHTTPConnection(_Watched, HTTPConnection):
    pass


class _DeadlineHTTPSConnection(_Watched, HTTPSConnection):
    pass


def _release(connection: object) -> None:
    if isinstance(connection, _Watched):
        connection._sinch_release()


class _DeadlineHTTPPool(HTTPConnectionPool):
    ConnectionCls = _DeadlineHTTPConnection

    def _put_conn(self, conn: Any) -> None:
        _release(conn)
        super()._put_conn(conn)


class _DeadlineHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _DeadlineHTTPSConnection

    def _put_conn(self, conn: Any) -> None:
        _release(conn)
        super()._put_conn(conn)


_POOL_CLASSES: dict[str, type[HTTPConnectionPool]] = {"http": _DeadlineHTTPPool, "https": _DeadlineHTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` whose requests can be cut at their deadline (see the module's docstring)."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOL_CLASSES

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if isinstance(manager, PoolManager) and not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = _POOL_CLASSES
        return manager
