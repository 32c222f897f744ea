"""Run the example program with the real `pulumi` CLI, on a local file backend with an empty passphrase.

Nothing touches the user's Pulumi setup: the backend (`PULUMI_BACKEND_URL`) and `PULUMI_HOME` are folders
under `.demo/`, the passphrase is set to empty for these commands only (Pulumi.dev.yaml carries the salt
for it, so the CLI leaves that file as it is), and no `pulumi login` is stored. The CLI prints its own
output; after each command the demo adds the Sinch API requests the emulator saw.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from demo.errors import DemoError
from demo.local_emulator import DemoPaths, LocalEmulator
from demo.render import requests_text
from demo.stack_config import StackConfig
from engine.pulumi_cli import local_backend_environment

Print = Callable[[str], None]


def cli_steps(stack: str) -> list[tuple[str, list[str]]]:
    """(title, arguments) of each `pulumi` command the demo runs, in order."""
    return [
        (f"Selecting (creating) the stack `{stack}`", ["stack", "select", "--create", stack]),
        ("[1/4] pulumi preview", ["preview", "--stack", stack]),
        ("[2/4] pulumi up --yes", ["up", "--yes", "--stack", stack]),
        ("[3/4] pulumi refresh --yes", ["refresh", "--yes", "--stack", stack]),
        ("[4/4] pulumi preview --expect-no-changes", ["preview", "--expect-no-changes", "--stack", stack]),
        ("Outputs (secrets masked; add --show-secrets to see them)", ["stack", "output", "--stack", stack]),
    ]


def run_with_cli(
    pulumi: str,
    project_dir: Path,
    stack: StackConfig,
    paths: DemoPaths,
    emulator: LocalEmulator,
    say: Print,
) -> None:
    """Run every step; raises `DemoError` at the first command that fails."""
    paths.backend_dir.mkdir(parents=True, exist_ok=True)
    paths.pulumi_home.mkdir(parents=True, exist_ok=True)
    env = {**local_backend_environment(paths.backend_dir, paths.pulumi_home), **emulator.provider_env()}
    emulator.take_request_counts()
    for title, args in cli_steps(stack.stack):
        say(f"\n{title}")
        code = _run(pulumi, [*args, "--non-interactive"], project_dir, env)
        requests = emulator.take_request_counts()
        if args[0] in ("preview", "up", "refresh"):
            say(f"   Sinch API requests: {requests_text(requests)}")
        if code != 0:
            shown = " ".join(["pulumi", *args])
            hint = (
                " (the last preview still shows changes: the program and what Sinch holds disagree)"
                if "--expect-no-changes" in args
                else ""
            )
            raise DemoError(f"`{shown}` exited with {code}{hint}; its output is above.")


def _run(pulumi: str, args: Sequence[str], cwd: Path, env: Mapping[str, str]) -> int:
    try:
        # The executable is the `pulumi` found on PATH; the arguments are the fixed steps above.
        completed = subprocess.run([pulumi, *args], cwd=cwd, env=dict(env), check=False)  # noqa: S603
    except OSError as error:
        raise DemoError(f"Could not run {pulumi}: {error}") from None
    return completed.returncode
