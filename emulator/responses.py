"""HTTP answers with a JSON body, and the Provisioning API's error answers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from werkzeug.wrappers import Response

from emulator import spec
from emulator.errors import ApiError


def json_response(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> Response:
    """An answer with a JSON body (none for a None payload)."""
    if payload is None:
        response = Response(b"", status, headers=dict(headers or {}))
        del response.headers["Content-Type"]
        return response
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(body, status, headers=dict(headers or {}), content_type="application/json; charset=utf-8")


def error_response(error: ApiError, document: str = spec.RCS) -> Response:
    """The API's error answer, worded as ``document`` words it."""
    return json_response(error.status(document), error.body(document), error.headers)
