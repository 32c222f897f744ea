"""Webhook events: what is announced when, signed as Sinch documents, retried, logged, and only ever sent to
this machine."""

from __future__ import annotations

import logging
import re
import socket
from typing import Any

import pytest
import requests

from emulator.clock import ManualClock
from emulator.server import EmulatorServer
from emulator.spec import iter_violations, spec_document, validator
from tests.conftest import EmulatorFactory
from tests.emulator.support import Api, Receiver, expected_signature, launch_ready_details

ULID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")
STATUS = "RCS_SENDER_STATUS_UPDATED"
OPERATOR = "RCS_SENDER_OPERATOR_STATUS_UPDATED"
SENDER_COMMENT = "RCS_SENDER_COMMENT_ADDED"
ACCOUNT_COMMENT = "RCS_ACCOUNT_COMMENT_ADDED"


def _callback_problems(event: dict[str, Any]) -> list[str]:
    """How an event breaks the body the spec declares for its type (a ``callbacks`` entry)."""
    for item in spec_document()["paths"].values():
        for operation in item.values():
            for callback in (operation.get("callbacks") or {}).values():
                for expression in callback.values():
                    media = expression["post"]["requestBody"]["content"]["application/json"]
                    if media["example"]["type"] == event["type"]:
                        return [str(v) for v in iter_violations(validator("rcs", media["schema"]), event)]
    raise KeyError(f"the spec declares no callback for {event['type']}")


def _start(factory: EmulatorFactory, **options: Any) -> tuple[EmulatorServer, Api]:
    server = factory(webhook_retry_delay=0, **options)
    return server, Api(server.url)


def test_a_new_sender_is_announced_signed_as_sinch_documents(
    emulator_factory: EmulatorFactory, receiver: Receiver
) -> None:
    server, api = _start(emulator_factory)
    webhook = api.create_webhook(receiver.url, [STATUS], secret="a-high-entropy-secret")

    sender = api.create()

    [received] = receiver.wait_for(1)
    assert received.event == {
        "type": STATUS,
        "payload": sender,
        "previousState": "IN_PROGRESS",
        "currentState": "IN_TEST",
    }
    assert _callback_problems(received.event) == []
    headers = received.headers
    assert headers["content-type"] == "application/json"
    assert headers["x-sinch-webhook-signature"] == expected_signature("a-high-entropy-secret", received)
    assert headers["x-sinch-webhook-signature-algorithm"] == "HmacSHA256"
    assert ULID.match(headers["x-sinch-webhook-signature-nonce"])
    assert headers["x-sinch-webhook-signature-timestamp"].isdigit()
    [delivery] = server.wait_for_deliveries()
    assert delivery == {
        "id": 1,
        "event": STATUS,
        "projectId": api.project,
        "webhookId": webhook["id"],
        "target": receiver.url,
        "state": "delivered",
        "attempts": 1,
        "status": 200,
        "error": None,
        "body": received.body.decode(),
        "headers": {name: received.headers[name.lower()] for name in delivery["headers"]},
    }
    assert len(delivery["headers"]) == 5


def test_provisioning_is_announced_once_its_delay_has_passed_without_a_read(
    emulator_factory: EmulatorFactory, receiver: Receiver
) -> None:
    clock = ManualClock()
    server, api = _start(emulator_factory, provisioning_delay=30, clock=clock)
    api.create_webhook(receiver.url, [STATUS])
    sender = api.create()
    assert sender["state"] == "IN_PROGRESS"
    assert server.deliveries() == []
    requests_before = server.stats()["api_requests"]

    clock.advance(30)

    [received] = receiver.wait_for(1)
    assert (received.event["currentState"], received.event["payload"]["state"]) == ("IN_TEST", "IN_TEST")
    assert server.stats()["api_requests"] == requests_before


