"""The API's error answers: ``ApiError`` and the words (status, message, resolution) for each code.

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
