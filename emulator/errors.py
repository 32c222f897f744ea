"""The Provisioning API error body and the catalogue of error codes, messages and resolutions.

Every error the emulator gives has the spec's shape (``RcsPapiErrorDto``): ``errorCode``, ``message``,
``resolution`` and optionally ``additionalInformation``, whose values are arrays of strings (the spec
types them so; its examples sometimes show plain strings, which the emulator never sends).

The catalogue is read from the spec's own error examples, so that a code answers with the words Sinch
documents for it. A few codes the spec does not have (a method the API lacks, an unknown path, a
simulated outage) are added by the emulator and marked as such.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from emulator.spec import spec_document


@dataclass(frozen=True)
class ErrorEntry:
    """What the API answers for one error code: HTTP status, message and resolution."""

    status: int
    message: str
    resolution: str


# Codes that are not in the spec: answers for things the real API handles outside the RCS controllers.
EMULATOR_ONLY_ERRORS: Mapping[str, ErrorEntry] = {
    "method_not_allowed": ErrorEntry(
        405,
        "Method not allowed.",
        "The Provisioning API has no such operation on this path; see the Allow header.",
    ),
    "not_found": ErrorEntry(
        404,
        "Resource not found.",
        "Verify the path against the Provisioning API reference.",
    ),
    "service_unavailable": ErrorEntry(
        503,
        "Service unavailable.",
        "Please wait and try again.",
    ),
}


@functools.cache
def catalogue() -> Mapping[str, ErrorEntry]:
    """Every error code the spec documents (with its example message and resolution), and the emulator's."""
    found: dict[str, ErrorEntry] = {}
    for path_item in spec_document()["paths"].values():
        for operation in path_item.values():
            for status, response in operation.get("responses", {}).items():
                for media in response.get("content", {}).values():
                    for example in media.get("examples", {}).values():
                        value = example.get("value")
                        if isinstance(value, dict) and "errorCode" in value:
                            found.setdefault(
                                value["errorCode"],
                                ErrorEntry(int(status), value["message"], value["resolution"]),
                            )
    for code, entry in EMULATOR_ONLY_ERRORS.items():
        found.setdefault(code, entry)
    return found


@dataclass
class ApiError(Exception):
    """An answer in the error shape of the API. Handlers raise it; the dispatcher turns it into a reply.

    ``message``/``resolution`` default to the catalogue's words for ``code``; ``status`` to its status.
    """

    code: str
    additional_information: Mapping[str, Sequence[str]] | None = None
    message: str | None = None
    resolution: str | None = None
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        entry = catalogue().get(self.code)
        if entry is None and (self.status is None or self.message is None or self.resolution is None):
            raise KeyError(f"unknown error code {self.code!r} and no status/message/resolution given")
        if entry is not None:
            self.status = self.status if self.status is not None else entry.status
            self.message = self.message if self.message is not None else entry.message
            self.resolution = self.resolution if self.resolution is not None else entry.resolution
        super().__init__(f"{self.status} {self.code}: {self.message}")

    @property
    def http_status(self) -> int:
        assert self.status is not None  # set in __post_init__
        return self.status

    def body(self) -> dict[str, Any]:
        """The JSON error body (``RcsPapiErrorDto``)."""
        out: dict[str, Any] = {"errorCode": self.code, "message": self.message, "resolution": self.resolution}
        if self.additional_information:
            out["additionalInformation"] = {
                key: [str(item) for item in values] for key, values in self.additional_information.items()
            }
        return out


def invalid_input(validation_errors: Sequence[str]) -> ApiError:
    """400 ``invalid_input`` naming each bad field in ``additionalInformation.validationErrors``."""
    return ApiError("invalid_input", {"validationErrors": list(validation_errors)})
