"""A small Conversation API on a loopback server, for the client's tests (the emulator's is built apart).

``FakeConversation`` keeps one project's apps and webhooks in memory, in the API's wire shapes, under a
per-region prefix (``/conversation/{region}/v1/projects/...``, as the emulator serves it), and a
Provisioning sender and an OAuth2 token endpoint on the same port, so that one server can answer both
APIs. ``faults`` are consumed by the API requests (not the token requests) first: each is called with the
request and may answer it (or hang up) in the API's place. It judges nothing but what the tests need;
``server.seen`` (the loopback's record) is what they look at.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

from tests.client.loopback import Exchange, LoopbackServer
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASIC = "Basic " + base64.b64encode(f"{TEST_KEY_ID}:{TEST_KEY_SECRET}".encode()).decode()
SENDER = {
    "id": "s1",
    "state": "IN_TEST",
    "region": "EU",
    "billingCategory": "CONVERSATIONAL",
    "useCase": "OTP",
}

Fault = Callable[[Exchange], bool]
"""Answers the request (or hangs up) and returns True, or returns False to let the fake answer it."""


def ulid(milliseconds: int | None = None) -> str:
    """A ULID made at ``milliseconds`` since the epoch (now by default)."""
    stamp = time.time_ns() // 1_000_000 if milliseconds is None else milliseconds
    value = stamp << 80 | secrets.randbits(80)
    return "".join(CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def error_body(code: int, status: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    """The Conversation API's (wrapped) error body."""
    return {"error": {"code": code, "message": message, "status": status, "details": details or []}}


class FakeConversation:
    """The fake's state and its request handler (``LoopbackServer(fake)``)."""

    def __init__(self) -> None:
        self.apps: dict[str, dict[str, Any]] = {}
        self.regions: dict[str, str] = {}  # app id -> the region it was made in
        self.webhooks: dict[str, dict[str, Any]] = {}
        self.faults: list[Fault] = []
        self.tokens: list[str] = []
        self._lock = threading.Lock()

    # --- the loopback app -------------------------------------------------------------------------

    def __call__(self, exchange: Exchange) -> None:
        if exchange.request.path == "/oauth2/token":  # never faulty: the faults are for API requests
            self._token(exchange)
            return
        with self._lock:
            fault = self.faults.pop(0) if self.faults else None
        if fault is not None and fault(exchange):
            return
        exchange.json(*self.apply(exchange))

    def apply(self, exchange: Exchange) -> tuple[int, Any]:
        """Do what an API request asks (a create creates) and give the answer, without sending it."""
        path = exchange.request.path
        if not self._authorized(exchange):
            return 401, error_body(401, "UNAUTHENTICATED", "Request had invalid credentials.")
        if path == f"/v1/projects/{TEST_PROJECT_ID}/rcs/senders/s1":
            return 200, SENDER
        match = re.fullmatch(rf"/conversation/(eu|us|br)/v1/projects/{TEST_PROJECT_ID}/(.+)", path)
        if match is None:
            return 404, error_body(404, "NOT_FOUND", "Not found")
        region, rest = match.groups()
        with self._lock:
            return self._conversation(exchange, region, rest.split("/"))

    def _token(self, exchange: Exchange) -> None:
        if exchange.request.headers.get("Authorization") != BASIC:
            exchange.json(401, {"error": "invalid_client", "error_description": "Bad client credentials"})
            return
        with self._lock:
            token = f"token-{len(self.tokens) + 1}-{secrets.token_hex(8)}"
            self.tokens.append(token)
        exchange.json(200, {"access_token": token, "token_type": "bearer", "expires_in": 3600})

    def _authorized(self, exchange: Exchange) -> bool:
        given = exchange.request.headers.get("Authorization", "")
        return given == BASIC or given.removeprefix("Bearer ") in self.tokens

    # --- the API ----------------------------------------------------------------------------------

    def _conversation(self, exchange: Exchange, region: str, parts: list[str]) -> tuple[int, Any]:
        method = exchange.request.method
        body = json.loads(exchange.request.body) if exchange.request.body else {}
        mask = [name for name in exchange.request.query.get("update_mask", "").split(",") if name]
        match method, parts:
            case "GET", ["apps"]:
                return 200, {"apps": [app for app in self.apps.values() if self._app(app["id"], region)]}
            case "POST", ["apps"]:
                app = {**body, "id": ulid()}
                self.apps[app["id"]] = app
                self.regions[app["id"]] = region
                return 200, app
            case "GET", ["apps", app_id, "webhooks"] if self._app(app_id, region):
                hooks = [hook for hook in self.webhooks.values() if hook["app_id"] == app_id]
                return 200, {"webhooks": hooks}
            case "POST", ["webhooks"] if self._app(body.get("app_id", ""), region):
                hook = {**body, "id": ulid()}
                self.webhooks[hook["id"]] = hook
                return 200, hook
            case _, [("apps" | "webhooks") as kind, object_id]:
                store = self.apps if kind == "apps" else self.webhooks
                found = store.get(object_id)
                if found is None or (kind == "apps" and not self._app(object_id, region)):
                    return 404, error_body(404, "NOT_FOUND", f"{kind[:-1]} not found")
                if method == "PATCH":
                    found.update({name: body[name] for name in mask if name in body})
                if method == "DELETE":
                    del store[object_id]
                    return 200, {}
                return 200, found
        return 404, error_body(404, "NOT_FOUND", "Not found")

    def _app(self, app_id: str, region: str) -> bool:
        return self.regions.get(app_id) == region


def serve_fake(serve: Callable[..., LoopbackServer]) -> tuple[FakeConversation, LoopbackServer]:
    fake = FakeConversation()
    return fake, serve(fake)
