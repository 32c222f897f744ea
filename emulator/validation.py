"""Judging requests and responses by the spec (openapi-core over ``emulator.spec.openapi()``).

Requests: path and query parameters and the JSON body are validated against the operation; failures
become the API's 400 answers (``invalid_input`` with ``validationErrors`` naming each bad field,
``invalid_payload`` for a body that is not JSON, ``invalid_page_size``, ``invalid_filter_states``...).
Responses (strict mode): the status, content type and body the emulator is about to send are validated
against the operation's declared responses.

openapi-core matches request URLs against the spec's server, so requests are presented to it as if sent
to the production host; the path and everything else are the request's own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from openapi_core.casting.schemas.exceptions import CastError
from openapi_core.datatypes import RequestParameters
from openapi_core.deserializing.exceptions import DeserializeError
from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
from openapi_core.validation.request.exceptions import (
    InvalidRequestBody,
    MissingRequiredRequestBody,
    ParameterValidationError,
    RequestBodyValidationError,
    SecurityValidationError,
)
from openapi_core.validation.schemas.exceptions import InvalidSchemaValue
from werkzeug.datastructures import Headers, ImmutableMultiDict

from emulator.errors import ApiError, invalid_input
from emulator.spec import SchemaViolation, openapi, spec_document
from emulator.wire import WireReply, WireRequest

SPEC_HOST = "https://provisioning.api.sinch.com"
_MAX_MESSAGE = 300
_REQUIRED = re.compile(r"^'(?P<name>[^']+)' is a required property$")


class SchemaError(Protocol):
    """What the emulator reads of a ``jsonschema`` validation error (jsonschema ships no type stubs)."""

    message: str
    validator: Any
    absolute_path: Sequence[str | int]
    relative_schema_path: Sequence[str | int]
    context: list[SchemaError] | None


class _SpecRequest:
    """A ``WireRequest`` in the shape openapi-core reads (its ``Request`` protocol)."""

    def __init__(self, request: WireRequest) -> None:
        self.host_url = SPEC_HOST
        self.path = request.raw_path
        self.method = request.method.lower()
        self.body: bytes | None = request.body or None
        self.content_type = request.content_type or "application/octet-stream"
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(list(request.query)),
            header=Headers(list(request.headers.items())),
            cookie=ImmutableMultiDict(),
            path={},
        )


class _SpecResponse:
    """A ``WireReply`` in the shape openapi-core reads (its ``Response`` protocol)."""

    def __init__(self, reply: WireReply) -> None:
        self.status_code = reply.status
        self.data: bytes | None = reply.body
        self.headers = Headers(list(reply.headers.items()))
        self.content_type = reply.content_type


@dataclass
class RequestCheck:
    """The outcome of validating a request: the parsed query parameters, or the errors found."""

    query: dict[str, Any] = field(default_factory=dict)
    errors: list[Exception] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def describe(self) -> list[str]:
        return describe_errors(self.errors)


def check_request(request: WireRequest) -> RequestCheck:
    """Validate parameters, body (and, as the spec declares security, the presence of credentials)."""
    result = openapi().unmarshal_request(_SpecRequest(request))
    return RequestCheck(dict(result.parameters.query), list(result.errors))


def check_response(request: WireRequest, reply: WireReply) -> list[str]:
    """Every way the reply breaks the spec's declared responses for the request's operation."""
    return describe_errors(openapi().iter_response_errors(_SpecRequest(request), _SpecResponse(reply)))


# --- from validation errors to the API's answers -------------------------------------------------------


def request_error(errors: Sequence[Exception]) -> ApiError:
    """The 400 (or 401) the API gives for a request that failed validation."""
    if any(isinstance(error, SecurityValidationError) for error in errors):
        return ApiError("unauthorized_error")
    for error in errors:
        if _is_payload_error(error):
            return ApiError(
                "invalid_payload",
                {"validationErrors": [_payload_problem(error)]},
            )
    parameter_errors = [error for error in errors if isinstance(error, ParameterValidationError)]
    by_name = {error.name: error for error in parameter_errors}
    if "pageSize" in by_name:
        return ApiError("invalid_page_size", {"validationErrors": describe_errors([by_name["pageSize"]])})
    if "filterStates" in by_name:
        return ApiError("invalid_filter_states", {"supportedCodes": _enum("RcsSenderStatesEnum")})
    if "useCase" in by_name:
        return ApiError(
            "questionnaire_invalid_use_case", {"validUseCases": _enum("RcsInputSenderUseCasesEnum")}
        )
    if "countries" in by_name:
        return ApiError(
            "questionnaire_invalid_country", {"supportedValues": _enum("RcsInputRcsCountryCodesEnum")}
        )
    return invalid_input(describe_errors(errors))


def _enum(name: str) -> list[str]:
    values: list[str] = list(spec_document()["components"]["schemas"][name]["enum"])
    return values


def _is_payload_error(error: Exception) -> bool:
    if isinstance(error, MissingRequiredRequestBody):
        return True
    if isinstance(error, RequestBodyValidationError) and not isinstance(error, InvalidRequestBody):
        return isinstance(error.__cause__, DeserializeError | MediaTypeNotFound)
    return False


def _payload_problem(error: Exception) -> str:
    if isinstance(error, MissingRequiredRequestBody):
        return "A JSON request body is required."
    if isinstance(error.__cause__, MediaTypeNotFound):
        return "Send the body as JSON with Content-Type: application/json."
    return "The request body is not valid JSON."


def describe_errors(errors: Iterable[Exception]) -> list[str]:
    """Readable lines for validation errors, naming the field: ``details.brand.name: ... is too long``."""
    lines: list[str] = []
    for error in errors:
        lines.extend(_describe(error))
    return lines


def _describe(error: Exception) -> list[str]:
    prefix = ""
    if isinstance(error, ParameterValidationError):
        prefix = f"{error.location} parameter {error.name}"
    cause = error.__cause__
    if isinstance(cause, InvalidSchemaValue):
        lines = []
        for schema_error in cast("Iterable[SchemaError]", cause.schema_errors):
            for leaf in _leaf_errors(schema_error):
                violation = _violation(leaf)
                if prefix:
                    where = prefix + (f" {violation.dotted}" if violation.path else "")
                    lines.append(f"{where}: {violation.message}")
                else:
                    lines.append(str(violation))
        return lines
    if isinstance(cause, CastError | DeserializeError):
        return [f"{prefix}: {_shorten(str(cause))}" if prefix else _shorten(str(cause))]
    text = _shorten(str(cause) if cause is not None else str(error))
    return [f"{prefix}: {text}" if prefix else text]


def _violation(error: SchemaError) -> SchemaViolation:
    path = tuple(error.absolute_path)
    message = _shorten(error.message)
    found = _REQUIRED.match(error.message) if error.validator == "required" else None
    if found:  # name the missing field in the path, as the API's own messages do
        path = (*path, found.group("name"))
    return SchemaViolation(path, message)


def _leaf_errors(error: SchemaError) -> list[SchemaError]:
    """Errors a person can act on; for a failed ``anyOf``, the errors of the variant that came closest."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return [error]
    by_variant: dict[Any, list[SchemaError]] = {}
    for sub in error.context:
        variant = sub.relative_schema_path[0] if sub.relative_schema_path else 0
        by_variant.setdefault(variant, []).append(sub)
    expanded = [[leaf for sub in subs for leaf in _leaf_errors(sub)] for subs in by_variant.values()]
    return min(expanded, key=len)


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


def parse_json_body(body: bytes) -> Any:
    """The JSON of a body (None when empty). Raises 400 ``invalid_payload`` if it is not JSON."""
    if not body.strip():
        return None
    try:
        return json.loads(body)
    except ValueError as error:
        raise ApiError(
            "invalid_payload", {"validationErrors": ["The request body is not valid JSON."]}
        ) from error
