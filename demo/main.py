"""The demo's command line: `python -m demo [--engine auto|cli|harness] [--form dynamic|native]` (what
`make demo` runs; `make demo FORM=native` adds `--form native`).

`--engine` (or the environment variable `DEMO_ENGINE`): `auto` (the default) uses the `pulumi` CLI when it
is on PATH and the engine harness otherwise; `cli` and `harness` insist on one. `--form` (or `DEMO_FORM`):
`dynamic` (the default) runs the example program's resources on Python's dynamic provider plugin,
`native` on the `sinch` provider plugin (`pulumi_sinch`'s classes: docs/provider-forms.md), which the
demo runs through the engine harness only (the CLI would need the plugin registered in Pulumi.yaml).
Exit code 0 when every step passed and the last preview showed no changes, 1 on any failure, 130 when
interrupted.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from demo.cli_run import run_with_cli
from demo.errors import DemoError
from demo.events import (
    EVENTS_TIMEOUT,
    DemoWebhook,
    check_events,
    collect_events,
    events_heading,
    events_text,
    expected_events,
)
from demo.harness_run import run_with_harness
from demo.local_emulator import DemoPaths, LocalEmulator
from demo.stack_config import StackConfig, load_stack_config
from demo.webhook_receiver import WebhookReceiver
from engine.pulumi_cli import INSTALL_HINT, pulumi_executable
from provider.conversation_apps.channel import rcs_status
from sinch_provisioning.webhook_events import WebhookEvent

PROJECT_DIR = Path(__file__).resolve().parent.parent
INBOUND_CONTACT = "+46701234567"
INBOUND_TEXT = "Where is my parcel?"
ENGINES = ("auto", "cli", "harness")
FORMS = ("dynamic", "native")


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def complain(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m demo",
        description="Run the example program against the local Sinch emulator (README.md, Quickstart).",
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=os.environ.get("DEMO_ENGINE") or "auto",
        help="auto: the pulumi CLI if it is on PATH, else the engine harness (default; env DEMO_ENGINE)",
    )
    parser.add_argument(
        "--form",
        choices=FORMS,
        default=os.environ.get("DEMO_FORM") or "dynamic",
        help="dynamic: Python's dynamic provider (default); native: the sinch plugin (env DEMO_FORM)",
    )
    parser.add_argument("--stack", default="dev", help="the stack whose Pulumi.<stack>.yaml to use")
    args = parser.parse_args(argv)
    if args.engine not in ENGINES:  # DEMO_ENGINE bypasses argparse's choices
        parser.error(f"--engine (or DEMO_ENGINE) must be one of {', '.join(ENGINES)}, not {args.engine!r}")
    if args.form not in FORMS:  # so does DEMO_FORM
        parser.error(f"--form (or DEMO_FORM) must be one of {', '.join(FORMS)}, not {args.form!r}")
    try:
        run_demo(PROJECT_DIR, engine=args.engine, stack_name=args.stack, form=args.form)
    except DemoError as error:
        complain(f"\nDemo failed: {error}")
        return 1
    except KeyboardInterrupt:
        complain("\nDemo interrupted.")
        return 130
    return 0


def run_demo(project_dir: Path, *, engine: str, stack_name: str, form: str = "dynamic") -> None:
    say("== sinch-rcs-pulumi demo: the example program against the local Sinch emulator ==")
    say(f"Python {sys.version.split()[0]} in {sys.prefix}")
    stack = load_stack_config(project_dir, stack_name)
    key_id, project_id = _required(stack, "sinch:keyId"), _required(stack, "sinch:projectId")
    pulumi = _choose_engine(_engine_for_form(engine, form), project_dir)
    if form == "native":
        say("Form: native (the sinch provider plugin, provider/native/plugin; docs/provider-forms.md).")
    paths = DemoPaths(project_dir)
    if paths.workdir.exists():
        shutil.rmtree(paths.workdir)  # every run starts from an empty emulator and an empty stack
    paths.workdir.mkdir(parents=True)

    emulator = LocalEmulator(paths, key_id=key_id)
    url = emulator.start()
    state_file, log = paths.shown(paths.emulator_state), paths.shown(paths.emulator_log)
    say(f"Emulator: {url} (state file {state_file}, log {log})")
    say(f"Stack `{stack.stack}`: {paths.shown(stack.path)}; Sinch project {project_id}, access key {key_id}")
    finished = False
    receiver: WebhookReceiver | None = None
    try:
        # Fresh secrets for each run, never printed; the receiver verifies every event with its webhook's.
        webhook_secret, app_secret = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        receiver = WebhookReceiver(webhook_secret, app_secret=app_secret)
        webhook = DemoWebhook(stack.project, receiver.start(), webhook_secret)
        app_webhook = DemoWebhook(stack.project, receiver.app_url, app_secret, key="appWebhook")
        webhooks = [webhook, app_webhook]
        for hook in webhooks:
            say(_webhook_line(stack, hook))
        if pulumi is not None:
            run_with_cli(pulumi, project_dir, stack, paths, emulator, webhooks, say)
        else:
            run_with_harness(project_dir, stack, emulator, webhooks, say, form=form)
        say(f"\nSenders in the emulator (project {project_id}):")
        senders = emulator.senders(project_id)
        for sender in senders:
            name = ((sender.get("details") or {}).get("brand") or {}).get("name", "")
            say(f"   {sender.get('id')}  {sender.get('region')}  {sender.get('state'):<10}  {name}")
        say(f"\nConversation API apps in the emulator (project {project_id}):")
        apps = emulator.apps(project_id)
        for app in apps:
            say(f"   {app_line(app, senders)}")
        _show_events(receiver, emulator, senders)
        _show_inbound(receiver, emulator, project_id, apps)
        finished = True
    finally:
        if receiver is not None:
            receiver.stop()
        _stop(emulator, paths, raise_on_failure=finished)
    say("\nDemo finished: every step passed and the last preview shows no changes.")


def app_line(app: dict[str, Any], senders: list[dict[str, Any]]) -> str:
    """An app as the demo lists it: id, region, its RCS channel's status, the sender linked to it, name."""
    linked = [
        str(sender.get("id"))
        for sender in senders
        if (sender.get("conversationApiAppDetails") or {}).get("id") == app.get("id")
    ]
    link = f"sender {linked[0][:8]}" if linked else "no sender linked"
    status = rcs_status(app) or "none"
    name = app.get("display_name", "")
    return f"{app.get('id')}  {app.get('region')}  RCS channel {status:<8}  {link}  {name}"


