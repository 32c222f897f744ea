"""Counters for tests and benchmarks: requests and CPU time per operation, token requests, connections.

Requests are counted per spec ``operationId``; ``short_name`` gives the name people use (``createSender``).
``cpu_seconds`` is the CPU time the emulator's own thread spent answering each operation's requests
(``time.thread_time()`` from the request reaching the application to its answer being ready: reading the
body, routing, authentication, validation, the handler, the state file and, in strict mode, the response
check; not the configured latency, a sleep, nor the HTTP parsing and socket writes around the application),
so ``cpu_seconds[op] / requests[op]`` is the emulator's cost of one request.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any


def short_name(operation_id: str) -> str:
    """``RcsSendersController_createSender_v1`` -> ``createSender``; any other name stays as it is."""
    parts = operation_id.split("_")
    return parts[1] if len(parts) == 3 else operation_id


class Stats:
    """Thread-safe counters; ``reset()`` starts them again from zero."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: Counter[str] = Counter()
        self._cpu: dict[str, float] = {}
        self._other: Counter[str] = Counter()

    def api_request(self, operation_id: str, cpu_seconds: float) -> None:
        with self._lock:
            self._requests[operation_id] += 1
            self._cpu[operation_id] = self._cpu.get(operation_id, 0.0) + cpu_seconds

    def count(self, what: str) -> None:
        """``token_requests``, ``connections``, ``control_requests`` or ``unrouted_requests``."""
        with self._lock:
            self._other[what] += 1

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": dict(sorted(self._requests.items())),
                "api_requests": sum(self._requests.values()),
                "cpu_seconds": {name: round(seconds, 6) for name, seconds in sorted(self._cpu.items())},
                **{
                    name: self._other[name]
                    for name in ("token_requests", "connections", "control_requests", "unrouted_requests")
                },
            }

    def reset(self) -> None:
        with self._lock:
            self._requests.clear()
            self._cpu.clear()
            self._other.clear()
