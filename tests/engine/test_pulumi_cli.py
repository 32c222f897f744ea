"""`engine.pulumi_cli`, the real-CLI path of the provider tests marked `pulumi_cli`: they skip with the reason
when the CLI is missing, and otherwise run these commands (checked with a stand-in that records its
arguments, since the real CLI cannot be installed here): secrets never on the command line, and only a local
backend and `PULUMI_HOME` of the test's own."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from engine.pulumi_cli import PulumiCli, require_pulumi_cli, step_ops

_STAND_IN = """#!{python}
import json, os, sys
record = {{"args": sys.argv[1:], "stdin": sys.stdin.read(),
          "passphrase": os.environ.get("PULUMI_CONFIG_PASSPHRASE"),
          "backend": os.environ.get("PULUMI_BACKEND_URL"),
          "home": os.environ.get("PULUMI_HOME"), "cwd": os.getcwd()}}
with open({log!r}, "a") as log:
    log.write(json.dumps(record) + "\\n")
if "--json" in sys.argv:
    urn = "urn:pulumi:dev::p::pulumi-python:dynamic/sinch:RcsSender::a"
    print(json.dumps({{"steps": [{{"op": "create", "urn": urn}}], "changeSummary": {{"create": 1}}}}))
"""


@pytest.fixture
def stand_in(tmp_path: Path) -> tuple[Path, Path]:
    log = tmp_path / "calls.jsonl"
    script = tmp_path / "bin" / "pulumi"
    script.parent.mkdir()
    script.write_text(_STAND_IN.format(python=sys.executable, log=str(log)))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, log


def _calls(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_missing_cli_skips_with_a_reason(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(pytest.skip.Exception, match="pulumi CLI is not on PATH"):
        require_pulumi_cli()


def test_setup_and_operations_use_a_local_backend_and_keep_secrets_off_the_command_line(
    tmp_path: Path, stand_in: tuple[Path, Path]
) -> None:
    script, log = stand_in
    cli = PulumiCli(tmp_path, backend_dir=tmp_path / "backend", executable=str(script))

    cli.setup({"sinch:keyId": "key", "sinch:keySecret": "hush-hush"}, secret_keys=["sinch:keySecret"])
    result = cli.up()

    calls = _calls(log)
    assert [c["args"][:2] for c in calls] == [
        ["login", cli.backend_url],
        ["stack", "select"],
        ["config", "set"],
        ["config", "set"],
        ["up", "--yes"],
    ]
    secret_call = calls[3]
    assert "hush-hush" not in json.dumps(secret_call["args"])
    assert secret_call["stdin"] == "hush-hush"
    assert "--secret" in secret_call["args"]
    assert all(c["passphrase"] == "" for c in calls)
    assert all(c["backend"] == f"file://{(tmp_path / 'backend').resolve()}" for c in calls)
    assert all(str(c["home"]).startswith(str(tmp_path / "backend")) for c in calls)
    assert calls[-1]["args"] == ["up", "--yes", "--stack", "dev", "--non-interactive", "--json"]
    assert step_ops(result) == [("create", "a")]
