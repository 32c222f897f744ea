"""Fault injection: answer some API requests with a failure instead of (or after) handling them.

Kinds:

- ``429``: 429 ``rbm_too_many_requests`` with ``Retry-After`` (``0`` unless configured); nothing applied.
- ``503``: 503 with the error body (``service_unavailable``), as a gateway in trouble; nothing applied.
- ``drop``: the connection is closed without an answer; nothing applied.
- ``drop_after``: the request is applied, then the connection is closed without an answer (the case a
  client cannot tell from ``drop``).
- ``garbled_after``: the request is applied, then a 200 with an HTML page comes back instead of the API's
  answer (a proxy or gateway in the way). Not in the default mix (``DEFAULT_FAULT_KINDS``): ask for it.

Two sources, scripted first: a queue ("the next matching request gets this fault") for precise tests,
and a rate ("this fraction of matching requests", drawn from a seeded random generator). Both can be
limited to some operations (operationId, or its short name such as ``createSender``) and methods.
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
# What a rate rule and the command line use unless told otherwise: the failures an API client must expect.
DEFAULT_FAULT_KINDS = ("429", "503", "drop", "drop_after")
TOKEN_OPERATION = "oauth2Token"  # noqa: S105 - an operation name, not a password


@dataclass(frozen=True)
class Fault:
    """The fault chosen for one request."""

    kind: str
    retry_after: str | None = None


@dataclass(frozen=True)
class _Target:
    operations: frozenset[str] | None
    methods: frozenset[str] | None
    token_endpoint: bool

    def matches(self, operation_id: str, method: str) -> bool:
        if operation_id == TOKEN_OPERATION and not self.token_endpoint:
            return False
        if self.methods is not None and method.upper() not in self.methods:
            return False
        return self.operations is None or any(_names(wanted, operation_id) for wanted in self.operations)

    def describe(self) -> dict[str, Any]:
        return {
            "operations": None if self.operations is None else sorted(self.operations),
            "methods": None if self.methods is None else sorted(self.methods),
            "token_endpoint": self.token_endpoint,
        }


@dataclass(frozen=True)
class _RateRule:
    rate: float
    kinds: tuple[str, ...]
    target: _Target
    retry_after: str | None
    seed: int | None


@dataclass(frozen=True)
class _Scripted:
    fault: Fault
    target: _Target


def _names(wanted: str, operation_id: str) -> bool:
    """``createSender`` names ``RcsSendersController_createSender_v1``; the full id names itself."""
    return wanted in (operation_id, short_name(operation_id))


def comma_list(text: str) -> list[str]:
    """``"429, 503"`` -> ``["429", "503"]``: lists of kinds, operations or methods as text."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _check_kind(kind: str) -> str:
    if kind not in FAULT_KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; use one of {', '.join(FAULT_KINDS)}")
    return kind


def _target(operations: Iterable[str] | None, methods: Iterable[str] | None, token_endpoint: bool) -> _Target:
    ops = frozenset(operations) if operations is not None else None
    wants_token = token_endpoint or (ops is not None and TOKEN_OPERATION in ops)
    return _Target(ops, frozenset(m.upper() for m in methods) if methods is not None else None, wants_token)


class Faults:
    """The fault plan of one emulator. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rule: _RateRule | None = None
        self._random = random.Random()
        self._queue: list[_Scripted] = []
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
        chosen = tuple(_check_kind(kind) for kind in kinds)
        if not chosen:
            raise ValueError("give at least one fault kind")
        rule = _RateRule(
            rate,
            chosen,
            _target(operations, methods, token_endpoint),
            None if retry_after is None else str(retry_after),
            seed,
        )
        with self._lock:
            self._rule = rule
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
        fault = Fault(_check_kind(kind), None if retry_after is None else str(retry_after))
        target = _target(
            None if operation is None else [operation], None if method is None else [method], False
        )
        with self._lock:
            self._queue.extend(_Scripted(fault, target) for _ in range(count))

    def clear(self) -> None:
        """No more faults (the counts stay; ``reset_counts`` clears them)."""
        with self._lock:
            self._rule = None
            self._queue.clear()

    def pick(self, operation_id: str, method: str) -> Fault | None:
        """The fault for this request, if any (and count it)."""
        with self._lock:
            fault = self._pick_locked(operation_id, method)
            if fault is not None:
                self._counts[fault.kind] += 1
            return fault

    def _pick_locked(self, operation_id: str, method: str) -> Fault | None:
        for index, scripted in enumerate(self._queue):
            if scripted.target.matches(operation_id, method):
                del self._queue[index]
                return scripted.fault
        rule = self._rule
        if rule is None or not rule.target.matches(operation_id, method):
            return None
        if self._random.random() >= rule.rate:
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
            rule = None
            if self._rule is not None:
                rule = {
                    "rate": self._rule.rate,
                    "kinds": list(self._rule.kinds),
                    "seed": self._rule.seed,
                    "retry_after": self._rule.retry_after,
                    **self._rule.target.describe(),
                }
            return {
                "rate": rule,
                "scripted": [
                    {"kind": item.fault.kind, "retry_after": item.fault.retry_after, **item.target.describe()}
                    for item in self._queue
                ],
                "injected": {kind: self._counts[kind] for kind in FAULT_KINDS},
            }
