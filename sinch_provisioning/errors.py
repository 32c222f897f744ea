"""The errors the Sinch clients raise: each says what happened and what to do about it.

Hierarchy (``sinch_conversation.errors`` adds the Conversation API's own under ``SinchStatusError``)::

    SinchError
    ├── SinchStatusError         an API answered with a non-2xx status: status, message, method, path
    │   └── SinchApiError        the Provisioning API's (usually with its PAPI error body)
    │       ├── AuthenticationError  401 from the API; 400/401/403 from the token endpoint; a 403 that is
    │       │                        not a documented RCS business error (the key may not use this project)
    │       ├── NotFoundError    404 (check ``error_code``: ``sender_not_found``, ``project_not_found``, ...)
    │       └── RateLimitedError 429 after the retries (or a ``Retry-After`` longer than the client waits)
    ├── SinchCallError           a call's failure, named by its operation, method and path:
    │   ├── OutcomeUnknownError  a create (sender, webhook, app) / add-test-numbers / comment request may
    │   │                        have been applied
    │   └── UnexpectedResponseError  a 2xx answer that is not what the API promises (not JSON, not a
    │                                sender, too large, endless pages); ``operation`` says whose it was
    ├── SinchConnectionError     the API could not be reached (after the retries of a safe request)
    └── TokenResponseError       the token endpoint answered 2xx without a token (an HTML page, ...): no
                                 API request was sent for the call that needed it

Which error a non-2xx answer becomes is the business of the API's :class:`ErrorDialect` (the connection
hands it every such answer, once): :data:`PROVISIONING_ERRORS` here, the Conversation API's in
``sinch_conversation.errors``. What every dialect shares is here: :class:`ErrorAnswer`,
:func:`unparsed_answer` (an answer that is not the API's error body, a redirect), :func:`status_fields`.

A 403 ``rbm_has_not_been_used`` (RCS is not enabled on the project) is deliberately a plain
``SinchApiError``: the credentials are fine, the project is not set up for RCS; its text says whom to ask.

No text built here should ever contain a credential: every text taken from a server's answer goes through
the caller's ``scrub`` function (which replaces the secrets the client holds) before it is kept.

Texts stay short: what failed, Sinch's answer (status, errorCode, message, resolution, validation errors),
what to do. Each text taken from a server is clipped (:data:`TEXT_LENGTH`), at most
:data:`SHOWN_ITEMS` validation errors are listed (the rest are counted; all are in ``validation_errors``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypedDict, Unpack
from urllib.parse import urlsplit

# The 403 codes the spec documents for RCS operations: business errors, not authentication failures.
RCS_FORBIDDEN_CODES = frozenset(
    {"rbm_has_not_been_used", "rbm_webhook_incorrect_secret", "wrong_supplier_configuration"}
)

SNIPPET_LENGTH = 200
TEXT_LENGTH = 240
"""The longest message, resolution or validation error shown in an error's text (the attributes keep up to
:data:`KEPT_LENGTH`)."""
KEPT_LENGTH = 2000
SHOWN_ITEMS = 5
KEPT_ITEMS = 1000
ITEM_LENGTH = 100
SHOWN_OTHERS = 3

AdditionalInformation = dict[str, "list[str] | str"]


class SinchError(Exception):
    """Base class of every error the Sinch RCS client raises."""


class StatusErrorFields(TypedDict, total=False):
    """What every :class:`SinchStatusError` keeps besides the status and the message."""

    method: str
    path: str
    hint: str | None
    body_snippet: str | None
    attempts: int
    note: str | None


class SinchStatusError(SinchError):
    """A Sinch API answered with a non-2xx status: the base of each API's own error, :class:`SinchApiError`
    (the Provisioning API) and ``sinch_conversation.errors.ConversationApiError``.

    ``status`` is the HTTP status, ``message`` what the API said (or, for an answer that was not the API's
    error body, what it was: ``body_snippet`` then holds its start); ``method`` and ``path`` the request;
    ``attempts`` how many were sent; ``note`` how the retries ended, ``hint`` what to check. The text is
    the API's own part (:meth:`_render_answer`), then the note and the hint."""

    def __init__(self, status: int, message: str, **fields: Unpack[StatusErrorFields]) -> None:
        self.status = status
        self.message = message
        self.method = fields.get("method", "")
        self.path = fields.get("path", "")
        self.hint = fields.get("hint")
        self.body_snippet = fields.get("body_snippet")
        self.attempts = fields.get("attempts", 1)
        self.note = fields.get("note")
        parts = self._render_answer()
        parts += [sentence(text) for text in (self.note, self.hint) if text]
        super().__init__(" ".join(parts))

    @property
    def where(self) -> str:
        """`` on METHOD /path`` (empty when the request is not known), for the first sentence."""
        return f" on {self.method} {self.path}" if self.method else ""

    def _render_answer(self) -> list[str]:
        """The sentences that tell what the API answered (each API's error has its own)."""
        return [f"Sinch API {self.status}{self.where}: {sentence(clip(self.message))}"]


