"""The native front end's own errors: failures that reach the engine with a gRPC status code of their choice.

A step's failures are :class:`~provider.core.reporting.OperationFailed` (one short message, the traceback in
the log file); these are the few the front end raises itself, outside any step: a type or function the
package does not have, an import of an object that does not exist.
"""

from __future__ import annotations

import grpc

from provider.core.errors import ProviderError


class NativeError(ProviderError):
    """A failure sent to the engine as its message alone, with ``code``."""

    def __init__(self, message: str, code: grpc.StatusCode = grpc.StatusCode.FAILED_PRECONDITION) -> None:
        super().__init__(message)
        self.code = code
