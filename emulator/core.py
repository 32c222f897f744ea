"""The emulator without sockets: from a ``WireRequest`` to a ``WireReply``.

For an API request, in order: route it by the spec's paths (unknown path 404, missing method 405), count
it, wait the configured latency (outside the store lock), maybe inject a fault, authenticate (401),
validate it against the spec (400), run the operation's handler under the store lock, and in strict mode
validate the reply against the spec. ``/oauth2/token`` and the control API (``/_emulator/...``) are
answered here too.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from emulator import control, routes, validation
from emulator.auth import TOKEN_PATH, Authenticator
from emulator.clock import Clock
from emulator.errors import ApiError
from emulator.faults import TOKEN_OPERATION, Fault, Faults
from emulator.handlers import HANDLERS, Call, Settings, find_sender, project_senders
from emulator.stats import Stats
from emulator.store import Store
from emulator.wire import WireReply, WireRequest

log = logging.getLogger("emulator")

CONTROL_PREFIX = "_emulator"


@dataclass(frozen=True)
class Violation:
    """A request or response that broke the spec."""

    method: str
    path: str
    operation_id: str | None
    errors: list[str]
    status: int | None = None  # responses only

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "operationId": self.operation_id,
            "status": self.status,
            "errors": list(self.errors),
        }

    def __str__(self) -> str:
        status = f" -> {self.status}" if self.status is not None else ""
        return f"{self.method} {self.path}{status}: " + "; ".join(self.errors)


@dataclass
class _Violations:
    requests: list[Violation] = field(default_factory=list)
    responses: list[Violation] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Emulator:
    """All behaviour of the emulated Provisioning API. Thread-safe: one instance serves every connection."""

    def __init__(
        self,
        *,
        state_file: Path | None = None,
        latency_ms: float = 0.0,
        keys: Mapping[str, str] | None = None,
        token_ttl: float = 3600.0,
        provisioning_delay: float = 0.0,
        launch_delay: float = 0.0,
        validate_responses: bool = False,
        clock: Clock = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.clock = clock
        self.store = Store(state_file)
        self.auth = Authenticator(keys, token_ttl, clock)
        self.faults = Faults()
        self.counters = Stats()
        self.settings = Settings(provisioning_delay, launch_delay)
        self.latency_ms = latency_ms
        self.validate_responses = validate_responses
        self._sleep = sleep
        self._violations = _Violations()

    # --- the request path ------------------------------------------------------------------------------

    def handle(self, request: WireRequest) -> WireReply:
        segments = request.segments
        if segments[:1] == [CONTROL_PREFIX]:
            self.counters.control_request()
            return control.handle(self, request, segments[1:])
        if request.raw_path.rstrip("/") == TOKEN_PATH:
            return self._token(request)
        match = routes.match(request.method, segments)
        if match is None:
            self.counters.unrouted_request()
            return _error_reply(ApiError("not_found", {"path": [request.raw_path]}))
        if match.operation_id is None:
            self.counters.unrouted_request()
            allowed = ", ".join(match.route.allowed)
            return _error_reply(
                ApiError(
                    "method_not_allowed",
                    {"allowedMethods": list(match.route.allowed)},
                    headers={"Allow": allowed},
                )
            )
        operation_id = match.operation_id
        self.counters.api_request(operation_id)
        if self.latency_ms > 0:
            self._sleep(self.latency_ms / 1000.0)
        return self._with_fault(
            operation_id, request.method, lambda: self._answer(request, operation_id, match.params)
        )

    def _token(self, request: WireRequest) -> WireReply:
        self.counters.token_request()
        return self._with_fault(TOKEN_OPERATION, request.method, lambda: self.auth.token_endpoint(request))

    def _with_fault(self, operation_id: str, method: str, answer: Callable[[], WireReply]) -> WireReply:
        """``answer()``, unless a fault is due: then the fault's reply, or for ``drop_after`` and
        ``garbled_after`` the request applied (``answer()``) and the answer lost (dropped, or replaced by an
        HTML page), so that the client never hears of it."""
        fault = self.faults.pick(operation_id, method)
        if fault is None:
            return answer()
        if fault.kind == "drop_after":
            answer()
            return WireReply.dropped()
        if fault.kind == "garbled_after":
            answer()
            return WireReply(200, _GATEWAY_PAGE, {"Content-Type": "text/html; charset=utf-8"})
        return _fault_reply(fault)

    def _answer(self, request: WireRequest, operation_id: str, params: Mapping[str, str]) -> WireReply:
        reply = self._process(request, operation_id, params)
        if self.validate_responses:
            self._check_reply(request, operation_id, reply)
        return reply

    def _process(self, request: WireRequest, operation_id: str, params: Mapping[str, str]) -> WireReply:
        try:
            self.auth.authenticate(request)
            check = validation.check_request(request)
            if not check.ok:
                self._record(
                    self._violations.requests,
                    Violation(request.method, request.raw_path, operation_id, check.describe()),
                )
                raise validation.request_error(check.errors)
            body = validation.parse_json_body(request.body) if routes.takes_body(operation_id) else None
            with self.store.session() as session:
                call = Call(operation_id, params, check.query, body, self.clock(), self.settings, session)
                return HANDLERS[operation_id](call)
        except ApiError as error:
            return _error_reply(error)
        except Exception:  # process boundary: any bug becomes the API's 500, with the traceback in the log
            log.exception("internal error in %s %s", request.method, request.raw_path)
            return _error_reply(ApiError("internal_error"))

    def _check_reply(self, request: WireRequest, operation_id: str, reply: WireReply) -> None:
        errors = validation.check_response(request, reply)
        if errors:
            violation = Violation(request.method, request.raw_path, operation_id, errors, reply.status)
            log.error("response violates the spec: %s", violation)
            self._record(self._violations.responses, violation)

    def _record(self, into: list[Violation], violation: Violation) -> None:
        with self._violations.lock:
            into.append(violation)

    # --- the Python/control API ----------------------------------------------------------------------

    @property
    def request_violations(self) -> list[Violation]:
        with self._violations.lock:
            return list(self._violations.requests)

    @property
    def response_violations(self) -> list[Violation]:
        with self._violations.lock:
            return list(self._violations.responses)

    def clear_violations(self) -> None:
        with self._violations.lock:
            self._violations.requests.clear()
            self._violations.responses.clear()

    def stats(self) -> dict[str, Any]:
        return {**self.counters.snapshot(), "faults": self.faults.counts()}

    def reset_stats(self) -> None:
        self.counters.reset()
        self.faults.reset_counts()

    def expire_tokens(self) -> int:
        return self.auth.expire_all()

    def senders(self, project_id: str) -> list[dict[str, Any]]:
        """Every sender of a project as the API would return it (fresh copies), in creation order."""
        with self.store.session() as session:
            return [sender.render() for sender in project_senders(session, project_id, self.clock())]

    def set_test_number_state(
        self, project_id: str, sender_id: str, number: str, state: str = "VERIFIED"
    ) -> None:
        """What the tester's phone does: accept (``VERIFIED``) or decline (``DECLINED``) an invite."""
        if state not in ("VERIFIED", "DECLINED"):
            raise ValueError(f"a tester can only accept (VERIFIED) or decline (DECLINED), not {state!r}")
        now = self.clock()
        with self.store.session() as session:
            sender = find_sender(session, project_id, sender_id, now)
            tester = sender.testers.get(number)
            tester.state = state
            verb = "accepted" if state == "VERIFIED" else "declined"
            sender.record("EDITED", now, f"Tester {number} {verb} the invite.")
            session.changed()

    def link_conversation_app(self, project_id: str, sender_id: str, app_id: str | None) -> None:
        """Link (or unlink, with None) a Conversation API app, as done outside the RCS API."""
        now = self.clock()
        with self.store.session() as session:
            sender = find_sender(session, project_id, sender_id, now)
            sender.conversation_app_id = app_id
            session.changed()

    def reset(self) -> None:
        """Forget everything: senders, activities, tokens, faults, counters and violations."""
        with self.store.session() as session:
            session.clear()
        self.auth.forget_tokens()
        self.faults.clear()
        self.reset_stats()
        self.clear_violations()


def _error_reply(error: ApiError) -> WireReply:
    return WireReply.json(error.http_status, error.body(), error.headers)


_GATEWAY_PAGE = b"<html><body><h1>200 OK</h1><p>Request accepted by the gateway.</p></body></html>"


def _fault_reply(fault: Fault) -> WireReply:
    if fault.kind == "drop":
        return WireReply.dropped()
    if fault.kind == "429":
        retry_after = fault.retry_after if fault.retry_after is not None else "0"
        return _error_reply(ApiError("rbm_too_many_requests", headers={"Retry-After": retry_after}))
    headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
    return _error_reply(ApiError("service_unavailable", headers=headers))
