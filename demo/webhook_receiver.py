"""The demo's webhook receiver: a small HTTP server on 127.0.0.1 that verifies every event Sinch posts.

It is what a user's own handler does (docs/webhooks.md, docs/conversation-webhook.md): each POST's raw body
and headers go through `sinch_provisioning.webhook_events.verify_webhook_signature` with the secret of the
webhook whose path it came to: `url` (`/sinch/events`) for the project webhook's events, `app_url`
(`/sinch/conversation`) for an app webhook's callbacks when the receiver was given that webhook's secret
too. A verified event is kept (and answered 204); a refused one is kept as a `Rejection` with the
verifier's reason and answered 401 (400 for a signed body that is not an event), so Sinch (here the
emulator) retries it. Nothing is logged: event bodies carry the sender's `authName` and `authToken`, and a
rejection keeps no body at all.

    with WebhookReceiver(secret, app_secret=app_secret) as receiver:
        ...  # point the project webhook at receiver.url, the app webhook at receiver.app_url
        receiver.wait_for(lambda got: len(got.verified) >= 2, timeout=20)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Final

from sinch_provisioning.webhook_events import (
    DEFAULT_TOLERANCE,
    VerificationFailure,
    WebhookEvent,
    WebhookVerificationError,
    verify_webhook_signature,
)

EVENTS_PATH: Final = "/sinch/events"
CALLBACKS_PATH: Final = "/sinch/conversation"
MAX_BODY: Final = 1_000_000  # bytes; Sinch's events are a few kilobytes
POLL_SECONDS: Final = 0.2  # how often `wait_for` looks again at a condition that depends on more than events


@dataclass(frozen=True)
class Rejection:
    """A POST the verifier refused: why (`reason`, the verifier's `VerificationFailure` value) and its
    message (which never quotes the secret, the signature or the body)."""

    reason: str
    message: str


@dataclass(frozen=True)
class Received:
    """What the receiver has so far, in arrival order."""

    verified: tuple[WebhookEvent, ...]
    rejected: tuple[Rejection, ...]


class WebhookReceiver:
    """Start with `start()` (or `with`), always `stop()`. `url` is where the webhook must point."""

    def __init__(
        self,
        secret: str,
        *,
        tolerance: timedelta | float = DEFAULT_TOLERANCE,
        app_secret: str | None = None,
    ) -> None:
        if not secret or app_secret == "":
            raise ValueError("the receiver needs the webhook's secret (and the app webhook's, if given)")
        # Each path's webhook has its own secret: an event is verified with the one of the path it came to.
        self._secrets = {EVENTS_PATH: secret}
        if app_secret is not None:
            self._secrets[CALLBACKS_PATH] = app_secret
        self._tolerance = tolerance
        self._verified: list[WebhookEvent] = []
        self._rejected: list[Rejection] = []
        self._changed = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="webhook-receiver", daemon=True
        )

    @property
    def url(self) -> str:
        """Where the project webhook (``ProvisioningWebhook``) must point."""
        return self._url(EVENTS_PATH)

    @property
    def app_url(self) -> str:
        """Where the app webhook (``ConversationWebhook``) must point (``ValueError`` without its secret)."""
        if CALLBACKS_PATH not in self._secrets:
            raise ValueError("the receiver was given no app webhook secret: it takes no app callbacks")
        return self._url(CALLBACKS_PATH)

    def _url(self, path: str) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def start(self) -> str:
        self._thread.start()
        return self.url

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def __enter__(self) -> WebhookReceiver:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def received(self) -> Received:
        with self._changed:
            return Received(tuple(self._verified), tuple(self._rejected))

    def wait_for(self, condition: Callable[[Received], bool], timeout: float) -> Received:
        """What has been received once `condition` holds, or when `timeout` seconds have passed (check the
        result: it is returned either way). The condition is tried at each new POST and at least every
        `POLL_SECONDS`, so it may also look at things outside the receiver (the emulator's queue); it runs
        without the receiver's lock, so a slow look never holds up a delivery."""
        deadline = time.monotonic() + timeout
        while True:
            got = self.received()
            if condition(got):
                return got
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return got
            with self._changed:
                if len(self._verified) + len(self._rejected) == len(got.verified) + len(got.rejected):
                    self._changed.wait(min(remaining, POLL_SECONDS))

    def handle(self, body: bytes, headers: list[tuple[str, str]], path: str = EVENTS_PATH) -> int:
        """Verify one POST to ``path`` with that path's webhook secret; the HTTP status to answer."""
        secret = self._secrets.get(path)
        if secret is None:
            return 404
        try:
            event = verify_webhook_signature(secret, body, headers, tolerance=self._tolerance)
        except WebhookVerificationError as error:
            with self._changed:
                self._rejected.append(Rejection(error.reason.value, str(error)))
                self._changed.notify_all()
            return 400 if error.reason is VerificationFailure.INVALID_BODY else 401
        with self._changed:
            self._verified.append(event)
            self._changed.notify_all()
        return 204

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                if self.path not in receiver._secrets:
                    self._answer(404)
                    return
                try:
                    length = int(self.headers.get("Content-Length") or "0")
                except ValueError:
                    length = -1
                if not 0 <= length <= MAX_BODY:
                    self._answer(413 if length > MAX_BODY else 400)
                    return
                body = self.rfile.read(length)
                self._answer(receiver.handle(body, list(self.headers.items()), self.path))

            def _answer(self, status: int) -> None:
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass  # nothing is logged: the bodies carry the sender's credentials

        return Handler
