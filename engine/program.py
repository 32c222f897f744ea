"""Run a Pulumi program without the CLI, with a resource monitor that hands every registration to a handler.

`run_program` does what the Python language host does (`reset_options`, `set_all_config`, an event loop
whose default executor has `4 * parallel` threads, `run_in_stack`), inside a copied `contextvars` context so
that the SDK's global settings do not leak from one run into the next. Its monitor answers the SDK like the
engine's resource monitor: each `RegisterResource`/`ReadResource` becomes a `Registration` for the handler,
and the handler's id and outputs go back to the program (secrets kept, unknowns only in preview).
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import re
import runpy
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime import settings as pulumi_settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.proto import provider_pb2, resource_pb2
from pulumi.runtime.stack import run_in_stack

from engine.urns import STACK_TYPE, dependency_urns, make_urn
from engine.values import PropertyMap, from_struct, reveal, reveal_map, to_struct

Program = Callable[[], Any] | str | os.PathLike[str]

# What this monitor supports (`GetDeploymentInfo`): secrets. Without the other features the SDK sends plain
# values and refuses the options that need them (`deleted_with`, transforms, hooks, ...).
_FEATURES: Final = (resource_pb2.RESOURCE_MONITOR_FEATURE_SECRETS,)
_FEATURE_NAMES: Final = frozenset({"secrets"})
_SEVERITIES: Final = {0: "debug", 1: "info", 2: "warning", 3: "error"}


class ProgramError(RuntimeError):
    """The program failed (raised, or an SDK call failed). `traceback_text` is the program-side traceback."""

    def __init__(self, message: str, traceback_text: str = "") -> None:
        super().__init__(message)
        self.traceback_text = traceback_text


class UnsupportedByHarnessError(RuntimeError):
    """The program used an engine feature this engine does not implement."""


@dataclass(frozen=True)
class CustomTimeouts:
    """`custom_timeouts`, in seconds (0: none given), as the engine passes them to Create, Update, Delete."""

    create: float = 0.0
    update: float = 0.0
    delete: float = 0.0


_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_UNITS: Final = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_duration(text: str) -> float:
    """Seconds in a Go duration (`"1h30m"`, `"90s"`, `"1.5m"`), as the engine reads custom timeouts; 0 for
    an empty or unreadable one (the engine then passes none)."""
    text = text.strip()
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        return 0.0
    return sum(float(number) * _UNITS[unit] for number, unit in parts)


@dataclass(frozen=True)
class RegistrationOptions:
    """The resource options the engine acts on."""

    protect: bool = False
    delete_before_replace: bool | None = None
    ignore_changes: tuple[str, ...] = ()
    additional_secret_outputs: tuple[str, ...] = ()
    retain_on_delete: bool = False
    import_id: str = ""
    replace_on_changes: tuple[str, ...] = ()
    custom_timeouts: CustomTimeouts = field(default_factory=CustomTimeouts)


@dataclass(frozen=True)
class Registration:
    """One `RegisterResource` (kind "register") or `ReadResource` (kind "read": `.get()` / `opts.id`)."""

    kind: Literal["register", "read"]
    urn: str
    type: str
    name: str
    custom: bool
    parent: str
    raw_inputs: PropertyMap
    """Inputs as the engine holds them (`Secret` and `UNKNOWN` markers kept)."""
    id: str = ""
    """For reads: the id to read (`UNKNOWN` sentinel text when not known in preview)."""
    dependencies: tuple[str, ...] = ()
    property_dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    options: RegistrationOptions = field(default_factory=RegistrationOptions)
    provider: str = ""
    """The explicit provider (`opts.provider`) as a reference `<provider urn>::<provider id>`; "" for the
    package's default provider."""
    version: str = ""
    """The plugin version the program asked for (`opts.version`, or a generated SDK's own); "" for any."""

    @property
    def package(self) -> str:
        """The package whose plugin serves this resource: `sinch` for `sinch:index:RcsSender`, `pulumi-python`
        for a dynamic resource, `sinch` for the provider resource `pulumi:providers:sinch`."""
        if self.type.startswith("pulumi:providers:"):
            return self.type.removeprefix("pulumi:providers:")
        return self.type.split(":", 1)[0]

    @property
    def inputs(self) -> PropertyMap:
        """Inputs with secrets unwrapped (including `__provider`); unknowns stay `UNKNOWN`."""
        return reveal_map(self.raw_inputs)

    @property
    def serialized_provider(self) -> str | None:
        value = reveal(self.raw_inputs.get("__provider"))
        return value if isinstance(value, str) else None

    def all_dependencies(self) -> set[str]:
        return dependency_urns(self.parent, self.dependencies, self.property_dependencies)


