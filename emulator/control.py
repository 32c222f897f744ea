"""The control API under ``/_emulator/`` (not part of Sinch; no authentication, no latency, no faults).

See ``emulator/README.md`` for the list. Bodies and answers are JSON; errors are ``{"error": "..."}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from werkzeug.wrappers import Response

from emulator.app import Emulator
from emulator.errors import ApiError, RpcError
from emulator.faults import DEFAULT_FAULT_KINDS, FAULT_KINDS, comma_list
from emulator.responses import json_response
from emulator.testers import E164


class ControlError(Exception):
    """A control request that cannot be done; becomes ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def handle(emulator: Emulator, method: str, path: Sequence[str], body: bytes) -> Response:
    try:
        return json_response(200, _dispatch(emulator, method, list(path), body))
    except ControlError as error:
        return json_response(error.status, {"error": str(error)})
    except ApiError as error:  # an unknown sender or test number
        return json_response(error.status(), {"error": f"{error.code}: {error.body()['message']}"})
    except RpcError as error:  # an unknown app
        return json_response(error.code, {"error": f"{error.status}: {error.message}"})
    except ValueError as error:  # a bad value for a fault plan or a tester state
        return json_response(400, {"error": str(error)})


def _json(body: bytes) -> dict[str, Any]:
    if not body.strip():
        return {}
    try:
        data = json.loads(body)
    except ValueError as error:
        raise ControlError(400, f"the body is not JSON: {error}") from error
    if not isinstance(data, dict):
        raise ControlError(400, "the body must be a JSON object")
    return data


OK = {"ok": True}


def _then_ok(action: Callable[[], object]) -> Callable[[], Any]:
    def run() -> Any:
        action()
        return OK

    return run


def _dispatch(emulator: Emulator, method: str, path: list[str], body: bytes) -> Any:
    if len(path) >= 4 and path[0] == "projects" and path[2] == "senders":
        return _sender_control(emulator, method, path, body)
    routes: dict[tuple[str, ...], dict[str, Callable[[], Any]]] = {
        ("stats",): {"GET": emulator.stats},
        ("stats", "reset"): {"POST": _then_ok(emulator.reset_stats)},
        ("faults",): {
            "GET": emulator.faults.describe,
            "PUT": lambda: _set_faults(emulator, _json(body)),
            "DELETE": _then_ok(emulator.faults.clear),
        },
        ("faults", "script"): {"POST": lambda: _script_faults(emulator, _json(body))},
        ("latency",): {
            "GET": lambda: {"ms": emulator.latency_ms},
            "PUT": lambda: _set_latency(emulator, _json(body)),
        },
        ("tokens", "expire"): {"POST": lambda: {"expired": emulator.expire_tokens()}},
        ("violations",): {
            "GET": lambda: {
                "requests": [v.to_json() for v in emulator.request_violations],
                "responses": [v.to_json() for v in emulator.response_violations],
            },
            "DELETE": _then_ok(emulator.clear_violations),
        },
        ("deliveries",): {
            "GET": lambda: {"deliveries": emulator.deliveries()},
            "DELETE": _then_ok(emulator.clear_deliveries),
        },
        ("reset",): {"POST": _then_ok(emulator.reset)},
        ("conversation", "inbound"): {"POST": lambda: _inbound(emulator, _json(body))},
    }
    methods = routes.get(tuple(path))
    if methods is None:
        raise ControlError(404, f"no control endpoint /_emulator/{'/'.join(path)}")
    action = methods.get(method)
    if action is None:
        raise ControlError(405, f"use {' or '.join(sorted(methods))} on /_emulator/{'/'.join(path)}")
    return action()


def _sender_control(emulator: Emulator, method: str, path: list[str], body: bytes) -> Any:
    project_id, sender_id, rest = path[1], path[3], path[4:]
    if method != "POST":
        raise ControlError(405, "use POST")
    if len(rest) == 3 and rest[0] == "testNumbers" and rest[2] in ("accept", "decline"):
        if rest[2] == "accept":
            emulator.accept_test_number(project_id, sender_id, rest[1])
        else:
            emulator.decline_test_number(project_id, sender_id, rest[1])
        return {"number": rest[1], "state": "VERIFIED" if rest[2] == "accept" else "DECLINED"}
    if rest == ["conversationApp"]:
        app_id = _json(body).get("appId")
        if app_id is not None and not isinstance(app_id, str):
            raise ControlError(400, "appId must be a string or null")
        emulator.link_conversation_app(project_id, sender_id, app_id)
        return {"appId": app_id}
    raise ControlError(404, f"no control endpoint /_emulator/{'/'.join(path)}")


def _strings(value: Any, name: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return comma_list(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise ControlError(400, f"{name} must be a list of strings or a comma-separated string")


def _number(body: dict[str, Any], name: str) -> float | None:
    value = body.get(name)
    if value is not None and (not isinstance(value, int | float) or isinstance(value, bool)):
        raise ControlError(400, f"{name} must be a number")
    return value


def _set_faults(emulator: Emulator, body: dict[str, Any]) -> Any:
    rate = _number(body, "rate")
    if rate is None:
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
    return emulator.faults.describe()


def _script_faults(emulator: Emulator, body: dict[str, Any]) -> Any:
    kind = body.get("kind")
    if not isinstance(kind, str):
        raise ControlError(400, f"kind is required: one of {', '.join(FAULT_KINDS)}")
    count = body.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ControlError(400, "count must be a positive integer")
    operation, method = body.get("operation"), body.get("method")
    if not all(value is None or isinstance(value, str) for value in (operation, method)):
        raise ControlError(400, "operation and method must be strings")
    emulator.faults.script(
        kind, operation=operation, method=method, count=count, retry_after=body.get("retry_after")
    )
    return emulator.faults.describe()


def _inbound(emulator: Emulator, body: dict[str, Any]) -> Any:
    fields = {name: body.get(name) for name in ("projectId", "appId", "contact", "text")}
    missing = [name for name, value in fields.items() if not isinstance(value, str) or not value]
    if missing:
        raise ControlError(400, f"{', '.join(missing)}: required, a non-empty string")
    if not E164.match(str(fields["contact"])):
        raise ControlError(
            400, f"contact must be an E.164 number such as +46701234567, got {fields['contact']!r}"
        )
    return emulator.inject_inbound(
        str(fields["projectId"]), str(fields["appId"]), str(fields["contact"]), str(fields["text"])
    )


def _set_latency(emulator: Emulator, body: dict[str, Any]) -> Any:
    ms = _number(body, "ms")
    if ms is None or ms < 0:
        raise ControlError(400, "ms (a number of milliseconds, 0 or more) is required")
    emulator.latency_ms = float(ms)
    return {"ms": emulator.latency_ms}
