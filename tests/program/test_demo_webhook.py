"""The demo's webhook receiver and its event block (demo/webhook_receiver.py, demo/events.py), against an
in-process emulator: it verifies what Sinch signs with the webhook's secret, refuses everything else with
the verifier's reason, and the block never calls an event verified that was not."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from demo.errors import DemoError
from demo.events import (
    DemoWebhook,
    Expected,
    check_events,
    collect_events,
    events_heading,
    events_text,
    expected_events,
)
from demo.webhook_receiver import WebhookReceiver
from emulator.server import EmulatorServer
from sinch_provisioning import SinchRcsClient
from sinch_provisioning.webhook_events import sign_event
from sinch_provisioning.webhooks import WebhooksClient
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID, EmulatorFactory

SECRET = "demo-receiver-test-secret-5c1e9a"
WRONG = "not-the-webhook-secret-77d0b2"
TRIGGERS = ["RCS_SENDER_STATUS_UPDATED", "RCS_SENDER_OPERATOR_STATUS_UPDATED", "RCS_SENDER_COMMENT_ADDED"]
BODY = json.dumps(
    {
        "type": "RCS_SENDER_STATUS_UPDATED",
        "payload": {"id": "s-1", "region": "EU", "authName": "name-Xq1", "authToken": "token-Zr9"},
        "previousState": "IN_PROGRESS",
        "currentState": "IN_TEST",
    }
).encode()


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(SECRET) as started:
        yield started


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    answer = requests.post(
        url, data=body, headers={"Content-Type": "application/json", **headers}, timeout=10
    )
    return answer.status_code


def test_the_receiver_keeps_verified_events_and_rejects_the_rest_with_the_reason(
    receiver: WebhookReceiver,
) -> None:
    assert receiver.url.startswith("http://127.0.0.1:")

    assert post(receiver.url, BODY, sign_event(SECRET, BODY)) == 204
    assert post(receiver.url, BODY, sign_event(WRONG, BODY)) == 401
    assert post(receiver.url, BODY, {}) == 401
    assert post(receiver.url, b"not json", sign_event(SECRET, b"not json")) == 400
    assert post(receiver.url.replace("/sinch/events", "/elsewhere"), BODY, sign_event(SECRET, BODY)) == 404

    got = receiver.received()
    assert [(event.type, event.sender_id) for event in got.verified] == [("RCS_SENDER_STATUS_UPDATED", "s-1")]
    assert [rejection.reason for rejection in got.rejected] == [
        "bad_signature",
        "missing_header",
        "invalid_body",
    ]
    text = events_text(got, {}) + "\n" + events_heading(receiver.url, got)
    assert text.count("signature verified") == 1
    assert text.count("REJECTED") == 4  # three lines and the heading
    assert "REJECTED (bad_signature)" in text
    for secret in (SECRET, WRONG, "name-Xq1", "token-Zr9"):
        assert secret not in text


def test_a_replayed_event_is_rejected_by_the_timestamp(receiver: WebhookReceiver) -> None:
    old = sign_event(SECRET, BODY, timestamp=1_600_000_000)

    assert post(receiver.url, BODY, old) == 401

    assert [rejection.reason for rejection in receiver.received().rejected] == ["timestamp_outside_tolerance"]


def make_webhook(emulator: EmulatorServer, target: str, secret: str) -> None:
    with WebhooksClient.from_access_key(
        TEST_PROJECT_ID, TEST_KEY_ID, TEST_KEY_SECRET, auth_method="basic", base_url=emulator.url
    ) as client:
        client.create_webhook(target=target, secret=secret, triggers=TRIGGERS)


def make_sender(emulator: EmulatorServer, comment: str | None = None) -> dict[str, Any]:
    with SinchRcsClient.from_access_key(
        TEST_PROJECT_ID, TEST_KEY_ID, TEST_KEY_SECRET, auth_method="basic", base_url=emulator.url
    ) as client:
        made = client.create_sender({"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"})
        if comment is not None:
            client.create_sender_comment(str(made["id"]), comment)
        return dict(client.get_sender(str(made["id"])))


def pending(emulator: EmulatorServer, target: str) -> int:
    return sum(1 for d in emulator.deliveries() if d["target"] == target and d["state"] == "pending")


def test_events_from_the_emulator_are_verified_and_shown_without_credentials(
    emulator: EmulatorServer, receiver: WebhookReceiver
) -> None:
    make_webhook(emulator, receiver.url, SECRET)
    sender = make_sender(emulator, comment="Logo looks great")
    expected = expected_events([sender])
    assert expected == [Expected(sender["id"], "IN_TEST")]

    got = collect_events(receiver, expected, lambda: pending(emulator, receiver.url), timeout=20)

    check_events(expected, got, {}, 20)  # no DemoError
    text = events_text(got, {})
    assert f"RCS_SENDER_STATUS_UPDATED           EU {sender['id'][:8]}  IN_PROGRESS -> IN_TEST" in text
    assert "RCS_SENDER_COMMENT_ADDED" in text
    assert "comment: 'Logo looks great'" in text
    assert text.count("signature verified") == 2
    assert sender["authToken"] not in text
    assert sender["authName"] not in text


def test_with_a_wrong_secret_every_event_is_rejected_and_the_check_fails(
    emulator_factory: EmulatorFactory,
) -> None:
    emulator = emulator_factory(webhook_retry_delay=0.05)
    with WebhookReceiver(WRONG) as wrong:
        make_webhook(emulator, wrong.url, SECRET)
        sender = make_sender(emulator)
        expected = expected_events([sender])

        got = collect_events(wrong, expected, lambda: pending(emulator, wrong.url), timeout=20)

    assert got.verified == ()
    assert {rejection.reason for rejection in got.rejected} == {"bad_signature"}
    assert len(got.rejected) == 4  # the emulator tried four times, each refused (401)
    assert [d["state"] for d in emulator.deliveries()] == ["failed"]
    text = events_heading(wrong.url, got) + "\n" + events_text(got, {})
    assert "signature verified" not in text
    assert "0 verified, 4 REJECTED (not verified)" in text
    with pytest.raises(
        DemoError, match=r"refused 4 POST\(s\) \(bad_signature\).*1 expected event\(s\) were not verified"
    ):
        check_events(expected, got, {}, 20)


def test_a_post_arriving_while_the_emulator_is_asked_is_counted(receiver: WebhookReceiver) -> None:
    # The last retry lands between the look at the receiver and the look at the emulator's queue, which
    # then has nothing pending: the events block must count it (the demo once showed 7 of 8 rejections).
    wrong = sign_event(WRONG, BODY)
    assert post(receiver.url, BODY, wrong) == 401
    asked: list[int] = []

    def pending_after_the_last_retry() -> int:
        if not asked:
            assert post(receiver.url, BODY, wrong) == 401
        asked.append(0)
        return 0

    got = collect_events(receiver, [Expected("s-1", "IN_TEST")], pending_after_the_last_retry, timeout=20)

    assert len(got.rejected) == 2


def test_the_launch_events_are_expected_from_the_operators_statuses() -> None:
    sender = {
        "id": "s-1",
        "state": "LAUNCHED",
        "countryStatus": [
            {"country": "GB", "operators": [{"name": "EE", "status": "LAUNCHED"}]},
            {"country": "FR", "operators": [{"name": "Orange", "status": "PENDING"}]},
        ],
    }

    assert expected_events([sender, {"id": "s-2", "state": "IN_PROGRESS"}]) == [
        Expected("s-1", "IN_TEST"),
        Expected("s-1", "LAUNCHING"),
        Expected("s-1", "LAUNCHED"),
        Expected("s-1", "PENDING", "GB", "EE"),
        Expected("s-1", "LAUNCHED", "GB", "EE"),
        Expected("s-1", "PENDING", "FR", "Orange"),
    ]


def test_the_demo_webhook_never_shows_its_secret() -> None:
    webhook = DemoWebhook("sinch-rcs-senders", "http://127.0.0.1:1/sinch/events", SECRET)

    assert webhook.config() == {
        "sinch-rcs-senders:webhookTarget": "http://127.0.0.1:1/sinch/events",
        "sinch-rcs-senders:webhookSecret": SECRET,
    }
    assert SECRET not in repr(webhook)
    assert SECRET not in str(webhook)


def test_the_receiver_verifies_each_path_with_its_own_webhook_s_secret() -> None:
    callback = json.dumps({"app_id": "01J0APP", "message": {"id": "m-1", "direction": "TO_APP"}}).encode()
    with WebhookReceiver(SECRET, app_secret=WRONG) as both:
        assert both.app_url == both.url.replace("/sinch/events", "/sinch/conversation")

        assert post(both.app_url, callback, sign_event(WRONG, callback)) == 204
        assert post(both.url, callback, sign_event(WRONG, callback)) == 401  # the other webhook's secret
        assert post(both.app_url, BODY, sign_event(SECRET, BODY)) == 401
        assert post(both.url, BODY, sign_event(SECRET, BODY)) == 204

        verified = both.received().verified
    assert [(event.api, event.type) for event in verified] == [
        ("conversation", "MESSAGE_INBOUND"),
        ("provisioning", "RCS_SENDER_STATUS_UPDATED"),
    ]
    with WebhookReceiver(SECRET) as events_only, pytest.raises(ValueError, match="no app webhook secret"):
        _ = events_only.app_url
