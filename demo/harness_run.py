"""Run the example program without the Pulumi CLI: the local engine (`engine`) plays the Pulumi engine.

It (see `engine/README.md`) runs `__main__.py` under its own resource monitor and drives
the real provider plugin (`python -m pulumi.dynamic`) over gRPC in the engine's orders. The steps are the
CLI's: preview, up, refresh, and a last preview that must show no changes. Stack state lives in memory for
the run (the emulator's state file keeps the senders). The run's webhook target and secret (demo/events.py)
are added to the stack config, the secret as a secret value, as `pulumi config set --secret` makes one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from demo.errors import DemoError
from demo.events import DemoWebhook
from demo.local_emulator import LocalEmulator
from demo.render import outputs_text, step_summary
from demo.stack_config import StackConfig
from engine.engine import Engine
from engine.report import OperationReport
from provider.native.__main__ import PLUGIN_DIR

Print = Callable[[str], None]


def run_with_harness(
    project_dir: Path,
    stack: StackConfig,
    emulator: LocalEmulator,
    webhooks: Sequence[DemoWebhook],
    say: Print,
    *,
    form: str = "dynamic",
) -> OperationReport:
    """Preview, up, refresh, preview; `DemoError` at the first failed step. Returns the last preview.
    `form="native"`: the program's `form` setting is `native` and the `sinch` plugin serves its resources."""
    env = emulator.provider_env()
    os.environ.update(env)  # the program sees what the plugin sees (as with the CLI)
    native = form == "native"
    config = {**stack.config, **{key: value for hook in webhooks for key, value in hook.config().items()}}
    if native:
        config[f"{stack.project}:form"] = "native"
    engine = Engine(
        project_dir,
        config=config,
        secret_config_keys=[hook.secret_key for hook in webhooks],
        env=env,
        stack=stack.stack,
        refresh_option=True,
        plugins={"sinch": PLUGIN_DIR} if native else None,
    )
    program = project_dir / "__main__.py"
    emulator.take_request_counts()  # count from here

    def step(number: int, title: str, run: Callable[[], OperationReport]) -> OperationReport:
        say(f"\n[{number}/4] {title}")
        report = run()
        say(step_summary(report, requests=emulator.take_request_counts(), state=engine.state))
        for line in _provider_messages(report):
            say(f"   provider: {line}")
        if not report.ok:
            raise DemoError(f"`{title}` failed:\n{report.errors_text()}")
        return report

    step(1, "pulumi preview", lambda: engine.preview(program))
    up = step(2, "pulumi up --yes", lambda: engine.up(program))
    say("   Outputs:")
    say(outputs_text(up.program.exports if up.program is not None else {}))
    step(3, "pulumi refresh --yes", engine.refresh)
    last = step(4, "pulumi preview --expect-no-changes", lambda: engine.preview(program))
    problems = unexpected_changes(last)
    if problems:
        raise DemoError(
            "The last preview still shows changes, so the program and what Sinch holds disagree:\n"
            + "\n".join(f"  - {problem}" for problem in problems)
        )
    return last


def unexpected_changes(report: OperationReport) -> list[str]:
    """What makes a preview "not empty": every resource that would change, and every failure."""
    problems = [
        f"{resource.name}: {resource.shown_op}"
        + (f" ({', '.join(c.render() for c in resource.changed_paths)})" if resource.changed_paths else "")
        for resource in report.resources
        if resource.shown_op != "same"
    ]
    if not report.ok:
        problems.append(report.errors_text() or f"{report.kind} failed")
    return problems


def _provider_messages(report: OperationReport) -> list[str]:
    """The provider's warnings: the dynamic plugin's `pulumi.log.warn` goes to its standard error, the native
    plugin's to the engine's Log service."""
    dynamic = [line.strip() for line in report.plugin_stderr.splitlines() if line.startswith("warning:")]
    native = [f"warning: {entry.message}" for entry in report.diagnostics if entry.severity == "warning"]
    return dynamic + native
