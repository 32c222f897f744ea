"""An engine harness: plays the Pulumi engine against the real `python -m pulumi.dynamic` plugin over gRPC.

    from tests.harness import Engine
    engine = Engine(project_dir, config={"sinch:keyId": "..."}, secret_config_keys=["sinch:keySecret"])
    report = engine.preview(program)      # Check (and Diff) only
    report = engine.up(program)           # create / same / update / replace / delete
    report = engine.refresh()             # Read with the config recorded at the last up
    report = engine.destroy()
    print(report.summary()); engine.state.checkpoint_json()

Lower level: `PluginProcess` (one typed method per RPC) and `run_program` (a program under a capturing
monitor). Names are exported lazily so that importing `tests.harness.toy` inside the plugin stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.harness.engine import Engine, OperationFailedError
    from tests.harness.plugin import (
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
    from tests.harness.program import (
        ProgramError,
        ProgramResult,
        Registration,
        RegistrationOptions,
        RegistrationResult,
        run_program,
    )
    from tests.harness.report import OperationReport, ResourceReport
    from tests.harness.state import ResourceState, StackState
    from tests.harness.values import UNKNOWN, Secret, reveal

_EXPORTS = {
    "Engine": "tests.harness.engine",
    "OperationFailedError": "tests.harness.engine",
    "CallRecord": "tests.harness.plugin",
    "CheckFailure": "tests.harness.plugin",
    "CheckResult": "tests.harness.plugin",
    "CreateResult": "tests.harness.plugin",
    "DiffChanges": "tests.harness.plugin",
    "DiffResult": "tests.harness.plugin",
    "PluginError": "tests.harness.plugin",
    "PluginProcess": "tests.harness.plugin",
    "PluginStartError": "tests.harness.plugin",
    "ReadResult": "tests.harness.plugin",
    "ProgramError": "tests.harness.program",
    "ProgramResult": "tests.harness.program",
    "Registration": "tests.harness.program",
    "RegistrationOptions": "tests.harness.program",
    "RegistrationResult": "tests.harness.program",
    "run_program": "tests.harness.program",
    "OperationReport": "tests.harness.report",
    "ResourceReport": "tests.harness.report",
    "ResourceState": "tests.harness.state",
    "StackState": "tests.harness.state",
    "UNKNOWN": "tests.harness.values",
    "Secret": "tests.harness.values",
    "reveal": "tests.harness.values",
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
        raise AttributeError(f"module 'tests.harness' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
