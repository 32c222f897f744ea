"""Counters for tests and benchmarks: requests per operation, token requests, TCP connections accepted.

Requests are counted per spec ``operationId``; ``short_name`` gives the name people use (``createSender``).
Faults injected are counted by ``emulator.faults.Faults``; ``Emulator.stats()`` joins both.
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
        self._token_requests = 0
        self._connections = 0
        self._control_requests = 0
        self._unrouted_requests = 0

    def api_request(self, operation_id: str) -> None:
        with self._lock:
            self._requests[operation_id] += 1

    def token_request(self) -> None:
        with self._lock:
            self._token_requests += 1

    def connection(self) -> None:
        with self._lock:
            self._connections += 1

    def control_request(self) -> None:
        with self._lock:
            self._control_requests += 1

    def unrouted_request(self) -> None:
        with self._lock:
            self._unrouted_requests += 1

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": dict(sorted(self._requests.items())),
                "api_requests": sum(self._requests.values()),
                "token_requests": self._token_requests,
                "connections": self._connections,
                "control_requests": self._control_requests,
                "unrouted_requests": self._unrouted_requests,
            }

    def reset(self) -> None:
        with self._lock:
            self._requests.clear()
            self._token_requests = 0
            self._connections = 0
            self._control_requests = 0
            self._unrouted_requests = 0
