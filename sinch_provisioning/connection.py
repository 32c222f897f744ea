"""``Connection``: one Sinch project's line to the Provisioning API, shared by the resource clients.

    connection = Connection.from_access_key(project_id, key_id, key_secret)
    senders, webhooks = SinchRcsClient(connection), WebhooksClient(connection)

A connection (:class:`ApiConnection`, the base of ``Connection`` and of the Conversation API's
``sinch_conversation.ConversationConnection``) holds the base URL, the API's error dialect, the
credentials (one thread-safe token cache) and a transport (one pooled ``requests.Session``, the timeouts,
the retry policy, the secrets to scrub), and turns a call (operation name, method, path under
``/v1/projects/{projectId}/``, query, JSON body) into the API's JSON answer or one of the errors of
:mod:`sinch_provisioning.errors` (a non-2xx answer: the dialect's). It keeps no other mutable state, so
several threads may use it at once. Which calls are repeated on a transient failure is decided by each
call's :class:`~sinch_provisioning.retry.Replay` (see :mod:`sinch_provisioning.transport`).

Two connections of one project to two APIs share one line: a connection made with
:meth:`ApiConnection._sharing` (``ConversationConnection.beside(connection, region=...)``) uses the other's
credentials and transport, so one OAuth2 token serves both APIs, one pool carries both, and a secret
registered through either is scrubbed from the texts of both. Closing it leaves the line open; closing
the connection that made the line closes it for both.

What a connection guarantees a resource client:

- an answer is handed on only if it is what the call needs: ``json_object(..., shape=...)``,
  ``listing(..., item_shape=...)`` and ``pages(..., item_shape=...)`` check it against a
  :class:`~sinch_provisioning.shapes.Shape`, else ``UnexpectedResponseError`` (with the call's
  ``operation``);
- a listing follows at most ``max_pages`` pages (:data:`DEFAULT_MAX_PAGES`) and never the same token twice;
- every call ends within ``Timeout.operation`` and reads at most ``max_answer_bytes``;
- no text it builds holds a secret: the credentials' and those registered with :meth:`register_secret`;
- proxy and CA settings come from the environment as it was when the connection was made (see
  :mod:`sinch_provisioning.transport`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Generic, Self, TypedDict, TypeVar, Unpack
from urllib.parse import quote, urlsplit

import requests

from sinch_provisioning.auth import DEFAULT_AUTH_URL, AuthMethod, ClientAuth, Unpicklable, access_key_auth
from sinch_provisioning.errors import (
    PROVISIONING_ERRORS,
    ErrorDialect,
    OutcomeUnknownError,
    SinchStatusError,
    UnexpectedResponseError,
    clip,
)
from sinch_provisioning.retry import Replay, RetryPolicy
from sinch_provisioning.shapes import Shape, kind
from sinch_provisioning.transport import (
    DEFAULT_MAX_ANSWER_BYTES,
    Call,
    Reply,
    Timeout,
    Transport,
    check_session,
    check_url,
    error_answer,
    new_session,
)
from sinch_provisioning.version import VERSION

DEFAULT_BASE_URL = "https://provisioning.api.sinch.com"
USER_AGENT = f"sinch-rcs-pulumi/{VERSION} {requests.utils.default_user_agent()}"
DEFAULT_POOL_SIZE = 32
"""Pooled connections per host. Above the most requests that run at once: the native plugin runs up to this
many operations in parallel (the engine's default ``--parallel`` is 16, the CLI's 4 per CPU), and a request
beyond the pool's size would open a connection of its own, which the pool then closes instead of keeping."""
DEFAULT_MAX_PAGES = 1000
"""The most pages a listing follows: 100,000 senders or notifications at the largest page size."""
MAX_PAGE_TOKEN_LENGTH = 2048

JsonObject = dict[str, Any]
Params = Sequence[tuple[str, str]]

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_PAGES",
    "AccessKeyOptions",
    "ApiConnection",
    "AuthMethod",
    "CallOptions",
    "ClientAuth",
    "ClientBase",
    "Connection",
    "ConnectionOptions",
    "JsonObject",
    "ResourceClient",
    "TransportOptions",
    "check_page_size",
    "identifier",
    "page_query",
]


