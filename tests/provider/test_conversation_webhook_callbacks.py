"""What a ConversationWebhook is for: an inbound message the emulator injects reaches the declared target,
signed with the declared secret, and a receiver's own HMAC check (written here, not the project's helper)
verifies it; so does ``verify_webhook_signature``. After a rotation the next callback is signed with the new
secret. Through the plugin, on the emulator."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from emulator.server import EmulatorServer
from sinch_provisioning.webhook_events import verify_webhook_signature
from tests.conftest import TEST_PROJECT_ID
from tests.provider.app_webhook_support import CONTACT, INBOUND, ROTATED_SECRET, SECRET, make_app, one_hook
from tests.provider.support import engine_for
from tests.provider.webhook_support import Received, Receiver


def signed_with(secret: str, delivered: Received) -> bool:
    """The receiver's own check: Base64(HMAC-SHA256(secret, body + "." + nonce + "." + timestamp)) is the
    signature header, and the algorithm is HmacSHA256."""
    headers = {name.lower(): value for name, value in delivered.headers}
    if headers.get("x-sinch-webhook-signature-algorithm") != "HmacSHA256":
        return False
    nonce = headers["x-sinch-webhook-signature-nonce"]
    timestamp = headers["x-sinch-webhook-signature-timestamp"]
    message = delivered.body + b"." + nonce.encode() + b"." + timestamp.encode()
    expected = base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, headers["x-sinch-webhook-signature"])


def test_an_inbound_message_reaches_the_target_signed_with_the_secret_also_after_a_rotation(
    emulator: EmulatorServer,
) -> None:
    app_id = make_app(emulator)
    engine = engine_for(emulator)
    with Receiver() as receiver:
        target = receiver.url("/sinch/conversation")
        engine.up(one_hook(app_id, target=target), check=True)

        emulator.inject_inbound(TEST_PROJECT_ID, app_id, CONTACT, "Where is my parcel?")
        [first] = receiver.wait_for(lambda got: len(got) >= 1)

        assert first.path == "/sinch/conversation"
        assert signed_with(SECRET, first)
        assert not signed_with(ROTATED_SECRET, first)
        callback = json.loads(first.body)
        assert callback["app_id"] == app_id
        assert callback["message"]["direction"] == "TO_APP"
        assert callback["message"]["channel_identity"]["identity"] == CONTACT
        assert callback["message"]["contact_message"]["text_message"]["text"] == "Where is my parcel?"
        event = verify_webhook_signature(SECRET, first.body, first.headers)
        assert (event.api, event.type, event.app_id) == ("conversation", INBOUND, app_id)
        assert event.payload is not None
        assert event.payload["contact_message"] == {"text_message": {"text": "Where is my parcel?"}}

        engine.up(one_hook(app_id, target=target, secret=ROTATED_SECRET), check=True)
        emulator.inject_inbound(TEST_PROJECT_ID, app_id, CONTACT, "Thanks!")
        second = receiver.wait_for(lambda got: len(got) >= 2)[1]

        assert signed_with(ROTATED_SECRET, second)
        assert not signed_with(SECRET, second)
        assert verify_webhook_signature([SECRET, ROTATED_SECRET], second.body, second.headers).type == INBOUND
