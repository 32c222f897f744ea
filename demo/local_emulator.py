"""The emulator the demo runs against: a `python -m emulator` child process with a state file.

It accepts one access key: the stack's `sinch:keyId` with the secret `demo-secret`, which the demo hands the
provider through `SINCH_KEY_SECRET` (with the emulator's URLs in `SINCH_PROVISIONING_URL`, `SINCH_AUTH_URL`
and `SINCH_CONVERSATION_URL`, since its port changes with every start). Its request log goes to
`.demo/emulator.log`.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from demo.errors import DemoError
from emulator.process import EmulatorProcess, EmulatorProcessError
from emulator.stats import short_name

DEMO_KEY_SECRET = "demo-secret"  # noqa: S105 - the emulator's demo key, not a credential
CONTROL_TIMEOUT = (5.0, 30.0)


@dataclass(frozen=True)
class DemoPaths:
    """Where the demo keeps its files: everything under `<project>/.demo/`, recreated on each run."""

    project_dir: Path

    @property
    def workdir(self) -> Path:
        return self.project_dir / ".demo"

    @property
    def emulator_state(self) -> Path:
        return self.workdir / "emulator-state.json"

    @property
    def emulator_log(self) -> Path:
        return self.workdir / "emulator.log"

    @property
    def backend_dir(self) -> Path:
        return self.workdir / "backend"

    @property
    def pulumi_home(self) -> Path:
        return self.workdir / "pulumi-home"

    def shown(self, path: Path) -> str:
        """`path` relative to the project folder, for messages."""
        try:
            return str(path.relative_to(self.project_dir))
        except ValueError:
            return str(path)


class LocalEmulator:
    """Start with `start()`, always `stop()` (or use it as a context manager)."""

    def __init__(self, paths: DemoPaths, *, key_id: str, python: str = sys.executable) -> None:
        self.paths = paths
        self.key_id = key_id
        self._process = EmulatorProcess(
            ["--state", str(paths.emulator_state), "--key", f"{key_id}:{DEMO_KEY_SECRET}"],
            python=python,
            log_path=paths.emulator_log,
        )
        self._url: str | None = None
        self._conversation_url: str | None = None

    @property
    def url(self) -> str:
        if self._url is None:
            raise DemoError("the emulator is not running")
        return self._url

    @property
    def conversation_url(self) -> str:
        """The Conversation API's URL template (`.../conversation/{region}`)."""
        if self._conversation_url is None:
            raise DemoError("the emulator is not running")
        return self._conversation_url

    def start(self) -> str:
        try:
            self._url = self._process.start()
        except EmulatorProcessError as error:
            raise DemoError(f"The emulator did not start: {error}") from None
        self._conversation_url = self._process.conversation_url
        return self._url

    def stop(self) -> int:
        """Stop the process (SIGTERM, then kill if it hangs); the exit code, 0 for a clean stop."""
        self._url = self._conversation_url = None
        try:
            return self._process.stop()
        except EmulatorProcessError as error:
            raise DemoError(str(error)) from None

    def provider_env(self) -> dict[str, str]:
        """The environment variables that point the provider at this emulator."""
        return provider_environment(self.url, DEMO_KEY_SECRET, self.conversation_url)

    def take_request_counts(self) -> dict[str, int]:
        """Sinch API requests per operation (and token requests) since the last call; resets the counters."""
        stats = self._request("GET", "/_emulator/stats")
        self._request("POST", "/_emulator/stats/reset")
        counts = {short_name(name): int(n) for name, n in (stats.get("requests") or {}).items()}
        if stats.get("token_requests"):
            counts["oauth2Token"] = int(stats["token_requests"])
        return counts

    def senders(self, project_id: str) -> list[dict[str, Any]]:
        """The project's senders, as the API lists them."""
        listed = self._request(
            "GET",
            f"/v1/projects/{project_id}/rcs/senders",
            params={"pageSize": "100"},
            auth=(self.key_id, DEMO_KEY_SECRET),
        )
        senders = listed.get("senders") or []
        return [sender for sender in senders if isinstance(sender, dict)]

    def apps(self, project_id: str) -> list[dict[str, Any]]:
        """The project's Conversation API apps in every region, as the API lists them, each with the
        `region` whose host holds it."""
        found: list[dict[str, Any]] = []
        for region in ("eu", "us", "br"):
            prefix = self.conversation_url.replace("{region}", region).removeprefix(self.url)
            listed = self._request(
                "GET", f"{prefix}/v1/projects/{project_id}/apps", auth=(self.key_id, DEMO_KEY_SECRET)
            )
            apps = listed.get("apps") or []
            found += [{**app, "region": region.upper()} for app in apps if isinstance(app, dict)]
        return found

    def inject_inbound(self, project_id: str, app_id: str, contact: str, text: str) -> Mapping[str, Any]:
        """An inbound RCS message from ``contact`` to the app (the emulator's control API, not Sinch's):
        the emulator posts a ``MESSAGE_INBOUND`` callback to each of the app's webhooks with that trigger."""
        body = {"projectId": project_id, "appId": app_id, "contact": contact, "text": text}
        return self._request("POST", "/_emulator/conversation/inbound", json=body)

    def pending_deliveries(self, target: str) -> int:
        """How many webhook events for `target` the emulator has still to deliver (or retry)."""
        listed = self._request("GET", "/_emulator/deliveries").get("deliveries") or []
        return sum(
            1
            for delivery in listed
            if isinstance(delivery, dict)
            and delivery.get("target") == target
            and delivery.get("state") == "pending"
        )

    def _request(self, method: str, path: str, **options: Any) -> Mapping[str, Any]:
        """The JSON object the emulator answers (empty if it answers none); `DemoError` if it fails."""
        try:
            response = requests.request(method, self.url + path, timeout=CONTROL_TIMEOUT, **options)
            response.raise_for_status()
            data = response.json() if response.content else {}
        except requests.RequestException as error:  # includes an answer that is not JSON
            raise DemoError(f"The emulator failed {method} {path}: {error}") from None
        return data if isinstance(data, dict) else {}

    def __enter__(self) -> LocalEmulator:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def provider_environment(url: str, key_secret: str, conversation_url: str) -> dict[str, str]:
    """The `SINCH_*` variables that point the provider at the emulator at `url`, whose Conversation API is
    the template `conversation_url` (the rest is stack config)."""
    return {
        "SINCH_PROVISIONING_URL": url,
        "SINCH_AUTH_URL": f"{url}/oauth2/token",
        "SINCH_CONVERSATION_URL": conversation_url,
        "SINCH_KEY_SECRET": key_secret,
    }