class TransportOptions(TypedDict, total=False):
    """How a connection that makes its own line sends: the keyword arguments of :class:`ApiConnection`
    besides the project, the credentials, the URL and the dialect."""

    timeout: Timeout
    retry: RetryPolicy
    session: requests.Session | None
    user_agent: str
    pool_maxsize: int
    max_answer_bytes: int


class CallOptions(TypedDict, total=False):
    """What a call sends besides its operation, method and path (:meth:`ApiConnection.send`): ``params``
    (the query), ``body`` (a JSON object), ``replay`` (whether it may be repeated, ``Replay.SAFE`` by
    default), ``secrets`` (values the body carries, scrubbed from every text)."""

    params: Params
    body: Mapping[str, Any] | None
    replay: Replay
    secrets: Iterable[str]


class ConnectionOptions(TransportOptions, total=False):
    """The keyword arguments of :class:`Connection` besides the project and the credentials."""

    base_url: str
    dialect: ErrorDialect


class AccessKeyOptions(ConnectionOptions, total=False):
    """The keyword arguments of :meth:`Connection.from_access_key` besides the project and the key."""

    auth_method: AuthMethod
    auth_url: str


class _Closing(Unpicklable):
    """``with``: ``close()`` on the way out. Never pickled (it holds credentials)."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class ApiConnection(_Closing):
    """One Sinch API of one project, as seen by every resource client built on it (see the module's
    docstring): ``base_url``, ``dialect`` (:class:`~sinch_provisioning.errors.ErrorDialect`, how the API's
    error answers read), ``auth`` and a line of its own, made from ``options``
    (:class:`TransportOptions`). ``session``: a caller's ``requests.Session`` (see
    :func:`~sinch_provisioning.transport.check_session`), never closed here; without one, a pooled session
    is made and closed by :meth:`close`."""

    project_id: str
    base_url: str
    auth: ClientAuth
    dialect: ErrorDialect
    _transport: Transport
    _owns_session: bool

    def __init__(
        self,
        project_id: str,
        auth: ClientAuth,
        *,
        base_url: str,
        dialect: ErrorDialect,
        timeout: Timeout = Timeout(),  # noqa: B008 - immutable
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 - immutable
        session: requests.Session | None = None,
        user_agent: str = USER_AGENT,
        pool_maxsize: int = DEFAULT_POOL_SIZE,
        max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
    ) -> None:
        owns_session = session is None
        if session is None:
            session = new_session(pool_maxsize, user_agent)
        transport = Transport(session, timeout=timeout, retry=retry, max_answer_bytes=max_answer_bytes)
        self._open(project_id, auth, transport, base_url, dialect, owns_session=owns_session)

    @classmethod
    def _sharing(cls, other: ApiConnection, *, base_url: str, dialect: ErrorDialect) -> Self:
        """A connection of this class to another API (``base_url``, ``dialect``) of ``other``'s project, on
        ``other``'s credentials and line (see the module's docstring); it never closes the line."""
        connection = cls.__new__(cls)
        connection._open(
            other.project_id, other.auth, other._transport, base_url, dialect, owns_session=False
        )
        return connection

    def _open(
        self,
        project_id: str,
        auth: ClientAuth,
        transport: Transport,
        base_url: str,
        dialect: ErrorDialect,
        *,
        owns_session: bool,
    ) -> None:
        if not project_id:
            raise ValueError("project_id is required")
        self.project_id = project_id
        self.base_url = check_url(base_url, "base_url").rstrip("/")
        self.auth = auth
        self.dialect = dialect
        self._transport = transport
        self._owns_session = owns_session
        check_session(transport.session, self.base_url)
        # The proxy and CA settings of the environment, as they are now (see sinch_provisioning.transport).
        transport.resolve_environment(self.base_url)
        token_url = getattr(auth, "token_url", None)
        if isinstance(token_url, str):
            transport.resolve_environment(token_url)

    @property
    def timeout(self) -> Timeout:
        return self._transport.timeout

    @property
    def retry(self) -> RetryPolicy:
        return self._transport.retry

    def register_secret(self, value: str) -> None:
        """Keep ``value`` out of every text this connection builds from now on (error messages, body
        snippets, log lines), in every form a server may echo it (see :mod:`sinch_provisioning.scrub`).

        For secrets a resource client sends besides the credentials, e.g. a webhook's signing secret:
        register it before sending the request that carries it. The credentials' own secrets (key secret,
        Basic value, OAuth2 tokens) are always scrubbed."""
        self._transport.secrets.register(value)

    # --- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the pooled connections (unless the session was given by the caller, or is shared with
        the connection this one was made beside)."""
        if self._owns_session:
            self._transport.session.close()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, project_id={self.project_id!r}, "
            f"auth={self.auth!r})"
        )

    # --- calls -----------------------------------------------------------------------------------

    def path(self, segments: Sequence[str]) -> str:
        """The path of ``segments`` under the project, below the base URL (``/v1/projects/{id}/...``)."""
        encoded = "/".join(quote(segment, safe="") for segment in segments)
        return f"/v1/projects/{quote(self.project_id, safe='')}/{encoded}"

    def shown_path(self, segments: Sequence[str]) -> str:
        """The URL path of ``segments`` as sent, the base URL's own path included (what errors and logs
        show: the same path for an API error and for an unusable answer)."""
        return urlsplit(self.base_url).path + self.path(segments)

    def send(
        self, operation: str, method: str, segments: Sequence[str], **options: Unpack[CallOptions]
    ) -> Reply:
        """Send one call (:class:`CallOptions`); the 2xx reply, or the dialect's error for any other answer.

        ``secrets`` are values the body carries besides the credentials (a webhook's signing secret): they
        are registered (:meth:`register_secret`) before the call, so no text quoting the server holds them."""
        for secret in options.get("secrets", ()):
            self.register_secret(secret)
        body = options.get("body")
        call = Call(
            operation=operation,
            method=method,
            url=self.base_url + self.path(segments),
            replay=options.get("replay", Replay.SAFE),
            params=tuple(options.get("params", ())),
            body=None if body is None else json.dumps(body, allow_nan=False, separators=(",", ":")).encode(),
            content_type=None if body is None else "application/json",
        )
        reply = self._transport.send(call, self.auth)
        status = reply.response.status_code
        if reply.outcome_unknown_since is not None:
            raise OutcomeUnknownError(
                operation,
                method,
                call.path,
                cause=f"the server answered HTTP {status}",
                sent_at=reply.outcome_unknown_since,
                status=status,
                api_error=self._error(reply, call),
            )
        if not 200 <= status < 300:
            raise self._error(reply, call)
        return reply

    def json_object(
        self,
        operation: str,
        method: str,
        segments: Sequence[str],
        *,
        shape: Shape | None = None,
        **options: Unpack[CallOptions],
    ) -> JsonObject:
        """Send one call (:meth:`send`) whose answer must be a JSON object, and fit ``shape`` when one is
        given; else ``UnexpectedResponseError`` naming what was wrong."""
        reply = self.send(operation, method, segments, **options)
        replay = options.get("replay", Replay.SAFE)
        response = reply.response
        try:
            data = response.json()
        except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
            data = None
        applied = replay is Replay.UNSAFE
        if not isinstance(data, dict):
            scrub = self._transport.scrubber(self.auth)
            content_type = scrub(response.headers.get("Content-Type", "no content type"))
            start = clip(scrub(response.text), 80, one_line=True)
            problem = f"expected a JSON object, got {clip(content_type, 80)}"
            if data is not None:
                problem += f" holding {kind(data)}"
            elif start:
                problem += f" starting {start!r}"
        else:
            problem = (shape.problem(data) if shape is not None else None) or ""
            if not problem:
                return data
        path, status = self.shown_path(segments), response.status_code
        raise UnexpectedResponseError(
            operation, method, path, status=status, problem=problem, applied=applied
        )

    def listing(
        self,
        operation: str,
        segments: Sequence[str],
        *,
        items_key: str,
        item_shape: Shape | None = None,
        params: Params = (),
        absent_is_empty: bool = False,
    ) -> tuple[JsonObject, list[JsonObject]]:
        """One GET whose answer holds an ``items_key`` list of objects, each fitting ``item_shape`` (when
        given): the answer and its items, else ``UnexpectedResponseError``. ``absent_is_empty``: an answer
        without ``items_key`` lists nothing (an API that leaves empty lists out, as proto3 JSON does)."""
        page = self.json_object(operation, "GET", segments, params=params)
        items, problem = listed_items(page, items_key, item_shape, absent_is_empty=absent_is_empty)
        if problem is not None:
            raise UnexpectedResponseError(
                operation, "GET", self.shown_path(segments), status=200, problem=problem
            )
        return page, items

    def pages(
        self,
        operation: str,
        segments: Sequence[str],
        params: Params,
        *,
        page_size: int,
        items_key: str,
        item_shape: Shape | None = None,
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> Iterator[JsonObject]:
        """The items of every page, following ``nextPageToken``; each page is fetched when needed.

        Every page must hold an ``items_key`` list of objects (each fitting ``item_shape`` when given) and a
        ``nextPageToken`` that is absent, null, empty (the last page) or a new string. At most ``max_pages``
        pages are followed: a server that keeps answering with new tokens ends in
        ``UnexpectedResponseError`` rather than an endless listing."""
        if max_pages < 1:
            raise ValueError(f"max_pages must be at least 1, got {max_pages}")
        token: str | None = None
        seen: set[str] = set()
        path = self.shown_path(segments)
        pages = 0

        def unexpected(problem: str) -> UnexpectedResponseError:
            return UnexpectedResponseError(operation, "GET", path, status=200, problem=problem)

        while True:
            pages += 1
            page_params = [*params, *page_query(page_size, token)]
            page = self.json_object(operation, "GET", segments, params=page_params)
            items, problem = listed_items(page, items_key, item_shape, pages)
            if problem is not None:
                raise unexpected(problem)
            yield from items
            next_token = page.get("nextPageToken")
            if next_token is None or next_token == "":
                return
            if not isinstance(next_token, str) or len(next_token) > MAX_PAGE_TOKEN_LENGTH:
                raise unexpected(f"page {pages} has a nextPageToken that is {kind(next_token)} of no use")
            if next_token in seen:
                raise unexpected(
                    "the API returned a page token it had returned before; stopped to avoid a loop"
                )
            if pages >= max_pages:
                raise unexpected(
                    f"the server kept paging: still a nextPageToken after {max_pages} pages, the most this "
                    "listing follows (max_pages); stopped"
                )
            seen.add(next_token)
            token = next_token

    def _error(self, reply: Reply, call: Call) -> SinchStatusError:
        """The dialect's error for a non-2xx reply (its body read once, there)."""
        note = None
        if reply.retry_after_too_long and reply.retry_after is not None:
            note = (
                f"The server asked to wait {reply.retry_after:g} s (Retry-After), longer than the "
                f"{self.retry.max_delay:g} s this client waits, so the request was not retried"
            )
        elif reply.out_of_time:
            note = (
                f"Gave up after {reply.attempts} attempt{'s' if reply.attempts > 1 else ''}: another would "
                f"pass the call's time limit of {self.timeout.operation:g} s"
            )
        elif reply.attempts > 1:
            note = f"Gave up after {reply.attempts} attempts"
        answer = error_answer(
            call,
            reply.response,
            self._transport.scrubber(self.auth),
            attempts=reply.attempts,
            project_id=self.project_id,
            key_id=self.auth.key_id,
            retry_after=reply.retry_after,
            note=note,
        )
        return self.dialect.error(answer)


class Connection(ApiConnection):
    """The Provisioning API of one Sinch project. ``options`` (:class:`ConnectionOptions`): ``base_url``
    (:data:`DEFAULT_BASE_URL` by default), ``dialect`` (its error answers: the Provisioning API's by
    default), and how it sends (:class:`TransportOptions`)."""

    def __init__(self, project_id: str, auth: ClientAuth, **options: Unpack[ConnectionOptions]) -> None:
        options.setdefault("base_url", DEFAULT_BASE_URL)
        options.setdefault("dialect", PROVISIONING_ERRORS)
        super().__init__(project_id, auth, **options)

    @classmethod
    def from_access_key(
        cls,
        project_id: str,
        key_id: str,
        key_secret: str,
        *,
        auth_method: AuthMethod = "oauth2",
        auth_url: str = DEFAULT_AUTH_URL,
        **options: Unpack[ConnectionOptions],
    ) -> Self:
        """A connection authenticating with a project access key, by OAuth2 (default) or HTTP Basic.

        ``options`` are the keyword arguments of the constructor (``base_url``, ``timeout``, ...)."""
        return cls(project_id, access_key_auth(key_id, key_secret, auth_method, auth_url), **options)


C = TypeVar("C", bound=ApiConnection)


class ClientBase(_Closing, Generic[C]):
    """Base of the per-resource clients of every API: built on a shared connection (``C``), or on one of
    its own that it closes (``owns_connection``)."""

    def __init__(self, connection: C, *, owns_connection: bool = False) -> None:
        self.connection = connection
        self._owns_connection = owns_connection
        # The connection's, which never change: the project, the URL, the credentials, the bounds.
        self.project_id = connection.project_id
        self.base_url = connection.base_url
        self.auth = connection.auth
        self.timeout = connection.timeout
        self.retry = connection.retry

    def close(self) -> None:
        """Close the connection if this client made it (a shared one is closed by its owner)."""
        if self._owns_connection:
            self.connection.close()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, project_id={self.project_id!r}, "
            f"auth={self.auth!r})"
        )


