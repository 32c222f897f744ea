"""Run the real `pulumi` CLI against a local file backend (when it is installed).

    cli = PulumiCli(project_dir, backend_dir=tmp_path / "backend")
    cli.setup(config={"sinch:keyId": "..."}, secret_keys=["sinch:keySecret"])   # login, stack, config
    preview = cli.preview()          # parsed `pulumi preview --json`
    cli.up(); cli.refresh(); cli.destroy()

Tests call `require_pulumi_cli()` first: it skips with a clear reason when `pulumi` is not on PATH. The CLI
runs with an empty passphrase (`PULUMI_CONFIG_PASSPHRASE=""`), its own `PULUMI_HOME` under the backend folder
and no update check, so it never touches the user's Pulumi settings. Secret config values are passed on
standard input, never on the command line.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

INSTALL_HINT: Final = (
    "install it with `curl -fsSL https://get.pulumi.com | sh` "
    "(see https://www.pulumi.com/docs/iac/download-install/)"
)


def pulumi_executable() -> str | None:
    """The `pulumi` CLI on PATH, or None."""
    return shutil.which("pulumi")


def local_backend_environment(
    backend_dir: Path, pulumi_home: Path, *, passphrase: str = "", base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment for `pulumi` on a local file backend with `passphrase`, its own `PULUMI_HOME` and no
    update check: nothing of the user's Pulumi login or settings is used or changed."""
    env = dict(os.environ if base is None else base)
    env.pop("PULUMI_CONFIG_PASSPHRASE_FILE", None)
    env.update(
        {
            "PULUMI_BACKEND_URL": backend_dir.resolve().as_uri(),
            "PULUMI_CONFIG_PASSPHRASE": passphrase,
            "PULUMI_HOME": str(pulumi_home.resolve()),
            "PULUMI_SKIP_UPDATE_CHECK": "true",
        }
    )
    return env


def require_pulumi_cli() -> str:
    """The `pulumi` CLI on PATH; skips the calling test (with the reason) when there is none."""
    import pytest  # only tests call this; `make demo` uses pulumi_executable() and INSTALL_HINT

    path = pulumi_executable()
    if path is None:
        pytest.skip(f"the pulumi CLI is not on PATH: {INSTALL_HINT}")
    return path


class PulumiCliError(RuntimeError):
    """A `pulumi` command failed. `result` is its parsed JSON output when it printed any."""

    def __init__(
        self, args: list[str], returncode: int, stdout: str, stderr: str, result: Any = None
    ) -> None:
        self.args_list = args
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.result = result
        super().__init__(
            f"`pulumi {' '.join(args)}` exited with {returncode}:\n{stderr.strip() or stdout.strip()}"
        )


@dataclass
class PulumiCli:
    project_dir: Path
    backend_dir: Path
    stack: str = "dev"
    env: Mapping[str, str] = field(default_factory=dict)
    executable: str = "pulumi"
    passphrase: str = ""
    timeout: float = 900.0

    def environment(self) -> dict[str, str]:
        backend_dir = Path(self.backend_dir)
        env = local_backend_environment(backend_dir, backend_dir / ".pulumi-home", passphrase=self.passphrase)
        env["PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION"] = "true"
        env.update(self.env)
        return env

    @property
    def backend_url(self) -> str:
        return Path(self.backend_dir).resolve().as_uri()

    def run(
        self, *args: str, stdin: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        Path(self.backend_dir).mkdir(parents=True, exist_ok=True)
        command = [self.executable, *args]
        completed = subprocess.run(
            command,
            cwd=self.project_dir,
            env=self.environment(),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=self.timeout,
            check=False,
        )
        if check and completed.returncode != 0:
            raise PulumiCliError(list(args), completed.returncode, completed.stdout, completed.stderr)
        return completed

    def run_json(self, *args: str, check: bool = True) -> Any:
        """Run a command that prints JSON and return it parsed (a failure's error carries it)."""
        completed = self.run(*args, check=False)
        try:
            result = json.loads(completed.stdout) if completed.stdout.strip() else None
        except json.JSONDecodeError:
            result = None
        if check and completed.returncode != 0:
            raise PulumiCliError(list(args), completed.returncode, completed.stdout, completed.stderr, result)
        if result is None and completed.returncode == 0:
            raise PulumiCliError(list(args), 0, completed.stdout, "the command printed no JSON")
        return result

    # -- setup -------------------------------------------------------------------------------------------

    def login(self) -> None:
        self.run("login", self.backend_url)

    def select_stack(self) -> None:
        """`pulumi stack select --create <stack>` (creates the stack on first use)."""
        self.run("stack", "select", "--create", self.stack, "--non-interactive")

    def config_set(self, key: str, value: str, *, secret: bool = False) -> None:
        """`pulumi config set [--secret] key` with the value on standard input."""
        args = ["config", "set", key, "--stack", self.stack, "--non-interactive"]
        if secret:
            args.append("--secret")
        self.run(*args, stdin=value)

    def setup(self, config: Mapping[str, str] | None = None, secret_keys: Iterable[str] = ()) -> None:
        secret = set(secret_keys)
        self.login()
        self.select_stack()
        for key, value in (config or {}).items():
            self.config_set(key, value, secret=key in secret)

    # -- operations --------------------------------------------------------------------------------------

    def _operation(self, *args: str, check: bool) -> Any:
        return self.run_json(*args, "--stack", self.stack, "--non-interactive", "--json", check=check)

    def preview(self, *extra: str, check: bool = True) -> Any:
        return self._operation("preview", *extra, check=check)

    def up(self, *extra: str, check: bool = True) -> Any:
        return self._operation("up", "--yes", *extra, check=check)

    def refresh(self, *extra: str, check: bool = True) -> Any:
        return self._operation("refresh", "--yes", *extra, check=check)

    def destroy(self, *extra: str, check: bool = True) -> Any:
        return self._operation("destroy", "--yes", *extra, check=check)

    def stack_output(self, *, show_secrets: bool = False) -> Any:
        args = ["stack", "output", "--json", "--stack", self.stack]
        if show_secrets:
            args.append("--show-secrets")
        return self.run_json(*args)

    def stack_export(self) -> Any:
        """The checkpoint (`pulumi stack export`), secrets encrypted."""
        return self.run_json("stack", "export", "--stack", self.stack)


def step_ops(result: Any) -> list[tuple[str, str]]:
    """(op, resource name) for each step of a `--json` preview/up/refresh/destroy result."""
    steps = result.get("steps", []) if isinstance(result, dict) else []
    pairs: list[tuple[str, str]] = []
    for step in steps:
        urn = str(step.get("urn", ""))
        pairs.append((str(step.get("op", "")), urn.rsplit("::", 1)[-1]))
    return pairs
