"""``SinchRcsClient``: every RCS operation of the Sinch Provisioning API (spec v1.2.117), as plain dicts.

    with SinchRcsClient.from_access_key(project_id, key_id, key_secret) as client:
        sender = client.create_sender({"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"})
        client.launch_sender(sender["id"])

Answers are the API's JSON (``dict``); failures raise the errors of :mod:`provider.errors`. One client is
meant to be shared: it holds one pooled ``requests.Session`` and a thread-safe token cache, and keeps no
other mutable state, so several threads may call it at once.

Which requests are repeated on a transient failure (see :mod:`provider.retry`):

- GET, PATCH, DELETE and the launch POST: on connection errors, timeouts, 429, 500, 502, 503, 504.
- The create-sender, add-test-numbers and comment POSTs: only when nothing can have reached the server
  (the connection could not be made) or on 429. Otherwise (connection broken after sending, read
  timeout, any 5xx) they raise ``OutcomeUnknownError`` for the caller to reconcile.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Literal, NoReturn, TypedDict, Unpack
from urllib.parse import quote, urlsplit

import requests

from provider.auth import DEFAULT_AUTH_URL, BasicAuth, OAuth2ClientCredentials
from provider.errors import SinchApiError, UnexpectedResponseError, hint_for, parse_error_body
from provider.retry import Replay, RetryPolicy
from provider.transport import (
    Call,
    Reply,
    Timeout,
    Transport,
    answer_error,
    check_no_hidden_retries,
    check_url,
    new_session,
)

__all__ = [
    "DEFAULT_AUTH_URL",
    "DEFAULT_BASE_URL",
    "MAX_PAGE_SIZE",
    "AuthMethod",
    "BasicAuth",
    "ClientAuth",
    "JsonObject",
    "OAuth2ClientCredentials",
    "RetryPolicy",
    "SenderFilters",
    "SinchRcsClient",
    "Timeout",
]

DEFAULT_BASE_URL = "https://provisioning.api.sinch.com"
VERSION = "0.1.0"
USER_AGENT = f"sinch-rcs-pulumi/{VERSION} {requests.utils.default_user_agent()}"
MAX_PAGE_SIZE = 100
DEFAULT_POOL_SIZE = 10

JsonObject = dict[str, Any]
AuthMethod = Literal["oauth2", "basic"]
ClientAuth = BasicAuth | OAuth2ClientCredentials
SortColumn = Literal["CREATED", "MODIFIED", "NAME", "STATE"]
SortDirection = Literal["ASC", "DESC"]
UsQuestionnaireVersion = Literal["v1", "v2"]
UsQuestionnaireBrandCampaignVersion = Literal["US_PUBLIC", "US_PRIVATE", "NON_US_PUBLIC", "NON_US_PRIVATE"]


class SenderFilters(TypedDict, total=False):
    """The filters and sort order of the senders list (keyword arguments of the list methods).

    ``filter_states`` are sender states (``IN_TEST``, ...); ``filter_sender_ids`` is sent comma-separated;
    ``search`` matches the name partially and case-insensitively; ``filter_sender_name`` is deprecated by
    the API in favour of ``search`` (a ``DeprecationWarning``).
    """

    filter_states: str | Iterable[str] | None
    filter_sender_ids: str | Iterable[str] | None
    filter_conversation_api_app_id: str | None
    search: str | None
    filter_sender_name: str | None
    sort_column: SortColumn | None
    sort_direction: SortDirection | None


class SinchRcsClient:
    """A client for the RCS part of the Sinch Provisioning API, scoped to one project."""

    def __init__(
        self,
        project_id: str,
        auth: ClientAuth,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: Timeout = Timeout(),  # noqa: B008 - immutable
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 - immutable
        session: requests.Session | None = None,
        user_agent: str = USER_AGENT,
        pool_maxsize: int = DEFAULT_POOL_SIZE,
    ) -> None:
        if not project_id:
            raise ValueError("project_id is required")
        self.project_id = project_id
        self.base_url = check_url(base_url, "base_url").rstrip("/")
        self.auth = auth
        self._owns_session = session is None
        if session is None:
            session = new_session(pool_maxsize, user_agent)
        else:
            check_no_hidden_retries(session, self.base_url)
        self._transport = Transport(session, timeout=timeout, retry=retry)

    @classmethod
    def from_access_key(
        cls,
        project_id: str,
        key_id: str,
        key_secret: str,
        *,
        auth_method: AuthMethod = "oauth2",
        base_url: str = DEFAULT_BASE_URL,
        auth_url: str = DEFAULT_AUTH_URL,
        timeout: Timeout = Timeout(),  # noqa: B008 - immutable
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 - immutable
        session: requests.Session | None = None,
        user_agent: str = USER_AGENT,
        pool_maxsize: int = DEFAULT_POOL_SIZE,
    ) -> SinchRcsClient:
        """A client authenticating with a project access key, by OAuth2 (default) or HTTP Basic."""
        auth: ClientAuth
        if auth_method == "oauth2":
            auth = OAuth2ClientCredentials(key_id, key_secret, auth_url)
        elif auth_method == "basic":
            auth = BasicAuth(key_id, key_secret)
        else:
            raise ValueError(f"auth_method must be 'oauth2' or 'basic', got {auth_method!r}")
        return cls(
            project_id,
            auth,
            base_url=base_url,
            timeout=timeout,
            retry=retry,
            session=session,
            user_agent=user_agent,
            pool_maxsize=pool_maxsize,
        )

    @property
    def timeout(self) -> Timeout:
        return self._transport.timeout

    @property
    def retry(self) -> RetryPolicy:
        return self._transport.retry

    # --- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the pooled connections (unless the session was given by the caller)."""
        if self._owns_session:
            self._transport.session.close()

    def __enter__(self) -> SinchRcsClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"SinchRcsClient(base_url={self.base_url!r}, project_id={self.project_id!r}, auth={self.auth!r})"
        )

    def __reduce__(self) -> NoReturn:
        raise TypeError(
            "SinchRcsClient holds credentials and a live session and cannot be pickled; build it where it "
            "is used (in a Pulumi provider: in configure(), not in __init__)"
        )

    # --- senders ---------------------------------------------------------------------------------

    def list_senders(
        self, *, page_size: int = MAX_PAGE_SIZE, **filters: Unpack[SenderFilters]
    ) -> list[JsonObject]:
        """Every sender matching the filters (:class:`SenderFilters`), following ``nextPageToken`` to the
        last page."""
        params = _sender_filters(filters)
        return list(self._iter_pages("list_senders", ("senders",), params, page_size, "senders"))

    def iter_senders(
        self, *, page_size: int = MAX_PAGE_SIZE, **filters: Unpack[SenderFilters]
    ) -> Iterator[JsonObject]:
        """Like :meth:`list_senders`, fetching each page only when the previous one is used up."""
        params = _sender_filters(filters)
        return self._iter_pages("list_senders", ("senders",), params, page_size, "senders")

    def list_senders_page(
        self,
        *,
        page_token: str | None = None,
        page_size: int | None = None,
        **filters: Unpack[SenderFilters],
    ) -> JsonObject:
        """One page of senders as the API returns it (``senders``, ``totalSize``, ``nextPageToken``, ...)."""
        params = [*_sender_filters(filters), *_page_params(page_size, page_token)]
        return self._object("list_senders", "GET", ("senders",), params=params)

    def create_sender(self, body: Mapping[str, Any]) -> JsonObject:
        """Create a sender (201). Never repeated once it may have reached the server: on a broken
        connection, read timeout or 5xx it raises ``OutcomeUnknownError``."""
        return self._object("create_sender", "POST", ("senders",), body=body, replay=Replay.UNSAFE)

    def get_sender(self, sender_id: str) -> JsonObject:
        """One sender; ``NotFoundError`` (``error_code`` ``sender_not_found``) if there is none."""
        return self._object("get_sender", "GET", ("senders", _id(sender_id, "sender_id")))

    def update_sender(
        self,
        sender_id: str,
        body: Mapping[str, Any],
        *,
        us_questionnaire_version: UsQuestionnaireVersion | None = None,
    ) -> JsonObject:
        """PATCH the sender with ``body`` (``{"details": {...}}``): omitted fields stay, ``None`` deletes."""
        params = [("usQuestionnaireVersion", us_questionnaire_version)] if us_questionnaire_version else []
        return self._object(
            "update_sender", "PATCH", ("senders", _id(sender_id, "sender_id")), params=params, body=body
        )

    def launch_sender(self, sender_id: str) -> JsonObject:
        """Start the launch (no request body). Safe to repeat: launching a launching sender is allowed."""
        return self._object("launch_sender", "POST", ("senders", _id(sender_id, "sender_id"), "launch"))

    # --- test numbers ----------------------------------------------------------------------------

    def add_test_numbers(self, sender_id: str, numbers: Iterable[str]) -> JsonObject:
        """Invite test numbers (E.164). Not repeated once it may have reached the server (each invite
        counts against the tester quota): raises ``OutcomeUnknownError`` instead."""
        body = {"testNumbers": list(numbers)}
        path = ("senders", _id(sender_id, "sender_id"), "testNumbers")
        return self._object("add_test_numbers", "POST", path, body=body, replay=Replay.UNSAFE)

    def get_test_number(self, sender_id: str, number: str) -> JsonObject:
        """The state of one test number."""
        return self._object("get_test_number", "GET", _test_number_path(sender_id, number))

    def delete_test_number(self, sender_id: str, number: str) -> None:
        """Remove a test number (204)."""
        self._send("delete_test_number", "DELETE", _test_number_path(sender_id, number))

    def retry_test_number(self, sender_id: str, number: str) -> JsonObject:
        """Send the tester invite again (a GET with a side effect: the number goes back to UNVERIFIED)."""
        # Each call sends an invite and uses quota: never repeated blindly, like a create.
        path = (*_test_number_path(sender_id, number), "retry")
        return self._object("retry_test_number", "GET", path, replay=Replay.UNSAFE)

    def get_test_number_capabilities(self, sender_id: str, number: str) -> JsonObject:
        """The RBM features the tester's device supports (needs an accepted invite)."""
        path = (*_test_number_path(sender_id, number), "capabilities")
        return self._object("get_test_number_capabilities", "GET", path)

    # --- activities and comments -----------------------------------------------------------------

    def list_sender_activities(self, sender_id: str, *, page_size: int = MAX_PAGE_SIZE) -> list[JsonObject]:
        """Every notification of the sender's activity log (newest first), across all pages."""
        return list(self.iter_sender_activities(sender_id, page_size=page_size))

    def iter_sender_activities(
        self, sender_id: str, *, page_size: int = MAX_PAGE_SIZE
    ) -> Iterator[JsonObject]:
        """Like :meth:`list_sender_activities`, one page at a time."""
        path = ("senders", _id(sender_id, "sender_id"), "activities")
        return self._iter_pages("list_sender_activities", path, [], page_size, "notifications")

    def create_sender_comment(self, sender_id: str, text: str) -> JsonObject:
        """Add a comment to a sender (201). Not repeated once it may have reached the server."""
        path = ("senders", _id(sender_id, "sender_id"), "comments")
        body = {"comment": text}
        return self._object("create_sender_comment", "POST", path, body=body, replay=Replay.UNSAFE)

    def list_account_activities(self, *, page_size: int = MAX_PAGE_SIZE) -> list[JsonObject]:
        """Every notification of the RCS account's activity log (newest first), across all pages."""
        return list(self.iter_account_activities(page_size=page_size))

    def iter_account_activities(self, *, page_size: int = MAX_PAGE_SIZE) -> Iterator[JsonObject]:
        """Like :meth:`list_account_activities`, one page at a time."""
        return self._iter_pages("list_account_activities", ("activities",), [], page_size, "notifications")

    def create_account_comment(self, text: str) -> JsonObject:
        """Add a comment to the RCS account (201). Not repeated once it may have reached the server."""
        body = {"comment": text}
        return self._object("create_account_comment", "POST", ("comments",), body=body, replay=Replay.UNSAFE)

    # --- questionnaire ---------------------------------------------------------------------------

    def get_questionnaire(
        self,
        use_case: str,
        *,
        countries: Iterable[str] | None = None,
        us_questionnaire_version: UsQuestionnaireVersion | None = None,
        us_questionnaire_brand_campaign_version: UsQuestionnaireBrandCampaignVersion | None = None,
    ) -> JsonObject:
        """The launch questions for a use case (``MULTIUSE``, ``OTP``, ...), optionally per country."""
        params = [("countries", country) for country in _strings(countries)]
        if us_questionnaire_version:
            params.append(("usQuestionnaireVersion", us_questionnaire_version))
        if us_questionnaire_brand_campaign_version:
            params.append(("usQuestionnaireBrandCampaignVersion", us_questionnaire_brand_campaign_version))
        path = ("questionnaire", _id(use_case, "use_case"))
        return self._object("get_questionnaire", "GET", path, params=params)

    # --- plumbing --------------------------------------------------------------------------------

    def _url(self, segments: Sequence[str]) -> str:
        encoded = "/".join(quote(segment, safe="") for segment in segments)
        return f"{self.base_url}/v1/projects/{quote(self.project_id, safe='')}/rcs/{encoded}"

    def _send(
        self,
        operation: str,
        method: str,
        segments: Sequence[str],
        *,
        params: Sequence[tuple[str, str]] = (),
        body: Mapping[str, Any] | None = None,
        replay: Replay = Replay.SAFE,
    ) -> Reply:
        call = Call(
            operation=operation,
            method=method,
            url=self._url(segments),
            replay=replay,
            params=tuple(params),
            body=None if body is None else json.dumps(body, allow_nan=False, separators=(",", ":")).encode(),
            content_type=None if body is None else "application/json",
        )
        reply = self._transport.send(call, self.auth)
        if not 200 <= reply.response.status_code < 300:
            raise self._error(reply, call)
        return reply

    def _object(
        self,
        operation: str,
        method: str,
        segments: Sequence[str],
        *,
        params: Sequence[tuple[str, str]] = (),
        body: Mapping[str, Any] | None = None,
        replay: Replay = Replay.SAFE,
    ) -> JsonObject:
        reply = self._send(operation, method, segments, params=params, body=body, replay=replay)
        response = reply.response
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            kind = response.headers.get("Content-Type", "no content type")
            raise UnexpectedResponseError(
                method,
                self._path(segments),
                status=response.status_code,
                problem=f"expected a JSON object, got {kind}",
            )
        return data

    def _iter_pages(
        self,
        operation: str,
        segments: Sequence[str],
        params: Sequence[tuple[str, str]],
        page_size: int,
        items_key: str,
    ) -> Iterator[JsonObject]:
        _check_page_size(page_size)
        return self._pages(operation, segments, params, page_size, items_key)

    def _pages(
        self,
        operation: str,
        segments: Sequence[str],
        params: Sequence[tuple[str, str]],
        page_size: int,
        items_key: str,
    ) -> Iterator[JsonObject]:
        token: str | None = None
        seen: set[str] = set()
        while True:
            page_params = [*params, *_page_params(page_size, token)]
            page = self._object(operation, "GET", segments, params=page_params)
            items = page.get(items_key)
            if not isinstance(items, list):
                raise UnexpectedResponseError(
                    "GET", self._path(segments), status=200, problem=f"the page has no {items_key!r} list"
                )
            yield from items
            next_token = page.get("nextPageToken")
            if not next_token:
                return
            if not isinstance(next_token, str) or next_token in seen:
                raise UnexpectedResponseError(
                    "GET",
                    self._path(segments),
                    status=200,
                    problem="the API returned a page token it had returned before; stopped to avoid a loop",
                )
            seen.add(next_token)
            token = next_token

    def _path(self, segments: Sequence[str]) -> str:
        return urlsplit(self._url(segments)).path

    def _error(self, reply: Reply, call: Call) -> SinchApiError:
        status = reply.response.status_code
        parsed = parse_error_body(reply.response.text)
        error_code = parsed.get("error_code") if parsed else None
        hint = hint_for(
            status, error_code, project_id=self.project_id, key_id=self.auth.key_id, operation=call.operation
        )
        note = None
        if reply.retry_after_too_long and reply.retry_after is not None:
            note = (
                f"The server asked to wait {reply.retry_after:g} s (Retry-After), longer than the "
                f"{self.retry.max_delay:g} s this client waits, so the request was not retried"
            )
        elif reply.attempts > 1:
            note = f"Gave up after {reply.attempts} attempts"
        return answer_error(
            call,
            reply.response,
            self.auth,
            attempts=reply.attempts,
            hint=hint,
            retry_after=reply.retry_after,
            note=note,
        )


