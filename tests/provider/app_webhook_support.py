"""Apps, declarations, programs and look-ups for the ConversationWebhook end-to-end tests (through the real
plugin process, on the emulator's Conversation API).

The apps the webhooks belong to are made outside Pulumi, with the Conversation client (an SMS channel, which
the emulator makes ACTIVE at once): the resource needs only an app's id and region.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final

from emulator.server import EmulatorServer
from provider import ConversationWebhook
from sinch_conversation.apps import AppsClient
from sinch_conversation.webhooks import AppWebhooksClient
from sinch_provisioning.connection import Connection
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID

RESOURCE_TYPE: Final = "pulumi-python:dynamic/sinch:ConversationWebhook"
TARGET: Final = "https://hooks.acme-parcel.example/sinch/conversation"
OTHER_TARGET: Final = "https://hooks.acme-parcel.example/v2/conversation"
SECRET: Final = "cw-secret-U3VwcG9ydCBjYWxsYmFja3M-4e1b"
ROTATED_SECRET: Final = "cw-secret-rotated-c2lnbmVkIGFnYWlu-90d7"
OUTSIDE_SECRET: Final = "secret-set-by-someone-else-in-the-dashboard"
CLIENT_SECRET: Final = "oauth-client-secret-Zm9yIHRoZSB0YXJnZXQ-11"
DELIVERY: Final = "MESSAGE_DELIVERY"
INBOUND: Final = "MESSAGE_INBOUND"
CONTACT: Final = "+46701234567"


@contextmanager
def dashboard(emulator: EmulatorServer, region: str = "EU") -> Iterator[AppWebhooksClient]:
    """The app webhooks of ``region``, acting outside Pulumi (someone using the dashboard or a script)."""
    with _connection(emulator) as connection:
        yield AppWebhooksClient.beside(connection, region=region, url=emulator.conversation_url)


def make_app(emulator: EmulatorServer, region: str = "EU", name: str = "ACME Parcel") -> str:
    """A Conversation API app made outside Pulumi (an SMS channel only); its id."""
    with _connection(emulator) as connection:
        apps = AppsClient.beside(connection, region=region, url=emulator.conversation_url)
        credential = {"channel": "SMS", "static_bearer": {"claimed_identity": "acme", "token": "sms-token-1"}}
        app = apps.create_app({"display_name": name, "channel_credentials": [credential]})
    return str(app["id"])


@contextmanager
def _connection(emulator: EmulatorServer) -> Iterator[Connection]:
    with Connection.from_access_key(
        TEST_PROJECT_ID, TEST_KEY_ID, TEST_KEY_SECRET, auth_method="basic", base_url=emulator.url
    ) as connection:
        yield connection


def made_outside(
    emulator: EmulatorServer, app_id: str, target: str = TARGET, **fields: Any
) -> dict[str, Any]:
    """An app webhook created outside Pulumi (another secret, the inbound trigger)."""
    body = {
        "app_id": app_id,
        "target": target,
        "target_type": "HTTP",
        "triggers": [INBOUND],
        "secret": OUTSIDE_SECRET,
        **fields,
    }
    with dashboard(emulator) as client:
        return client.create_webhook(body)


def hook_args(app_id: str, **overrides: Any) -> dict[str, Any]:
    """Keyword arguments of one ConversationWebhook of the EU app ``app_id`` (each test changes what it
    needs)."""
    arguments: dict[str, Any] = {
        "app_id": app_id,
        "region": "EU",
        "target": TARGET,
        "triggers": [DELIVERY, INBOUND],
        "secret": SECRET,
    }
    arguments.update(overrides)
    return arguments


def hooks_program(hooks: Mapping[str, Mapping[str, Any]]) -> Callable[[], None]:
    """A program declaring one ConversationWebhook per (resource name -> keyword arguments)."""

    def program() -> None:
        for name, arguments in hooks.items():
            ConversationWebhook(name, **copy.deepcopy(dict(arguments)))

    return program


def one_hook(app_id: str, name: str = "hook", **overrides: Any) -> Callable[[], None]:
    return hooks_program({name: hook_args(app_id, **overrides)})


def stored(emulator: EmulatorServer, app_id: str | None = None) -> list[dict[str, Any]]:
    """The app webhooks the emulator holds (of ``app_id``, or every app's), as the API shows them; no
    request is counted."""
    return emulator.conversation_webhooks(TEST_PROJECT_ID, app_id)
