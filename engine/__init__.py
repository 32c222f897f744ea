"""A local Pulumi engine: plays the engine against the real `python -m pulumi.dynamic` plugin over gRPC.

    from engine import Engine
    engine = Engine(project_dir, config={"sinch:keyId": "..."}, secret_config_keys=["sinch:keySecret"])
    report = engine.preview(program)      # Check (and Diff) only
    report = engine.up(program)           # create / same / update / replace / delete
    report = engine.refresh()             # Read with the config recorded at the last up
    report = engine.destroy()
    print(report.summary()); engine.state.checkpoint_json()

Lower level: `PluginProcess` (one typed method per RPC) and `run_program` (a program under a capturing
monitor). See `engine/README.md`.
"""

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
