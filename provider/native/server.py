"""The ``sinch`` plugin's gRPC server: the SDK's, with failures sent as their message alone.

The engine starts the plugin as ``python <plugin folder> <engine address>`` (the folder's ``__main__.py``
calls :func:`main`); it serves the ``ResourceProvider`` service on 127.0.0.1 and prints its port on the first
line of standard output.

The SDK's servicer turns every exception a provider method raises into ``Exception(f"{error}:\\n{stack}")``,
which the engine would show the user traceback and all. :class:`PlainErrorServicer` sends the message
alone instead: a step's :class:`~provider.core.reporting.OperationFailed` (already one short message; the
traceback is in the log file), a :class:`~provider.native.errors.NativeError` with its own status code, and
anything else (a failure of the SDK's own marshalling) reported the same way, as a bug with its traceback
in the log file.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Awaitable, Callable, Sequence
from importlib.metadata import version
from typing import Any, Final

import grpc
import grpc.aio
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime.proto import provider_pb2_grpc

from provider.core.reporting import OperationFailed, reporting
from provider.native.engine_log import EngineLog
from provider.native.errors import NativeError
from provider.native.provider import SinchProvider
from sinch_provisioning.version import VERSION

MAX_MESSAGE_BYTES: Final = 400 * 1024 * 1024  # what the SDK's own server accepts
MINIMUM_SDK: Final = (3, 272)
"""The Pulumi SDK this front end is written and tested against (``pulumi.provider.experimental`` changes)."""


PLAIN_ERROR_RPCS: Final = (
    "GetSchema",
    "CheckConfig",
    "DiffConfig",
    "Configure",
    "Invoke",
    "Check",
    "Diff",
    "Create",
    "Read",
    "Update",
    "Delete",
)
"""The RPCs whose failures :class:`PlainErrorServicer` sends as their message alone."""


class PlainErrorServicer(ProviderServicer):
    """The SDK's servicer, except that a failure of any of :data:`PLAIN_ERROR_RPCS` reaches the engine as
    its message alone (each is the SDK's method wrapped in :func:`_plain_errors`)."""


def _plainly(rpc: str) -> Callable[[PlainErrorServicer, Any, Any], Awaitable[Any]]:
    async def method(self: PlainErrorServicer, request: Any, context: Any) -> Any:
        call = getattr(super(PlainErrorServicer, self), rpc)(request, context)
        return await _plain_errors(rpc, call, context)

    method.__name__ = method.__qualname__ = rpc
    return method


for _rpc in PLAIN_ERROR_RPCS:
    setattr(PlainErrorServicer, _rpc, _plainly(_rpc))


async def _plain_errors(rpc: str, call: Awaitable[Any], context: Any) -> Any:
    try:
        return await call
    except NotImplementedError:
        raise  # the SDK's answer for an RPC a provider does not implement: UNIMPLEMENTED
    except Exception as error:  # the servicer's re-raised form: sent as a message below
        cause = error.__context__ if error.__context__ is not None else error
        if isinstance(cause, NativeError):
            await context.abort(cause.code, str(cause))
        if isinstance(cause, OperationFailed):
            await context.abort(grpc.StatusCode.FAILED_PRECONDITION, str(cause))
        await context.abort(grpc.StatusCode.INTERNAL, _reported(rpc, cause))
        raise  # context.abort raises; this line is never reached


def _reported(rpc: str, error: BaseException) -> str:
    """The one-line message (and logged traceback) :func:`reporting` makes of ``error``."""
    try:
        with reporting(f"The sinch plugin's {rpc}"):
            raise error
    except OperationFailed as failed:
        return str(failed)


async def serve(engine_address: str, *, out: Any = None) -> None:
    """Serve until terminated, printing the port first (on ``out``, default standard output)."""
    server = grpc.aio.server(
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
        ]
    )
    provider = SinchProvider(EngineLog(engine_address) if engine_address else None)
    servicer = PlainErrorServicer([], VERSION, provider, engine_address)
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    stream = out if out is not None else sys.stdout.buffer
    stream.write(f"{port}\n".encode())
    stream.flush()
    await server.wait_for_termination()


def require_sdk(installed: str) -> None:
    """Refuse to serve on a Pulumi SDK older than :data:`MINIMUM_SDK` (the dynamic form needs less)."""
    try:
        parts = tuple(int(part) for part in installed.split(".")[:2])
    except ValueError:
        return  # a development build: let it try
    if parts < MINIMUM_SDK:
        wanted = ".".join(map(str, MINIMUM_SDK))
        raise SystemExit(
            f"The sinch provider plugin needs the Pulumi Python SDK {wanted} or newer (its experimental "
            f"provider API as of that release); this environment has {installed}. Run pip install -U "
            f"'pulumi>={wanted},<4' in the plugin's virtualenv."
        )


def main(argv: Sequence[str] | None = None) -> None:
    """``python <plugin folder> [<engine address>]``: serve the ``sinch`` provider (see the module)."""
    require_sdk(version("pulumi"))
    parser = argparse.ArgumentParser(prog="sinch plugin", description="The sinch Pulumi provider plugin.")
    parser.add_argument("engine", nargs="?", default="", help="the Pulumi engine's address")
    arguments, _ignored = parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))
    with contextlib.suppress(KeyboardInterrupt):  # the engine's SIGINT at shutdown
        asyncio.run(serve(arguments.engine))
