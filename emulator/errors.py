"""The APIs' error answers: ``ApiError`` (the Provisioning API's shape) with the words (status, message,
resolution) for each code, and ``RpcError`` (the Conversation API's wrapped shape, gRPC status names).

The body has the spec's shape (``RcsPapiErrorDto`` / ``WebhookPapiErrorDto``): ``errorCode``, ``message``,
``resolution`` and optionally ``additionalInformation``, whose values are arrays of strings. The words are
those of the spec's own examples, from the document of the operation that answers (the two documents word
some codes differently, e.g. ``invalid_id_format`` names ``senderId`` or ``webhookId``). Three codes are the
emulator's, for what the real API answers outside these operations: an unknown path, a method the path
lacks, and an injected outage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from emulator import spec
from emulator.spec import ErrorWords

EMULATOR_ONLY: Mapping[str, ErrorWords] = {
    "not_found": ErrorWords(
        404, "Resource not found.", "Verify the path against the Provisioning API reference."
    ),
    "method_not_allowed": ErrorWords(
        405,
        "Method not allowed.",
        "The Provisioning API has no such operation on this path; see the Allow header.",
    ),
    "service_unavailable": ErrorWords(503, "Service unavailable.", "Please wait and try again."),
}


def words(code: str, document: str = spec.RCS) -> ErrorWords:
    """The words for ``code``: from ``document`` first, then the other document, then the emulator's."""
    for doc in (document, *spec.DOCUMENT_FILES):
        found = spec.error_words(doc).get(code)
        if found is not None:
            return found
    return EMULATOR_ONLY[code]


class ApiError(Exception):
    """An answer in the API's error shape. Handlers raise it; the request path turns it into a reply."""

    def __init__(
        self,
        code: str,
        additional_information: Mapping[str, Sequence[str]] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        words(code)  # an unknown code is a bug: fail where it is raised
        super().__init__(code)
        self.code = code
        self.additional_information = additional_information
        self.headers = dict(headers or {})

    def status(self, document: str = spec.RCS) -> int:
        return words(self.code, document).status

    def body(self, document: str = spec.RCS) -> dict[str, Any]:
        found = words(self.code, document)
        out: dict[str, Any] = {
            "errorCode": self.code,
            "message": found.message,
            "resolution": found.resolution,
        }
        if self.additional_information:
            out["additionalInformation"] = {
                key: [str(item) for item in values] for key, values in self.additional_information.items()
            }
        return out


def invalid_input(validation_errors: Sequence[str]) -> ApiError:
    """400 ``invalid_input`` naming each bad field in ``additionalInformation.validationErrors``."""
    return ApiError("invalid_input", {"validationErrors": list(validation_errors)})


# --- the Conversation API's errors ------------------------------------------------------------------------

# gRPC canonical status names and the HTTP status Sinch's gateway answers each with (as grpc-gateway maps
# them); the body is the wrapped form of the Conversation document's `runtimeError`.
RPC_HTTP_STATUS: Mapping[str, int] = {
    "INVALID_ARGUMENT": 400,
    "FAILED_PRECONDITION": 400,
    "OUT_OF_RANGE": 400,
    "UNAUTHENTICATED": 401,
    "PERMISSION_DENIED": 403,
    "NOT_FOUND": 404,
    "ALREADY_EXISTS": 409,
    "ABORTED": 409,
    "RESOURCE_EXHAUSTED": 429,
    "CANCELLED": 499,
    "INTERNAL": 500,
    "UNKNOWN": 500,
    "DATA_LOSS": 500,
    "UNIMPLEMENTED": 501,
    "UNAVAILABLE": 503,
    "DEADLINE_EXCEEDED": 504,
}

# What a Provisioning-style error raised on the shared request path (authentication, request validation,
# injected faults, a bug) is in the Conversation API: its gRPC status name, and its message where the
# Conversation document words one (else the Provisioning words are used).
_RPC_OF_CODE: Mapping[str, tuple[str, str | None]] = {
    "unauthorized_error": ("UNAUTHENTICATED", "Request had invalid credentials."),
    "invalid_input": ("INVALID_ARGUMENT", None),
    "invalid_payload": ("INVALID_ARGUMENT", None),
    "rbm_too_many_requests": ("RESOURCE_EXHAUSTED", "Too many requests."),
    "service_unavailable": ("UNAVAILABLE", None),
    "internal_error": ("INTERNAL", "There was an internal server error."),
    "not_found": ("NOT_FOUND", None),
    "method_not_allowed": ("UNIMPLEMENTED", "Method Not Allowed"),
}


class RpcError(Exception):
    """An answer in the Conversation API's error shape: ``{"error": {"code", "message", "status",
    "details"}}``, ``status`` a gRPC canonical name, ``code`` its HTTP status (``http_status`` overrides it:
    a method the path lacks is 405 with ``UNIMPLEMENTED``, as grpc-gateway answers)."""

    def __init__(
        self,
        status: str,
        message: str,
        *,
        http_status: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if status not in RPC_HTTP_STATUS:
            raise ValueError(f"{status!r} is not a gRPC status name")  # a bug: fail where it is raised
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message
        self.code = http_status if http_status is not None else RPC_HTTP_STATUS[status]
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "status": self.status, "details": []}}

    @classmethod
    def of(cls, error: ApiError, problems: Sequence[str] = ()) -> RpcError:
        """The Conversation API's answer for an error of the shared request path (``problems``: what a
        refused request got wrong, as the message)."""
        status, own = _RPC_OF_CODE[error.code]
        message = "; ".join(problems) if problems else own or str(error.body()["message"])
        http_status = 405 if error.code == "method_not_allowed" else None
        return cls(status, message, http_status=http_status, headers=error.headers)
