"""The Conversation API's errors, and its dialect: how its error answers read.

Hierarchy (beside the Provisioning API's ``SinchApiError``, under the same ``SinchStatusError``)::

    SinchError
    └── SinchStatusError                  any API's non-2xx answer: status, message, method, path, ...
        └── ConversationApiError          the Conversation API's: + status_name, details, retry_after
            ├── ConversationAuthenticationError   401; a 403 that denies the project (not a billing limit)
            └── ConversationNotFoundError         404: no such app or webhook in this region's host

The failures that are not an API error are the Provisioning client's, whichever API was called:
``OutcomeUnknownError`` (a create may have been applied), ``SinchConnectionError``,
``UnexpectedResponseError`` (a 2xx that is not what the operation needs), and, from the shared token
endpoint, ``AuthenticationError``/``TokenResponseError`` (see :mod:`sinch_provisioning.errors`).

The error body, as the contract's prose, schema (``runtimeError``) and Sinch's SDK fixtures have it, is
wrapped: ``{"error": {"code": 404, "message": "...", "status": "NOT_FOUND", "details": [...]}}`` (``code``
is the HTTP status, ``status`` the gRPC status name). The contract's own examples are unwrapped (``{"code",
"message", "status", "details"}``), so that form is read too, and an OAuth2-style ``{"error": "...",
"error_description": "..."}`` from a gateway. Any other body keeps the status and a snippet of the body, as
the Provisioning errors do. Which class a status maps to mirrors the Provisioning side: 401 and a 403 that
denies access are ``ConversationAuthenticationError``, 404 is ``ConversationNotFoundError``; the rest,
a billing-limit 403 and a 429 (``retry_after``) included, are ``ConversationApiError``.

Every text taken from an answer (message, status name, details, snippet) is scrubbed of the secrets the
connection holds before it is kept, and clipped; ``details`` keeps at most ``KEPT_ITEMS`` objects.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, Final, Unpack

from sinch_provisioning.errors import (
    ITEM_LENGTH,
    KEPT_ITEMS,
    KEPT_LENGTH,
    ErrorAnswer,
    SinchStatusError,
    StatusErrorFields,
    clip,
    hint_for,
    json_object_of,
    listed,
    sentence,
    status_fields,
    unparsed_answer,
)

__all__ = [
    "ConversationApiError",
    "ConversationAuthenticationError",
    "ConversationErrors",
    "ConversationNotFoundError",
    "conversation_error_class",
    "parse_conversation_error",
]

BILLING_LIMIT: Final = "BILLING_CREDIT_LIMIT_BREACHED"
"""A 403 the API answers since 2025-02-19 when the account is out of credit: not a credentials problem."""
_MAX_DEPTH: Final = 8


class ConversationApiError(SinchStatusError):
    """The Conversation API answered with a non-2xx status.

    - ``status``: the HTTP status; ``status_name``: the body's gRPC status name (``"NOT_FOUND"``,
      ``"INVALID_ARGUMENT"``, ``"UNAUTHENTICATED"``, ...), None when the body was not the API's error body;
    - ``message``: the body's message (or what the answer was, with ``body_snippet`` holding its start);
    - ``details``: the body's ``details`` objects (``google.rpc`` detail messages), scrubbed;
    - ``method``, ``path``: the request; ``retry_after``: the server's wait for a 429, when it gave one;
    - ``attempts``, ``note``, ``hint``, ``body_snippet``: as for every ``SinchStatusError``.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        status_name: str | None = None,
        details: Sequence[dict[str, Any]] = (),
        retry_after: float | None = None,
        **fields: Unpack[StatusErrorFields],
    ) -> None:
        self.status_name = status_name
        self.details = list(details)
        self.retry_after = retry_after
        super().__init__(status, message, **fields)

    def _render_answer(self) -> list[str]:
        name = f" {clip(self.status_name, 80)}" if self.status_name else ""
        parts = [f"Sinch Conversation API {self.status}{name}{self.where}: {sentence(clip(self.message))}"]
        if self.details:
            shown = [json.dumps(detail, separators=(",", ":")) for detail in self.details]
            parts.append(f"Details: {listed(shown)}.")
        return parts


class ConversationAuthenticationError(ConversationApiError):
    """The Conversation API refused the credentials (401), or the key may not use the project (403)."""


class ConversationNotFoundError(ConversationApiError):
    """404: no such app or webhook, or not in the region of the host asked (an app, and its webhooks, live
    in the region the app was created in; another region's host answers 404 for it), or the project."""


