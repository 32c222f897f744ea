"""A provider plugin process driven over gRPC as the engine does: the dynamic-provider plugin or a native one.

`PluginProcess` starts a plugin the way the engine does (`sdk/go/common/resource/plugin/plugin.go`,
`provider_plugin.go` NewProvider, the Python language host's RunPlugin), reads the port from the first stdout
line and exposes one typed method per RPC:

- the dynamic-provider plugin (`pulumi-resource-pulumi-python`): `python -u -m pulumi.dynamic`, no arguments;
- a native Python plugin (a folder with `PulumiPlugin.yaml` `runtime: python` and `__main__.py`): `python
  <folder> <engine address>`, as the language host's RunPlugin runs it.

Both run in the project folder with `PULUMI_PROJECT` and the Pulumi.yaml runtime options in the environment.
Properties are marshalled as the engine marshals them (`google.protobuf.Struct`; unknowns as the sentinel;
secrets stripped unless the plugin accepted secrets at Configure); secrets are re-marked on what comes back
(`annotateSecrets`). What the engine does without calling the plugin is done here too: a preview Create or
Update of a plugin without preview support returns the inputs, and a plugin configured with unknown values
is not called. Every gRPC error is raised as `PluginError` with its status code and details.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final, NamedTuple

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc, status_pb2

from engine.project import ProjectFile, read_plugin_folder, read_project
from engine.urns import parse_urn
from engine.values import (
    PropertyMap,
    annotate_secrets,
    contains_unknowns,
    from_struct,
    reveal,
    to_struct,
)
from engine.warm_start import WarmProcess

# The gRPC options the SDK uses on both ends (400 MB messages).
# As the engine (grpc-go) accepts: big messages, and up to 16 MB of response metadata, where a provider
# error's traceback travels (Python's grpc client would give up past 8-16 KB, hiding long chained errors).
_GRPC_OPTIONS: Final = [
    ("grpc.max_receive_message_length", 400 * 1024 * 1024),
    ("grpc.max_metadata_size", 16 * 1024 * 1024),
]

PROVIDER_RPCS: Final = frozenset({"Check", "Diff", "Create", "Read", "Update", "Delete"})
DYNAMIC_PACKAGE: Final = "pulumi-python"
"""The package of Python dynamic resources (`pulumi-python:dynamic...`): `python -m pulumi.dynamic`."""

# One clock for the calls of every plugin, so that calls to different processes can be ordered.
_TICKS: Final = itertools.count()

_DIFF_CHANGES: Final = {0: "unknown", 1: "none", 2: "some"}
_DIFF_KINDS: Final = {
    0: "add",
    1: "add-replace",
    2: "delete",
    3: "delete-replace",
    4: "update",
    5: "update-replace",
}
_UNKNOWN_CONFIG: Final = (
    "The provider for this resource has inputs that are not known during preview.\n"
    "This preview may not correctly represent the changes that will be applied during an update."
)


class PluginStartError(RuntimeError):
    """The plugin process did not start or did not print its port."""


class PluginError(Exception):
    """A gRPC call to the plugin failed. `details` is the plugin's text: for the dynamic plugin, a traceback
    for provider errors; for a native plugin, whatever it sent as the status message."""

    def __init__(
        self,
        rpc: str,
        urn: str,
        code: grpc.StatusCode,
        details: str,
        *,
        native: bool = False,
        reasons: tuple[str, ...] = (),
    ) -> None:
        self.rpc = rpc
        self.urn = urn
        self.code = code
        self.details = details
        self.native = native
        self.reasons = reasons
        """What a structured error detail added (a Configure's missing keys), as the engine words it."""
        super().__init__(f"{rpc}({urn or '-'}) failed with {code.name}: {self.message}")

    @property
    def message(self) -> str:
        """What the user sees. A native plugin's status message as it came (the engine adds nothing), or
        the engine's own words for a structured detail. For the dynamic plugin, the exception's text (what
        the CLI shows under the traceback): the lines after the last traceback frame, without the
        `module.Error: ` prefix of the first one."""
        if self.reasons:
            return "\n".join(self.reasons)
        if self.native:
            return self.details.strip()
        lines = self.details.strip().splitlines()
        start = 0
        for index, line in enumerate(lines):
            if line.startswith("Traceback (most recent call last):"):
                start = index + 1
                while start < len(lines) and (lines[start].startswith(" ") or not lines[start].strip()):
                    start += 1
        text = "\n".join(line.rstrip() for line in lines[start:]).strip()
        head, separator, rest = text.partition(": ")
        if separator and " " not in head and "." in head:
            text = rest
        return text


@dataclass(frozen=True)
class CallRecord:
    """One RPC made to a plugin. `seq` and `finished` are ticks of one clock shared by all plugins, taken
    when the call started and when its answer came (-1 while it runs): two calls overlapped when each started
    before the other finished. `provider` is the URN of the provider instance the plugin serves ("" for a
    plugin started on its own)."""

    seq: int
    rpc: str
    urn: str
    finished: int = -1
    provider: str = ""


class CheckFailure(NamedTuple):
    """One check failure; compares equal to the plain tuple `(property, reason)`."""

    property: str
    reason: str


@dataclass(frozen=True)
class CheckResult:
    inputs: PropertyMap
    failures: tuple[CheckFailure, ...]


class DiffChanges(Enum):
    UNKNOWN = "unknown"
    NONE = "none"
    SOME = "some"


@dataclass(frozen=True)
class DiffResult:
    """A Diff or DiffConfig answer. The dynamic plugin only ever sends `changes`, `replaces` and
    `delete_before_replace`; a native plugin may add changed keys (`diffs`) and a detailed diff (property
    path -> "add", "add-replace", "delete", "delete-replace", "update" or "update-replace").
    `unavailable` is the engine's warning when it could not ask (the provider's configuration is unknown)."""

    changes: DiffChanges
    replaces: tuple[str, ...] = ()
    delete_before_replace: bool = False
    stables: tuple[str, ...] = ()
    changed_keys: tuple[str, ...] = ()
    detailed_diff: Mapping[str, str] | None = None
    unavailable: str = ""

    @property
    def replace(self) -> bool:
        """The engine's `DiffResult.Replace()`: replace keys, or a replacing kind in the detailed diff."""
        detailed = self.detailed_diff or {}
        return bool(self.replaces) or any(kind.endswith("-replace") for kind in detailed.values())


@dataclass(frozen=True)
class CreateResult:
    id: str
    outputs: PropertyMap


@dataclass(frozen=True)
class ReadResult:
    """`id == ""` means the resource no longer exists. `inputs` is None when the provider returned none;
    `outputs_given` is False when the answer had no properties at all (the engine's nil outputs: for an
    import, "does not exist")."""

    id: str
    outputs: PropertyMap
    inputs: PropertyMap | None
    outputs_given: bool = True


@dataclass
class PluginInfo:
    """What one plugin process left behind: for the report of the operation that started it."""

    package: str
    provider: str
    pid: int
    stderr: str = ""
    stdout: str = ""
    version: str = ""
    configured_with: PropertyMap | None = None
    calls: list[CallRecord] = field(default_factory=list)


def _name_and_type(urn: str) -> tuple[str, str]:
    if not urn:
        return "", ""
    parsed = parse_urn(urn)
    return parsed.name, parsed.type


def plugin_environment(project: ProjectFile, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment the engine gives a provider plugin (`provider_plugin.go` NewProvider)."""
    env = dict(os.environ)
    for key, value in project.runtime_options.items():
        env[f"PULUMI_RUNTIME_{key.upper()}"] = value
    env["PULUMI_PROJECT"] = project.name
    env.update(extra or {})
    return env


def _status_reasons(error: grpc.RpcError) -> tuple[str, ...]:
    """The engine's wording of a Configure error's `ConfigureErrorMissingKeys` detail
    (`createConfigureError`), read from the `grpc-status-details-bin` trailer; () when there is none."""
    trailers = error.trailing_metadata() if hasattr(error, "trailing_metadata") else None
    for key, value in trailers or ():
        if key != "grpc-status-details-bin" or not isinstance(value, bytes):
            continue
        status = status_pb2.Status.FromString(value)
        reasons: list[str] = []
        for detail in status.details:
            missing = provider_pb2.ConfigureErrorMissingKeys()
            if detail.Unpack(missing):
                reasons.extend(
                    f'missing required configuration key "{key.name}": {key.description}\n'
                    f"Set a value using the command `pulumi config set {key.name} <value>`."
                    for key in missing.missingKeys
                )
        return tuple(reasons)
    return ()


def _config_variable(value: Any) -> str:
    """A Configure `variables` value: strings as they are, anything else as JSON (secrets revealed)."""
    plain = reveal(value)
    return plain if isinstance(plain, str) else json.dumps(plain)


class PluginProcess:
    """One provider plugin process, as the engine starts one per provider instance and `pulumi` command.

    Without `plugin_dir`: the dynamic-provider plugin `python -m pulumi.dynamic`. With it: the native Python
    plugin in that folder, run as `python <plugin_dir> <engine_address>` (the language host's RunPlugin), in
    `project_dir` too (the engine's working directory), for the resources of `package`.
    """

    def __init__(
        self,
        project_dir: str | os.PathLike[str],
        *,
        env: Mapping[str, str] | None = None,
        start_timeout: float = 60.0,
        warm: bool = False,
        plugin_dir: str | os.PathLike[str] | None = None,
        package: str | None = None,
        engine_address: str = "",
        provider_urn: str = "",
    ) -> None:
        """``warm``: fork the plugin from a parent that has imported Pulumi (and the modules given to
        :func:`engine.warm_start.preload`) already: the same plugin, started in a fraction of the time."""
        self.project_dir = Path(project_dir).resolve()
        self._warm = warm
        self.project = read_project(self.project_dir)
        self.plugin_dir = read_plugin_folder(plugin_dir).directory if plugin_dir is not None else None
        self.native = self.plugin_dir is not None
        self.package = package or (DYNAMIC_PACKAGE if not self.native else Path(str(plugin_dir)).name)
        self.engine_address = engine_address
        self.provider_urn = provider_urn
        self._env = plugin_environment(self.project, env)
        self._start_timeout = start_timeout
        self._process: subprocess.Popen[bytes] | WarmProcess | None = None
        self._channel: Any = None
        self._stub: Any = None
        self._stderr_file: IO[bytes] | None = None
        self._stderr_path: Path | None = None
        self._stderr_final: str | None = None
        self._stdout_chunks: list[bytes] = []
        self._stdout_thread: threading.Thread | None = None
        self._calls: list[CallRecord] = []
        self._calls_lock = threading.Lock()
        self._handshaken = False
        self.accept_secrets = False
        """The plugin's answer at Handshake or Configure: it receives and returns secrets marked."""
        self.supports_preview = False
        """Ditto: the engine calls Create and Update in a preview (with `preview=true`)."""
        self.config_known = True
        """False once configured with unknown values (a preview): the engine then calls nothing."""
        self.configured_with: PropertyMap | None = None
        self.version = ""
        self.port = 0

    # -- process lifecycle -------------------------------------------------------------------------------

    def _command(self) -> list[str]:
        if self.plugin_dir is None:
            return [sys.executable, "-u", "-m", "pulumi.dynamic"]
        return [sys.executable, str(self.plugin_dir), *self._arguments()]

    def _arguments(self) -> list[str]:
        return [self.engine_address] if self.engine_address else []

    def start(self) -> PluginProcess:
        if self._process is not None:
            raise RuntimeError("plugin already started")
        handle, path = tempfile.mkstemp(prefix=f"pulumi-{self.package}-plugin-", suffix=".stderr")
        os.close(handle)
        self._stderr_path = Path(path)
        self._stderr_file = self._stderr_path.open("wb")
        if self._warm:
            self._process = WarmProcess(
                self.project_dir,
                self._env,
                self._stderr_file,
                plugin_dir=self.plugin_dir,
                argv=self._arguments(),
            )
        else:
            self._process = subprocess.Popen(
                self._command(),
                cwd=self.project_dir,
                env=self._env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=self._stderr_file,
            )
        assert self._process.stdout is not None  # stdout=PIPE
        self.port = self._read_port(self._process.stdout)
        self._stdout_thread = threading.Thread(
            target=self._drain_stdout, args=(self._process.stdout,), name="plugin-stdout", daemon=True
        )
        self._stdout_thread.start()
        self._channel = grpc.insecure_channel(f"127.0.0.1:{self.port}", options=_GRPC_OPTIONS)
        self._stub = provider_pb2_grpc.ResourceProviderStub(self._channel)
        # Ready once it answers its first call: Handshake for a native plugin (the engine's first call, with
        # retries), GetPluginInfo for the dynamic one (the engine's first call after a Handshake the dynamic
        # plugin does not implement). Not grpc.channel_ready_future: its connectivity-polling thread makes
        # every later close() wait for its next 0.2 s poll, a fifth of a second per plugin.
        try:
            if self.native:
                self._handshake()
            info = self._stub.GetPluginInfo(
                empty_pb2.Empty(), timeout=self._start_timeout, wait_for_ready=True
            )
        except grpc.RpcError as error:
            self.stop()
            raise PluginStartError(
                f"plugin on port {self.port} did not accept a connection ({error.code().name}: "
                f"{error.details()}); its stderr:\n{self.stderr_text()}"
            ) from error
        self.version = str(info.version)
        return self

    def _handshake(self) -> None:
        """`Handshake` as the engine sends it; a plugin that answers fixes its protocol here (and then
        supports previews), one that does not implement it is configured the legacy way."""
        directory = str(self.plugin_dir)
        request = provider_pb2.ProviderHandshakeRequest(
            engine_address=self.engine_address,
            root_directory=directory,
            program_directory=directory,
            configure_with_urn=True,
            supports_views=True,
            supports_refresh_before_update=True,
            invoke_with_preview=True,
            accepts_byte_string=True,
        )
        try:
            response = self._stub.Handshake(request, timeout=self._start_timeout, wait_for_ready=True)
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.UNIMPLEMENTED:
                return
            raise
        self._handshaken = True
        self.accept_secrets = bool(response.accept_secrets)
        self.supports_preview = True

    def _read_port(self, stdout: IO[bytes]) -> int:
        result: list[bytes] = []
        reader = threading.Thread(target=lambda: result.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(self._start_timeout)
        line = result[0].decode(errors="replace").strip() if result else ""
        if not line.isdigit():
            exited = self._process is not None and self._process.poll() is not None
            self.stop()
            raise PluginStartError(
                f"the plugin {'exited' if exited else 'printed no port'} (first stdout line {line!r}); "
                f"its stderr:\n{self.stderr_text()}"
            )
        return int(line)

    def _drain_stdout(self, stdout: IO[bytes]) -> None:
        assert isinstance(stdout, io.BufferedReader)  # read1: whatever has arrived, without waiting for more
        for chunk in iter(lambda: stdout.read1(65536), b""):
            self._stdout_chunks.append(chunk)

    @property
    def pid(self) -> int:
        if self._process is None:
            raise RuntimeError("plugin not started")
        return self._process.pid

    @property
    def started(self) -> bool:
        return self._process is not None

    def stop(self) -> None:
        """Close the channel and end the process (SIGINT first, as the engine's plugin shutdown does)."""
        if self._channel is not None:
            self._channel.close()
            self._channel = None
        process = self._process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        if process is not None and process.stdout is not None:
            if self._stdout_thread is not None:
                self._stdout_thread.join(timeout=5)
            process.stdout.close()
        if self._stderr_file is not None:
            self._stderr_file.close()
            self._stderr_file = None
            self._stderr_final = self.stderr_text()
            if self._stderr_path is not None:
                self._stderr_path.unlink(missing_ok=True)
                self._stderr_path = None

    def __enter__(self) -> PluginProcess:
        return self.start() if self._process is None else self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def stderr_text(self) -> str:
        """Everything the plugin wrote on standard error so far (all of it once stopped)."""
        if self._stderr_final is not None:
            return self._stderr_final
        if self._stderr_path is None:
            return ""
        return self._stderr_path.read_bytes().decode(errors="replace")

    def stdout_text(self) -> str:
        """What the plugin printed on standard output after the port line."""
        return b"".join(self._stdout_chunks).decode(errors="replace")

    def calls(self) -> list[CallRecord]:
        with self._calls_lock:
            return list(self._calls)

    def info(self) -> PluginInfo:
        """What this process did, for a report (call it after `stop` for the whole of its output)."""
        return PluginInfo(
            package=self.package,
            provider=self.provider_urn,
            pid=self._process.pid if self._process is not None else 0,
            stderr=self.stderr_text(),
            stdout=self.stdout_text(),
            version=self.version,
            configured_with=self.configured_with,
            calls=self.calls(),
        )

    # -- RPCs --------------------------------------------------------------------------------------------

    def _invoke(self, rpc: str, urn: str, request: Any) -> Any:
        if self._stub is None:
            raise RuntimeError("plugin not started")
        with self._calls_lock:
            index = len(self._calls)
            self._calls.append(CallRecord(next(_TICKS), rpc, urn, provider=self.provider_urn))
        try:
            return getattr(self._stub, rpc)(request)
        except grpc.RpcError as error:
            reasons = _status_reasons(error) if rpc == "Configure" else ()
            details = error.details() or ""
            raise PluginError(rpc, urn, error.code(), details, native=self.native, reasons=reasons) from None
        finally:
            with self._calls_lock:
                self._calls[index] = replace(self._calls[index], finished=next(_TICKS))

    def _struct(self, props: Mapping[str, Any], *, keep_unknowns: bool) -> Any:
        return to_struct(props, keep_unknowns=keep_unknowns, keep_secrets=self.accept_secrets)

    def invoke(
        self, token: str, args: Mapping[str, Any], *, preview: bool = False
    ) -> tuple[PropertyMap, tuple[CheckFailure, ...]]:
        """`Invoke` of a provider function: its result and check failures (secrets as the plugin marked
        them); nothing while the configuration is unknown."""
        if not self.config_known:
            return {}, ()
        request = provider_pb2.InvokeRequest(
            tok=token, args=self._struct(args, keep_unknowns=False), preview=preview
        )
        response = self._invoke("Invoke", "", request)
        result = from_struct(getattr(response, "return"))
        failures = tuple(CheckFailure(f.property, f.reason) for f in response.failures)
        return result, failures

    def get_schema(self, version: int = 0) -> str:
        """`GetSchema`: the package schema as the plugin sends it (JSON text)."""
        response = self._invoke("GetSchema", "", provider_pb2.GetSchemaRequest(version=version))
        return str(response.schema)

    def check_config(
        self, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any], *, allow_unknowns: bool = True
    ) -> CheckResult:
        """`CheckConfig` of a provider resource: values sent without secret markers and marked again on what
        comes back, as the engine does; a plugin that does not implement it accepts the news as they are."""
        name, type_ = _name_and_type(urn)
        request = provider_pb2.CheckRequest(
            urn=urn,
            name=name,
            type=type_,
            olds=to_struct(olds, keep_unknowns=allow_unknowns, keep_secrets=False),
            news=to_struct(news, keep_unknowns=allow_unknowns, keep_secrets=False),
        )
        try:
            response = self._invoke("CheckConfig", urn, request)
        except PluginError as error:
            if error.code == grpc.StatusCode.UNIMPLEMENTED:
                return CheckResult(dict(news), ())
            raise
        inputs = from_struct(response.inputs) if response.HasField("inputs") else {}
        inputs = annotate_secrets(inputs, news)
        failures = tuple(CheckFailure(f.property, f.reason) for f in response.failures)
        return CheckResult(inputs, failures)

    def diff_config(
        self,
        urn: str,
        old_inputs: Mapping[str, Any],
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        *,
        allow_unknowns: bool = True,
    ) -> DiffResult:
        """`DiffConfig` of a provider resource (unimplemented: changes unknown, never a replacement)."""
        name, type_ = _name_and_type(urn)
        request = provider_pb2.DiffRequest(
            urn=urn,
            name=name,
            type=type_,
            old_inputs=to_struct(old_inputs, keep_unknowns=True, keep_secrets=False),
            olds=to_struct(old_outputs, keep_unknowns=True, keep_secrets=False),
            news=to_struct(news, keep_unknowns=True, keep_secrets=False),
        )
        try:
            response = self._invoke("DiffConfig", urn, request)
        except PluginError as error:
            if error.code == grpc.StatusCode.UNIMPLEMENTED:
                return DiffResult(DiffChanges.UNKNOWN)
            raise
        return _diff_result(response)

    def configure(self, args: Mapping[str, Any], *, urn: str = "", id_: str = "") -> None:
        """Configure with the provider's inputs (for a default provider: the stack config of its package,
        secret values wrapped in `Secret`). The engine also sends them as `variables` under
        `<pkg>:config:<key>` (non-strings as JSON). The plugin's answer fixes whether it accepts secrets and
        supports previews (unless its Handshake did). Inputs holding unknowns (a preview) are not sent: the
        plugin stays unconfigured and the engine calls nothing of it, as the engine does."""
        self.configured_with = dict(args)
        if contains_unknowns(args):
            self.config_known = False
            return
        name, type_ = _name_and_type(urn)
        package = type_.removeprefix("pulumi:providers:") if type_ else self.package
        variables = {
            f"{package}:config:{key}": _config_variable(value)
            for key, value in args.items()
            if key != "version"
        }
        request = provider_pb2.ConfigureRequest(
            variables=variables,
            args=to_struct(args, keep_unknowns=True, keep_secrets=True),
            acceptSecrets=True,
            acceptResources=True,
            sends_old_inputs=True,
            sends_old_inputs_to_delete=True,
            urn=urn or None,
            name=name or None,
            type=type_ or None,
            id=id_ or None,
        )
        response = self._invoke("Configure", urn, request)
        if not self._handshaken:
            self.accept_secrets = bool(response.acceptSecrets)
            self.supports_preview = bool(response.supportsPreview)

    def check(
        self,
        urn: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        *,
        allow_unknowns: bool = True,
    ) -> CheckResult:
        if not self.config_known:
            return CheckResult(dict(news), ())
        name, type_ = _name_and_type(urn)
        request = provider_pb2.CheckRequest(
            urn=urn,
            name=name,
            type=type_,
            olds=self._struct(olds, keep_unknowns=allow_unknowns),
            news=self._struct(news, keep_unknowns=allow_unknowns),
            randomSeed=secrets.token_bytes(32),
        )
        response = self._invoke("Check", urn, request)
        inputs = from_struct(response.inputs) if response.HasField("inputs") else {}
        if not self.accept_secrets:
            inputs = annotate_secrets(inputs, news)
        failures = tuple(CheckFailure(f.property, f.reason) for f in response.failures)
        return CheckResult(inputs, failures)

    def diff(
        self,
        id_: str,
        urn: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
        *,
        allow_unknowns: bool = True,
        ignore_changes: tuple[str, ...] = (),
    ) -> DiffResult:
        """`olds` are the old outputs, `news` the checked new inputs, `old_inputs` the old inputs."""
        if not self.config_known:
            return DiffResult(DiffChanges.SOME, unavailable=_UNKNOWN_CONFIG)
        name, type_ = _name_and_type(urn)
        request = provider_pb2.DiffRequest(
            id=id_,
            urn=urn,
            name=name,
            type=type_,
            olds=self._struct(olds, keep_unknowns=allow_unknowns),
            news=self._struct(news, keep_unknowns=allow_unknowns),
            old_inputs=self._struct(old_inputs, keep_unknowns=allow_unknowns),
            ignoreChanges=list(ignore_changes),
        )
        return _diff_result(self._invoke("Diff", urn, request))

    def create(
        self, urn: str, props: Mapping[str, Any], *, preview: bool = False, timeout: float = 0.0
    ) -> CreateResult:
        """In a preview: the inputs as outputs, without a call, unless the plugin supports previews (then
        `Create(preview=true)`, unknowns kept); nothing at all while the configuration is unknown."""
        if preview and not self.config_known:
            return CreateResult("", {})
        if preview and not self.supports_preview:
            return CreateResult("", dict(props))
        name, type_ = _name_and_type(urn)
        request = provider_pb2.CreateRequest(
            urn=urn,
            name=name,
            type=type_,
            properties=self._struct(props, keep_unknowns=preview),
            timeout=timeout,
            preview=preview,
        )
        response = self._invoke("Create", urn, request)
        outputs = from_struct(response.properties)
        if not self.accept_secrets:
            outputs = annotate_secrets(outputs, props)
        return CreateResult(str(response.id), outputs)

    def read(
        self,
        id_: str,
        urn: str,
        props: Mapping[str, Any] | None,
        inputs: Mapping[str, Any] | None,
    ) -> ReadResult:
        """`props` is the state (old outputs) and `inputs` the old inputs; None sends none (an import)."""
        if not self.config_known:
            return ReadResult("", {}, {})
        name, type_ = _name_and_type(urn)
        request = provider_pb2.ReadRequest(
            id=id_,
            urn=urn,
            name=name,
            type=type_,
            properties=self._struct(props, keep_unknowns=False) if props is not None else None,
            inputs=self._struct(inputs, keep_unknowns=False) if inputs is not None else None,
        )
        response = self._invoke("Read", urn, request)
        outputs = from_struct(response.properties)
        new_inputs = from_struct(response.inputs) if response.HasField("inputs") else None
        if not self.accept_secrets:
            outputs = annotate_secrets(outputs, props or {})
            if new_inputs is not None:
                new_inputs = annotate_secrets(new_inputs, inputs or {})
        return ReadResult(str(response.id), outputs, new_inputs, response.HasField("properties"))

    def update(
        self,
        id_: str,
        urn: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
        *,
        preview: bool = False,
        timeout: float = 0.0,
        ignore_changes: tuple[str, ...] = (),
    ) -> PropertyMap:
        """Returns the new outputs. In a preview, as `create`."""
        if preview and not self.config_known:
            return {}
        if preview and not self.supports_preview:
            return dict(news)
        name, type_ = _name_and_type(urn)
        request = provider_pb2.UpdateRequest(
            id=id_,
            urn=urn,
            name=name,
            type=type_,
            olds=self._struct(olds, keep_unknowns=False),
            news=self._struct(news, keep_unknowns=preview),
            old_inputs=self._struct(old_inputs, keep_unknowns=False),
            timeout=timeout,
            ignoreChanges=list(ignore_changes),
            preview=preview,
        )
        response = self._invoke("Update", urn, request)
        outputs = from_struct(response.properties)
        if not self.accept_secrets:
            outputs = annotate_secrets(outputs, news)
        return outputs

    def delete(
        self,
        id_: str,
        urn: str,
        props: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
        *,
        timeout: float = 0.0,
    ) -> None:
        name, type_ = _name_and_type(urn)
        request = provider_pb2.DeleteRequest(
            id=id_,
            urn=urn,
            name=name,
            type=type_,
            properties=self._struct(props, keep_unknowns=False),
            old_inputs=self._struct(old_inputs, keep_unknowns=False),
            timeout=timeout,
        )
        self._invoke("Delete", urn, request)


def _diff_result(response: Any) -> DiffResult:
    detailed = None
    if response.hasDetailedDiff:
        detailed = {
            key: _DIFF_KINDS.get(int(value.kind), "update") for key, value in response.detailedDiff.items()
        }
    return DiffResult(
        changes=DiffChanges(_DIFF_CHANGES.get(int(response.changes), "unknown")),
        replaces=tuple(response.replaces),
        delete_before_replace=bool(response.deleteBeforeReplace),
        stables=tuple(response.stables),
        changed_keys=tuple(response.diffs),
        detailed_diff=detailed,
    )
