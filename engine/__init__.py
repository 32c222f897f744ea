"""A local Pulumi engine: plays the engine against real provider plugins over gRPC, the dynamic-provider
plugin `python -m pulumi.dynamic` and native Python plugins (`python <plugin folder> <engine address>`).

    from engine import Engine
    engine = Engine(project_dir, config={"sinch:keyId": "..."}, secret_config_keys=["sinch:keySecret"],
                    plugins={"sinch": Path("plugin")})   # native plugins by package (none for dynamic ones)
    report = engine.preview(program)      # Check (and Diff; Create/Update for plugins that support previews)
    report = engine.up(program, parallel=16)   # create / same / update / replace / delete / import
    report = engine.refresh()             # Read, each provider configured from its state
    report = engine.destroy()
    engine.import_resource("sinch:index:RcsSender", "name", "id")   # `pulumi import`
    print(report.summary()); engine.state.checkpoint_json()

Lower level: `PluginProcess` (one typed method per RPC) and `run_program` (a program under a capturing
monitor). See `engine/README.md`.
"""

from engine.engine import Engine, OperationFailedError
from engine.plugin import (
    DYNAMIC_PACKAGE,
    CallRecord,
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffChanges,
    DiffResult,
    PluginError,
    PluginInfo,
    PluginProcess,
    PluginStartError,
    ReadResult,
)
from engine.program import (
    Invocation,
    InvocationResult,
    InvokeError,
    LogEntry,
    ProgramError,
    ProgramResult,
    Registration,
    RegistrationOptions,
    RegistrationResult,
    run_program,
)
from engine.providers import ProviderUnavailableError
from engine.report import OperationReport, ResourceReport
from engine.state import ResourceState, StackState
from engine.values import UNKNOWN, Secret, reveal

__all__ = [
    "DYNAMIC_PACKAGE",
    "UNKNOWN",
    "CallRecord",
    "CheckFailure",
    "CheckResult",
    "CreateResult",
    "DiffChanges",
    "DiffResult",
    "Engine",
    "Invocation",
    "InvocationResult",
    "InvokeError",
    "LogEntry",
    "OperationFailedError",
    "OperationReport",
    "PluginError",
    "PluginInfo",
    "PluginProcess",
    "PluginStartError",
    "ProgramError",
    "ProgramResult",
    "ProviderUnavailableError",
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
