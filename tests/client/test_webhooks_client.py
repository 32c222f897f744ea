"""``WebhooksClient``: every webhook operation against the emulator, with requests the spec accepts, and what
the client promises about paging, unsafe creates, and the webhook secret in error texts."""

from __future__ import annotations

import json
import pickle
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from emulator.server import EmulatorServer
from sinch_provisioning.connection import Connection
from sinch_provisioning.errors import (
    NotFoundError,
    OutcomeUnknownError,
    SinchApiError,
    UnexpectedResponseError,
)
from sinch_provisioning.rcs_senders import SinchRcsClient
from sinch_provisioning.retry import RetryPolicy
from sinch_provisioning.scrub import REDACTED
from sinch_provisioning.webhooks import MAX_LIST_PAGES, WebhooksClient
from tests.client.support import assert_requests_valid, requests_for
from tests.conftest import TEST_PROJECT_ID

CREATE = "WebhookWebhookController_createWebhook_v1"
LIST = "WebhookWebhookController_listWebhooks_v1"
REPLACE = "WebhookWebhookController_replaceWebhook_v1"
SECRET = "client-test-signing-secret-5e1f"
TARGET = "https://events.example.com/sinch"


@pytest.fixture
def webhooks(client: SinchRcsClient) -> WebhooksClient:
    """A webhooks client on the senders client's connection (one session, one token)."""
    return WebhooksClient(client.connection)


def test_create_get_list_replace_delete(webhooks: WebhooksClient, emulator: EmulatorServer) -> None:
    created = webhooks.create_webhook(target=TARGET, secret=SECRET, triggers=["RCS_SENDER_STATUS_UPDATED"])
    assert created["target"] == TARGET
    assert created["triggers"] == ["RCS_SENDER_STATUS_UPDATED"]
    assert created["projectId"] == TEST_PROJECT_ID
    assert webhooks.get_webhook(created["id"]) == created
    assert webhooks.list_webhooks() == [created]
    assert webhooks.find_by_target(TARGET) == created
    assert webhooks.find_by_target("https://elsewhere.example.com/") is None

    moved = TARGET + "/v2"
    replaced = webhooks.replace_webhook(created["id"], target=moved, secret=SECRET + "2", triggers=["ALL"])
    assert (replaced["id"], replaced["target"], replaced["triggers"]) == (created["id"], moved, ["ALL"])

    webhooks.delete_webhook(created["id"])
    with pytest.raises(NotFoundError) as gone:
        webhooks.get_webhook(created["id"])
    assert gone.value.error_code == "webhook_not_found"
    with pytest.raises(NotFoundError) as again:
        webhooks.delete_webhook(created["id"])  # the caller decides what this means
    assert again.value.error_code == "webhook_not_found"
    assert_requests_valid(emulator)


def test_the_secret_is_in_no_answer(webhooks: WebhooksClient) -> None:
    created = webhooks.create_webhook(target=TARGET, secret=SECRET, triggers=["ALL"])
    answers = [
        created,
        webhooks.get_webhook(created["id"]),
        webhooks.list_webhooks_page(),
        webhooks.replace_webhook(created["id"], target=TARGET, secret=SECRET, triggers=["ALL"]),
    ]
    assert all(SECRET not in json.dumps(answer) for answer in answers)


def test_lists_follow_page_tokens_and_page_sizes_are_1_to_15(
    webhooks: WebhooksClient, emulator: EmulatorServer
) -> None:
    made = [
        webhooks.create_webhook(target=f"https://hooks.example.com/{i}", secret=SECRET, triggers=["ALL"])
        for i in range(5)
    ]
    emulator.reset_stats()

    listed = webhooks.list_webhooks(page_size=2)

    assert sorted(webhook["id"] for webhook in listed) == sorted(webhook["id"] for webhook in made)
    assert requests_for(emulator, LIST) == 3
    first = webhooks.list_webhooks_page(page_size=2)
    assert len(first["webhooks"]) == 2
    assert first["nextPageToken"]
    for bad in (0, 16):
        with pytest.raises(ValueError, match="page_size must be between 1 and 15"):
            webhooks.list_webhooks(page_size=bad)
    assert_requests_valid(emulator)


def test_a_create_that_may_have_been_applied_is_never_repeated(
    webhooks: WebhooksClient, emulator: EmulatorServer
) -> None:
    emulator.faults.script("drop_after", operation="createWebhook")
    emulator.reset_stats()

    with pytest.raises(OutcomeUnknownError) as unknown:
        webhooks.create_webhook(target=TARGET, secret=SECRET, triggers=["ALL"])

    assert requests_for(emulator, CREATE) == 1
    assert "webhooks" in str(unknown.value)  # what to check before trying again
    held = webhooks.find_by_target(TARGET)  # the target is unique: this is what it made
    assert held is not None
    with pytest.raises(SinchApiError) as taken:
        webhooks.create_webhook(target=TARGET, secret=SECRET, triggers=["ALL"])
    assert (taken.value.status, taken.value.error_code) == (409, "webhook_exists")