def conversation_error_class(
    status: int, status_name: str | None, message: str
) -> type[ConversationApiError]:
    """Which ``ConversationApiError`` class a status maps to (a 403 also by its status name or message)."""
    if status == 401:
        return ConversationAuthenticationError
    if status == 403:
        billing = BILLING_LIMIT in (status_name or "") or BILLING_LIMIT in message
        return ConversationApiError if billing else ConversationAuthenticationError
    if status == 404:
        return ConversationNotFoundError
    return ConversationApiError


def parse_conversation_error(body: str, scrub: Callable[[str], str]) -> dict[str, Any] | None:
    """The fields of a Conversation API error body (``message``, ``status_name``, ``details``), scrubbed
    and clipped; None when ``body`` is none of the forms the module's docstring lists."""
    data = json_object_of(body)
    if data is None:
        return None
    inner = data.get("error")
    if isinstance(inner, str):  # OAuth2's form, from a gateway in front of the API
        fields: dict[str, Any] = {"status": inner, "message": data.get("error_description")}
    elif isinstance(inner, dict):
        fields = inner
    elif isinstance(data.get("message"), str) or isinstance(data.get("status"), str):
        fields = data  # the contract's examples leave the wrapper out
    else:
        return None

    def clean(text: str) -> str:
        return clip(scrub(text), KEPT_LENGTH)

    message, status_name = fields.get("message"), fields.get("status")
    details = fields.get("details")
    return {
        "message": clean(message) if isinstance(message, str) and message else "(no message)",
        "status_name": clean(status_name) if isinstance(status_name, str) and status_name else None,
        "details": [
            _scrubbed(detail, clean, 0)
            for detail in (details if isinstance(details, list) else [])[:KEPT_ITEMS]
            if isinstance(detail, dict)
        ],
    }


class ConversationErrors:
    """The Conversation API's dialect (:class:`~sinch_provisioning.errors.ErrorDialect`) for the host of
    one ``region`` (``"eu"``, ``"us"``, ``"br"``): the body read once (:func:`parse_conversation_error`),
    the class (:func:`conversation_error_class`), and a hint that names the region where it matters."""

    def __init__(self, region: str) -> None:
        self.region = region

    def error(self, answer: ErrorAnswer) -> ConversationApiError:
        redirect = 300 <= answer.status < 400
        parsed = None if redirect else parse_conversation_error(answer.body, answer.scrub)
        snippet = None
        if parsed is None:
            message, snippet = unparsed_answer(answer)
            status_name, details = None, []
        else:
            message, status_name, details = parsed["message"], parsed["status_name"], parsed["details"]
        cls = conversation_error_class(answer.status, status_name, message)
        fields = status_fields(answer, self.hint(answer, cls))
        fields["body_snippet"] = snippet
        return cls(
            answer.status,
            message,
            status_name=status_name,
            details=details,
            retry_after=answer.retry_after,
            **fields,
        )

    def hint(self, answer: ErrorAnswer, cls: type[ConversationApiError]) -> str | None:
        """What a person should check for ``answer`` (which maps to ``cls``), when the API's own text is
        not enough."""
        project, status = answer.project_id, answer.status
        if status == 404:
            return (
                f"Nothing was found on the {self.region.upper()} host of project {project!r}: an app, and "
                "its webhooks, live in the region the app was created in, and another region's host answers "
                "404 for them; check the id and the region."
            )
        if status == 403 and cls is ConversationAuthenticationError:
            return (
                f"The access key {answer.key_id!r} may not use the Conversation API of project {project!r}: "
                "check that the key belongs to the project and that the Conversation API is enabled for it."
            )
        if status == 403:
            return "The account's credit limit is reached: top it up (Sinch dashboard > Billing)."
        if status == 429:
            return "The Conversation API allows a project 800 requests per second; try again later."
        if status == 401 or 300 <= status < 400:  # the same advice as for the Provisioning API
            return hint_for(
                status, None, project_id=project, key_id=answer.key_id, operation=answer.operation
            )
        return None

    def __repr__(self) -> str:
        return f"ConversationErrors(region={self.region!r})"


def _scrubbed(value: Any, clean: Callable[[str], str], depth: int) -> Any:
    """``value`` (JSON) with every string scrubbed and clipped, lists cut to ``KEPT_ITEMS``, and anything
    nested deeper than a detail needs cut off."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        if depth >= _MAX_DEPTH:
            return "..."
        items = list(value.items())[:KEPT_ITEMS]
        return {clip(clean(str(key)), ITEM_LENGTH): _scrubbed(item, clean, depth + 1) for key, item in items}
    if isinstance(value, list):
        return (
            "..."
            if depth >= _MAX_DEPTH
            else [_scrubbed(item, clean, depth + 1) for item in value[:KEPT_ITEMS]]
        )
    return value