def test_a_launch_is_announced_step_by_step_for_the_sender_and_each_operator(
    emulator_factory: EmulatorFactory, receiver: Receiver
) -> None:
    clock = ManualClock()
    _, api = _start(emulator_factory, launch_delay=600, clock=clock)
    sender = api.create(details=launch_ready_details(["SE", "GB"]))
    api.create_webhook(receiver.url, [STATUS, OPERATOR])
    operators = [(c["country"], op["name"]) for c in sender["countryStatus"] for op in c["operators"]]

    launched = api.launch(sender["id"]).json()
    started = [item.event for item in receiver.wait_for(1 + len(operators))]
    clock.advance(600)
    done = [item.event for item in receiver.wait_for(2 * (1 + len(operators)))[len(started) :]]

    assert [(e["type"], e["previousState"], e["currentState"]) for e in started[:1]] == [
        (STATUS, "IN_TEST", "LAUNCHING")
    ]
    assert [
        (e["operatorCountry"], e["operator"], e["operatorPreviousStatus"], e["operatorCurrentStatus"])
        for e in started[1:]
    ] == [(country, name, "NOT_LAUNCHED", "PENDING") for country, name in operators]
    assert all(event["payload"] == launched for event in started)
    assert [
        (e["operatorCountry"], e["operator"], e["operatorPreviousStatus"], e["operatorCurrentStatus"])
        for e in done[:-1]
    ] == [(country, name, "PENDING", "LAUNCHED") for country, name in operators]
    assert (done[-1]["type"], done[-1]["previousState"], done[-1]["currentState"]) == (
        STATUS,
        "LAUNCHING",
        "LAUNCHED",
    )
    assert done[-1]["payload"] == api.sender(sender["id"])
    assert all(_callback_problems(event) == [] for event in started + done)


def test_comments_are_announced(emulator_factory: EmulatorFactory, receiver: Receiver) -> None:
    _, api = _start(emulator_factory)
    sender = api.create()
    api.create_webhook(receiver.url, [SENDER_COMMENT, ACCOUNT_COMMENT])

    api.post(f"/senders/{sender['id']}/comments", json={"comment": "Please review"})
    api.post("/comments", json={"comment": "About the account"})

    receiver.wait_for(2)
    sender_comment, account_comment = receiver.events()
    assert sender_comment == {
        "type": SENDER_COMMENT,
        "payload": api.sender(sender["id"]),
        "comment": "Please review",
    }
    assert account_comment == {"type": ACCOUNT_COMMENT, "comment": "About the account"}
    assert _callback_problems(sender_comment) == _callback_problems(account_comment) == []


def test_each_webhook_gets_what_it_listens_to_in_its_own_project(
    emulator_factory: EmulatorFactory, receiver: Receiver
) -> None:
    server, api = _start(emulator_factory)
    other = Api(server.url, project="another-project")
    api.create_webhook(f"{receiver.url}/all", ["ALL"])
    api.create_webhook(f"{receiver.url}/comments", [SENDER_COMMENT])
    other.create_webhook(f"{receiver.url}/other", ["ALL"])

    sender = api.create()
    api.post(f"/senders/{sender['id']}/comments", json={"comment": "hello"})

    log = server.wait_for_deliveries(lambda log: len(log) == 3 and all(d["state"] != "pending" for d in log))
    assert sorted((d["target"].rsplit("/", 1)[1], d["event"]) for d in log) == [
        ("all", SENDER_COMMENT),
        ("all", STATUS),
        ("comments", SENDER_COMMENT),
    ]
    assert {d["state"] for d in log} == {"delivered"}
    other.close()


def test_a_failing_target_is_retried_until_it_answers_2xx(
    emulator_factory: EmulatorFactory, receiver: Receiver
) -> None:
    server, api = _start(emulator_factory, webhook_attempts=4)
    api.create_webhook(receiver.url, [ACCOUNT_COMMENT], secret="retry-secret")
    receiver.answers = [500, 503]

    api.post("/comments", json={"comment": "hello"})

    [delivery] = server.wait_for_deliveries()
    assert (delivery["state"], delivery["attempts"], delivery["status"], delivery["error"]) == (
        "delivered",
        3,
        200,
        None,
    )
    attempts = receiver.wait_for(3)
    assert len({item.body for item in attempts}) == 1
    assert len({item.headers["x-sinch-webhook-signature-nonce"] for item in attempts}) == 3
    assert all(
        item.headers["x-sinch-webhook-signature"] == expected_signature("retry-secret", item)
        for item in attempts
    )


