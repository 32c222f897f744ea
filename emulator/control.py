"""The control API under ``/_emulator/`` (not part of Sinch; no authentication, no latency, no faults).

See ``emulator/README.md`` for the list. Bodies and answers are JSON; errors are ``{"error": "..."}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from emulator.errors import ApiError
from emulator.faults import DEFAULT_FAULT_KINDS, FAULT_KINDS, comma_list
from emulator.wire import WireReply, WireRequest

if TYPE_CHECKING:
    from emulator.core import Emulator


class ControlError(Exception):
    """A control request that cannot be done; becomes ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def handle(emulator: Emulator, request: WireRequest, segments: Sequence[str]) -> WireReply:
    try:
        return _dispatch(emulator, request, list(segments))
    except ControlError as error:
        return WireReply.json(error.status, {"error": str(error)})
    except ApiError as error:  # e.g. an unknown sender or test number
        return WireReply.json(error.http_status, {"error": f"{error.code}: {error.message}"})
    except ValueError as error:  # a bad value for a fault plan or a tester state
        return WireReply.json(400, {"error": str(error)})


def _body(request: WireRequest) -> dict[str, Any]:
    if not request.body.strip():
        return {}
    try:
        data = json.loads(request.body)
    except ValueError as error:
        raise ControlError(400, f"the body is not JSON: {error}") from error
    if not isinstance(data, dict):
        raise ControlError(400, "the body must be a JSON object")
    return data


def _ok(payload: Any = None) -> WireReply:
    return WireReply.json(200, payload if payload is not None else {"ok": True})


def _dispatch(emulator: Emulator, request: WireRequest, path: list[str]) -> WireReply:
    method = request.method
    routes: dict[tuple[str, ...], dict[str, Callable[[], WireReply]]] = {
        ("stats",): {"GET": lambda: _ok(emulator.stats())},
        ("stats", "reset"): {"POST": lambda: _reset_stats(emulator)},
        ("faults",): {
            "GET": lambda: _ok(emulator.faults.describe()),
            "PUT": lambda: _set_faults(emulator, _body(request)),
            "DELETE": lambda: _clear_faults(emulator),
        },
        ("faults", "script"): {"POST": lambda: _script_faults(emulator, _body(request))},
        ("latency",): {
            "GET": lambda: _ok({"ms": emulator.latency_ms}),
            "PUT": lambda: _set_latency(emulator, _body(request)),
        },
        ("tokens", "expire"): {"POST": lambda: _ok({"expired": emulator.expire_tokens()})},
        ("violations",): {
            "GET": lambda: _ok(
                {
                    "requests": [v.to_json() for v in emulator.request_violations],
                    "responses": [v.to_json() for v in emulator.response_violations],
                }
            ),
            "DELETE": lambda: _clear_violations(emulator),
        },
        ("reset",): {"POST": lambda: _reset(emulator)},
    }
    if len(path) >= 4 and path[0] == "projects" and path[2] == "senders":
        return _sender_control(emulator, request, path)
    methods = routes.get(tuple(path))
    if methods is None:
        raise ControlError(404, f"no control endpoint /_emulator/{'/'.join(path)}")
    action = methods.get(method)
    if action is None:
        raise ControlError(405, f"use {' or '.join(sorted(methods))} on /_emulator/{'/'.join(path)}")
    return action()


def _sender_control(emulator: Emulator, request: WireRequest, path: list[str]) -> WireReply:
    project_id, sender_id = path[1], path[3]
    rest = path[4:]
    if request.method != "POST":
        raise ControlError(405, "use POST")
    if len(rest) == 3 and rest[0] == "testNumbers" and rest[2] in ("accept", "decline"):
        state = "VERIFIED" if rest[2] == "accept" else "DECLINED"
        emulator.set_test_number_state(project_id, sender_id, rest[1], state)
        return _ok({"number": rest[1], "state": state})
    if rest == ["conversationApp"]:
        app_id = _body(request).get("appId")
        if app_id is not None and not isinstance(app_id, str):
            raise ControlError(400, "appId must be a string or null")
        emulator.link_conversation_app(project_id, sender_id, app_id)
        return _ok({"appId": app_id})
    raise ControlError(404, f"no control endpoint /_emulator/{'/'.join(path)}")


def _reset_stats(emulator: Emulator) -> WireReply:
    emulator.reset_stats()
    return _ok()


def _reset(emulator: Emulator) -> WireReply:
    emulator.reset()
    return _ok()


def _clear_violations(emulator: Emulator) -> WireReply:
    emulator.clear_violations()
    return _ok()


def _clear_faults(emulator: Emulator) -> WireReply:
    emulator.faults.clear()
    return _ok()


def _strings(value: Any, name: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return comma_list(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise ControlError(400, f"{name} must be a list of strings or a comma-separated string")


def _set_faults(emulator: Emulator, body: dict[str, Any]) -> WireReply:
    rate = body.get("rate")
    if not isinstance(rate, int | float) or isinstance(rate, bool):
        raise ControlError(400, "rate (a number from 0 to 1) is required")
    seed = body.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
        raise ControlError(400, "seed must be an integer")
    emulator.faults.set(
        float(rate),
        _strings(body.get("kinds"), "kinds") or list(DEFAULT_FAULT_KINDS),
        seed=seed,
        operations=_strings(body.get("operations"), "operations"),
        methods=_strings(body.get("methods"), "methods"),
        token_endpoint=bool(body.get("token_endpoint", False)),
        retry_after=body.get("retry_after"),
    )
    return _ok(emulator.faults.describe())


def _script_faults(emulator: Emulator, body: dict[str, Any]) -> WireReply:
    kind = body.get("kind")
    if not isinstance(kind, str):
        raise ControlError(400, f"kind is required: one of {', '.join(FAULT_KINDS)}")
    count = body.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ControlError(400, "count must be a positive integer")
    operation, method = body.get("operation"), body.get("method")
    if operation is not None and not isinstance(operation, str):
        raise ControlError(400, "operation must be a string")
    if method is not None and not isinstance(method, str):
        raise ControlError(400, "method must be a string")
    emulator.faults.script(
        kind, operation=operation, method=method, count=count, retry_after=body.get("retry_after")
    )
    return _ok(emulator.faults.describe())


def _set_latency(emulator: Emulator, body: dict[str, Any]) -> WireReply:
    ms = body.get("ms")
    if not isinstance(ms, int | float) or isinstance(ms, bool) or ms < 0:
        raise ControlError(400, "ms (a number of milliseconds, 0 or more) is required")
    emulator.latency_ms = float(ms)
    return _ok({"ms": emulator.latency_ms})
