"""An engine harness: plays the Pulumi engine against the real `python -m pulumi.dynamic` plugin over gRPC.

    from engine import Engine
    engine = Engine(project_dir, config={"sinch:keyId": "..."}, secret_config_keys=["sinch:keySecret"])
    report = engine.preview(program)      # Check (and Diff) only
    report = engine.up(program)           # create / same / update / replace / delete
    report = engine.refresh()             # Read with the config recorded at the last up
    report = engine.destroy()
    print(report.summary()); engine.state.checkpoint_json()

Lower level: `PluginProcess` (one typed method per RPC) and `run_program` (a program under a capturing
monitor). Names are exported lazily so that importing `tests.engine.toy` inside the plugin stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.engine import Engine, OperationFailedError
    from engine.plugin import (
        CallRecord,
        CheckFailure,
        CheckResult,
        CreateResult,
        DiffChanges,
        DiffResult,
        PluginError,
        PluginProcess,
        PluginStartError,
        ReadResult,
    )
    from engine.program import (
        ProgramError,
        ProgramResult,
        Registration,
        RegistrationOptions,
        RegistrationResult,
        run_program,
    )
    from engine.report import OperationReport, ResourceReport
    from engine.state import ResourceState, StackState
    from engine.values import UNKNOWN, Secret, reveal

_EXPORTS = {
    "Engine": "engine.engine",
    "OperationFailedError": "engine.engine",
    "CallRecord": "engine.plugin",
    "CheckFailure": "engine.plugin",
    "CheckResult": "engine.plugin",
    "CreateResult": "engine.plugin",
    "DiffChanges": "engine.plugin",
    "DiffResult": "engine.plugin",
    "PluginError": "engine.plugin",
    "PluginProcess": "engine.plugin",
    "PluginStartError": "engine.plugin",
    "ReadResult": "engine.plugin",
    "ProgramError": "engine.program",
    "ProgramResult": "engine.program",
    "Registration": "engine.program",
    "RegistrationOptions": "engine.program",
    "RegistrationResult": "engine.program",
    "run_program": "engine.program",
    "OperationReport": "engine.report",
    "ResourceReport": "engine.report",
    "ResourceState": "engine.state",
    "StackState": "engine.state",
    "UNKNOWN": "engine.values",
    "Secret": "engine.values",
    "reveal": "engine.values",
}

__all__ = [
    "UNKNOWN",
    "CallRecord",
    "CheckFailure",
    "CheckResult",
    "CreateResult",
    "DiffChanges",
    "DiffResult",
    "Engine",
    "OperationFailedError",
    "OperationReport",
    "PluginError",
    "PluginProcess",
    "PluginStartError",
    "ProgramError",
    "ProgramResult",
    "ReadResult",
    "Registration",
    "RegistrationOptions",
    "RegistrationResult",
    "ResourceReport",
    "ResourceState",
    "Secret",
    "StackState",
    "reveal",
    "run_program",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
