"""A minimal Sinch API for the provider-only benchmarks: canned, spec-shaped answers after a set latency.

The emulator judges every request against the OpenAPI document, which costs more CPU than the provider
itself; on a 2-core machine that work competes with the plugin. This stub does none of it: it answers the
token request and a sender's create, get and update from one template, the emulator's own answer to a
full sender's create (so the shapes are the API's), with the request's own fields put in and a fresh id.
Every answer waits ``latency`` seconds first, as a remote API would; requests on different connections
wait in parallel.

    with StubApi(latency=0.05) as api:       # in this process (a thread)
        ...api.url...
    with StubProcess(latency=0.05) as api:   # python -m bench.stub_api, its own process (its own GIL)
        ...api.url, api.pid...

Only what the benchmarks send is served; anything else is a 404 in the API's error shape.

``gate=N`` (tests): each create is answered only once N creates are in flight at the same time (a barrier;
after ``GATE_TIMEOUT`` s without N, a 503), which proves a client sends N at once without any timing.
``stats()`` also gives ``most_at_once``, the most creates the stub held at the same moment.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self

from example_senders import eu_declaration
from schemas.rcs_senders.api import create_body
from schemas.rcs_senders.constants import CREATION_ONLY

JsonObject = dict[str, Any]

_SENDERS: Final = re.compile(r"^/v1/projects/[^/]+/rcs/senders(?:/(?P<id>[^/?]+))?$")
_TEMPLATE_KEY: Final = ("stub-key", "stub-secret")
GATE_TIMEOUT: Final = 30.0
ROOT: Final = Path(__file__).resolve().parent.parent


def emulator_answer(body: Mapping[str, Any], project_id: str) -> JsonObject:
    """The emulator's answer to creating ``body`` (through its WSGI app, no server, no socket)."""
    from werkzeug.test import Client

    from emulator.server import EmulatorServer

    client = Client(EmulatorServer(keys={_TEMPLATE_KEY[0]: _TEMPLATE_KEY[1]}))
    basic = base64.b64encode(":".join(_TEMPLATE_KEY).encode()).decode()
    token = client.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    ).get_json()["access_token"]
    answer = client.post(
        f"/v1/projects/{project_id}/rcs/senders",
        json=dict(body),
        headers={"Authorization": f"Bearer {token}"},
    )
    if answer.status_code >= 300:
        raise RuntimeError(f"the emulator refused the template create: {answer.get_data(as_text=True)}")
    return dict(answer.get_json())


class Senders:
    """Senders as request-shaped bodies; answers are rendered from the template."""

    def __init__(self, gate: int = 0) -> None:
        self._lock = threading.Lock()
        self._template = emulator_answer(create_body(eu_declaration()), "stub-project")
        self._bodies: dict[str, JsonObject] = {}
        self.creates: list[tuple[str, float]] = []  # (brand name, monotonic time the request arrived)
        self._gate = threading.Barrier(gate) if gate > 1 else None
        self._in_flight = 0
        self.most_at_once = 0

    def create(self, body: JsonObject) -> JsonObject | None:
        """The created sender's answer; None when the gate did not open (``GATE_TIMEOUT``)."""
        with self._lock:
            self.creates.append((str(body.get("details", {}).get("brand", {}).get("name")), time.monotonic()))
            sender_id = str(uuid.uuid4())
            self._bodies[sender_id] = body
            self._in_flight += 1
            self.most_at_once = max(self.most_at_once, self._in_flight)
        try:
            if self._gate is not None:
                self._gate.wait(GATE_TIMEOUT)
        except threading.BrokenBarrierError:
            return None
        finally:
            with self._lock:
                self._in_flight -= 1
        with self._lock:
            return self._render(sender_id, body)

    def stats(self) -> JsonObject:
        """``creates``: [brand name, seconds since the first create arrived] per create, in arrival order;
        ``most_at_once``: the most creates held at the same moment."""
        with self._lock:
            start = self.creates[0][1] if self.creates else 0.0
            return {
                "creates": [[name, at - start] for name, at in self.creates],
                "most_at_once": self.most_at_once,
            }

    def get(self, sender_id: str) -> JsonObject | None:
        with self._lock:
            body = self._bodies.get(sender_id)
            return None if body is None else self._render(sender_id, body)

    def update(self, sender_id: str, patch: JsonObject) -> JsonObject | None:
        with self._lock:
            body = self._bodies.get(sender_id)
            if body is None:
                return None
            merged = _merged(body, patch)
            self._bodies[sender_id] = merged
            return self._render(sender_id, merged)

    def _render(self, sender_id: str, body: Mapping[str, Any]) -> JsonObject:
        answer = dict(self._template)  # shallow: the answer is serialised at once and then dropped
        answer["id"] = sender_id
        for key in CREATION_ONLY:
            answer[key] = body[key]
        details = body.get("details", {})
        rendered: JsonObject = {k: v for k, v in details.items() if k != "questionnaire"}
        asked = self._template["details"]["questionnaire"]
        answered = details.get("questionnaire", {})
        rendered["questionnaire"] = {
            section: {
                "questions": asked.get(section, {}).get("questions", {}),
                "answers": answered.get(section, {}).get("answers", {}),
            }
            for section in {**asked, **answered}
        }
        answer["details"] = rendered
        tested = self._template["testNumberStates"][0] if self._template["testNumberStates"] else {}
        answer["testNumberStates"] = [{**tested, "number": n} for n in details.get("testNumbers", [])]
        statuses = {status["country"]: status for status in self._template["countryStatus"]}
        first = self._template["countryStatus"][0] if self._template["countryStatus"] else {}
        answer["countryStatus"] = [
            statuses.get(country, {**first, "country": country}) for country in details.get("countries", [])
        ]
        return answer


