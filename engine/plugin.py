"""The real dynamic-provider plugin process (`python -m pulumi.dynamic`) driven over gRPC as the engine does.

`PluginProcess` starts the plugin the way the engine does (`pulumi-resource-pulumi-python`: `python -u -m
pulumi.dynamic`, cwd = project folder, `PULUMI_PROJECT` and the Pulumi.yaml runtime options in the
environment), reads the port from the first stdout line and exposes one typed method per RPC. Properties are
marshalled as the engine marshals them (`google.protobuf.Struct`; unknowns as the sentinel; secrets
stripped unless the plugin accepted secrets at Configure); secrets are re-marked on what comes back
(`annotateSecrets`).
Every gRPC error is raised as `PluginError` with its status code and details.
"""

from __future__ import annotations

import io
import itertools
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final, NamedTuple

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from engine.project import ProjectFile, read_project
from engine.urns import parse_urn
from engine.values import (
    PropertyMap,
    annotate_secrets,
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


class PluginStartError(RuntimeError):
    """The plugin process did not start or did not print its port."""


class PluginError(Exception):
    """A gRPC call to the plugin failed. `details` is the plugin's text (a traceback for provider errors)."""

    def __init__(self, rpc: str, urn: str, code: grpc.StatusCode, details: str) -> None:
        self.rpc = rpc
        self.urn = urn
        self.code = code
        self.details = details
        super().__init__(f"{rpc}({urn or '-'}) failed with {code.name}: {self.message}")

    @property
    def message(self) -> str:
        """The exception's text (what the CLI shows under the traceback): for a provider exception the
        lines after the last traceback frame, without the `module.Error: ` prefix of the first one."""
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
    """One RPC made to the plugin. `seq` and `finished` are ticks of one counter, taken when the call
    started and when its answer came (-1 while it runs): two calls overlapped when each started before the
    other finished."""

    seq: int
    rpc: str
    urn: str
    finished: int = -1


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


_DIFF_CHANGES: Final = {0: DiffChanges.UNKNOWN, 1: DiffChanges.NONE, 2: DiffChanges.SOME}


@dataclass(frozen=True)
class DiffResult:
    """What the Python servicer can answer: it never sends changed keys, a detailed diff or stables."""

    changes: DiffChanges
    replaces: tuple[str, ...] = ()
    delete_before_replace: bool = False


@dataclass(frozen=True)
class CreateResult:
    id: str
    outputs: PropertyMap


@dataclass(frozen=True)
class ReadResult:
    """`id == ""` means the resource no longer exists. `inputs` is None when the provider returned none."""

    id: str
    outputs: PropertyMap
    inputs: PropertyMap | None


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


class PluginProcess:
    """One `python -m pulumi.dynamic` process, as the engine starts one per `pulumi` command."""

    def __init__(
        self,
        project_dir: str | os.PathLike[str],
        *,
        env: Mapping[str, str] | None = None,
        start_timeout: float = 60.0,
        warm: bool = False,
    ) -> None:
        """``warm``: fork the plugin from a parent that has imported Pulumi (and the modules given to
        :func:`engine.warm_start.preload`) already: the same plugin, started in a fraction of the time."""
        self.project_dir = Path(project_dir).resolve()
        self._warm = warm
        self.project = read_project(self.project_dir)
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
        self._ticks = itertools.count()
        self._calls_lock = threading.Lock()
        self._accept_secrets = False
        self.port = 0

    # -- process lifecycle -------------------------------------------------------------------------------

    def start(self) -> PluginProcess:
        if self._process is not None:
            raise RuntimeError("plugin already started")
        handle, path = tempfile.mkstemp(prefix="pulumi-dynamic-plugin-", suffix=".stderr")
        os.close(handle)
        self._stderr_path = Path(path)
        self._stderr_file = self._stderr_path.open("wb")
        if self._warm:
            self._process = WarmProcess(self.project_dir, self._env, self._stderr_file)
        else:
            self._process = subprocess.Popen(
                [sys.executable, "-u", "-m", "pulumi.dynamic"],
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
        # Ready once it answers GetPluginInfo (the engine's first call to a provider plugin too). Not
        # grpc.channel_ready_future: its connectivity-polling thread makes every later close() wait for
        # its next 0.2 s poll, a fifth of a second per plugin.
        try:
            self._stub.GetPluginInfo(empty_pb2.Empty(), timeout=self._start_timeout, wait_for_ready=True)
        except grpc.RpcError as error:
            self.stop()
            raise PluginStartError(f"plugin on port {self.port} did not accept a connection") from error
        return self

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

    # -- RPCs --------------------------------------------------------------------------------------------

    def _invoke(self, rpc: str, urn: str, request: Any) -> Any:
        if self._stub is None:
            raise RuntimeError("plugin not started")
        with self._calls_lock:
            index = len(self._calls)
            self._calls.append(CallRecord(next(self._ticks), rpc, urn))
        try:
            return getattr(self._stub, rpc)(request)
        except grpc.RpcError as error:
            raise PluginError(rpc, urn, error.code(), error.details() or "") from None
        finally:
            with self._calls_lock:
                self._calls[index] = replace(self._calls[index], finished=next(self._ticks))

    def _struct(self, props: Mapping[str, Any], *, keep_unknowns: bool) -> Any:
        return to_struct(props, keep_unknowns=keep_unknowns, keep_secrets=self._accept_secrets)

    def configure(self, args: Mapping[str, Any], *, urn: str = "", id_: str = "") -> None:
        """Configure with the provider's inputs (for the default provider: the whole stack config, secret
        values wrapped in `Secret`). The engine also sends them as `variables` under `<pkg>:config:<key>`.
        The Python plugin answers acceptSecrets=false (secrets are then sent in plain text and re-marked on
        what comes back) and supportsPreview=false (so the engine never calls Create or Update in a
        preview)."""
        variables = {
            f"pulumi-python:config:{key}": value if isinstance(value, str) else str(value)
            for key, value in ((k, reveal(v)) for k, v in args.items())
            if key != "version"
        }
        name, type_ = _name_and_type(urn)
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
        self._accept_secrets = bool(response.acceptSecrets)

    def check(
        self,
        urn: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        *,
        allow_unknowns: bool = True,
    ) -> CheckResult:
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
        if not self._accept_secrets:
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
    ) -> DiffResult:
        """`olds` are the old outputs, `news` the checked new inputs, `old_inputs` the old inputs."""
        name, type_ = _name_and_type(urn)
        request = provider_pb2.DiffRequest(
            id=id_,
            urn=urn,
            name=name,
            type=type_,
            olds=self._struct(olds, keep_unknowns=allow_unknowns),
            news=self._struct(news, keep_unknowns=allow_unknowns),
            old_inputs=self._struct(old_inputs, keep_unknowns=allow_unknowns),
        )
        response = self._invoke("Diff", urn, request)
        return DiffResult(
            changes=_DIFF_CHANGES.get(int(response.changes), DiffChanges.UNKNOWN),
            replaces=tuple(response.replaces),
            delete_before_replace=bool(response.deleteBeforeReplace),
        )

    def create(self, urn: str, props: Mapping[str, Any]) -> CreateResult:
        name, type_ = _name_and_type(urn)
        request = provider_pb2.CreateRequest(
            urn=urn,
            name=name,
            type=type_,
            properties=self._struct(props, keep_unknowns=False),
        )
        response = self._invoke("Create", urn, request)
        outputs = from_struct(response.properties)
        if not self._accept_secrets:
            outputs = annotate_secrets(outputs, props)
        return CreateResult(str(response.id), outputs)

    def read(
        self,
        id_: str,
        urn: str,
        props: Mapping[str, Any],
        inputs: Mapping[str, Any],
    ) -> ReadResult:
        """`props` is the state (old outputs) and `inputs` the old inputs."""
        name, type_ = _name_and_type(urn)
        request = provider_pb2.ReadRequest(
            id=id_,
            urn=urn,
            name=name,
            type=type_,
            properties=self._struct(props, keep_unknowns=False),
            inputs=self._struct(inputs, keep_unknowns=False),
        )
        response = self._invoke("Read", urn, request)
        outputs = from_struct(response.properties)
        new_inputs = from_struct(response.inputs) if response.HasField("inputs") else None
        if not self._accept_secrets:
            outputs = annotate_secrets(outputs, props)
            if new_inputs is not None:
                new_inputs = annotate_secrets(new_inputs, inputs)
        return ReadResult(str(response.id), outputs, new_inputs)

    def update(
        self,
        id_: str,
        urn: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
    ) -> PropertyMap:
        """Returns the new outputs."""
        name, type_ = _name_and_type(urn)
        request = provider_pb2.UpdateRequest(
            id=id_,
            urn=urn,
            name=name,
            type=type_,
            olds=self._struct(olds, keep_unknowns=False),
            news=self._struct(news, keep_unknowns=False),
            old_inputs=self._struct(old_inputs, keep_unknowns=False),
        )
        response = self._invoke("Update", urn, request)
        outputs = from_struct(response.properties)
        if not self._accept_secrets:
            outputs = annotate_secrets(outputs, news)
        return outputs

    def delete(
        self,
        id_: str,
        urn: str,
        props: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
    ) -> None:
        name, type_ = _name_and_type(urn)
        request = provider_pb2.DeleteRequest(
            id=id_,
            urn=urn,
            name=name,
            type=type_,
            properties=self._struct(props, keep_unknowns=False),
            old_inputs=self._struct(old_inputs, keep_unknowns=False),
        )
        self._invoke("Delete", urn, request)