def test_replace_is_retried_like_a_get(webhooks: WebhooksClient, emulator: EmulatorServer) -> None:
    created = webhooks.create_webhook(target=TARGET, secret=SECRET, triggers=["ALL"])
    emulator.faults.script("drop_after", operation="replaceWebhook")
    emulator.reset_stats()

    webhooks.replace_webhook(created["id"], target=TARGET, secret=SECRET, triggers=["BUNDLE_DONE"])

    assert requests_for(emulator, REPLACE) == 2
    assert webhooks.get_webhook(created["id"])["triggers"] == ["BUNDLE_DONE"]


def test_the_16th_webhook_is_refused_with_424(webhooks: WebhooksClient) -> None:
    for index in range(15):
        webhooks.create_webhook(target=f"https://hooks.example.com/{index}", secret=SECRET, triggers=["ALL"])

    with pytest.raises(SinchApiError) as refused:
        webhooks.create_webhook(target=TARGET, secret=SECRET, triggers=["ALL"])

    assert (refused.value.status, refused.value.error_code) == (424, "webhook_limit_reached")
    assert len(webhooks.list_webhooks()) == 15


def test_bodies_are_checked_before_sending(webhooks: WebhooksClient) -> None:
    for target, secret, triggers in [("", SECRET, ["ALL"]), (TARGET, "", ["ALL"]), (TARGET, SECRET, [])]:
        with pytest.raises(ValueError, match="must be a non-empty"):
            webhooks.create_webhook(target=target, secret=secret, triggers=triggers)
    with pytest.raises(ValueError, match="not one string"):
        webhooks.create_webhook(target=TARGET, secret=SECRET, triggers="ALL")
    with pytest.raises(ValueError, match="webhook_id"):
        webhooks.get_webhook("")


# --- against a loopback server that misbehaves in ways the emulator does not -------------------------------


Answer = Callable[[str, str, bytes], tuple[int, dict[str, Any]]]


@contextmanager
def serve(answer: Answer) -> Iterator[str]:
    """A loopback server answering every request with ``answer(method, path, body)`` (status, JSON)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def do_PUT(self) -> None:
            self._answer()

        def _answer(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status, payload = answer(self.command, self.path, body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def loopback_client(url: str) -> WebhooksClient:
    return WebhooksClient.from_access_key(
        "p", "key-id", "key-secret-value", auth_method="basic", base_url=url, retry=RetryPolicy.no_retries()
    )


def test_a_server_quoting_the_webhook_secret_in_an_error_never_gets_it_into_the_text() -> None:
    def echo(method: str, path: str, body: bytes) -> tuple[int, dict[str, Any]]:
        sent = json.loads(body)
        return 400, {
            "errorCode": "invalid_input",
            "message": f"Invalid input: {sent['secret']}",
            "resolution": "Correct the validation errors and submit again.",
            "additionalInformation": {"validationErrors": [f"secret {sent['secret']} is weak"]},
        }

    with serve(echo) as url, loopback_client(url) as client:
        with pytest.raises(SinchApiError) as refused:
            client.create_webhook(target=TARGET, secret=SECRET, triggers=["ALL"])
        with pytest.raises(SinchApiError) as on_put:
            client.replace_webhook("wh-1", target=TARGET, secret=SECRET, triggers=["ALL"])

    assert SECRET not in str(refused.value)
    assert SECRET not in repr(refused.value.additional_information)
    assert f"secret {REDACTED} is weak" in refused.value.validation_errors
    assert SECRET not in str(on_put.value)


def test_a_list_that_never_ends_is_stopped() -> None:
    pages = {"count": 0}

    def endless(method: str, path: str, body: bytes) -> tuple[int, dict[str, Any]]:
        pages["count"] += 1
        token = f"token-{pages['count']}"
        return 200, {"webhooks": [], "totalSize": 0, "pageSize": 15, "nextPageToken": token}

    with (
        serve(endless) as url,
        loopback_client(url) as client,
        pytest.raises(UnexpectedResponseError, match="kept paging"),
    ):
        client.list_webhooks()

    assert pages["count"] == MAX_LIST_PAGES


def test_an_answer_that_is_not_a_webhook_is_unexpected() -> None:
    with (
        serve(lambda method, path, body: (200, {"status": "ok"})) as url,
        loopback_client(url) as client,
        pytest.raises(UnexpectedResponseError, match="not a webhook"),
    ):
        client.get_webhook("wh-1")


def test_the_client_shares_one_connection_and_refuses_pickling(client: SinchRcsClient) -> None:
    webhooks = WebhooksClient(client.connection)
    assert webhooks.connection is client.connection
    assert isinstance(webhooks.connection, Connection)
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(webhooks)
