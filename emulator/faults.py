"""Fault injection: answer some API requests with a failure instead of (or after) handling them.

Kinds: ``429`` (``rbm_too_many_requests`` with ``Retry-After``, ``0`` unless configured; nothing applied),
``503`` (nothing applied), ``drop`` (the connection closes without an answer; nothing applied),
``drop_after`` (the request is applied, then the connection closes: the case a client cannot tell from
``drop``) and ``garbled_after`` (the request is applied, then a 200 with an HTML page comes back, as from a
proxy in the way; only when asked for by name: rate plans use ``DEFAULT_FAULT_KINDS``).

Two sources, scripted first: a queue ("the next matching request gets this fault") for precise tests, and
a rate ("this fraction of matching requests", drawn from a seeded random generator). Both can be limited to
operations (operationId, or its short name such as ``createSender`` or ``createWebhook``) and methods.
Faults never hit the control API, and hit the token endpoint (operation ``oauth2Token``) only when asked.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from emulator.stats import short_name

FAULT_KINDS = ("429", "503", "drop", "drop_after", "garbled_after")
DEFAULT_FAULT_KINDS = ("429", "503", "drop", "drop_after")
TOKEN_OPERATION = "oauth2Token"  # noqa: S105 - an operation name, not a password


@dataclass(frozen=True)
class Fault:
    """The fault chosen for one request."""

    kind: str
    retry_after: str | None = None


@dataclass(frozen=True)
class Rule:
    """Faults of ``kinds`` for the requests it names (every API request when ``operations`` and
    ``methods`` are None; the token endpoint only with ``token_endpoint``)."""

    kinds: tuple[str, ...]
    operations: frozenset[str] | None = None
    methods: frozenset[str] | None = None
    token_endpoint: bool = False
    retry_after: str | None = None

    def names(self, operation_id: str, method: str) -> bool:
        if operation_id == TOKEN_OPERATION and not self.token_endpoint:
            return False
        if self.methods is not None and method.upper() not in self.methods:
            return False
        return self.operations is None or bool({operation_id, short_name(operation_id)} & self.operations)

    def describe(self) -> dict[str, Any]:
        return {
            "kinds": list(self.kinds),
            "operations": None if self.operations is None else sorted(self.operations),
            "methods": None if self.methods is None else sorted(self.methods),
            "token_endpoint": self.token_endpoint,
            "retry_after": self.retry_after,
        }


def comma_list(text: str) -> list[str]:
    """``"429, 503"`` -> ``["429", "503"]``: lists of kinds, operations or methods as text."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _rule(
    kinds: Iterable[str],
    operations: Iterable[str] | None,
    methods: Iterable[str] | None,
    token_endpoint: bool,
    retry_after: int | str | None,
) -> Rule:
    chosen = tuple(kinds)
    unknown = [kind for kind in chosen if kind not in FAULT_KINDS]
    if unknown or not chosen:
        raise ValueError(f"unknown fault kind {unknown or chosen}; use one of {', '.join(FAULT_KINDS)}")
    names = None if operations is None else frozenset(operations)
    return Rule(
        chosen,
        names,
        None if methods is None else frozenset(method.upper() for method in methods),
        token_endpoint or (names is not None and TOKEN_OPERATION in names),
        None if retry_after is None else str(retry_after),
    )


class Faults:
    """The fault plan of one emulator. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rate: tuple[float, Rule, int | None] | None = None
        self._random = random.Random()
        self._queue: list[Rule] = []
        self._counts: Counter[str] = Counter()

    def set(
        self,
        rate: float,
        kinds: Iterable[str] = DEFAULT_FAULT_KINDS,
        *,
        seed: int | None = None,
        operations: Iterable[str] | None = None,
        methods: Iterable[str] | None = None,
        token_endpoint: bool = False,
        retry_after: int | str | None = None,
    ) -> None:
        """Answer ``rate`` (0..1) of matching requests with a fault of one of ``kinds`` (chosen at random)."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"fault rate must lie in 0..1, got {rate}")
        rule = _rule(kinds, operations, methods, token_endpoint, retry_after)
        with self._lock:
            self._rate = (rate, rule, seed)
            self._random = random.Random(seed)

    def script(
        self,
        kind: str,
        *,
        operation: str | None = None,
        method: str | None = None,
        count: int = 1,
        retry_after: int | str | None = None,
    ) -> None:
        """Queue ``count`` faults: each of the next requests matching ``operation``/``method`` gets one."""
        rule = _rule(
            [kind],
            None if operation is None else [operation],
            None if method is None else [method],
            False,
            retry_after,
        )
        with self._lock:
            self._queue.extend([rule] * count)

    def clear(self) -> None:
        """No more faults (the counts stay; ``reset_counts`` clears them)."""
        with self._lock:
            self._rate = None
            self._queue.clear()

    def pick(self, operation_id: str, method: str) -> Fault | None:
        """The fault for this request, if any (and count it)."""
        with self._lock:
            fault = self._pick_locked(operation_id, method)
            if fault is not None:
                self._counts[fault.kind] += 1
            return fault

    def _pick_locked(self, operation_id: str, method: str) -> Fault | None:
        for index, rule in enumerate(self._queue):
            if rule.names(operation_id, method):
                del self._queue[index]
                return Fault(rule.kinds[0], rule.retry_after)
        if self._rate is None:
            return None
        rate, rule, _ = self._rate
        if not rule.names(operation_id, method) or self._random.random() >= rate:
            return None
        return Fault(self._random.choice(rule.kinds), rule.retry_after)

    def counts(self) -> dict[str, int]:
        with self._lock:
            return {kind: self._counts[kind] for kind in FAULT_KINDS}

    def reset_counts(self) -> None:
        with self._lock:
            self._counts.clear()

    def describe(self) -> dict[str, Any]:
        """The current plan, for the control API."""
        with self._lock:
            rate = None
            if self._rate is not None:
                value, rule, seed = self._rate
                rate = {"rate": value, "seed": seed, **rule.describe()}
            return {
                "rate": rate,
                "scripted": [rule.describe() for rule in self._queue],
                "injected": {kind: self._counts[kind] for kind in FAULT_KINDS},
            }
