"""The emulated API (``Emulator``): every API request from routing to answer, and the Python control API.

For an API request, in order: route it by the spec's paths (unknown path 404, missing method 405), wait the
configured latency (outside the store lock), maybe inject a fault, authenticate (401), validate it against
the spec (400), run the operation's handler under the store lock, and in strict mode validate the answer
against the spec. ``/oauth2/token`` is answered here too. The WSGI application in front of it
(``emulator.wsgi``) reads the body and hands ``/_emulator/...`` to the control API (``emulator.control``),
which drives the emulator through the Python control API below.

A ``drop`` fault raises ``Dropped`` out of ``respond``: the HTTP server (``emulator.server``) then closes the
connection without an answer.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from werkzeug.wrappers import Request, Response

from emulator import conversation, rcs, spec, validation, webhook_operations
from emulator.apps import REGIONS
from emulator.auth import TOKEN_PATH, Authenticator
from emulator.clock import Clock
from emulator.delivery import Deliveries
from emulator.errors import ApiError, RpcError
from emulator.events import CONVERSATION, PROVISIONING, Event, Subscriber
from emulator.faults import TOKEN_OPERATION, Faults
from emulator.ids import Ulids
from emulator.operations import Call, Reply, Settings
from emulator.responses import error_response, json_response
from emulator.stats import Stats
from emulator.store import Store

log = logging.getLogger("emulator")

HANDLERS: Mapping[str, Callable[[Call], Reply]] = {
    **rcs.HANDLERS,
    **webhook_operations.HANDLERS,
    **conversation.HANDLERS,
}
CONVERSATION_PREFIX = "conversation"  # /conversation/{region}/v1/projects/...
GATEWAY_PAGE = b"<html><body><h1>200 OK</h1><p>Request accepted by the gateway.</p></body></html>"


class Dropped(Exception):  # noqa: N818 - what happened, not an error
    """Close the connection without answering (the ``drop`` and ``drop_after`` faults)."""


@dataclass(frozen=True)
class Violation:
    """A request, response or webhook event that broke the spec."""

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


class Emulator:
    """All behaviour of the emulated Provisioning API and Conversation API. Thread-safe: one instance serves
    every connection.

    Start and stop its webhook worker with ``start()``/``stop()`` (``EmulatorServer`` does)."""

    def __init__(
        self,
        *,
        state_file: str | Path | None = None,
        latency_ms: float = 0.0,
        keys: Mapping[str, str] | None = None,
        token_ttl: float = 3600.0,
        provisioning_delay: float = 0.0,
        launch_delay: float = 0.0,
        validate_responses: bool = False,
        clock: Clock = time.time,
        webhook_attempts: int = 4,
        webhook_retry_delay: float = 0.5,
        webhook_timeout: float = 5.0,
        sleep: Callable[[float], None] = time.sleep,
        channel_delay: float = 0.0,
        mask_conversation_secrets: bool = False,
    ) -> None:
        self.clock = clock
        self.new_id = Ulids(clock)
        self._deliveries = Deliveries(
            clock,
            attempts=webhook_attempts,
            retry_delay=webhook_retry_delay,
            timeout=webhook_timeout,
            tick=self._apply_due_changes,
            check=self._check_event if validate_responses else None,
        )
        self.store = Store(
            None if state_file is None else Path(state_file), on_events=self._deliveries.submit
        )
        self.auth = Authenticator(keys, token_ttl, clock)
        self.faults = Faults()
        self.counters = Stats()
        self.settings = Settings(provisioning_delay, launch_delay, channel_delay, mask_conversation_secrets)
        self._latency_ms = latency_ms
        self.validate_responses = validate_responses
        self._sleep = sleep
        self._violations_lock = threading.Lock()
        self._request_violations: list[Violation] = []
        self._response_violations: list[Violation] = []

    def start(self) -> None:
        """Start the webhook worker (deliveries, and timed changes nobody reads)."""
        self._deliveries.start()

    def stop(self) -> None:
        self._deliveries.stop()

    # --- the request path ------------------------------------------------------------------------------

    def respond(self, request: Request, body: bytes, segments: tuple[str, ...], started: float) -> Response:
        """The answer to an API or token request (``body`` read, ``segments`` the decoded path segments,
        ``started`` the ``time.thread_time()`` at its arrival, for the CPU counters). The Conversation API
        is served under ``/conversation/{region}``, the Provisioning API at the root."""
        if request.path.rstrip("/") == TOKEN_PATH:
            self.counters.count("token_requests")
            authorization = request.headers.get("Authorization", "")
            return self._with_fault(
                TOKEN_OPERATION,
                request.method,
                spec.RCS,
                lambda: json_response(
                    *self.auth.token_endpoint(request.method, authorization, request.mimetype, body)
                ),
            )
        region, documents = "", tuple(spec.PROVISIONING_DOCUMENTS)
        if segments[:1] == (CONVERSATION_PREFIX,):  # /conversation/{region}/...: only eu, us and br exist
            region, segments, documents = "/".join(segments[1:2]), segments[2:], (spec.CONVERSATION,)
        routable = region in REGIONS or spec.CONVERSATION not in documents
        found = spec.match(request.method, segments, documents) if routable else None
        document = documents[0]
        if found is None:
            self.counters.count("unrouted_requests")
            if not routable:
                where = f"no Conversation API region {region!r} (the hosts are eu, us and br)"
                return error_response(RpcError("NOT_FOUND", where), document)
            return error_response(ApiError("not_found", {"path": [request.path]}), document)
        operation = found.operation
        if operation is None:
            self.counters.count("unrouted_requests")
            allowed = list(found.allowed)
            return error_response(
                ApiError(
                    "method_not_allowed", {"allowedMethods": allowed}, headers={"Allow": ", ".join(allowed)}
                ),
                document,
            )
        try:
            if self._latency_ms > 0:
                self._sleep(self._latency_ms / 1000.0)
            return self._with_fault(
                operation.operation_id,
                request.method,
                operation.document,
                lambda: self._answer(request, body, operation, found.params, region),
            )
        finally:
            self.counters.api_request(operation.operation_id, time.thread_time() - started)

    def _with_fault(
        self, operation_id: str, method: str, document: str, answer: Callable[[], Response]
    ) -> Response:
        """``answer()``, unless a fault is due: then the fault's answer (in the error shape of ``document``'s
        API), or for ``drop_after`` and ``garbled_after`` the request applied (``answer()``) and its answer
        lost (dropped, or replaced by an HTML page), so that the client never hears of it."""
        fault = self.faults.pick(operation_id, method)
        if fault is None:
            return answer()
        if fault.kind in ("drop_after", "garbled_after"):
            answer()
            if fault.kind == "garbled_after":
                return Response(GATEWAY_PAGE, 200, content_type="text/html; charset=utf-8")
        if fault.kind in ("drop", "drop_after"):
            raise Dropped(fault.kind)
        if fault.kind == "429":
            retry_after = fault.retry_after if fault.retry_after is not None else "0"
            return error_response(
                ApiError("rbm_too_many_requests", headers={"Retry-After": retry_after}), document
            )
        headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
        return error_response(ApiError("service_unavailable", headers=headers), document)

    def _answer(
        self,
        request: Request,
        body: bytes,
        operation: spec.Operation,
        params: Mapping[str, str],
        region: str,
    ) -> Response:
        try:
            self.auth.authenticate(request.headers.get("Authorization", ""))
            checked = validation.check_request(
                operation, params, request.args.to_dict(flat=False), request.mimetype, body
            )
            now = self.clock()
            with self.store.session() as session:
                if self.store.is_due(now):
                    conversation.settle_all(session, now)  # senders show the links of due verdicts
                call = Call(
                    params, checked.query, checked.body, now, self.settings, session, region, self.new_id
                )
                status, payload = HANDLERS[operation.operation_id](call)
            response = json_response(status, payload)
        except validation.RequestRefused as refused:
            self._record(
                self._request_violations,
                Violation(request.method, request.path, operation.operation_id, refused.problems),
            )
            error: ApiError | RpcError = refused.error
            if operation.document == spec.CONVERSATION:
                error = RpcError.of(refused.error, refused.problems)
            response = error_response(error, operation.document)
        except (ApiError, RpcError) as refusal:
            response = error_response(refusal, operation.document)
        except Exception:  # the process boundary: a bug becomes the API's 500, its traceback in the log
            log.exception("internal error in %s %s", request.method, request.path)
            response = error_response(ApiError("internal_error"), operation.document)
        if self.validate_responses:
            problems = validation.check_response(
                operation, response.status_code, response.mimetype or "", response.get_data()
            )
            if problems:
                violation = Violation(
                    request.method, request.path, operation.operation_id, problems, response.status_code
                )
                log.error("response violates the spec: %s", violation)
                self._record(self._response_violations, violation)
        return response

    def _check_event(self, event: Event, headers: Mapping[str, str] | None) -> None:
        """Strict mode: a Provisioning event must be as the RCS document's callbacks declare it (the
        Conversation API slice declares no callbacks, so its events are not judged)."""
        if event.api != PROVISIONING:
            return
        callback = spec.callbacks().get(event.type)
        problems = [f"no callback for {event.type} in the spec"] if callback is None else []
        if callback is not None:
            problems += validation.describe(callback.body, json.loads(event.body))
            for name, check in callback.headers.items():
                if headers is not None:
                    problems += validation.describe(check, headers.get(name), f"header {name}")
        if problems:
            violation = Violation("POST", f"webhook event {event.type}", None, problems)
            log.error("webhook event violates the spec: %s", violation)
            self._record(self._response_violations, violation)

    def _apply_due_changes(self) -> None:
        """Timed sender changes and credential verdicts nobody has read yet (their events, and the links
        senders show, must not wait for a read)."""
        now = self.clock()
        if self.store.is_due(now):
            with self.store.session() as session:
                rcs.advance_all(session, now)
                conversation.settle_all(session, now)

    def _record(self, into: list[Violation], violation: Violation) -> None:
        with self._violations_lock:
            into.append(violation)

    # --- the Python control API (the control API's too) -------------------------------------------------

    @property
    def latency_ms(self) -> float:
        """Milliseconds every API request waits before it is handled."""
        return self._latency_ms

    @latency_ms.setter
    def latency_ms(self, value: float) -> None:
        if value < 0:
            raise ValueError("latency cannot be negative")
        self._latency_ms = value

    def stats(self) -> dict[str, Any]:
        """Counters: ``requests`` and ``cpu_seconds`` per operationId, ``api_requests``, ``token_requests``,
        ``connections``, ``control_requests``, ``unrouted_requests``, ``faults`` (per kind)."""
        return {**self.counters.snapshot(), "faults": self.faults.counts()}

    def reset_stats(self) -> None:
        self.counters.reset()
        self.faults.reset_counts()

    def expire_tokens(self) -> int:
        """Expire every OAuth token issued (API calls with one then get 401). Returns how many were valid."""
        return self.auth.expire_all()

    @property
    def request_violations(self) -> list[Violation]:
        """Requests that broke the spec (answered 400)."""
        with self._violations_lock:
            return list(self._request_violations)

    @property
    def response_violations(self) -> list[Violation]:
        """Responses and webhook events that broke the spec (strict mode only)."""
        with self._violations_lock:
            return list(self._response_violations)

    def clear_violations(self) -> None:
        with self._violations_lock:
            self._request_violations.clear()
            self._response_violations.clear()

    def senders(self, project_id: str) -> list[dict[str, Any]]:
        """A project's senders as the API returns them, in creation order (copies: changing them changes
        nothing)."""
        now = self.clock()
        with self.store.session() as session:
            conversation.settle_all(session, now)
            senders = list(session.project(project_id).senders.values())
            for sender in senders:
                rcs.announce(session, sender, sender.advance(now))
            return [sender.render() for sender in senders]

    def accept_test_number(self, project_id: str, sender_id: str, number: str) -> None:
        """The tester accepts the invite: the number becomes ``VERIFIED``."""
        self._set_test_number_state(project_id, sender_id, number, "VERIFIED")

    def decline_test_number(self, project_id: str, sender_id: str, number: str) -> None:
        """The tester declines the invite: the number becomes ``DECLINED``."""
        self._set_test_number_state(project_id, sender_id, number, "DECLINED")

    def _set_test_number_state(self, project_id: str, sender_id: str, number: str, state: str) -> None:
        now = self.clock()
        with self.store.session() as session:
            sender = rcs.find_sender(session, project_id, sender_id, now)
            sender.testers.get(number).state = state
            sender.record("EDITED", now)
            session.changed()

    def link_conversation_app(self, project_id: str, sender_id: str, app_id: str | None) -> None:
        """Link (or unlink, with None) a Conversation API app, as done outside the RCS API."""
        with self.store.session() as session:
            rcs.find_sender(session, project_id, sender_id, self.clock()).conversation_app_id = app_id
            session.changed()

    def apps(self, project_id: str, region: str | None = None) -> list[dict[str, Any]]:
        """A project's Conversation API apps as the API returns them (every region's, or those of ``region``:
        ``EU``, ``US``, ``BR``, either case), in creation order; copies."""
        now = self.clock()
        with self.store.session() as session:
            conversation.settle_all(session, now)
            chosen = [
                app
                for app in session.project(project_id).apps.values()
                if region is None or app.region == region.upper()
            ]
            return [app.render() for app in chosen]

    def app_regions(self, project_id: str) -> dict[str, str]:
        """App id -> the region (``EU``, ``US``, ``BR``) each of a project's apps lives in."""
        with self.store.session() as session:
            return {app.id: app.region for app in session.project(project_id).apps.values()}

    def conversation_webhooks(self, project_id: str, app_id: str | None = None) -> list[dict[str, Any]]:
        """A project's Conversation API app webhooks (of every app, or of ``app_id``) as the API returns
        them, in creation order; copies."""
        with self.store.session() as session:
            hooks = session.project(project_id).app_webhooks.values()
            return [hook.render() for hook in hooks if app_id is None or hook.app_id == app_id.upper()]

    def inject_inbound(self, project_id: str, app_id: str, contact: str, text: str) -> dict[str, Any]:
        """An end user (``contact``, E.164) sends ``text`` to the app over RCS: a ``MESSAGE_INBOUND``
        callback is queued for each of the app's webhooks that listens to it (``target_type`` HTTP, the
        trigger listed), signed with the webhook's secret and delivered (and retried) as every event is.
        Returns ``{"messageId", "deliveries": [delivery ids]}``; ``RpcError`` NOT_FOUND for an unknown app."""
        now = self.clock()
        with self.store.session() as session:
            project = session.project(project_id)
            app = project.apps.get(app_id.upper())
            if app is None:
                raise RpcError("NOT_FOUND", f"App {app_id} not found in project {project_id}")
            body = conversation.inbound_message(app, contact, text, now, self.new_id)
            subscribers = tuple(
                Subscriber(hook.id, hook.target, hook.secret)
                for hook in conversation.inbound_subscribers(project, app)
            )
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        event = Event(conversation.MESSAGE_INBOUND, project_id, raw, subscribers, CONVERSATION)
        return {"messageId": body["message"]["id"], "deliveries": self._deliveries.submit([event])}

    def deliveries(self) -> list[dict[str, Any]]:
        """The webhook delivery log, oldest first (``emulator.delivery.Delivery.to_json``)."""
        return self._deliveries.log()

    def wait_for_deliveries(
        self, condition: Callable[[list[dict[str, Any]]], bool] | None = None, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """The delivery log once ``condition(log)`` holds (by default: none is pending); ``TimeoutError``
        after ``timeout`` seconds."""
        return self._deliveries.wait_for(condition, timeout)

    def clear_deliveries(self) -> None:
        """Forget the delivery log and every delivery not yet made."""
        self._deliveries.clear()

    def reset(self) -> None:
        """Forget everything: senders, webhooks, activity, apps, app webhooks, tokens, faults, counts,
        violations, deliveries."""
        with self.store.session() as session:
            session.clear()
        self.auth.forget_tokens()
        self.faults.clear()
        self.reset_stats()
        self.clear_violations()
        self.clear_deliveries()
