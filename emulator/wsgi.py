"""The WSGI application in front of the emulator: reads a request's body and path, then hands it on.

``/_emulator/...`` goes to the control API (``emulator.control``), everything else to the emulated API
(``emulator.app.Emulator.respond``). A body over ``MAX_BODY_BYTES`` is refused with 413 before either sees it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request

from emulator import control
from emulator.app import Emulator
from emulator.responses import json_response

CONTROL_PREFIX = "_emulator"
MAX_BODY_BYTES = 10 * 1024 * 1024


def segments_of(request: Request) -> tuple[str, ...]:
    """The path's segments, each percent-decoded on its own, so that an encoded ``/`` (``..%2Fsenders``)
    stays inside its segment; from the raw request path where the server gives it (``RAW_URI``)."""
    raw = request.environ.get("RAW_URI")
    if raw is None:
        stripped = request.path.strip("/")
        return tuple(stripped.split("/")) if stripped else ()
    stripped = urlsplit(raw).path.strip("/")
    return tuple(unquote(part) for part in stripped.split("/")) if stripped else ()


class Application:
    """The emulator as a WSGI application (one instance serves every connection)."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        started = time.thread_time()
        request = Request(environ)
        request.max_content_length = MAX_BODY_BYTES
        try:
            body = request.get_data()
        except RequestEntityTooLarge:
            response = json_response(413, {"error": f"the body must be at most {MAX_BODY_BYTES} bytes"})
        else:
            segments = segments_of(request)
            if segments[:1] == (CONTROL_PREFIX,):
                self.emulator.counters.count("control_requests")
                response = control.handle(self.emulator, request.method, segments[1:], body)
            else:
                response = self.emulator.respond(request, body, segments, started)
        answer: Iterable[bytes] = response(environ, start_response)
        return answer