@dataclass(frozen=True)
class RegistrationResult:
    """The handler's answer. `status` "failed" tells the SDK the step failed; "skipped" resolves the
    outputs as unknown (the engine's `unknown=true`)."""

    id: str = ""
    outputs: PropertyMap = field(default_factory=dict)
    status: Literal["ok", "failed", "skipped"] = "ok"


ResourceHandler = Callable[[Registration], RegistrationResult]


@dataclass(frozen=True)
class Invocation:
    """One `Invoke` of a provider function (`pulumi.runtime.invoke("sinch:index:lookupSenders", args)`)."""

    token: str
    args: PropertyMap
    provider: str = ""
    """The explicit provider (`InvokeOptions.provider`) as a reference; "" for the package's default one."""
    version: str = ""

    @property
    def package(self) -> str:
        return self.token.split(":", 1)[0]


@dataclass(frozen=True)
class InvocationResult:
    """The handler's answer to an `Invoke`: the function's result, or its check failures."""

    result: PropertyMap = field(default_factory=dict)
    failures: tuple[tuple[str, str], ...] = ()
    unknown: bool = False


class InvokeError(RuntimeError):
    """An `Invoke` the engine could not serve (no provider, or the provider failed): the SDK raises it in the
    program as `invoke of <token> failed: <message>`."""


