"""The engine's own gRPC service (`pulumirpc.Engine`), whose address the engine gives each provider plugin.

The Pulumi engine starts every provider plugin with its address as the first argument (`provider_plugin.go`
NewProvider: `[]string{host.ServerAddr()}`), and a plugin's log messages reach the user only through its
`Log` method: the standard output and error of a native plugin are not shown (`plugin.go` hides them, at
debug level, for every resource plugin but the dynamic ones). `EngineService` serves that method for one
operation and keeps each message as a `LogEntry` (debug messages are dropped, as the CLI shows them only
with `--debug`); the rest of the service answers as an engine with nothing to say.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

from engine.program import LogEntry

_SEVERITIES: Final = {0: "debug", 1: "info", 2: "warning", 3: "error"}


class _Servicer(engine_pb2_grpc.EngineServicer):
    def __init__(self, service: EngineService) -> None:
        self._service = service

    def Log(self, request: Any, context: Any) -> Any:
        severity = _SEVERITIES.get(int(request.severity), "info")
        if severity != "debug":
            self._service.record(LogEntry(severity, str(request.message), str(request.urn)))
        return empty_pb2.Empty()

    def GetRootResource(self, request: Any, context: Any) -> Any:
        return engine_pb2.GetRootResourceResponse(urn=self._service.root_urn)

    def SetRootResource(self, request: Any, context: Any) -> Any:
        return engine_pb2.SetRootResourceResponse()

    def RequirePulumiVersion(self, request: Any, context: Any) -> Any:
        return empty_pb2.Empty()


class EngineService:
    """One operation's engine service on 127.0.0.1 (an ephemeral port): `address` for the plugins,
    `entries()` for the report. Started on first use, stopped with `stop()`."""

    def __init__(self, root_urn: str = "") -> None:
        self.root_urn = root_urn
        self._lock = threading.Lock()
        self._entries: list[LogEntry] = []
        self._server: Any = None
        self._address = ""

    @property
    def address(self) -> str:
        """The service's address (`127.0.0.1:PORT`), starting it if needed."""
        with self._lock:
            if self._server is None:
                server = grpc.server(ThreadPoolExecutor(max_workers=4, thread_name_prefix="engine-service"))
                engine_pb2_grpc.add_EngineServicer_to_server(_Servicer(self), server)
                port = server.add_insecure_port("127.0.0.1:0")
                server.start()
                self._server = server
                self._address = f"127.0.0.1:{port}"
            return self._address

    def record(self, entry: LogEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[LogEntry]:
        with self._lock:
            return list(self._entries)

    def stop(self) -> None:
        with self._lock:
            server, self._server = self._server, None
        if server is not None:
            server.stop(grace=None).wait()
