"""Plays `pulumi` for a user's project folder, inside a virtualenv that has sinch-rcs-pulumi installed.

Run by test_installed_wheel.py as ``<venv>/bin/python user_driver.py`` with ``PYTHONPATH`` naming a folder
that holds nothing but this repository's ``engine`` package (the local engine, which is not in the wheel).
The variable is removed before anything runs, so that the plugin processes the engine starts see only
the virtualenv, as a user's plugin would. Everything else, ``provider`` included, comes from the
virtualenv's site-packages.

Input on stdin, JSON: ``{"project": DIR, "config": {...}, "secret_keys": [...], "env": {...},
"emulator": URL, "steps": [...]}``; a step is ``preview``, ``up``, ``refresh``, ``destroy``, or ``decoy`` /
``no-decoy``, which add or remove a ``schemas`` package of the user's own in the project folder. Each
operation starts with our packages forgotten, as each `pulumi` command starts a new program process, and
ends by reading (and resetting) the emulator's request counts.
Output on stdout, JSON: one report per operation.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import requests

from engine import Engine, OperationReport

OUR_PACKAGES = ("provider", "schemas", "sinch_provisioning", "sinch_conversation")
DECOY = "SenderSchema = None  # a package of the user's own that happens to be called schemas\n"


def forget_our_packages() -> None:
    for name in list(sys.modules):
        if name.partition(".")[0] in OUR_PACKAGES:
            del sys.modules[name]
    importlib.invalidate_caches()


def where_provider_came_from() -> str | None:
    module = sys.modules.get("provider")
    return getattr(module, "__file__", None)


def api_requests(emulator: str) -> dict[str, int]:
    """The emulator's request counts per operation since the last call; resets them."""
    counts: dict[str, int] = requests.get(f"{emulator}/_emulator/stats", timeout=30).json()["requests"]
    requests.post(f"{emulator}/_emulator/stats/reset", timeout=30).raise_for_status()
    return {operation: count for operation, count in counts.items() if count}


def as_json(report: OperationReport, emulator: str) -> dict[str, Any]:
    return {
        "kind": report.kind,
        "ok": report.ok,
        "summary": report.summary(),
        "errors": report.errors_text(),
        "resources": {
            resource.name: {
                "op": resource.shown_op,
                "error": resource.error,
                "error_details": resource.error_details,
            }
            for resource in report.resources
        },
        "plugin_stderr": report.plugin_stderr,
        "provider_file": where_provider_came_from(),
        "api_requests": api_requests(emulator),
    }


def main() -> int:
    os.environ.pop("PYTHONPATH", None)
    request = json.load(sys.stdin)
    project = Path(request["project"])
    engine = Engine(
        project,
        config=request["config"],
        secret_config_keys=request["secret_keys"],
        env=request["env"],
    )  # its plugins run on this interpreter: the virtualenv's
    program = project / "__main__.py"
    reports: list[dict[str, Any]] = []
    for step in request["steps"]:
        if step == "decoy":
            (project / "schemas").mkdir()
            (project / "schemas" / "__init__.py").write_text(DECOY)
            continue
        if step == "no-decoy":
            shutil.rmtree(project / "schemas")
            continue
        forget_our_packages()
        started = time.monotonic()
        if step == "preview":
            report = engine.preview(program)
        elif step == "up":
            report = engine.up(program)
        elif step == "refresh":
            report = engine.refresh()
        elif step == "destroy":
            report = engine.destroy()
        else:
            raise SystemExit(f"unknown step {step!r}")
        reports.append(as_json(report, request["emulator"]) | {"seconds": time.monotonic() - started})
    json.dump(reports, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
