"""Run the example program with the real `pulumi` CLI, on a local file backend with an empty passphrase.

Nothing touches the user's Pulumi setup: the backend (`PULUMI_BACKEND_URL`) and `PULUMI_HOME` are folders
under `.demo/`, the passphrase is set to empty for these commands only (Pulumi.dev.yaml carries the salt
for it, so the CLI leaves that file as it is), and no `pulumi login` is stored. The CLI prints its own
output; after each command the demo adds the Sinch API requests the emulator saw.

The run's webhook target and secret (demo/events.py) go into a copy of the stack file,
`.demo/Pulumi.<stack>.yaml`, with `pulumi config set` (the secret with `--secret`, its value on standard
input, never on a command line), and every command that runs the program is given that copy with
`--config-file`: the repository's Pulumi.dev.yaml stays as it is.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from demo.errors import DemoError
from demo.events import DemoWebhook
from demo.local_emulator import DemoPaths, LocalEmulator
from demo.render import requests_text
from demo.stack_config import StackConfig
from engine.pulumi_cli import local_backend_environment

Print = Callable[[str], None]


@dataclass(frozen=True)
class CliStep:
    """One `pulumi` command: what the demo prints before it, its arguments, what it reads on stdin."""

    title: str
    args: list[str]
    stdin: str | None = None

    def __repr__(self) -> str:  # the stdin may be a secret
        return f"CliStep(title={self.title!r}, args={self.args!r})"


def cli_steps(stack: str, config_file: Path, webhooks: Sequence[DemoWebhook]) -> list[CliStep]:
    """Each `pulumi` command the demo runs, in order."""
    config = ["--config-file", str(config_file)]
    shown = f"{config_file.parent.name}/{config_file.name}"
    settings = [
        step
        for webhook in webhooks
        for step in (
            CliStep(
                f"Pointing a webhook at the receiver: {webhook.target_key}, in {shown} (this run's copy)",
                ["config", "set", *config, "--stack", stack, webhook.target_key, webhook.target],
            ),
            CliStep(
                f"Setting {webhook.secret_key} (--secret, value on standard input)",
                ["config", "set", "--secret", *config, "--stack", stack, webhook.secret_key],
                stdin=webhook.secret,
            ),
        )
    ]
    return [
        CliStep(f"Selecting (creating) the stack `{stack}`", ["stack", "select", "--create", stack]),
        *settings,
        CliStep("[1/4] pulumi preview", ["preview", "--stack", stack, *config]),
        CliStep("[2/4] pulumi up --yes", ["up", "--yes", "--stack", stack, *config]),
        CliStep("[3/4] pulumi refresh --yes", ["refresh", "--yes", "--stack", stack, *config]),
        CliStep(
            "[4/4] pulumi preview --expect-no-changes",
            ["preview", "--expect-no-changes", "--stack", stack, *config],
        ),
        CliStep(
            "Outputs (secrets masked; add --show-secrets to see them)", ["stack", "output", "--stack", stack]
        ),
    ]


def run_with_cli(
    pulumi: str,
    project_dir: Path,
    stack: StackConfig,
    paths: DemoPaths,
    emulator: LocalEmulator,
    webhooks: Sequence[DemoWebhook],
    say: Print,
) -> None:
    """Run every step; raises `DemoError` at the first command that fails."""
    paths.backend_dir.mkdir(parents=True, exist_ok=True)
    paths.pulumi_home.mkdir(parents=True, exist_ok=True)
    config_file = paths.workdir / stack.path.name
    shutil.copyfile(stack.path, config_file)  # the run's config goes here, not into the repository's file
    env = {**local_backend_environment(paths.backend_dir, paths.pulumi_home), **emulator.provider_env()}
    emulator.take_request_counts()
    for step in cli_steps(stack.stack, config_file, webhooks):
        args = step.args
        say(f"\n{step.title}")
        code = _run(pulumi, [*args, "--non-interactive"], project_dir, env, step.stdin)
        requests = emulator.take_request_counts()
        if args[0] in ("preview", "up", "refresh"):
            say(f"   Sinch API requests: {requests_text(requests)}")
        if code != 0:
            shown = " ".join(
                ["pulumi", *(paths.shown(config_file) if arg == str(config_file) else arg for arg in args)]
            )
            hint = (
                " (the last preview still shows changes: the program and what Sinch holds disagree)"
                if "--expect-no-changes" in args
                else ""
            )
            raise DemoError(f"`{shown}` exited with {code}{hint}; its output is above.")


def _run(pulumi: str, args: Sequence[str], cwd: Path, env: Mapping[str, str], stdin: str | None) -> int:
    try:
        # The executable is the `pulumi` found on PATH; the arguments are the fixed steps above.
        completed = subprocess.run(  # noqa: S603
            [pulumi, *args],
            cwd=cwd,
            env=dict(env),
            input=stdin,  # None: the demo's own stdin, as for any command
            text=True,
            check=False,
        )
    except OSError as error:
        raise DemoError(f"Could not run {pulumi}: {error}") from None
    return completed.returncode