def test_a_target_that_keeps_failing_is_given_up_after_the_last_attempt(
    emulator_factory: EmulatorFactory, receiver: Receiver
) -> None:
    server, api = _start(emulator_factory, webhook_attempts=3)
    api.create_webhook(receiver.url, [ACCOUNT_COMMENT])
    receiver.answers = [500] * 5

    api.post("/comments", json={"comment": "hello"})

    [delivery] = server.wait_for_deliveries()
    assert (delivery["state"], delivery["attempts"], delivery["status"], delivery["error"]) == (
        "failed",
        3,
        500,
        "answered HTTP 500",
    )
    assert len(receiver.received) == 3


def test_an_unreachable_target_is_retried_then_given_up(emulator_factory: EmulatorFactory) -> None:
    server, api = _start(emulator_factory, webhook_attempts=2)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api.create_webhook(f"http://127.0.0.1:{port}/events", [ACCOUNT_COMMENT])

    api.post("/comments", json={"comment": "hello"})

    [delivery] = server.wait_for_deliveries()
    assert (delivery["state"], delivery["attempts"], delivery["status"]) == ("failed", 2, None)
    assert "ConnectionRefusedError" in delivery["error"]


def test_only_loopback_targets_are_ever_sent_to(
    emulator_factory: EmulatorFactory, receiver: Receiver
) -> None:
    server, api = _start(emulator_factory)
    port = receiver.url.split(":")[2].split("/")[0]
    elsewhere = ["https://my.server.com/callback", "http://10.1.2.3/events", "http://localhost.example.com/x"]
    for target in [*elsewhere, f"http://localhost:{port}/events"]:
        api.create_webhook(target, [ACCOUNT_COMMENT])

    api.post("/comments", json={"comment": "hello"})

    log = {
        d["target"]: d
        for d in server.wait_for_deliveries(
            lambda log: len(log) == 4 and all(d["state"] != "pending" for d in log)
        )
    }
    for target in elsewhere:
        assert (log[target]["state"], log[target]["attempts"], log[target]["error"]) == (
            "skipped",
            0,
            "not a loopback address",
        )
    assert log[f"http://localhost:{port}/events"]["state"] == "delivered"
    assert len(receiver.received) == 1
    assert api.webhooks("GET").json()["totalSize"] == 4


def test_a_slow_target_never_holds_the_api_back(
    emulator_factory: EmulatorFactory, receiver: Receiver
) -> None:
    server, api = _start(emulator_factory)
    api.create_webhook(receiver.url, [ACCOUNT_COMMENT])
    receiver.hold()

    first = api.post("/comments", json={"comment": "one"})
    receiver.wait_for(1)  # the emulator is now waiting for the receiver's answer...
    second = api.post("/comments", json={"comment": "two"})  # ...and still answers the API at once

    assert (first.status_code, second.status_code) == (201, 201)
    assert [d["state"] for d in server.deliveries()] == ["pending", "pending"]
    receiver.release()
    assert [d["state"] for d in server.wait_for_deliveries()] == ["delivered", "delivered"]


def test_the_delivery_log_over_http(emulator_factory: EmulatorFactory, receiver: Receiver) -> None:
    server, api = _start(emulator_factory)
    api.create_webhook(receiver.url, ["ALL"])
    api.post("/comments", json={"comment": "hello"})
    server.wait_for_deliveries()

    seen = requests.get(f"{server.url}/_emulator/deliveries", timeout=10).json()
    logged = server.deliveries()
    cleared = requests.delete(f"{server.url}/_emulator/deliveries", timeout=10)

    assert seen == {"deliveries": logged}
    assert [d["event"] for d in logged] == [ACCOUNT_COMMENT]
    assert cleared.status_code == 200
    assert server.deliveries() == []


def test_the_log_never_shows_what_an_event_carries(
    emulator_factory: EmulatorFactory, receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="emulator")
    server, api = _start(emulator_factory)
    api.create_webhook(receiver.url, ["ALL"], secret="never-logged-secret")

    sender = api.create()
    [delivery] = server.wait_for_deliveries()

    text = "\n".join(record.getMessage() for record in caplog.records)
    assert STATUS in text  # the delivery was logged...
    for secret in (
        "never-logged-secret",
        sender["authToken"],
        delivery["headers"]["x-sinch-webhook-signature"],
    ):
        assert secret not in text  # ...without what it carried
