"""``SinchRcsClient``: every RCS operation of the Sinch Provisioning API (spec v1.2.117), as plain dicts.

    with SinchRcsClient.from_access_key(project_id, key_id, key_secret) as client:
        sender = client.create_sender({"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"})
        client.launch_sender(sender["id"])

Answers are the API's JSON (``dict``); failures raise the errors of :mod:`sinch_provisioning.errors`. Built
on a :class:`~sinch_provisioning.connection.Connection` (one pooled session, one thread-safe token cache),
it may be shared by several threads.

Which requests are repeated on a transient failure (see :mod:`sinch_provisioning.transport`):

- GET, PATCH, DELETE and the launch POST: on connection errors, timeouts, 429, 500, 502, 503, 504.
- The create-sender, add-test-numbers and comment POSTs, and the invite-retry GET: only when nothing can
  have reached the server (the connection could not be made) or on 429. Otherwise (connection broken after
  sending, read timeout, the request's deadline, any 5xx) they raise ``OutcomeUnknownError`` for the caller
  to reconcile.

Every sender answer (create, get, update, launch, and each listed sender) is checked for what the provider
relies on (:data:`~sinch_provisioning.shapes.SENDER`: a non-empty string ``id``, string ``state``,
``region``, ``billingCategory``, ``useCase``); anything else raises ``UnexpectedResponseError`` with the
operation's name (for ``create_sender`` with ``applied=True``: the sender was created, its answer is lost).
Listings follow at most ``max_pages`` pages.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, TypedDict, Unpack

from sinch_provisioning.connection import (
    DEFAULT_MAX_PAGES,
    JsonObject,
    ResourceClient,
    check_page_size,
    identifier,
    page_query,
)
from sinch_provisioning.retry import Replay
from sinch_provisioning.shapes import SENDER, Shape

__all__ = ["MAX_PAGE_SIZE", "SenderFilters", "SinchRcsClient"]

MAX_PAGE_SIZE = 100

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


class SinchRcsClient(ResourceClient):
    """A client for the RCS part of the Sinch Provisioning API, scoped to one project."""

    # --- senders ---------------------------------------------------------------------------------

    def list_senders(
        self,
        *,
        page_size: int = MAX_PAGE_SIZE,
        max_pages: int = DEFAULT_MAX_PAGES,
        **filters: Unpack[SenderFilters],
    ) -> list[JsonObject]:
        """Every sender matching the filters (:class:`SenderFilters`), following ``nextPageToken`` to the
        last page (at most ``max_pages`` pages)."""
        params = _sender_filters(filters)
        return list(
            self._iter_pages("list_senders", ("senders",), params, page_size, "senders", SENDER, max_pages)
        )

    def iter_senders(
        self,
        *,
        page_size: int = MAX_PAGE_SIZE,
        max_pages: int = DEFAULT_MAX_PAGES,
        **filters: Unpack[SenderFilters],
    ) -> Iterator[JsonObject]:
        """Like :meth:`list_senders`, fetching each page only when the previous one is used up."""
        params = _sender_filters(filters)
        return self._iter_pages("list_senders", ("senders",), params, page_size, "senders", SENDER, max_pages)

    def list_senders_page(
        self,
        *,
        page_token: str | None = None,
        page_size: int | None = None,
        **filters: Unpack[SenderFilters],
    ) -> JsonObject:
        """One page of senders as the API returns it (``senders``, ``totalSize``, ``nextPageToken``, ...)."""
        params = [*_sender_filters(filters), *_page_params(page_size, page_token)]
        segments = ("rcs", "senders")
        page, _ = self.connection.listing(
            "list_senders", segments, items_key="senders", item_shape=SENDER, params=params
        )
        return page

    def create_sender(self, body: Mapping[str, Any]) -> JsonObject:
        """Create a sender (201). Never repeated once it may have reached the server: on a broken
        connection, read timeout or 5xx it raises ``OutcomeUnknownError``."""
        return self._object(
            "create_sender", "POST", ("senders",), body=body, replay=Replay.UNSAFE, shape=SENDER
        )

    def get_sender(self, sender_id: str) -> JsonObject:
        """One sender; ``NotFoundError`` (``error_code`` ``sender_not_found``) if there is none."""
        return self._object(
            "get_sender", "GET", ("senders", identifier(sender_id, "sender_id")), shape=SENDER
        )

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
            "update_sender",
            "PATCH",
            ("senders", identifier(sender_id, "sender_id")),
            params=params,
            body=body,
            shape=SENDER,
        )

    def launch_sender(self, sender_id: str) -> JsonObject:
        """Start the launch (no request body). Safe to repeat: launching a launching sender is allowed."""
        return self._object(
            "launch_sender", "POST", ("senders", identifier(sender_id, "sender_id"), "launch"), shape=SENDER
        )

    # --- test numbers ----------------------------------------------------------------------------

    def add_test_numbers(self, sender_id: str, numbers: Iterable[str]) -> JsonObject:
        """Invite test numbers (E.164). Not repeated once it may have reached the server (each invite
        counts against the tester quota): raises ``OutcomeUnknownError`` instead."""
        body = {"testNumbers": list(numbers)}
        path = ("senders", identifier(sender_id, "sender_id"), "testNumbers")
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

    def list_sender_activities(
        self, sender_id: str, *, page_size: int = MAX_PAGE_SIZE, max_pages: int = DEFAULT_MAX_PAGES
    ) -> list[JsonObject]:
        """Every notification of the sender's activity log (newest first), across all pages."""
        return list(self.iter_sender_activities(sender_id, page_size=page_size, max_pages=max_pages))

    def iter_sender_activities(
        self, sender_id: str, *, page_size: int = MAX_PAGE_SIZE, max_pages: int = DEFAULT_MAX_PAGES
    ) -> Iterator[JsonObject]:
        """Like :meth:`list_sender_activities`, one page at a time."""
        path = ("senders", identifier(sender_id, "sender_id"), "activities")
        return self._iter_pages(
            "list_sender_activities", path, [], page_size, "notifications", None, max_pages
        )

    def create_sender_comment(self, sender_id: str, text: str) -> JsonObject:
        """Add a comment to a sender (201). Not repeated once it may have reached the server."""
        path = ("senders", identifier(sender_id, "sender_id"), "comments")
        body = {"comment": text}
        return self._object("create_sender_comment", "POST", path, body=body, replay=Replay.UNSAFE)

    def list_account_activities(
        self, *, page_size: int = MAX_PAGE_SIZE, max_pages: int = DEFAULT_MAX_PAGES
    ) -> list[JsonObject]:
        """Every notification of the RCS account's activity log (newest first), across all pages."""
        return list(self.iter_account_activities(page_size=page_size, max_pages=max_pages))

    def iter_account_activities(
        self, *, page_size: int = MAX_PAGE_SIZE, max_pages: int = DEFAULT_MAX_PAGES
    ) -> Iterator[JsonObject]:
        """Like :meth:`list_account_activities`, one page at a time."""
        return self._iter_pages(
            "list_account_activities", ("activities",), [], page_size, "notifications", None, max_pages
        )

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
        path = ("questionnaire", identifier(use_case, "use_case"))
        return self._object("get_questionnaire", "GET", path, params=params)

    # --- plumbing --------------------------------------------------------------------------------

    def _object(
        self,
        operation: str,
        method: str,
        segments: Sequence[str],
        *,
        params: Sequence[tuple[str, str]] = (),
        body: Mapping[str, Any] | None = None,
        replay: Replay = Replay.SAFE,
        shape: Shape | None = None,
    ) -> JsonObject:
        return self.connection.json_object(
            operation, method, ("rcs", *segments), params=params, body=body, replay=replay, shape=shape
        )

    def _send(self, operation: str, method: str, segments: Sequence[str]) -> None:
        self.connection.send(operation, method, ("rcs", *segments))

    def _iter_pages(
        self,
        operation: str,
        segments: Sequence[str],
        params: Sequence[tuple[str, str]],
        page_size: int,
        items_key: str,
        item_shape: Shape | None,
        max_pages: int,
    ) -> Iterator[JsonObject]:
        check_page_size(page_size, MAX_PAGE_SIZE)
        return self.connection.pages(
            operation,
            ("rcs", *segments),
            params,
            page_size=page_size,
            items_key=items_key,
            item_shape=item_shape,
            max_pages=max_pages,
        )


def _test_number_path(sender_id: str, number: str) -> tuple[str, ...]:
    return ("senders", identifier(sender_id, "sender_id"), "testNumbers", identifier(number, "number"))


def _strings(values: str | Iterable[str] | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    return list(values)


def _page_params(page_size: int | None, page_token: str | None) -> list[tuple[str, str]]:
    if page_size is not None:
        check_page_size(page_size, MAX_PAGE_SIZE)
    return page_query(page_size, page_token)


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