class SinchApiError(SinchStatusError):
    """The Sinch Provisioning API answered with a non-2xx status.

    ``error_code``, ``message``, ``resolution`` and ``additional_information`` come from the API's error
    body (``RcsPapiErrorDto``); when the body was not that (a proxy's HTML page, an empty body), the
    status is kept, ``error_code`` is None and ``body_snippet`` holds the start of the body.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        error_code: str | None = None,
        resolution: str | None = None,
        additional_information: Mapping[str, list[str] | str] | None = None,
        **fields: Unpack[StatusErrorFields],
    ) -> None:
        self.error_code = error_code
        self.resolution = resolution
        self.additional_information: AdditionalInformation = dict(additional_information or {})
        super().__init__(status, message, **fields)

    @property
    def validation_errors(self) -> list[str]:
        """``additionalInformation.validationErrors`` as a list (the API sends an array or a string)."""
        return _as_list(self.additional_information.get("validationErrors"))

    def _render_answer(self) -> list[str]:
        code = f" {clip(self.error_code, 80)}" if self.error_code else ""
        parts = [f"Sinch API {self.status}{code}{self.where}: {sentence(clip(self.message))}"]
        if self.resolution:
            parts.append(f"Resolution: {sentence(clip(self.resolution))}")
        if self.validation_errors:
            parts.append(f"Validation errors: {listed(self.validation_errors)}.")
        others = [key for key in self.additional_information if key != "validationErrors"]
        for key in others[:SHOWN_OTHERS]:
            values = _as_list(self.additional_information[key])
            parts.append(f"{clip(key, 60)}: {clip(', '.join(values), ITEM_LENGTH)}.")
        if len(others) > SHOWN_OTHERS:
            parts.append(f"({len(others) - SHOWN_OTHERS} more additionalInformation entries.)")
        return parts


class AuthenticationError(SinchApiError):
    """The credentials were refused (API 401, token endpoint 400/401/403, or a 403 denying the project)."""


class NotFoundError(SinchApiError):
    """404. Several things can be missing (``error_code`` says which): sender, webhook, project, tester."""


class RateLimitedError(SinchApiError):
    """429 after the retries, or with a ``Retry-After`` longer than the retry policy allows.

    ``retry_after`` is the server's requested wait in seconds, when it sent one.
    """

    def __init__(self, status: int, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(status, message, **kwargs)


class SinchCallError(SinchError):
    """A failure of one call whose outcome matters to the caller, named by its ``operation``
    (``create_sender``, ``get_app``, ...), ``method`` and ``path``: the base of
    :class:`OutcomeUnknownError` and :class:`UnexpectedResponseError`."""

    def __init__(self, operation: str, method: str, path: str, text: str) -> None:
        self.operation = operation
        self.method = method
        self.path = path
        super().__init__(text)


class OutcomeUnknownError(SinchCallError):
    """A request that must not be blindly repeated may have been applied by the server.

    Raised for the create-sender, create-webhook, add-test-numbers and comment POSTs (and the invite-retry
    GET, which sends an invite), and the Conversation API's create-app and create-app-webhook POSTs, when
    the connection broke after the request was sent, the read timed out, or the server answered 5xx
    (``status``; ``api_error`` is then the API's error for that answer). ``sent_at`` is the client's clock
    (UTC) just before the uncertain attempt was sent: look for what the request would have created since
    then (e.g. list the senders, or the webhooks: a webhook's target is unique in its project; an id that
    is a ULID carries its creation time, :func:`sinch_provisioning.ids.ulid_time`) before trying again.
    """

    def __init__(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        cause: str,
        sent_at: datetime,
        status: int | None = None,
        api_error: SinchStatusError | None = None,
    ) -> None:
        self.cause = cause
        self.sent_at = sent_at
        self.status = status
        self.api_error = api_error
        super().__init__(
            operation,
            method,
            path,
            f"The outcome of {operation} ({method} {path}) is unknown: {sentence(clip(cause))} The request "
            f"may have been applied. It was sent at {sent_at.isoformat()} (client clock); check what exists "
            "now (list what it would have made) before trying again.",
        )


class SinchConnectionError(SinchError):
    """The API could not be reached, or a request failed in transport, after the retries allowed."""

    def __init__(self, method: str, path: str, *, cause: str, attempts: int) -> None:
        self.method = method
        self.path = path
        self.cause = cause
        self.attempts = attempts
        tries = {0: "nothing sent", 1: "1 attempt"}.get(attempts, f"{attempts} attempts")
        super().__init__(
            f"Could not complete {method} {path} ({tries}): {sentence(clip(cause))} Check the network and "
            "the configured Sinch URLs."
        )


class UnexpectedResponseError(SinchCallError):
    """A successful status with a body that is not what the API promises: not JSON, not the shape the
    operation needs (a sender without an ``id``, a ``state`` that is an object, ...), larger than the client
    reads, or a listing that would not end.

    ``operation`` is the call whose answer it was (``create_sender``, ``get_sender``, ``list_senders``, ...):
    an unusable answer to a create means the create was applied and its result is unknown (reconcile); the
    same error from any other operation says nothing about a create. ``applied`` is True when the request
    was one that must not be repeated blindly (a create) and the server answered 2xx: it was applied.
    """

    def __init__(
        self, operation: str, method: str, path: str, *, status: int, problem: str, applied: bool = False
    ) -> None:
        self.status = status
        self.problem = problem
        self.applied = applied
        after = (
            " The request was applied (HTTP 2xx) but its result is unknown: check what exists before sending "
            "it again."
            if applied
            else ""
        )
        text = f"Unexpected answer to {operation} ({method} {path}, HTTP {status}): {sentence(clip(problem))}"
        super().__init__(operation, method, path, text + after)


class TokenResponseError(SinchError):
    """The OAuth2 token endpoint answered 2xx with something that is not a token (an HTML page from a proxy
    or a captive portal, JSON without ``access_token``, a body too large to read).

    No API request was sent for the call that needed the token: nothing was created. ``token_url`` is the
    endpoint (scheme, host and path), ``status`` its answer, ``problem`` what was wrong with it.
    """

    def __init__(self, token_url: str, *, status: int, problem: str, operation: str = "oauth2_token") -> None:
        self.token_url = token_url
        self.status = status
        self.problem = problem
        self.operation = operation
        super().__init__(
            f"The Sinch auth server at {token_url} answered HTTP {status} without an access token: "
            f"{sentence(clip(problem))} No API request was sent. Check the configured auth URL "
            "(a proxy or a captive portal may be answering in its place)."
        )


@dataclass(frozen=True)
class ErrorAnswer:
    """A non-2xx answer to a call, as an :class:`ErrorDialect` reads it.

    ``body`` is the raw text: every text a dialect keeps from it goes through ``scrub`` first. ``location``
    is where a redirect pointed (absolute). ``operation``, ``project_id`` and ``key_id`` are for hints;
    ``attempts``, ``retry_after`` and ``note`` say how the call ended (the retries, the server's wait)."""

    status: int
    body: str
    scrub: Callable[[str], str]
    content_type: str = ""
    method: str = ""
    path: str = ""
    operation: str = ""
    project_id: str = ""
    key_id: str = ""
    attempts: int = 1
    retry_after: float | None = None
    note: str | None = None
    location: str | None = None


class ErrorDialect(Protocol):
    """How one API's error answers become errors: what its error body holds, which exception a status
    maps to, what hint helps. A connection takes one (``Connection(dialect=...)``) and hands every non-2xx
    answer to it; the body is read once, here."""

    def error(self, answer: ErrorAnswer) -> SinchStatusError:
        """The error for ``answer`` (the body parsed once, every text from it scrubbed)."""
        ...


class ProvisioningErrors:
    """The Provisioning API's dialect: ``RcsPapiErrorDto``/``WebhookPapiErrorDto`` bodies (and the OAuth2
    bodies of the token endpoint), the classes of :func:`error_class`, the hints of :func:`hint_for`."""

    def error(self, answer: ErrorAnswer) -> SinchApiError:
        parsed = parse_error_body(answer.body, answer.scrub)
        error_code = parsed.get("error_code") if parsed else None
        hint = hint_for(
            answer.status,
            error_code,
            project_id=answer.project_id,
            key_id=answer.key_id,
            operation=answer.operation,
        )
        return _provisioning_error(answer, parsed, hint)

    def __repr__(self) -> str:
        return "ProvisioningErrors()"


PROVISIONING_ERRORS = ProvisioningErrors()
"""The dialect of the Provisioning API (and of the token endpoint)."""


def api_error(
    status: int,
    body: str,
    *,
    content_type: str = "",
    method: str = "",
    path: str = "",
    hint: str | None = None,
    attempts: int = 1,
    retry_after: float | None = None,
    note: str | None = None,
    scrub: Callable[[str], str] | None = None,
    location: str | None = None,
) -> SinchApiError:
    """The error for a non-2xx answer of the Provisioning API with the ``hint`` given (none by default);
    ``scrub`` cleans every text taken from ``body``.

    For a redirect (3xx), ``location`` is where it pointed (absolute): the text names it (scheme, host and
    path only) and says that the client does not follow redirects."""
    answer = ErrorAnswer(
        status,
        body,
        scrub or _unchanged,
        content_type=content_type,
        method=method,
        path=path,
        attempts=attempts,
        retry_after=retry_after,
        note=note,
        location=location,
    )
    return _provisioning_error(answer, parse_error_body(body, scrub), hint)


def status_fields(answer: ErrorAnswer, hint: str | None) -> StatusErrorFields:
    """The fields every dialect's error takes from the answer as they are."""
    return {
        "method": answer.method,
        "path": answer.path,
        "hint": hint,
        "attempts": answer.attempts,
        "note": answer.note,
    }


def unparsed_answer(answer: ErrorAnswer) -> tuple[str, str | None]:
    """The message and body snippet of an answer whose body is not the API's error body, or of a redirect
    (whatever its body): for every dialect."""
    clean = answer.scrub
    if 300 <= answer.status < 400:
        location = None if answer.location is None else clean(answer.location)
        snippet = clip(clean(answer.body), SNIPPET_LENGTH, one_line=True) if answer.body.strip() else None
        return redirect_message(answer.status, location), snippet
    cleaned = clean(answer.body)
    if not cleaned.strip():
        return "the response had no body", clip(cleaned, SNIPPET_LENGTH, one_line=True)
    kind = answer.content_type.split(";")[0].strip() or "unknown content type"
    snippet = clip(cleaned, SNIPPET_LENGTH, one_line=True)
    return f"the response was not a Sinch error body ({kind}): {snippet!r}", snippet


def _provisioning_error(
    answer: ErrorAnswer, parsed: dict[str, Any] | None, hint: str | None
) -> SinchApiError:
    kwargs: dict[str, Any] = dict(status_fields(answer, hint))
    if parsed is None or 300 <= answer.status < 400:
        message, kwargs["body_snippet"] = unparsed_answer(answer)
    else:
        message = parsed.pop("message")
        kwargs.update(parsed)
    cls = error_class(answer.status, kwargs.get("error_code"))
    if cls is RateLimitedError:
        return RateLimitedError(answer.status, message, retry_after=answer.retry_after, **kwargs)
    return cls(answer.status, message, **kwargs)


def error_class(status: int, error_code: str | None) -> type[SinchApiError]:
    """Which ``SinchApiError`` subclass a status (and, for 403, the error code) maps to."""
    if status == 401:
        return AuthenticationError
    if status == 403:
        return SinchApiError if error_code in RCS_FORBIDDEN_CODES else AuthenticationError
    if status == 404:
        return NotFoundError
    if status == 429:
        return RateLimitedError
    return SinchApiError


def parse_error_body(body: str, scrub: Callable[[str], str] | None = None) -> dict[str, Any] | None:
    """``RcsPapiErrorDto`` fields as keyword arguments, or None when ``body`` is not such a body.

    Also understands the OAuth2 error body of the token endpoint (``error``, ``error_description``).
    Every text is passed through ``scrub`` (when given).
    """
    data = json_object_of(body)
    if data is None:
        return None

    def clean(text: str) -> str:
        return clip((scrub or _unchanged)(text), KEPT_LENGTH)

    if isinstance(data.get("errorCode"), str):
        resolution = _text(data.get("resolution"))
        return {
            "error_code": clean(data["errorCode"]),
            "message": clean(_text(data.get("message")) or "(no message)"),
            "resolution": None if resolution is None else clean(resolution),
            "additional_information": _additional_information(data.get("additionalInformation"), clean),
        }
    if isinstance(data.get("error"), str):
        return {
            "error_code": clean(data["error"]),
            "message": clean(_text(data.get("error_description")) or "(no description)"),
            "resolution": None,
            "additional_information": {},
        }
    return None


def json_object_of(text: str) -> dict[str, Any] | None:
    """``text`` as a JSON object, or None when it is not one (not JSON, another JSON value, nested too deep
    for the parser)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def clip(text: str, length: int = TEXT_LENGTH, *, one_line: bool = False) -> str:
    """``text`` cut to ``length`` characters (and ``...``) if longer; with ``one_line``, its runs of
    whitespace (line breaks included) first made single spaces (the start of a body we could not parse)."""
    if one_line:
        text = " ".join(text[: length * 4].split())
    return text if len(text) <= length else text[:length] + "..."


def redirect_message(status: int, location: str | None) -> str:
    """What a redirect answer says: where it pointed (no query: it may carry a token), and why it was not
    followed."""
    if not location:
        where = "without a Location"
    else:
        parts = urlsplit(location)
        port = f":{parts.port}" if parts.port else ""
        where = f"to {parts.scheme}://{parts.hostname}{port}{parts.path or '/'}"
    return (
        f"the server answered with a redirect (HTTP {status}) {where}; the client does not follow redirects, "
        "so that the credentials are never sent on to another address"
    )


def hint_for(
    status: int, error_code: str | None, *, project_id: str, key_id: str, operation: str
) -> str | None:
    """What a person should check for this answer, when the API's own text is not enough."""
    if error_code == "rbm_has_not_been_used":
        return (
            f"RCS is not enabled on project {project_id!r}: ask Sinch to enable RCS for it "
            "(si-richmessaging@sinch.com)."
        )
    if error_code == "project_not_found":
        return f"Check the project id {project_id!r} (Sinch dashboard, project settings)."
    if status == 401:
        return (
            f"The access key {key_id!r} was refused: check the key id and secret, and that the key "
            f"belongs to project {project_id!r} (Sinch dashboard > Settings > Access keys)."
        )
    if status == 403 and error_code not in RCS_FORBIDDEN_CODES:
        what = "webhooks" if "webhook" in operation else "RCS senders"
        return f"The access key {key_id!r} is not allowed to manage {what} of project {project_id!r}."
    if status == 429 and operation in {"add_test_numbers", "retry_test_number"}:
        return (
            "Tester invites are limited to 20 per day and 200 in total per sender; "
            "wait 24 hours before inviting more."
        )
    if 300 <= status < 400:
        return "Check the configured Sinch URL; if the address the redirect names is the right one, use it."
    return None


def _additional_information(value: Any, clean: Callable[[str], str]) -> AdditionalInformation:
    if not isinstance(value, dict):
        return {}
    out: AdditionalInformation = {}
    for key, item in list(value.items())[:KEPT_ITEMS]:
        if isinstance(item, list):
            out[clean(str(key))] = [clean(_text(element) or "") for element in item[:KEPT_ITEMS]]
        else:
            out[clean(str(key))] = clean(_text(item) or "")
    return out


def _unchanged(text: str) -> str:
    return text


def _as_list(value: list[str] | str | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return list(value)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)


def listed(items: list[str], separator: str = "; ") -> str:
    """At most :data:`SHOWN_ITEMS` of ``items``, each clipped, and how many more there are."""
    shown = separator.join(clip(item, ITEM_LENGTH) for item in items[:SHOWN_ITEMS])
    more = len(items) - SHOWN_ITEMS
    return shown if more <= 0 else f"{shown}{separator}and {more} more"


def sentence(text: str) -> str:
    """``text`` ending as a sentence does."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."
