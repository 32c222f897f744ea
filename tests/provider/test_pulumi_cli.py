"""The real `pulumi` CLI: preview, up, refresh and destroy against the emulator, with a local file backend.

Skipped, with the reason, where `pulumi` is not on PATH (it cannot be installed on the CI machines; the
engine harness covers the same orders there). Runs in a copy of the project so that `pulumi config set`
writes its stack file there, not into the repository.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from emulator.server import EmulatorServer
from engine.pulumi_cli import PulumiCli, require_pulumi_cli, step_ops
from tests.provider.support import REPO_ROOT, sinch_config, stored

PROGRAM = """
import pulumi
from provider import RcsSender

sender = RcsSender(
    "cli-sender",
    region="EU",
    billing_category="CONVERSATIONAL",
    use_case="MULTIUSE",
    brand={"name": pulumi.Config().get("brandName") or "CLI Brand", "color": "#112233"},
    countries=["GB"],
    test_numbers=["+447700900001"],
)
pulumi.export("senderId", sender.id)
pulumi.export("state", sender.state)
pulumi.export("authToken", sender.auth_token)
"""


def _project_copy(target: Path) -> Path:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO_ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    for name in tracked:
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, destination)
    (target / "__main__.py").write_text(PROGRAM, encoding="utf-8")
    (target / ".venv").symlink_to(REPO_ROOT / ".venv")
    return target


def test_the_real_pulumi_cli_previews_creates_refreshes_and_destroys(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    require_pulumi_cli()
    project = _project_copy(tmp_path / "project")
    cli = PulumiCli(project, backend_dir=tmp_path / "backend")
    config = sinch_config(emulator)
    cli.setup(config=config, secret_keys=["sinch:keySecret"])

    preview = cli.preview()
    assert ("create", "cli-sender") in step_ops(preview)
    assert stored(emulator) == []

    cli.up()
    [server] = stored(emulator)
    outputs = cli.stack_output()
    assert outputs["senderId"] == server["id"]
    assert outputs["authToken"] == "[secret]"
    assert server["authToken"] not in str(cli.stack_export())

    cli.refresh()
    assert ("same", "cli-sender") in step_ops(cli.preview())

    cli.destroy()
    assert [sender["id"] for sender in stored(emulator)] == [server["id"]]