class _InvokeRpcError(grpc.RpcError):  # type: ignore[misc]  # grpc is untyped here
    """How the SDK expects a failed `Invoke` to come back from its monitor (a gRPC error)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self._message = message

    def code(self) -> grpc.StatusCode:
        return grpc.StatusCode.UNKNOWN

    def details(self) -> str:
        return self._message


InvokeHandler = Callable[[Invocation], InvocationResult]


@dataclass(frozen=True)
class LogEntry:
    severity: str
    message: str
    urn: str


@dataclass
class ProgramResult:
    stack_urn: str = ""
    exports: PropertyMap = field(default_factory=dict)
    logs: list[LogEntry] = field(default_factory=list)


def _options(request: Any) -> RegistrationOptions:
    timeouts = request.customTimeouts
    return RegistrationOptions(
        protect=bool(request.protect),
        delete_before_replace=bool(request.deleteBeforeReplace)
        if request.deleteBeforeReplaceDefined
        else None,
        ignore_changes=tuple(request.ignoreChanges),
        additional_secret_outputs=tuple(request.additionalSecretOutputs),
        retain_on_delete=bool(request.retainOnDelete),
        import_id=str(request.importId),
        replace_on_changes=tuple(request.replaceOnChanges),
        custom_timeouts=CustomTimeouts(
            create=parse_duration(timeouts.create),
            update=parse_duration(timeouts.update),
            delete=parse_duration(timeouts.delete),
        ),
    )


class _Feature:
    def __init__(self, supported: bool) -> None:
        self.hasSupport = supported


class HarnessMonitor:
    """The resource monitor the SDK talks to (duck-typed like `ResourceMonitorStub`)."""

    def __init__(
        self,
        handler: ResourceHandler,
        *,
        project: str,
        stack: str,
        preview: bool,
        invoke_handler: InvokeHandler | None = None,
    ) -> None:
        self._handler = handler
        self._invoke_handler = invoke_handler
        self._project = project
        self._stack = stack
        self._preview = preview
        self.result = ProgramResult()

    def _urn(self, parent: str, type_: str, name: str) -> str:
        return make_urn(self._stack, self._project, parent, type_, name)

    def _outputs_struct(self, outputs: Mapping[str, Any]) -> Any:
        return to_struct(outputs, keep_unknowns=self._preview, keep_secrets=True)

    # -- feature negotiation -----------------------------------------------------------------------------

    def GetDeploymentInfo(self, request: Any) -> Any:
        return resource_pb2.DeploymentInfo(supportedFeatures=list(_FEATURES))

    def SupportsFeature(self, request: Any) -> _Feature:
        return _Feature(request.id in _FEATURE_NAMES)

    # -- resources ---------------------------------------------------------------------------------------

    def RegisterResource(self, request: Any) -> Any:
        urn = self._urn(request.parent, request.type, request.name)
        if request.type == STACK_TYPE:
            self.result.stack_urn = urn
            return resource_pb2.RegisterResourceResponse(urn=urn)
        registration = Registration(
            kind="register",
            urn=urn,
            type=request.type,
            name=request.name,
            custom=bool(request.custom),
            parent=request.parent,
            raw_inputs=from_struct(request.object),
            dependencies=tuple(request.dependencies),
            property_dependencies={k: tuple(v.urns) for k, v in request.propertyDependencies.items()},
            options=_options(request),
            provider=str(request.provider),
            version=str(request.version),
        )
        result = self._handler(registration)
        return resource_pb2.RegisterResourceResponse(
            urn=urn,
            id=result.id,
            object=self._outputs_struct(result.outputs),
            propertyDependencies={
                k: resource_pb2.RegisterResourceResponse.PropertyDependencies(urns=list(v))
                for k, v in registration.property_dependencies.items()
            },
            result=resource_pb2.FAIL if result.status == "failed" else resource_pb2.SUCCESS,
            unknown=result.status == "skipped",
        )

    def ReadResource(self, request: Any) -> Any:
        urn = self._urn(request.parent, request.type, request.name)
        registration = Registration(
            kind="read",
            urn=urn,
            type=request.type,
            name=request.name,
            custom=True,
            parent=request.parent,
            raw_inputs=from_struct(request.properties),
            id=request.id,
            dependencies=tuple(request.dependencies),
            options=RegistrationOptions(additional_secret_outputs=tuple(request.additionalSecretOutputs)),
            provider=str(request.provider),
            version=str(request.version),
        )
        result = self._handler(registration)
        return resource_pb2.ReadResourceResponse(
            urn=urn,
            id=result.id,
            properties=self._outputs_struct(result.outputs),
            result=resource_pb2.FAIL if result.status == "failed" else resource_pb2.SUCCESS,
            unknown=result.status == "skipped",
        )

    def RegisterResourceOutputs(self, request: Any) -> Any:
        if request.urn == self.result.stack_urn:  # components are refused, so only the stack has outputs
            self.result.exports = from_struct(request.outputs)
        return empty_pb2.Empty()

    def SignalAndWaitForShutdown(self, request: Any) -> Any:
        return empty_pb2.Empty()

    # -- not implemented (transforms, hooks and packages need features the monitor does not advertise, so
    # the SDK refuses them before calling); Invoke only with an invoke handler ---------------------------

    def Invoke(self, request: Any) -> Any:
        if self._invoke_handler is None:
            raise UnsupportedByHarnessError(f"this engine does not implement Invoke ({request.tok})")
        invocation = Invocation(
            token=str(request.tok),
            args=from_struct(request.args),
            provider=str(request.provider),
            version=str(request.version),
        )
        try:
            result = self._invoke_handler(invocation)
        except InvokeError as error:
            raise _InvokeRpcError(str(error)) from None
        return resource_pb2.ResourceInvokeResponse(
            **{"return": self._outputs_struct(result.result)},
            failures=[provider_pb2.CheckFailure(property=p, reason=r) for p, r in result.failures],
            unknown=result.unknown,
        )

    def Call(self, request: Any) -> Any:
        raise UnsupportedByHarnessError(f"this engine does not implement Call ({request.tok})")


class _EngineLog:
    """The engine service the SDK logs to (`pulumi.log.*`)."""

    def __init__(self, result: ProgramResult) -> None:
        self._result = result
        self._lock = threading.Lock()

    def Log(self, request: Any) -> Any:
        severity = _SEVERITIES.get(int(request.severity), "info")
        if severity != "debug":  # the CLI shows debug messages only with --debug
            with self._lock:
                self._result.logs.append(LogEntry(severity, request.message, request.urn))
        return empty_pb2.Empty()

    def RequirePulumiVersion(self, request: Any) -> Any:
        return empty_pb2.Empty()


@contextmanager
def _program_directory(directory: Path) -> Iterator[None]:
    """cwd and `sys.path[0]` as the language host sets them for `python __main__.py`."""
    old_cwd = Path.cwd()
    os.chdir(directory)
    sys.path.insert(0, str(directory))
    try:
        yield
    finally:
        os.chdir(old_cwd)
        if str(directory) in sys.path:
            sys.path.remove(str(directory))


def _as_callable(program: Program) -> tuple[Callable[[], Any], Path | None]:
    if callable(program):
        return program, None
    path = Path(program).resolve()
    if path.is_dir():
        path = path / "__main__.py"
    if not path.is_file():
        raise FileNotFoundError(f"no Pulumi program at {path}")

    def run_path() -> None:
        runpy.run_path(str(path), run_name="__main__")

    return run_path, path.parent


def _clear_sdk_defaults() -> None:
    """Undo the SDK's `ContextProperty` default capture (setting a property that is None in the current
    context also makes the value the default for contexts that never set it): two `reset_options()` calls
    leave every default back at None."""
    pulumi_settings.reset_options()
    pulumi_settings.reset_options()


def _cancel_pending(loop: asyncio.AbstractEventLoop) -> None:
    pending = asyncio.all_tasks(loop)
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


def _run_in_context(
    func: Callable[[], Any],
    monitor: HarnessMonitor,
    *,
    preview: bool,
    config: Mapping[str, str],
    secret_keys: tuple[str, ...],
    project: str,
    stack: str,
    organization: str,
    parallel: int,
    root_directory: str | None,
    timeout: float,
) -> None:
    pulumi_settings.ROOT.set(None)
    pulumi_settings.configure(
        pulumi_settings.Settings(
            project=project,
            stack=stack,
            monitor=monitor,
            engine=_EngineLog(monitor.result),
            parallel=parallel,
            dry_run=preview,
            organization=organization,
            root_directory=root_directory,
        )
    )
    set_all_config(dict(config), list(secret_keys))
    loop = asyncio.new_event_loop()
    executor = ThreadPoolExecutor(max_workers=max(parallel, 1) * 4, thread_name_prefix="pulumi-program")
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    timed_out = False
    try:
        loop.run_until_complete(asyncio.wait_for(run_in_stack(func), timeout))
    except TimeoutError as error:
        timed_out = True
        raise ProgramError(f"the program did not finish within {timeout:.0f} s") from error
    except Exception as error:  # the user program's boundary: any failure becomes a ProgramError
        text = "".join(traceback.format_exception(error))
        raise ProgramError(f"{type(error).__name__}: {error}", text) from error
    finally:
        _cancel_pending(loop)
        asyncio.set_event_loop(None)
        loop.close()
        executor.shutdown(wait=not timed_out, cancel_futures=timed_out)
        _clear_sdk_defaults()


def run_program(
    program: Program,
    *,
    preview: bool,
    resource_handler: ResourceHandler,
    invoke_handler: InvokeHandler | None = None,
    config: Mapping[str, str] | None = None,
    secret_keys: tuple[str, ...] | list[str] = (),
    project: str,
    stack: str,
    organization: str = "organization",
    parallel: int = 16,
    root_directory: str | os.PathLike[str] | None = None,
    timeout: float = 600.0,
) -> ProgramResult:
    """Run `program` (a callable, or the path of a `__main__.py` or of its folder) as the CLI would.

    Config keys are namespaced (`sinch:keyId`); `secret_keys` lists those `pulumi.Config.require_secret`
    should treat as secret. Without `invoke_handler`, a provider function call fails the program.
    Raises `ProgramError` when the program fails (never hangs past `timeout`).
    """
    func, program_dir = _as_callable(program)
    monitor = HarnessMonitor(
        resource_handler, project=project, stack=stack, preview=preview, invoke_handler=invoke_handler
    )
    root = str(root_directory) if root_directory is not None else (str(program_dir) if program_dir else None)
    context = contextvars.copy_context()

    def run() -> None:
        context.run(
            _run_in_context,
            func,
            monitor,
            preview=preview,
            config=config or {},
            secret_keys=tuple(secret_keys),
            project=project,
            stack=stack,
            organization=organization,
            parallel=parallel,
            root_directory=root,
            timeout=timeout,
        )

    if program_dir is not None:
        with _program_directory(program_dir):
            run()
    else:
        run()
    return monitor.result
