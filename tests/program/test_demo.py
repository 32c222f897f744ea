"""`make demo` as a newcomer runs it, from a clean copy of the repository; and the demo driver's CLI path.

The copy holds what a clone holds: the files git tracks plus the untracked files it does not ignore (so
that work not yet committed is tested too), never `.venv`, `.demo` or caches. `DEMO_VENV` points the demo
at this test run's virtualenv so that nothing is installed, but the real Makefile target and `python -m
demo` run, in the copy, with the copy's code.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from tests.program.support import REPO_ROOT

pytestmark = pytest.mark.slow

DEMO_TIMEOUT = 240.0


def repository_files() -> list[str]:
    git = shutil.which("git")
    if git is None or not (REPO_ROOT / ".git").exists():
        pytest.skip("needs a git checkout to know the repository's files")
    listed = subprocess.run(
        [git, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return sorted({name for name in listed.split("\0") if name and (REPO_ROOT / name).is_file()})


@pytest.fixture
def clean_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "sinch-rcs-pulumi"
    for name in repository_files():
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, target)
    assert not (copy / ".venv").exists()
    return copy


def demo_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SINCH_", "PULUMI_"))}
    env.pop("PYTHONPATH", None)  # the copy's own code, nothing from this checkout
    env.update({"DEMO_VENV": sys.prefix, "DEMO_ENGINE": "harness"})
    env.update(extra)
    return env


def run_make_demo(copy: Path, env: Mapping[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    make = shutil.which("make")
    if make is None:
        pytest.skip("`make` is not installed")
    return subprocess.run(
        [make, "demo", *args], cwd=copy, env=dict(env), capture_output=True, text=True, timeout=DEMO_TIMEOUT
    )


def fingerprints(root: Path) -> dict[str, str]:
    """Hash of every file outside `.demo/` and the bytecode caches."""
    result: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or relative.parts[0] == ".demo" or "__pycache__" in relative.parts:
            continue
        result[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def emulator_url(output: str) -> str:
    match = re.search(r"^Emulator: (http://127\.0\.0\.1:\d+) ", output, re.MULTILINE)
    assert match, output
    return match.group(1)


def assert_stopped(url: str) -> None:
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/_emulator/stats", timeout=5)


def section(output: str, title: str) -> str:
    """The lines of one step, from its title to the next blank line."""
    start = output.index(title)
    end = output.find("\n\n", start)
    return output[start : end if end != -1 else None]


def state_file(copy: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((copy / ".demo" / "emulator-state.json").read_text())
    return data


def credentials(copy: Path) -> list[str]:
    """What the demo must never print: the webhook's secret, and each sender's authName and authToken (the
    emulator's state file keeps them)."""
    project = state_file(copy)["projects"]["demo-project"]
    found = [str(webhook["secret"]) for webhook in project.get("webhooks") or []]
    for sender in project["senders"]:
        found += [str(sender["auth_name"]), str(sender["auth_token"])]
    return found


def sender_ids(copy: Path) -> dict[str, str]:
    """region -> sender id, as the emulator holds them after the demo."""
    return {s["region"]: s["id"] for s in state_file(copy)["projects"]["demo-project"]["senders"]}


def receiver_url(output: str) -> str:
    match = re.search(r"^Webhook receiver: (http://127\.0\.0\.1:\d+/sinch/events); ", output, re.MULTILINE)
    assert match, output
    return match.group(1)


def verified_lines(output: str) -> list[str]:
    """The event lines of the webhook block, each without its leading spaces."""
    block = section(output, "Webhook events at the demo's receiver")
    return [line.strip() for line in block.splitlines()[1:] if line.startswith("   RCS_")]


def event_line(region: str, sender_id: str, change: str, count: int = 1) -> str:
    kind = "RCS_SENDER_OPERATOR_STATUS_UPDATED" if ":" in change else "RCS_SENDER_STATUS_UPDATED"
    verified = "signature verified" if count == 1 else f"{count} signatures verified"
    return f"{kind} {region} {sender_id[:8]} {change} {verified}"


def squeezed(lines: list[str]) -> list[str]:
    return [" ".join(line.split()) for line in lines]


def test_make_demo_runs_the_program_through_the_harness_from_a_clean_copy(clean_copy: Path) -> None:
    before = fingerprints(clean_copy)

    result = run_make_demo(clean_copy, demo_env())

    output = result.stdout
    assert result.returncode == 0, output + result.stderr
    assert f"Using the virtualenv {sys.prefix} (DEMO_VENV)" in output
    target = receiver_url(output)
    preview = section(output, "[1/4] pulumi preview")
    assert "+ sinch:ProvisioningWebhook acme-sender-events: to create" in preview
    assert "+ sinch:RcsSender acme-eu: to create" in preview
    assert "+ sinch:RcsSender acme-us: to create" in preview
    assert "+ sinch:ConversationApp acme-eu-app: to create" in preview
    assert "+ sinch:ConversationWebhook acme-app-events: to create" in preview
    assert "Resources: 5 to create" in preview
    assert "Sinch API requests: none" in preview
    up = section(output, "[2/4] pulumi up --yes")
    assert "Resources: 5 created" in up
    assert "createSender x2" in up
    assert "createWebhook x1" in up
    assert "App_CreateApp x1" in up
    assert "Webhooks_CreateWebhook x1" in up
    assert re.search(
        r"\+ sinch:ConversationApp acme-eu-app: created \(id [0-9A-Z]{26}, RCS channel ACTIVE\)", up
    )
    assert "euAuthToken      [secret]" in output
    assert "euRcsChannel     ACTIVE" in output
    assert f"webhookTarget    {target}" in output
    assert "Resources: 5 unchanged" in section(output, "[3/4] pulumi refresh --yes")
    last = section(output, "[4/4] pulumi preview --expect-no-changes")
    assert "Resources: 5 unchanged" in last
    # refresh: always (Pulumi.yaml): the preview reads the senders, the app and the webhook first, and
    # writes nothing
    sent = re.search(r"Sinch API requests: (.*)", last)
    assert sent, last
    reads = ("get", "list", "App_Get", "App_List", "Webhooks_Get", "Webhooks_List", "oauth2Token")
    assert all(name.startswith(reads) for name in sent.group(1).split(", ")), last
    assert len(re.findall(r"^   [0-9a-f-]{36}  (EU|US)  IN_TEST ", output, re.MULTILINE)) == 2
    ids = sender_ids(clean_copy)
    apps = section(output, "Conversation API apps in the emulator (project demo-project):")
    assert re.search(
        rf"^   [0-9A-Z]{{26}}  EU  RCS channel ACTIVE    sender {ids['EU'][:8]}  ACME Parcel$", apps, re.M
    )
    assert f"Webhook events at the demo's receiver ({target}): 2 verified\n" in output
    assert sorted(squeezed(verified_lines(output))) == [
        event_line("EU", ids["EU"], "IN_PROGRESS -> IN_TEST"),
        event_line("US", ids["US"], "IN_PROGRESS -> IN_TEST"),
    ]
    # A customer's reply, injected after the run, reaches the app webhook, verified with its own secret.
    reply = section(output, "A reply to app ")
    assert re.search(
        r"^   MESSAGE_INBOUND for app [0-9A-Z]{26}: 'Where is my parcel\?' \(signature verified\)$",
        reply,
        re.M,
    )
    assert "REJECTED" not in output
    for value in credentials(clean_copy):
        assert value not in output + result.stderr
    assert "Demo finished" in output
    assert_stopped(emulator_url(output))
    assert (clean_copy / ".demo" / "emulator-state.json").is_file()
    assert fingerprints(clean_copy) == before  # the demo writes under .demo/ only


def test_with_launch_on_the_demo_shows_the_verified_launch_events_too(clean_copy: Path) -> None:
    stack_file = clean_copy / "Pulumi.dev.yaml"
    stack_file.write_text(
        stack_file.read_text().replace("sinch-rcs-senders:launch: false", "sinch-rcs-senders:launch: true")
    )

    result = run_make_demo(clean_copy, demo_env())

    output = result.stdout
    assert result.returncode == 0, output + result.stderr
    assert len(re.findall(r"^   [0-9a-f-]{36}  (EU|US)  LAUNCHED ", output, re.MULTILINE)) == 2
    eu, us = sender_ids(clean_copy)["EU"], sender_ids(clean_copy)["US"]
    lines = squeezed(verified_lines(output))
    for region, sender in (("EU", eu), ("US", us)):
        mine = [line for line in lines if f" {region} {sender[:8]} " in line]
        status = [line for line in mine if line.startswith("RCS_SENDER_STATUS_UPDATED")]
        assert status == [
            event_line(region, sender, "IN_PROGRESS -> IN_TEST"),
            event_line(region, sender, "IN_TEST -> LAUNCHING"),
            event_line(region, sender, "LAUNCHING -> LAUNCHED"),
        ]
    assert event_line("US", us, "US Unrecognized: NOT_LAUNCHED -> PENDING") in lines
    assert event_line("US", us, "US Unrecognized: PENDING -> LAUNCHED") in lines
    assert event_line("EU", eu, "GB 5 operators: NOT_LAUNCHED -> PENDING", 5) in lines
    assert event_line("EU", eu, "FR 7 operators: PENDING -> LAUNCHED", 7) in lines
    # Every event counted: 3 status events per sender, 2 per operator (5 GB + 7 FR + 1 US).
    assert "): 32 verified\n" in output
    for value in credentials(clean_copy):
        assert value not in output + result.stderr
    assert "Demo finished" in output


WRONG_SECRET_DEMO = """\
import sys
import demo.main
from demo.webhook_receiver import WebhookReceiver

# The receiver is given another secret than the one the demo gives the webhook.
demo.main.WebhookReceiver = lambda secret, **kwargs: WebhookReceiver("not-" + secret, **kwargs)
sys.exit(demo.main.main(["--engine", "harness"]))
"""


def test_a_receiver_with_the_wrong_secret_reports_rejections_and_the_demo_fails(clean_copy: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", WRONG_SECRET_DEMO],
        cwd=clean_copy,
        env=demo_env(),
        capture_output=True,
        text=True,
        timeout=DEMO_TIMEOUT,
    )

    assert result.returncode == 1, result.stdout + result.stderr
    block = section(result.stdout, "Webhook events at the demo's receiver")
    assert "): 0 verified, 8 REJECTED (not verified)" in block  # 2 events, each tried 4 times
    assert block.count("REJECTED (bad_signature)") == 8
    assert "signature verified" not in result.stdout
    assert "Demo failed: The webhook receiver refused 8 POST(s) (bad_signature)" in result.stderr
    assert "2 expected event(s) were not verified: RCS_SENDER_STATUS_UPDATED " in result.stderr
    assert "Demo finished" not in result.stdout
    for value in credentials(clean_copy):
        assert value not in result.stdout + result.stderr
    assert_stopped(emulator_url(result.stdout))


def test_make_demo_fails_and_still_stops_the_emulator_when_a_step_fails(clean_copy: Path) -> None:
    stack_file = clean_copy / "Pulumi.dev.yaml"
    stack_file.write_text(stack_file.read_text().replace('"+447700900123"', '"07700 900123"'))

    result = run_make_demo(clean_copy, demo_env())

    assert result.returncode != 0
    assert "Demo failed: `pulumi preview` failed" in result.stderr
    assert "testNumbers[0]: Not a valid E.164 phone number" in result.stderr
    assert "Demo finished" not in result.stdout
    assert "Emulator stopped" in result.stdout
    assert_stopped(emulator_url(result.stdout))


# --- the CLI path, with a stand-in for the `pulumi` executable -------------------------------------------
# The real CLI cannot be installed in this environment (tests/engine/test_pulumi_cli.py drives it where it
# is); a small script named `pulumi` records each command, its environment and whether the emulator was
# up, so that the demo's wiring (commands, backend, passphrase, stack, failures) is tested for real.

FAKE_PULUMI = """\
#!{python}
import json, os, sys, urllib.request
url = os.environ.get("SINCH_PROVISIONING_URL", "")
try:
    with urllib.request.urlopen(url + "/_emulator/stats", timeout=5) as answer:
        reachable = answer.status == 200
except Exception:
    reachable = False
record = {{
    "args": sys.argv[1:],
    "stdin": sys.stdin.read() if sys.argv[1:2] == ["config"] else None,
    "cwd": os.getcwd(),
    "emulator_reachable": reachable,
    "env": {{key: os.environ.get(key) for key in (
        "PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE", "PULUMI_HOME",
        "SINCH_PROVISIONING_URL", "SINCH_AUTH_URL", "SINCH_CONVERSATION_URL", "SINCH_KEY_SECRET")}},
}}
with open({log!r}, "a") as log:
    log.write(json.dumps(record) + "\\n")
failing = os.environ.get("FAKE_PULUMI_FAIL")
sys.exit(3 if failing and " ".join(sys.argv[1:]).startswith(failing) else 0)
"""


@pytest.fixture
def fake_pulumi(tmp_path: Path) -> tuple[Path, Path]:
    """(folder holding a `pulumi` stand-in, the log it writes)."""
    folder, log = tmp_path / "fake-bin", tmp_path / "pulumi-calls.jsonl"
    folder.mkdir()
    script = folder / "pulumi"
    script.write_text(FAKE_PULUMI.format(python=sys.executable, log=str(log)))
    script.chmod(0o755)
    return folder, log


def run_demo_with_cli(copy: Path, fake_bin: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    (copy / ".venv").symlink_to(sys.prefix)  # the CLI uses the virtualenv Pulumi.yaml names
    env = demo_env(PATH=f"{fake_bin}{os.pathsep}{os.environ.get('PATH', '')}", **extra)
    del env["DEMO_VENV"], env["DEMO_ENGINE"]  # auto: the CLI, because it is on PATH
    env["PULUMI_CONFIG_PASSPHRASE_FILE"] = "/nonexistent/passphrase"  # must not reach the CLI
    return subprocess.run(
        [str(copy / ".venv" / "bin" / "python"), "-m", "demo"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEMO_TIMEOUT,
    )


def calls(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_with_the_pulumi_cli_the_demo_runs_the_cli_steps_on_a_local_backend(
    clean_copy: Path, fake_pulumi: tuple[Path, Path]
) -> None:
    fake_bin, log = fake_pulumi

    result = run_demo_with_cli(clean_copy, fake_bin)

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Engine: the pulumi CLI ({fake_bin / 'pulumi'})" in result.stdout
    recorded = calls(log)
    demo_dir = (clean_copy / ".demo").resolve()
    config = ["--config-file", str(demo_dir / "Pulumi.dev.yaml")]
    target = receiver_url(result.stdout)
    app_target = target.replace("/sinch/events", "/sinch/conversation")

    def setting(key: str, *value: str, secret: bool = False) -> list[str]:
        flag = ["--secret"] if secret else []
        return ["config", "set", *flag, *config, "--stack", "dev", key, *value, "--non-interactive"]

    assert [call["args"] for call in recorded] == [
        ["stack", "select", "--create", "dev", "--non-interactive"],
        setting("sinch-rcs-senders:webhookTarget", target),
        setting("sinch-rcs-senders:webhookSecret", secret=True),
        setting("sinch-rcs-senders:appWebhookTarget", app_target),
        setting("sinch-rcs-senders:appWebhookSecret", secret=True),
        ["preview", "--stack", "dev", *config, "--non-interactive"],
        ["up", "--yes", "--stack", "dev", *config, "--non-interactive"],
        ["refresh", "--yes", "--stack", "dev", *config, "--non-interactive"],
        ["preview", "--expect-no-changes", "--stack", "dev", *config, "--non-interactive"],
        ["stack", "output", "--stack", "dev", "--non-interactive"],
    ]
    # The secret reaches `pulumi config set --secret` on its standard input only, and is never printed.
    for secret in (recorded[2]["stdin"], recorded[4]["stdin"]):
        assert len(secret) >= 32
        assert not [call for call in recorded if secret in " ".join(call["args"])]
        assert secret not in result.stdout + result.stderr
    assert recorded[1]["stdin"] == recorded[3]["stdin"] == ""
    assert recorded[2]["stdin"] != recorded[4]["stdin"]  # each webhook its own secret
    # The run's config goes into a copy of the stack file under .demo/; the repository's file is untouched.
    assert (demo_dir / "Pulumi.dev.yaml").read_text() == (REPO_ROOT / "Pulumi.dev.yaml").read_text()
    assert (clean_copy / "Pulumi.dev.yaml").read_text() == (REPO_ROOT / "Pulumi.dev.yaml").read_text()
    assert "Webhook events at the demo's receiver" in result.stdout  # no senders here: none expected
    url = emulator_url(result.stdout)
    for call in recorded:
        assert call["cwd"] == str(clean_copy)
        assert call["emulator_reachable"] is True
        assert call["env"] == {
            "PULUMI_BACKEND_URL": (demo_dir / "backend").as_uri(),
            "PULUMI_CONFIG_PASSPHRASE": "",
            "PULUMI_CONFIG_PASSPHRASE_FILE": None,
            "PULUMI_HOME": str(demo_dir / "pulumi-home"),
            "SINCH_PROVISIONING_URL": url,
            "SINCH_AUTH_URL": f"{url}/oauth2/token",
            "SINCH_CONVERSATION_URL": f"{url}/conversation/{{region}}",
            "SINCH_KEY_SECRET": "demo-secret",
        }
    assert "Demo finished" in result.stdout
    assert_stopped(url)


def test_a_last_cli_preview_with_changes_fails_the_demo(
    clean_copy: Path, fake_pulumi: tuple[Path, Path]
) -> None:
    fake_bin, log = fake_pulumi

    result = run_demo_with_cli(clean_copy, fake_bin, FAKE_PULUMI_FAIL="preview --expect-no-changes")

    assert result.returncode == 1
    assert (
        "`pulumi preview --expect-no-changes --stack dev --config-file .demo/Pulumi.dev.yaml` exited with 3"
        in result.stderr
    )
    assert "still shows changes" in result.stderr
    assert [call["args"][0] for call in calls(log)] == [
        "stack",
        "config",
        "config",
        "config",
        "config",
        "preview",
        "up",
        "refresh",
        "preview",
    ]
    assert "Emulator stopped" in result.stdout
    assert_stopped(emulator_url(result.stdout))


def test_make_demo_form_native_runs_the_same_program_on_the_sinch_plugin(clean_copy: Path) -> None:
    """From a clean copy, not installed: the plugin folder finds the checkout's packages itself."""
    result = run_make_demo(clean_copy, demo_env(), "FORM=native")

    output = result.stdout
    assert result.returncode == 0, output + result.stderr
    assert "Form: native (the sinch provider plugin" in output
    preview = section(output, "[1/4] pulumi preview")
    assert "+ sinch:index:RcsSender acme-eu: to create" in preview
    assert "+ sinch:index:ConversationApp acme-eu-app: to create" in preview
    assert "+ sinch:index:ConversationWebhook acme-app-events: to create" in preview
    assert "Sinch API requests: none" in preview
    assert "Resources: 5 created" in section(output, "[2/4] pulumi up --yes")
    assert "Resources: 5 unchanged" in section(output, "[4/4] pulumi preview --expect-no-changes")
    assert "MESSAGE_INBOUND for app " in output  # the app webhook's callback, verified
    assert "Demo finished: every step passed" in output


def test_the_native_form_with_the_cli_says_it_runs_on_the_harness(clean_copy: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "demo", "--engine", "cli", "--form", "native"],
        cwd=clean_copy,
        env=demo_env(),
        capture_output=True,
        text=True,
        timeout=DEMO_TIMEOUT,
    )

    assert result.returncode == 1
    assert "--form native runs on the engine harness" in result.stderr
    assert "Emulator:" not in result.stdout  # nothing was started


def test_asking_for_the_cli_without_it_fails_with_how_to_install_it(clean_copy: Path, tmp_path: Path) -> None:
    no_pulumi = os.pathsep.join(
        folder
        for folder in os.environ.get("PATH", "").split(os.pathsep)
        if folder and not (Path(folder) / "pulumi").exists()
    )
    result = subprocess.run(
        [sys.executable, "-m", "demo", "--engine", "cli"],
        cwd=clean_copy,
        env=demo_env(PATH=no_pulumi),
        capture_output=True,
        text=True,
        timeout=DEMO_TIMEOUT,
    )

    assert result.returncode == 1
    assert "--engine cli: the pulumi CLI is not on PATH" in result.stderr
    assert "https://get.pulumi.com" in result.stderr
    assert "Emulator:" not in result.stdout  # nothing was started


def test_an_emulator_that_fails_to_list_the_senders_fails_the_demo_with_a_demo_error(tmp_path: Path) -> None:
    from demo.errors import DemoError
    from demo.local_emulator import DemoPaths, LocalEmulator

    paths = DemoPaths(tmp_path)
    paths.workdir.mkdir()
    with LocalEmulator(paths, key_id="demo-key") as emulator:
        plan = {"rate": 1, "kinds": ["503"], "operations": ["listSenders"]}
        requests.put(f"{emulator.url}/_emulator/faults", json=plan, timeout=10).raise_for_status()

        with pytest.raises(DemoError, match=r"GET /v1/projects/demo-project/rcs/senders: 503"):
            emulator.senders("demo-project")


def test_the_stack_file_loader_reads_values_as_the_cli_passes_them(tmp_path: Path) -> None:
    from demo.errors import DemoError
    from demo.stack_config import load_stack_config

    (tmp_path / "Pulumi.yaml").write_text("name: shop\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text(
        textwrap.dedent(
            """\
            config:
              sinch:keyId: k1
              launch: true
              count: 3
              numbers: ["+46701234567"]
            """
        )
    )
    config = load_stack_config(tmp_path, "dev").config
    assert config == {
        "sinch:keyId": "k1",
        "shop:launch": "true",
        "shop:count": "3",
        "shop:numbers": '["+46701234567"]',
    }

    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  sinch:keySecret:\n    secure: v1:abc:def\n")
    with pytest.raises(DemoError, match=r"sinch:keySecret is encrypted .*environment variable"):
        load_stack_config(tmp_path, "dev")


def test_the_dev_stack_file_holds_no_secret_and_a_well_formed_passphrase_salt() -> None:
    data = yaml.safe_load((REPO_ROOT / "Pulumi.dev.yaml").read_text())

    config = data["config"]
    assert "sinch:keySecret" not in config  # it comes from SINCH_KEY_SECRET
    assert not [key for key, value in config.items() if isinstance(value, dict)]  # no `secure:` value
    assert "sinch:provisioningUrl" not in config  # the emulator's port changes with every start
    # The passphrase provider's state: v1:<8-byte salt>:v1:<12-byte nonce>:<"pulumi" + 16-byte GCM tag>
    # (pulumi/pkg/secrets/passphrase). Made once for the empty passphrase; see Pulumi.dev.yaml.
    version, salt, inner, nonce, sealed = data["encryptionsalt"].split(":")
    assert (version, inner) == ("v1", "v1")
    lengths = [len(base64.b64decode(part, validate=True)) for part in (salt, nonce, sealed)]
    assert lengths == [8, 12, len("pulumi") + 16]
