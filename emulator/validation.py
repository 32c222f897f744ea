"""Judging requests and responses by the spec, and the API's 400 answers for requests that fail.

Requests: the operation's path and query parameters (query values are read as the parameter's type: an
array from repeated keys, or from one comma-separated value when the parameter says ``explode: false``; a
number parsed) and its JSON body. Failures become ``invalid_input`` with
``validationErrors`` naming each bad field, ``invalid_payload`` for a missing body or one that is not JSON,
and the codes the spec gives particular parameters (``invalid_page_size``, ``invalid_filter_states``...).
Responses (strict mode): the status must be declared for the operation, and the body must match it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from emulator.errors import ApiError, invalid_input
from emulator.spec import Operation, SchemaViolation, Validator, enum

_MAX_MESSAGE = 300
_REQUIRED = re.compile(r"^'(?P<name>[^']+)' is a required property$")
NOT_JSON = "The request body is not valid JSON."


@dataclass
class CheckedRequest:
    """A request that passed: its query parameters as the spec types them, and its parsed body."""

    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None


class RequestRefused(Exception):  # noqa: N818 - an answer, not a bug
    """A request that breaks the spec: what is wrong (``problems``) and the API's answer (``error``)."""

    def __init__(self, problems: list[str], error: ApiError) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
        self.error = error


def check_request(
    operation: Operation,
    path_params: Mapping[str, str],
    query: Mapping[str, list[str]],
    content_type: str,
    body: bytes,
) -> CheckedRequest:
    """The checked request, or ``RequestRefused``."""
    checked = CheckedRequest()
    by_parameter: dict[str, list[str]] = {}
    for parameter in operation.parameters:
        values = [path_params[parameter.name]] if parameter.location == "path" else query.get(parameter.name)
        where = f"{parameter.location} parameter {parameter.name}"
        if not values:
            if parameter.required:
                by_parameter[parameter.name] = [f"{where}: is required"]
            continue
        value: Any = values[-1]
        if parameter.kind == "array":  # repeated keys, or (explode: false) one comma-separated value
            value = (
                values
                if parameter.explode
                else [p.strip() for v in values for p in v.split(",") if p.strip()]
            )
        if parameter.kind in ("number", "integer"):
            value = _number(value)
            if value is None:
                by_parameter[parameter.name] = [f"{where}: {values[-1]!r} is not a number"]
                continue
        problems = describe(parameter.check, value, where)
        if problems:
            by_parameter[parameter.name] = problems
        elif parameter.location == "query":
            checked.query[parameter.name] = value
    body_problems: list[str] = []
    if operation.body is not None:
        checked.body = _parse_body(content_type, body)
        body_problems = describe(operation.body, checked.body)
    if by_parameter or body_problems:
        problems = [line for lines in by_parameter.values() for line in lines] + body_problems
        raise RequestRefused(problems, _parameter_error(by_parameter) or invalid_input(problems))
    return checked


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _parse_body(content_type: str, body: bytes) -> Any:
    if not body.strip():
        problem = "A JSON request body is required."
    elif not content_type.lower().startswith("application/json"):
        problem = "Send the body as JSON with Content-Type: application/json."
    else:
        try:
            return json.loads(body)
        except ValueError:
            problem = NOT_JSON
    raise RequestRefused([problem], ApiError("invalid_payload", {"validationErrors": [problem]}))


def _parameter_error(by_parameter: Mapping[str, list[str]]) -> ApiError | None:
    if "pageSize" in by_parameter:
        return ApiError("invalid_page_size", {"validationErrors": by_parameter["pageSize"]})
    if "filterStates" in by_parameter:
        return ApiError("invalid_filter_states", {"supportedCodes": enum("RcsSenderStatesEnum")})
    if "useCase" in by_parameter:
        return ApiError(
            "questionnaire_invalid_use_case", {"validUseCases": enum("RcsInputSenderUseCasesEnum")}
        )
    if "countries" in by_parameter:
        return ApiError(
            "questionnaire_invalid_country", {"supportedValues": enum("RcsInputRcsCountryCodesEnum")}
        )
    return None


def check_response(operation: Operation, status: int, content_type: str, body: bytes) -> list[str]:
    """Every way a reply breaks the operation's declared responses (empty when it fits)."""
    if status not in operation.responses:
        return [f"status {status} is not declared for {operation.operation_id}"]
    check = operation.responses[status]
    if check is None:
        return [] if not body else [f"status {status} declares no content, but a body was sent"]
    if not content_type.lower().startswith("application/json"):
        return [f"content type {content_type or '(none)'} is not application/json"]
    try:
        payload = json.loads(body)
    except ValueError:
        return ["the body is not JSON"]
    return describe(check, payload)


# --- readable problems ------------------------------------------------------------------------------


def describe(check: Validator, instance: Any, prefix: str = "") -> list[str]:
    """Readable lines for every way ``instance`` breaks a schema, naming the field, e.g.
    ``details.brand.emails[0].address: 'bad' is not a 'email'`` (after ``prefix``, if given)."""
    lines = []
    for error in check.iter_errors(instance):
        for leaf in _leaf_errors(error):
            violation = _violation(leaf)
            if prefix:
                where = prefix + (f" {violation.dotted}" if violation.path else "")
                lines.append(f"{where}: {violation.message}")
            else:
                lines.append(str(violation))
    return lines


def _violation(error: Any) -> SchemaViolation:
    path = tuple(error.absolute_path)
    # spec.NOT_ALLOWED ({"not": {}}) marks a property that must not be there: say so, without its value.
    # A value too long is not repeated (it may be a secret, or 742 characters of URL).
    if error.validator == "not" and error.validator_value == {}:
        message = "is not allowed here"
    elif "propertyNames" in error.relative_schema_path:  # spec.py closes the Conversation API's objects
        path, message = (*path, error.instance), "is not a field of this object"
    elif error.validator == "maxLength" and isinstance(error.instance, str):
        message = f"is too long ({len(error.instance)} characters; at most {error.validator_value})"
    else:
        message = _shorten(error.message)
    found = _REQUIRED.match(error.message) if error.validator == "required" else None
    if found:  # name the missing field in the path, as the API's own messages do
        path = (*path, found.group("name"))
    return SchemaViolation(path, message)


def _leaf_errors(error: Any) -> list[Any]:
    """Errors a person can act on; for a failed ``anyOf``, the errors of the variant that came closest."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return [error]
    by_variant: dict[Any, list[Any]] = {}
    for sub in error.context:
        variant = sub.relative_schema_path[0] if sub.relative_schema_path else 0
        by_variant.setdefault(variant, []).append(sub)
    expanded = [[leaf for sub in subs for leaf in _leaf_errors(sub)] for subs in by_variant.values()]
    return min(expanded, key=len)


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."
