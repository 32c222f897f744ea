"""``python -m emulator`` as users run it: the URL lines, --key, --state across a restart, clean stops."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from emulator.process import PROJECT_ROOT, EmulatorProcess, EmulatorProcessError
from emulator.server import EmulatorServer
from emulator.store import StateFileError
from tests.conftest import TEST_PROJECT_ID, EmulatorFactory
from tests.emulator.support import (
    Api,
    Receiver,
    error_of,
    expected_signature,
    launch_ready_details,
    number_path,
)

pytestmark = pytest.mark.slow

KEY = ("cli-key", "cli-secret")


def test_a_sender_survives_a_restart_of_the_process(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    args = ["--state", str(state), "--key", f"{KEY[0]}:{KEY[1]}", "--launch-delay", "3600"]

    with EmulatorProcess(args, log_path=tmp_path / "first.log") as first:
        api = Api(first.url, auth=KEY)
        sender = api.create(details={**launch_ready_details(["SE"]), "testNumbers": ["+46701234567"]})
        api.post(f"/senders/{sender['id']}/comments", json={"comment": "before the restart"})
        api.launch(sender["id"])
        before = api.sender(sender["id"])
        assert first.stop() == 0

    with EmulatorProcess(args, log_path=tmp_path / "second.log") as second:
        api = Api(second.url, auth=KEY)
        after = api.sender(sender["id"])
        log = api.get(f"/senders/{sender['id']}/activities").json()
        tester = api.get(number_path(sender["id"], "+46701234567"))

    assert after == before
    assert after["state"] == "LAUNCHING"
    assert log["notifications"][1]["comment"] == "before the restart"
    assert tester.json()["state"] == "UNVERIFIED"
    assert json.loads(state.read_text())["format"] == "sinch-rcs-emulator-state"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_the_stdout_lines_are_the_two_apis_urls_and_sigterm_stops_with_0(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "--port", "0", "--channel-delay", "5"],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        template = process.stdout.readline().strip()
        response = requests.get(f"{url}/v1/projects/p/rcs/senders", auth=("any", "key"), timeout=10)
        apps = requests.get(template.format(region="br") + "/v1/projects/p/apps", auth=("a", "b"), timeout=10)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()

    assert url.startswith("http://127.0.0.1:")
    assert template == f"{url}/conversation/{{region}}"
    assert response.status_code == 200
    assert (apps.status_code, apps.json()) == (200, {"apps": []})
    assert process.returncode == 0
    assert '"GET /v1/projects/p/rcs/senders" 200' in stderr
    assert "key" not in stderr.replace("/senders", "")


def test_sigint_also_stops_cleanly(tmp_path: Path) -> None:
    emulator = EmulatorProcess(log_path=tmp_path / "emulator.log")
    emulator.start()

    os.kill(emulator.pid, signal.SIGINT)

    assert emulator.stop() == 0


def test_key_option_limits_access(tmp_path: Path) -> None:
    with EmulatorProcess(["--key", "a:b", "--key", "c:d"], log_path=tmp_path / "emulator.log") as emulator:
        assert Api(emulator.url, auth=("a", "b")).get("/senders").status_code == 200
        assert Api(emulator.url, auth=("c", "d")).get("/senders").status_code == 200
        assert error_of(Api(emulator.url, auth=("a", "d")).get("/senders")) == (401, "unauthorized_error")


def test_fault_options_on_the_command_line(tmp_path: Path) -> None:
    args = ["--fault-rate", "1", "--fault-kinds", "503", "--fault-operations", "listSenders"]
    with EmulatorProcess(args, log_path=tmp_path / "emulator.log") as emulator:
        api = Api(emulator.url, auth=KEY)
        assert api.get("/senders").status_code == 503
        assert api.get("/activities").status_code == 200
        stats = requests.get(f"{emulator.url}/_emulator/stats", timeout=10).json()

    assert stats["faults"]["503"] == 1


def test_bad_options_exit_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "emulator", "--key", "no-colon"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 2
    assert "KEY_ID:KEY_SECRET" in result.stderr


def test_a_damaged_state_file_stops_the_start_with_a_message(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text("{not json")

    with pytest.raises(EmulatorProcessError, match="did not print its URL"):
        EmulatorProcess(["--state", str(state)], log_path=tmp_path / "emulator.log").start()

    assert "cannot read the emulator state file" in (tmp_path / "emulator.log").read_text()


def test_state_is_written_after_every_change_and_read_at_start(
    tmp_path: Path, emulator_factory: EmulatorFactory
) -> None:
    state = tmp_path / "nested" / "state.json"
    first = emulator_factory(state_file=state)
    api = Api(first.url)
    sender = api.create()
    api.update(sender["id"], {"brand": {"name": "Persisted"}})
    written = json.loads(state.read_text())
    first.stop()

    second = emulator_factory(state_file=state)

    assert (
        written["projects"][next(iter(written["projects"]))]["senders"][0]["details"]["brand"]["name"]
        == "Persisted"
    )
    assert Api(second.url).sender(sender["id"])["details"]["brand"]["name"] == "Persisted"


def test_reading_a_sender_does_not_rewrite_the_state_file(
    tmp_path: Path, emulator_factory: EmulatorFactory
) -> None:
    state = tmp_path / "state.json"
    api = Api(emulator_factory(state_file=state).url)
    sender = api.create()
    written = state.stat().st_mtime_ns
    os.utime(state, ns=(written - 10**9, written - 10**9))

    api.sender(sender["id"])
    api.get("/senders")

    assert state.stat().st_mtime_ns == written - 10**9


def test_webhooks_survive_a_restart_and_still_sign_with_their_secret(
    tmp_path: Path, emulator_factory: EmulatorFactory, receiver: Receiver
) -> None:
    state = tmp_path / "state.json"
    first = emulator_factory(state_file=state)
    webhook = Api(first.url).create_webhook(receiver.url, ["RCS_SENDER_STATUS_UPDATED"], secret="kept-secret")
    first.stop()

    second = emulator_factory(state_file=state, webhook_retry_delay=0)
    api = Api(second.url)
    api.create()

    [received] = receiver.wait_for(1)
    assert api.webhooks("GET").json()["webhooks"] == [webhook]
    assert received.headers["x-sinch-webhook-signature"] == expected_signature("kept-secret", received)


def test_temporary_files_a_killed_emulator_left_are_removed_at_start(
    tmp_path: Path, emulator_factory: EmulatorFactory
) -> None:
    state = tmp_path / "state.json"
    sender = Api(emulator_factory(state_file=state).url).create()
    stale = tmp_path / ".state.json.k1ll3d.tmp"  # as left by a kill -9 between writing and renaming
    stale.write_text('{"format": "sinch-rcs-emulator-state", "half": ')
    unrelated = tmp_path / ".other.json.x.tmp"
    unrelated.write_text("not ours")

    restarted = emulator_factory(state_file=state)

    assert not stale.exists()
    assert unrelated.exists()
    assert restarted.senders(TEST_PROJECT_ID) == [sender]


def test_a_state_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text('{"something": "else"}')

    with pytest.raises(StateFileError, match="not an emulator state file"):
        EmulatorServer(state_file=state)
