"""Helpers for the emulator tests: small HTTP clients (Provisioning API, Conversation API), request bodies
(some taken from the spec), and a webhook receiver on the loopback interface."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote

import requests

import example_senders
from emulator.spec import spec_document
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID

SENDERS_PATH = "/v1/projects/{projectId}/rcs/senders"
SENDER_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}t\d{2}:\d{2}:\d{2}\.\d{3}Z$")
EVENT_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

MINIMAL = {"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"}


class Api:
    """Requests to one project's RCS API over one keep-alive session, with HTTP Basic auth by default."""

    def __init__(
        self,
        base_url: str,
        project: str = TEST_PROJECT_ID,
        auth: tuple[str, str] | None = (TEST_KEY_ID, TEST_KEY_SECRET),
    ) -> None:
        self.base_url = base_url
        self.project = project
        self.root = f"{base_url}/v1/projects/{project}/rcs"
        self.webhooks_root = f"{base_url}/v1/projects/{project}/webhooks"
        self.session = requests.Session()
        self.session.auth = auth

    def close(self) -> None:
        self.session.close()

    def get(self, path: str, **options: Any) -> requests.Response:
        return self.session.get(self.root + path, timeout=10, **options)

    def post(self, path: str, **options: Any) -> requests.Response:
        return self.session.post(self.root + path, timeout=10, **options)

    def patch(self, path: str, **options: Any) -> requests.Response:
        return self.session.patch(self.root + path, timeout=10, **options)

    def delete(self, path: str, **options: Any) -> requests.Response:
        return self.session.delete(self.root + path, timeout=10, **options)

    def create(
        self, body: dict[str, Any] | None = None, details: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Create a sender (``body``, by default MINIMAL, with ``details``) and return it; asserts the 201."""
        payload: dict[str, Any] = copy.deepcopy(body) if body is not None else dict(MINIMAL)
        if details is not None:
            payload["details"] = copy.deepcopy(details)
        response = self.post("/senders", json=payload)
        assert response.status_code == 201, response.text
        sender: dict[str, Any] = response.json()
        return sender

    def sender(self, sender_id: str) -> dict[str, Any]:
        response = self.get(f"/senders/{sender_id}")
        assert response.status_code == 200, response.text
        found: dict[str, Any] = response.json()
        return found

    def update(self, sender_id: str, details: dict[str, Any], **options: Any) -> requests.Response:
        return self.patch(f"/senders/{sender_id}", json={"details": details}, **options)

    def launch(self, sender_id: str) -> requests.Response:
        return self.post(f"/senders/{sender_id}/launch")

    def webhooks(self, method: str, path: str = "", **options: Any) -> requests.Response:
        """A request to the project's webhooks (``path`` after ``/webhooks``)."""
        return self.session.request(method, self.webhooks_root + path, timeout=10, **options)

    def create_webhook(
        self, target: str, triggers: Iterable[str] = ("ALL",), secret: str = "webhook-secret"
    ) -> dict[str, Any]:
        """Register a webhook and return it; asserts the 201."""
        body = {"target": target, "secret": secret, "triggers": list(triggers)}
        response = self.webhooks("POST", json=body)
        assert response.status_code == 201, response.text
        webhook: dict[str, Any] = response.json()
        return webhook


class ConversationApi:
    """Requests to one project's Conversation API (``eu`` unless told otherwise) over one keep-alive
    session, with HTTP Basic auth by default. ``template`` is ``EmulatorServer.conversation_url``."""

    def __init__(
        self,
        template: str,
        project: str = TEST_PROJECT_ID,
        region: str = "eu",
        auth: tuple[str, str] | None = (TEST_KEY_ID, TEST_KEY_SECRET),
    ) -> None:
        self.template = template
        self.project = project
        self.region = region
        self.session = requests.Session()
        self.session.auth = auth

    def close(self) -> None:
        self.session.close()

    def url(self, path: str, region: str | None = None) -> str:
        """``path`` (after ``/v1/projects/{project}``) on the host of ``region`` (by default this one's)."""
        return f"{self.template.format(region=region or self.region)}/v1/projects/{self.project}{path}"

    def request(self, method: str, path: str, region: str | None = None, **options: Any) -> requests.Response:
        return self.session.request(method, self.url(path, region), timeout=10, **options)

    def create_app(
        self,
        *entries: dict[str, Any],
        display_name: str = "Support",
        region: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Create an app with these channel credentials (and further top-level fields); asserts the 200."""
        body = {"display_name": display_name, "channel_credentials": list(entries), **fields}
        response = self.request("POST", "/apps", region, json=body)
        assert response.status_code == 200, response.text
        app: dict[str, Any] = response.json()
        return app

    def app(self, app_id: str) -> dict[str, Any]:
        response = self.request("GET", f"/apps/{app_id}")
        assert response.status_code == 200, response.text
        found: dict[str, Any] = response.json()
        return found

    def create_webhook(
        self,
        app_id: str,
        target: str,
        triggers: Iterable[str] = ("MESSAGE_INBOUND",),
        secret: str | None = "hook-secret",
        **fields: Any,
    ) -> dict[str, Any]:
        """Register an ``HTTP`` webhook for an app; asserts the 200."""
        body = {
            "app_id": app_id,
            "target": target,
            "target_type": "HTTP",
            "triggers": list(triggers),
            **fields,
        }
        if secret is not None:
            body["secret"] = secret
        response = self.request("POST", "/webhooks", json=body)
        assert response.status_code == 200, response.text
        webhook: dict[str, Any] = response.json()
        return webhook


def rcs_entry(sender: dict[str, Any]) -> dict[str, Any]:
    """The RCS channel credential that names a sender: its authName and authToken."""
    return {
        "channel": "RCS",
        "static_bearer": {"claimed_identity": sender["authName"], "token": sender["authToken"]},
    }


def rcs_state(app: dict[str, Any]) -> dict[str, Any]:
    """The ``state`` of an app's (first) RCS credential."""
    state: dict[str, Any] = next(c for c in app["channel_credentials"] if c["channel"] == "RCS")["state"]
    return state


def rpc_error(response: requests.Response) -> tuple[int, str]:
    """(HTTP status, gRPC status name) of a Conversation API error, checking the wrapped shape."""
    error = response.json()["error"]
    assert set(error) == {"code", "message", "status", "details"}, error
    assert error["code"] == response.status_code
    return response.status_code, str(error["status"])


def rpc_message(response: requests.Response) -> str:
    return str(response.json()["error"]["message"])


def access_token(base_url: str, key: tuple[str, str] = (TEST_KEY_ID, TEST_KEY_SECRET)) -> str:
    """An OAuth2 token from the emulator's token endpoint (the one both APIs accept)."""
    response = requests.post(
        f"{base_url}/oauth2/token", data={"grant_type": "client_credentials"}, auth=key, timeout=10
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def number_path(sender_id: str, number: str, suffix: str = "") -> str:
    """``/senders/{id}/testNumbers/%2B4670...`` (the ``+`` URL-encoded, as clients must)."""
    return f"/senders/{sender_id}/testNumbers/{quote(number, safe='')}{suffix}"


def error_of(response: requests.Response) -> tuple[int, str]:
    return response.status_code, response.json()["errorCode"]


def validation_errors(response: requests.Response) -> list[str]:
    errors: list[str] = response.json()["additionalInformation"]["validationErrors"]
    return errors


def create_example(name: str) -> dict[str, Any]:
    """A create-sender request body from the spec's examples, by name."""
    examples = spec_document()["paths"][SENDERS_PATH]["post"]["requestBody"]["content"]["application/json"]
    example: dict[str, Any] = copy.deepcopy(examples["examples"][name]["value"])
    return example


def launch_ready_details(countries: Iterable[str] = ("SE",)) -> dict[str, Any]:
    """Details that pass the launch checklist for ``countries`` (GB/FR/US sections included as needed)."""
    chosen = list(countries)
    example = create_example("usQuestionnairePrivateLlcSwedenTaxIdCountry")["details"]
    questionnaire: dict[str, Any] = {
        "general": example["questionnaire"]["general"],
        "verification": example["questionnaire"]["verification"],
    }
    sample = example_senders.eu_questionnaire()  # the UK and France answers
    for country in ("GB", "FR"):
        if country in chosen:
            questionnaire[country.lower()] = dict(sample[country.lower()])  # type: ignore[literal-required]
    if "US" in chosen:
        questionnaire["us"] = example["questionnaire"]["us"]
    return {"brand": example["brand"], "countries": chosen, "questionnaire": questionnaire}


@dataclass(frozen=True)
class Received:
    """One request a ``Receiver`` got: its path, headers (lower-case names) and raw body."""

    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed


def expected_signature(secret: str, received: Received) -> str:
    """The signature Sinch documents for a webhook event, computed here independently of the emulator."""
    nonce = received.headers["x-sinch-webhook-signature-nonce"]
    timestamp = received.headers["x-sinch-webhook-signature-timestamp"]
    signed = received.body + b"." + nonce.encode() + b"." + timestamp.encode()
    return base64.b64encode(hmac.new(secret.encode(), signed, hashlib.sha256).digest()).decode()


class Receiver:
    """A webhook target on 127.0.0.1 (``http.server`` in a thread) that records every request and answers
    each with the next of ``answers`` (once they are used up: what ``answer_with`` says of the request, by
    default 200). ``hold()`` makes it wait, before answering, until ``release()``."""

    def __init__(self, answer_with: Callable[[Received], int] = lambda received: 200) -> None:
        self.received: list[Received] = []
        self.answers: list[int] = []
        self._changed = threading.Condition()
        self._released = threading.Event()
        self._released.set()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {name.lower(): value for name, value in self.headers.items()}
                received = Received(self.path, headers, body)
                with receiver._changed:
                    receiver.received.append(received)
                    status = receiver.answers.pop(0) if receiver.answers else answer_with(received)
                    receiver._changed.notify_all()
                receiver._released.wait(30)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/events"

    def hold(self) -> None:
        self._released.clear()

    def release(self) -> None:
        self._released.set()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """The first ``count`` requests, once they have arrived."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.received) >= count, timeout):
                raise AssertionError(f"expected {count} webhook requests, got {len(self.received)}")
            return list(self.received[:count])

    def events(self) -> list[dict[str, Any]]:
        with self._changed:
            return [item.event for item in self.received]

    def close(self) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()