class ResourceClient(ClientBase[Connection]):
    """Base of the Provisioning API's clients: built on a shared :class:`Connection`, or on its own.

    ``SinchRcsClient(connection)`` shares the connection (one session, one token) with other clients;
    ``SinchRcsClient.from_access_key(project_id, key_id, key_secret, ...)`` makes one it owns and closes.
    """

    @classmethod
    def from_access_key(
        cls, project_id: str, key_id: str, key_secret: str, **options: Unpack[AccessKeyOptions]
    ) -> Self:
        """A client on a connection of its own (see :meth:`Connection.from_access_key`)."""
        connection = Connection.from_access_key(project_id, key_id, key_secret, **options)
        return cls(connection, owns_connection=True)


def identifier(value: str, name: str) -> str:
    """``value`` as a path segment; ``ValueError`` for anything but a non-empty string."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def check_page_size(page_size: int, largest: int) -> int:
    """``page_size`` if it is a whole number from 1 to ``largest``; ``ValueError`` otherwise."""
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= largest:
        raise ValueError(f"page_size must be between 1 and {largest}, got {page_size!r}")
    return page_size


def page_query(page_size: int | None, page_token: str | None) -> list[tuple[str, str]]:
    """The ``pageSize``/``pageToken`` query of one list request."""
    params: list[tuple[str, str]] = []
    if page_size is not None:
        params.append(("pageSize", str(page_size)))
    if page_token:
        params.append(("pageToken", page_token))
    return params


def listed_items(
    page: JsonObject,
    items_key: str,
    item_shape: Shape | None,
    page_number: int | None = None,
    absent_is_empty: bool = False,
) -> tuple[list[JsonObject], str | None]:
    """The ``items_key`` list of ``page`` (page ``page_number`` of a listing, or a whole answer) and what
    is wrong with it, if anything: not a list, or an item that is not an object fitting ``item_shape``."""
    items = page.get(items_key, [] if absent_is_empty else None)
    if not isinstance(items, list):
        where = "the answer" if page_number is None else f"page {page_number}"
        return [], f"{where} has no {items_key!r} list ({items_key!r} is {kind(items)})"
    for index, item in enumerate(items):
        problem = item_shape.problem(item) if item_shape is not None else None
        if problem is None and not isinstance(item, dict):
            problem = f"expected an object, got {kind(item)}"
        if problem is not None:
            of_page = "" if page_number is None else f" of page {page_number}"
            return [], f"{items_key}[{index}]{of_page}: {problem}"
    return items, None