def _id(value: str, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def _test_number_path(sender_id: str, number: str) -> tuple[str, ...]:
    return ("senders", _id(sender_id, "sender_id"), "testNumbers", _id(number, "number"))


def _strings(values: str | Iterable[str] | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    return list(values)


def _check_page_size(page_size: int) -> None:
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {page_size}")


def _page_params(page_size: int | None, page_token: str | None) -> list[tuple[str, str]]:
    params: list[tuple[str, str]] = []
    if page_size is not None:
        _check_page_size(page_size)
        params.append(("pageSize", str(page_size)))
    if page_token:
        params.append(("pageToken", page_token))
    return params


def _sender_filters(filters: SenderFilters) -> list[tuple[str, str]]:
    """The list-senders query. ``filterStates`` is an array (style form, explode: one pair per state).

    Call it from the public method itself: the deprecation warning names the line that called that."""
    params = [("filterStates", state) for state in _strings(filters.get("filter_states"))]
    sender_ids = _strings(filters.get("filter_sender_ids"))
    if sender_ids:
        params.append(("filterSenderIds", ",".join(sender_ids)))
    if conversation_api_app_id := filters.get("filter_conversation_api_app_id"):
        params.append(("filterConversationApiAppId", conversation_api_app_id))
    if search := filters.get("search"):
        params.append(("search", search))
    if sender_name := filters.get("filter_sender_name"):
        warnings.warn(
            "filter_sender_name is deprecated by the Sinch API; use search instead",
            DeprecationWarning,
            stacklevel=3,
        )
        params.append(("filterSenderName", sender_name))
    if sort_column := filters.get("sort_column"):
        params.append(("sortColumn", sort_column))
    if sort_direction := filters.get("sort_direction"):
        params.append(("sortDirection", sort_direction))
    return params
