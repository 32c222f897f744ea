"""Inbound messages (``POST /_emulator/conversation/inbound``): a ``MESSAGE_INBOUND`` callback to each of
the app's webhooks that listens to it, signed with the webhook's secret, delivered and retried as every
emulator event is."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from emulator.clock import ManualClock
from emulator.ids import ULID
from emulator.server import EmulatorServer
from tests.conftest import TEST_PROJECT_ID, EmulatorFactory
from tests.emulator.support import Api, ConversationApi, Received, Receiver, rcs_entry

CONTACT = "+46701234567"
SECRET = "a-webhook-secret-of-some-length"


def signature_holds(received: Received) -> bool:
    """The receiver's own check, as a user's handler would make it: HMAC-SHA256 keyed with the webhook's
    secret over ``body.nonce.timestamp``, Base64, compared in constant time; the algorithm header says
    HmacSHA256."""
    headers = received.headers
    nonce = headers.get("x-sinch-webhook-signature-nonce", "")
    timestamp = headers.get("x-sinch-webhook-signature-timestamp", "")
    signed = received.body + b"." + nonce.encode() + b"." + timestamp.encode()
    expected = base64.b64encode(hmac.new(SECRET.encode(), signed, hashlib.sha256).digest()).decode()
    return headers.get("x-sinch-webhook-signature-algorithm") == "HmacSHA256" and hmac.compare_digest(
        expected, headers.get("x-sinch-webhook-signature", "")
    )


@pytest.fixture
def verifying() -> Iterator[Receiver]:
    """A webhook target that answers 200 to callbacks whose signature its own check verifies, else 401."""
    target = Receiver(answer_with=lambda received: 200 if signature_holds(received) else 401)
    yield target
    target.close()


def inbound(
    server: EmulatorServer, app_id: str, text: str = "Where is my parcel?", **extra: Any
) -> requests.Response:
    body = {"projectId": TEST_PROJECT_ID, "appId": app_id, "contact": CONTACT, "text": text, **extra}
    return requests.post(f"{server.url}/_emulator/conversation/inbound", json=body, timeout=10)


def test_an_inbound_message_reaches_the_apps_webhook_and_its_own_hmac_check_verifies_it(
    emulator_factory: EmulatorFactory, verifying: Receiver
) -> None:
    clock = ManualClock(1_760_000_000.5)
    server = emulator_factory(clock=clock)
    api, conversation = Api(server.url), ConversationApi(server.conversation_url)
    app = conversation.create_app(rcs_entry(api.create()))
    hook = conversation.create_webhook(app["id"], verifying.url, ["MESSAGE_INBOUND"], secret=SECRET)

    queued = inbound(server, app["id"])
    assert queued.status_code == 200
    answer = queued.json()
    log = server.wait_for_deliveries()

    assert [entry["id"] for entry in log] == answer["deliveries"]
    assert [(entry["state"], entry["status"], entry["webhookId"], entry["event"]) for entry in log] == [
        ("delivered", 200, hook["id"], "MESSAGE_INBOUND")
    ]
    (received,) = verifying.wait_for(1)
    assert signature_holds(received)
    assert received.event == {
        "app_id": app["id"],
        "project_id": TEST_PROJECT_ID,
        "accepted_time": "2025-10-09T08:53:20.500Z",
        "event_time": "2025-10-09T08:53:20.500Z",
        "message": {
            "id": answer["messageId"],
            "direction": "TO_APP",
            "channel_identity": {"channel": "RCS", "identity": CONTACT, "app_id": app["id"]},
            "contact_id": "",
            "conversation_id": "",
            "contact_message": {"text_message": {"text": "Where is my parcel?"}},
            "metadata": "",
            "accept_time": "2025-10-09T08:53:20.500Z",
            "processing_mode": "DISPATCH",
            "injected": False,
        },
        "message_metadata": "",
        "correlation_id": "",
    }
    assert ULID.match(answer["messageId"])
    assert log[0]["headers"]["x-sinch-webhook-signature-timestamp"] == "1760000000"


def test_only_http_webhooks_of_that_app_listening_to_message_inbound_get_it(
    emulator: EmulatorServer, conversation: ConversationApi, receiver: Receiver
) -> None:
    app = conversation.create_app(
        {"channel": "SMS", "static_bearer": {"claimed_identity": "p", "token": "t"}},
        processing_mode="CONVERSATION",
    )
    other = conversation.create_app(
        {"channel": "SMS", "static_bearer": {"claimed_identity": "p", "token": "t"}}
    )
    listening = conversation.create_webhook(
        app["id"], f"{receiver.url}/a", ["MESSAGE_DELIVERY", "MESSAGE_INBOUND"]
    )
    conversation.create_webhook(app["id"], f"{receiver.url}/b", ["MESSAGE_DELIVERY"])
    conversation.create_webhook(app["id"], f"{receiver.url}/c", ["MESSAGE_INBOUND"], target_type="DISMISS")
    conversation.create_webhook(other["id"], f"{receiver.url}/d", ["MESSAGE_INBOUND"])

    answer = inbound(emulator, app["id"]).json()
    log = emulator.wait_for_deliveries()

    assert len(answer["deliveries"]) == 1
    assert [(entry["webhookId"], entry["target"]) for entry in log] == [
        (listening["id"], f"{receiver.url}/a")
    ]
    (received,) = receiver.wait_for(1)
    assert received.path == "/events/a"
    message = received.event["message"]
    assert message["processing_mode"] == "CONVERSATION"
    assert ULID.match(message["contact_id"])
    assert ULID.match(message["conversation_id"])


def test_a_webhook_without_a_secret_gets_its_callbacks_unsigned(
    emulator: EmulatorServer, conversation: ConversationApi, receiver: Receiver
) -> None:
    app = conversation.create_app(
        {"channel": "SMS", "static_bearer": {"claimed_identity": "p", "token": "t"}}
    )
    conversation.create_webhook(app["id"], receiver.url, secret=None)

    inbound(emulator, app["id"])
    (received,) = receiver.wait_for(1)

    assert not [name for name in received.headers if name.startswith("x-sinch-webhook-signature")]
    assert received.event["message"]["contact_message"] == {"text_message": {"text": "Where is my parcel?"}}


def test_a_callback_is_retried_as_provisioning_events_are(
    emulator_factory: EmulatorFactory, receiver: Receiver
) -> None:
    server = emulator_factory(webhook_retry_delay=0)
    conversation = ConversationApi(server.conversation_url)
    app = conversation.create_app(
        {"channel": "SMS", "static_bearer": {"claimed_identity": "p", "token": "t"}}
    )
    conversation.create_webhook(app["id"], receiver.url, secret=SECRET)
    receiver.answers = [503, 500]

    inbound(server, app["id"])
    (entry,) = server.wait_for_deliveries()
    first, _, third = receiver.wait_for(3)

    assert (entry["state"], entry["attempts"], entry["status"]) == ("delivered", 3, 200)
    assert first.body == third.body
    assert (
        first.headers["x-sinch-webhook-signature-nonce"] != third.headers["x-sinch-webhook-signature-nonce"]
    )
    deliveries = requests.get(f"{server.url}/_emulator/deliveries", timeout=10).json()["deliveries"]
    assert [(d["event"], d["state"]) for d in deliveries] == [("MESSAGE_INBOUND", "delivered")]


@pytest.mark.parametrize(
    ("body", "status", "problem"),
    [
        ({"contact": "0701234567"}, 400, "contact must be an E.164 number"),
        ({"text": ""}, 400, "text: required"),
        ({"appId": "01ARZ3NDEKTSV4RRFFQ69G5FAV"}, 404, "NOT_FOUND: App 01ARZ3NDEKTSV4RRFFQ69G5FAV not found"),
    ],
)
def test_a_bad_injection_is_refused(
    emulator: EmulatorServer, conversation: ConversationApi, body: dict[str, str], status: int, problem: str
) -> None:
    app = conversation.create_app(
        {"channel": "SMS", "static_bearer": {"claimed_identity": "p", "token": "t"}}
    )
    response = inbound(emulator, app["id"], **body)
    assert response.status_code == status
    assert problem in response.json()["error"]
    assert emulator.deliveries() == []


def test_the_python_control_api_injects_too(
    emulator: EmulatorServer, conversation: ConversationApi, receiver: Receiver
) -> None:
    app = conversation.create_app(
        {"channel": "SMS", "static_bearer": {"claimed_identity": "p", "token": "t"}}
    )
    conversation.create_webhook(app["id"], receiver.url)

    answer = emulator.inject_inbound(TEST_PROJECT_ID, app["id"], CONTACT, "Hello")

    assert len(answer["deliveries"]) == 1
    assert receiver.wait_for(1)[0].event["message"]["id"] == answer["messageId"]