def _show_events(receiver: WebhookReceiver, emulator: LocalEmulator, senders: list[dict[str, Any]]) -> None:
    """Wait for the events the senders' provisioning (and launch) sent, print them; `DemoError` unless every
    one arrived with a verified signature."""
    regions = {str(sender.get("id")): str(sender.get("region") or "") for sender in senders}
    expected = expected_events(senders)
    target = receiver.url
    got = collect_events(receiver, expected, lambda: emulator.pending_deliveries(target))
    say(f"\n{events_heading(target, got)}")
    say(events_text(got, regions))
    check_events(expected, got, regions, EVENTS_TIMEOUT)


def _show_inbound(
    receiver: WebhookReceiver, emulator: LocalEmulator, project_id: str, apps: list[dict[str, Any]]
) -> None:
    """A customer's reply to the EU app, injected into the emulator; print the callback the app webhook
    delivered once the receiver verified it with the app webhook's secret, `DemoError` if none came."""
    if not apps:
        say("\nNo Conversation API app in the emulator: no customer's reply to inject.")
        return
    app_id = str(apps[0]["id"])
    before = len(_callbacks(receiver.received().verified))
    emulator.inject_inbound(project_id, app_id, INBOUND_CONTACT, INBOUND_TEXT)
    got = receiver.wait_for(lambda got: len(_callbacks(got.verified)) > before, timeout=EVENTS_TIMEOUT)
    arrived = _callbacks(got.verified)[before:]
    say(f"\nA reply to app {app_id} (injected into the emulator), as the app webhook delivered it:")
    if not arrived:
        rejected = "; ".join(rejection.message for rejection in got.rejected) or "nothing arrived"
        raise DemoError(f"No verified MESSAGE_INBOUND callback reached {receiver.app_url}: {rejected}")
    for callback in arrived:
        message: Mapping[str, Any] = callback.payload or {}
        text = ((message.get("contact_message") or {}).get("text_message") or {}).get("text", "")
        say(f"   {callback.type} for app {callback.app_id}: {text!r} (signature verified)")


def _callbacks(events: tuple[WebhookEvent, ...]) -> list[WebhookEvent]:
    return [event for event in events if event.api == "conversation"]


def _webhook_line(stack: StackConfig, webhook: DemoWebhook) -> str:
    """What the run sets in the stack config for the webhook (never the secret's value)."""
    replaced = stack.get(webhook.target_key)
    instead = f" (instead of the stack file's {replaced})" if replaced else ""
    return (
        f"Webhook receiver: {webhook.target}; this run sets {webhook.target_key} to it{instead}\n"
        f"   and {webhook.secret_key} to a fresh random secret (a secret config value; never shown)"
    )


def _engine_for_form(engine: str, form: str) -> str:
    """The engine to use for ``form``: the native form runs on the harness (``auto`` picks it)."""
    if form != "native":
        return engine
    if engine == "cli":
        raise DemoError(
            "--form native runs on the engine harness: with the pulumi CLI, the sinch plugin must first be "
            "registered in Pulumi.yaml (docs/provider-forms.md); use --engine harness (or auto)."
        )
    return "harness"


def _choose_engine(engine: str, project_dir: Path) -> str | None:
    """The `pulumi` executable to use, or None for the engine harness."""
    if engine == "harness":
        say("Engine: the local engine in engine/ (--engine harness).")
        return None
    pulumi = pulumi_executable()
    if pulumi is None:
        if engine == "cli":
            raise DemoError(f"--engine cli: the pulumi CLI is not on PATH; {INSTALL_HINT}.")
        say(
            "The pulumi CLI is not on PATH, so the program runs through the local engine in engine/ "
            f"(same plugin and provider, no CLI); to use the CLI, {INSTALL_HINT}."
        )
        return None
    venv = (project_dir / ".venv").resolve()
    if Path(sys.prefix).resolve() != venv:
        raise DemoError(
            f"The pulumi CLI runs the program with the virtualenv Pulumi.yaml names ({venv}), but this "
            f"demo runs in {sys.prefix}. Unset DEMO_VENV, or use --engine harness (DEMO_ENGINE=harness)."
        )
    say(f"Engine: the pulumi CLI ({pulumi}), local file backend, empty passphrase.")
    return pulumi


def _required(stack: StackConfig, key: str) -> str:
    value = stack.get(key)
    if not value:
        raise DemoError(f"{stack.path} must set {key} (the demo starts the emulator for it)")
    return value


def _stop(emulator: LocalEmulator, paths: DemoPaths, *, raise_on_failure: bool) -> None:
    try:
        code = emulator.stop()
    except DemoError as error:
        if raise_on_failure:
            raise
        say(f"The emulator did not stop cleanly: {error}")
        return
    if code != 0:
        message = f"The emulator exited with code {code}; see {paths.shown(paths.emulator_log)}."
        if raise_on_failure:
            raise DemoError(message)
        say(message)
        return
    say(f"Emulator stopped; {paths.shown(paths.emulator_state)} keeps its senders.")
