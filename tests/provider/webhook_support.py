"""Declarations, programs and look-ups for the ProvisioningWebhook end-to-end tests (through the real plugin
process, on the emulator)."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Final

from emulator.server import EmulatorServer
from engine import Engine
from provider import ProvisioningWebhook
from sinch_provisioning.webhooks import WebhooksClient
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID
from tests.provider.support import engine_for as sender_engine_for

RESOURCE_TYPE: Final = "pulumi-python:dynamic/sinch:ProvisioningWebhook"
TARGET: Final = "https://events.acme-parcel.example/sinch/rcs"
OTHER_TARGET: Final = "https://hooks.acme-parcel.example/v2/sinch"
SECRET: Final = "wh-secret-Qm9uZCwgSmFtZXMgQm9uZA-7f3a"
ROTATED_SECRET: Final = "wh-secret-rotated-dGhlIG5hbWUgaXMgQm9uZA-91c2"
OUTSIDE_SECRET: Final = "secret-set-by-someone-else-in-the-dashboard"
STATUS: Final = "RCS_SENDER_STATUS_UPDATED"
COMMENTS: Final = "RCS_SENDER_COMMENT_ADDED"
OPERATORS: Final = "RCS_SENDER_OPERATOR_STATUS_UPDATED"
WAIT_SECONDS: Final = 20.0


def webhook_args(**overrides: Any) -> dict[str, Any]:
    """Keyword arguments of one ProvisioningWebhook (each test copies and changes what it needs)."""
    arguments: dict[str, Any] = {"target": TARGET, "secret": SECRET, "triggers": [STATUS, OPERATORS]}
    arguments.update(overrides)
    return arguments


def webhooks_program(webhooks: Mapping[str, Mapping[str, Any]]) -> Callable[[], None]:
    """A program declaring one ProvisioningWebhook per (resource name -> keyword arguments)."""

    def program() -> None:
        for name, arguments in webhooks.items():
            ProvisioningWebhook(name, **copy.deepcopy(dict(arguments)))

    return program


def one_webhook(name: str = "hook", **overrides: Any) -> Callable[[], None]:
    return webhooks_program({name: webhook_args(**overrides)})


def engine_for(emulator: EmulatorServer, **extra_config: str) -> Engine:
    return sender_engine_for(emulator, **extra_config)


def dashboard(emulator: EmulatorServer) -> WebhooksClient:
    """A client acting outside Pulumi (someone using the dashboard or a script)."""
    return WebhooksClient.from_access_key(
        TEST_PROJECT_ID, TEST_KEY_ID, TEST_KEY_SECRET, auth_method="basic", base_url=emulator.url
    )


def stored(emulator: EmulatorServer) -> list[dict[str, Any]]:
    """The project's webhooks as the API lists them (one request, made after what a test counts)."""
    with dashboard(emulator) as client:
        return client.list_webhooks()


def stored_by_id(emulator: EmulatorServer) -> dict[str, dict[str, Any]]:
    return {str(webhook["id"]): webhook for webhook in stored(emulator)}


def made_outside(emulator: EmulatorServer, target: str = TARGET, **fields: Any) -> dict[str, Any]:
    """A webhook created outside Pulumi."""
    body = {"secret": OUTSIDE_SECRET, "triggers": [COMMENTS], **fields}
    with dashboard(emulator) as client:
        return client.create_webhook(target=target, **body)


def error_text(report: Any, name: str = "hook") -> str:
    """The whole error text the plugin returned for ``name`` (the traceback, as the CLI shows it)."""
    resource = report.resource(name)
    return str(resource.error_details or resource.error or "")


@dataclass(frozen=True)
class Received:
    """One POST as it arrived: the path, the raw body bytes, the headers in order."""

    path: str
    body: bytes
    headers: list[tuple[str, str]]


class Receiver:
    """An HTTP server on 127.0.0.1 that answers 200 to every POST and keeps what it received."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self._changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                with receiver._changed:
                    receiver.received.append(Received(self.path, body, list(self.headers.items())))
                    receiver._changed.notify_all()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass  # bodies carry the sender's authToken: nothing is logged

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str = "/sinch/events") -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def wait_for(self, condition: Callable[[list[Received]], bool]) -> list[Received]:
        with self._changed:
            if not self._changed.wait_for(lambda: condition(list(self.received)), WAIT_SECONDS):
                raise TimeoutError(f"the receiver got {len(self.received)} deliveries, not what was expected")
            return list(self.received)
