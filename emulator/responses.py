"""HTTP answers with a JSON body, and the error answers of both APIs."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from werkzeug.wrappers import Response

from emulator import spec
from emulator.errors import ApiError, RpcError


def json_response(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> Response:
    """An answer with a JSON body (none for a None payload)."""
    if payload is None:
        response = Response(b"", status, headers=dict(headers or {}))
        del response.headers["Content-Type"]
        return response
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(body, status, headers=dict(headers or {}), content_type="application/json; charset=utf-8")


def error_response(error: ApiError | RpcError, document: str = spec.RCS) -> Response:
    """The error answer of the API ``document`` belongs to: the Provisioning shape worded as ``document``
    words it, or the Conversation API's wrapped shape (an ``ApiError`` of the shared request path, such as
    a failed authentication, translated by ``RpcError.of``)."""
    if document == spec.CONVERSATION or isinstance(error, RpcError):
        rpc = error if isinstance(error, RpcError) else RpcError.of(error)
        return json_response(rpc.code, rpc.body(), rpc.headers)
    return json_response(error.status(document), error.body(document), error.headers)