def _merged(base: Mapping[str, Any], patch: Mapping[str, Any]) -> JsonObject:
    out = dict(base)
    for key, value in patch.items():
        old = out.get(key)
        out[key] = _merged(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return out


def _handler(senders: Senders, latency: float) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are separate writes: no delayed-ACK stall

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _answer(self, status: int, payload: Mapping[str, Any]) -> None:
            data = json.dumps(payload).encode()
            wait = self.arrived + latency - time.monotonic()
            if wait > 0:
                time.sleep(wait)  # the answer leaves `latency` after the request came, as from a remote API
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> JsonObject:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if self.headers.get("Content-Type", "").startswith("application/json") and raw:
                return dict(json.loads(raw))
            return {}

        def _not_found(self) -> None:
            self._answer(404, {"error": {"code": 404, "message": "Not found", "status": "NOT_FOUND"}})

        def _route(self, method: str) -> None:
            body = self._body()
            self.arrived = time.monotonic()
            path = self.path.split("?", 1)[0]
            if path == "/_stub/stats" and method == "GET":
                self.arrived -= latency
                self._answer(200, senders.stats())
                return
            if path.endswith("/oauth2/token") and method == "POST":
                self._answer(200, {"access_token": "stub-token", "token_type": "bearer", "expires_in": 3600})
                return
            match = _SENDERS.match(path)
            if match is None:
                self._not_found()
                return
            sender_id = match["id"]
            if method == "POST" and sender_id is None:
                created = senders.create(body)
                if created is None:
                    message = f"stub gate: fewer creates than the gate's size arrived in {GATE_TIMEOUT:g} s"
                    self._answer(503, {"error": {"code": 503, "message": message, "status": "UNAVAILABLE"}})
                else:
                    self._answer(200, created)
                return
            found = (
                senders.get(sender_id)
                if method == "GET" and sender_id
                else senders.update(sender_id, body)
                if method == "PATCH" and sender_id
                else None
            )
            if found is None:
                self._not_found()
            else:
                self._answer(200, found)

        def do_GET(self) -> None:
            self._route("GET")

        def do_POST(self) -> None:
            self._route("POST")

        def do_PATCH(self) -> None:
            self._route("PATCH")

    return Handler


class StubApi:
    """The stub served by a thread of this process."""

    def __init__(self, latency: float = 0.0, *, gate: int = 0) -> None:
        self.senders = Senders(gate)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.senders, latency))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="stub-api", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()


class StubProcess:
    """``python -m bench.stub_api`` as a child process: the URL from its first stdout line."""

    def __init__(self, latency: float = 0.0) -> None:
        self._latency = latency
        self._process: subprocess.Popen[str] | None = None
        self.url = ""

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    def __enter__(self) -> Self:
        # The command is this interpreter running our own module.
        self._process = subprocess.Popen(
            [sys.executable, "-m", "bench.stub_api", "--latency", str(self._latency)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        self.url = self._process.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self._process.kill()
            raise RuntimeError(f"the stub API did not start (it printed {self.url!r})")
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        assert self._process is not None
        assert self._process.stdin is not None
        self._process.stdin.close()  # the child stops when its stdin closes
        self._process.wait(timeout=30)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stub_api", description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=0.0, help="seconds every answer waits")
    arguments = parser.parse_args(argv)
    with StubApi(arguments.latency) as api:
        print(api.url, flush=True)
        sys.stdin.read()  # until the parent closes our stdin (or exits)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
