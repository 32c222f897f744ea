"""The lifecycles' log in the native plugin: the engine's ``Log`` service, each message at its resource's URN.

A native plugin's standard output and error are hidden by the CLI, and ``pulumi.log`` has no engine in a
plugin, so messages go over gRPC to the engine address the plugin was started with (its first argument).
The lifecycles run in worker threads and log synchronously; :class:`CallLog` hands each message to the
event loop that owns the gRPC channel and waits until the engine has it, so that every message of a step
is delivered, in order, before the step's answer. Without an engine address (the plugin run by hand), or
when the engine cannot be reached, messages go to standard error instead.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any, Final

import grpc
import grpc.aio
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

# A message the engine has not taken after this long goes to standard error instead.
DELIVERY_TIMEOUT: Final = 30.0


class EngineLog:
    """The engine's ``Log`` service at ``address`` (the channel is made on first use, on the loop)."""

    def __init__(self, address: str) -> None:
        self.address = address
        self._stub: Any = None

    async def send(self, severity: engine_pb2.LogSeverity.ValueType, message: str, urn: str) -> None:
        if self._stub is None:
            self._stub = engine_pb2_grpc.EngineStub(grpc.aio.insecure_channel(self.address))
        await self._stub.Log(engine_pb2.LogRequest(severity=severity, message=message, urn=urn))


class CallLog:
    """The :class:`~provider.core.lifecycle.Log` of one step: messages at ``urn``, from a worker thread."""

    def __init__(self, engine: EngineLog | None, loop: asyncio.AbstractEventLoop, urn: str) -> None:
        self._engine = engine
        self._loop = loop
        self._urn = urn

    def info(self, message: str) -> None:
        self._send(engine_pb2.INFO, message)

    def warn(self, message: str) -> None:
        self._send(engine_pb2.WARNING, message)

    def _send(self, severity: engine_pb2.LogSeverity.ValueType, message: str) -> None:
        if self._engine is not None and self._engine.address:
            delivery = asyncio.run_coroutine_threadsafe(
                self._engine.send(severity, message, self._urn), self._loop
            )
            try:
                delivery.result(DELIVERY_TIMEOUT)
                return
            except (grpc.RpcError, TimeoutError, OSError) as error:
                sys.stderr.write(f"sinch: the engine did not take a log message ({error})\n")
        label = "warning" if severity == engine_pb2.WARNING else "info"
        sys.stderr.write(f"{label}: {message}\n")
        sys.stderr.flush()
