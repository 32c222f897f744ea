"""Programs and look-ups for the ConversationApp end-to-end tests (through the real plugin process, on the
emulator): an RcsSender and the app linked to it, declared in one program."""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

import pulumi

from emulator.clock import ManualClock
from emulator.server import EmulatorServer
from engine import OperationReport
from provider import ChannelCredentialArgs, ConversationApp, RcsSender
from sinch_conversation.apps import AppsClient
from sinch_conversation.connection import ConversationConnection
from sinch_provisioning.auth import access_key_auth
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID
from tests.provider.support import direct_client, eu_sender

APP_TYPE: Final = "pulumi-python:dynamic/sinch:ConversationApp"
DISPLAY_NAME: Final = "ACME Parcel"
SMS: Final[ChannelCredentialArgs] = {
    "channel": "SMS",
    "static_bearer": {"claimed_identity": "447700900500", "token": "sms-tok-5e1f"},
}


def app_program(
    apps: Mapping[str, Mapping[str, Any]],
    senders: Mapping[str, Mapping[str, Any]] | None = None,
) -> Callable[[], None]:
    """A program declaring RcsSenders (resource name -> keyword arguments; default one EU sender named
    ``sender``) and ConversationApps (resource name -> keyword arguments, where ``rcs_sender`` names a
    sender of the program, default ``sender``; None for none; or is a function of the senders made, by
    name, returning what to pass)."""
    declared_senders = {"sender": eu_sender()} if senders is None else senders

    def program() -> None:
        made = {name: RcsSender(name, **copy.deepcopy(dict(args))) for name, args in declared_senders.items()}
        for name, arguments in apps.items():
            args = copy.deepcopy(dict(arguments))
            sender = args.pop("rcs_sender", "sender")
            chosen = sender(made) if callable(sender) else made[sender] if sender else None
            ConversationApp(name, rcs_sender=chosen, **args)

    return program


def one_app(
    name: str = "app", *, sender: Mapping[str, Any] | None = None, **arguments: Any
) -> Callable[[], None]:
    """A program with one EU sender (``sender``, or its arguments) and one app on it."""
    app = {"display_name": DISPLAY_NAME, **arguments}
    return app_program({name: app}, None if sender is None else {"sender": sender})


def dashboard(emulator: EmulatorServer, region: str = "EU") -> AppsClient:
    """The apps of the test project in ``region``, as someone outside Pulumi sees them."""
    auth = access_key_auth(TEST_KEY_ID, TEST_KEY_SECRET, "basic")
    connection = ConversationConnection(TEST_PROJECT_ID, auth, region=region, url=emulator.conversation_url)
    return AppsClient(connection, owns_connection=True)


def stored_apps(emulator: EmulatorServer, region: str | None = None) -> list[dict[str, Any]]:
    """The project's apps as the API returns them (read in-process: no request counted)."""
    if region is None:
        return list(emulator.apps(TEST_PROJECT_ID))
    return list(emulator.apps(TEST_PROJECT_ID, region))


def rcs_entry(app: Mapping[str, Any]) -> dict[str, Any]:
    [entry] = [entry for entry in app["channel_credentials"] if entry["channel"] == "RCS"]
    return dict(entry)


def error_text(report: OperationReport, name: str = "app") -> str:
    """The whole error text the plugin returned for ``name``."""
    resource = report.resource(name)
    return str(resource.error_details or resource.error or "")


class AdvanceOnRequest(logging.Handler):
    """Moves a ``ManualClock`` forward the moment the emulator logs a request matching ``pattern`` (it logs
    each request once its answer is made, before sending it): the next request sees the later time. The
    event, not a guess at how long anything takes, moves time: nothing sleeps."""

    def __init__(self, clock: ManualClock, pattern: str, seconds: float) -> None:
        super().__init__(logging.INFO)
        self.clock, self.pattern, self.seconds = clock, re.compile(pattern), seconds
        self.fired = 0

    def emit(self, record: logging.LogRecord) -> None:
        if not self.fired and self.pattern.search(record.getMessage()):
            self.fired += 1
            self.clock.advance(self.seconds)


@contextmanager
def advancing(clock: ManualClock, pattern: str, seconds: float) -> Iterator[AdvanceOnRequest]:
    """While the block runs, the first emulator request matching ``pattern`` moves ``clock`` by
    ``seconds`` (:class:`AdvanceOnRequest`)."""
    logger = logging.getLogger("emulator")
    handler = AdvanceOnRequest(clock, pattern, seconds)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@dataclass(frozen=True)
class StandInSender:
    """What ``ConversationApp`` takes from an ``RcsSender`` (id, region, auth_name, auth_token), with
    credentials of the test's choosing: Sinch's verdict on credentials that are not a sender's."""

    id: pulumi.Output[str]
    region: pulumi.Output[str]
    auth_name: pulumi.Output[str]
    auth_token: pulumi.Output[str]


def made_outside(
    emulator: EmulatorServer, display_name: str = DISPLAY_NAME, count: int = 1
) -> tuple[Any, ...]:
    """A sender and ``count`` apps holding its credentials, made outside Pulumi (a script, the dashboard):
    ``(sender, apps)``, as the APIs answered."""
    with direct_client(emulator) as senders:
        sender = senders.create_sender(
            {"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"}
        )
    bearer = {"claimed_identity": sender["authName"], "token": sender["authToken"]}
    body = {
        "display_name": display_name,
        "channel_credentials": [{"channel": "RCS", "static_bearer": bearer}],
    }
    with dashboard(emulator) as apps:
        return sender, [apps.create_app(body) for _ in range(count)]
