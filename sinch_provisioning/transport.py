"""Sending one logical request: timeouts, authentication header, retries, and what a failure means.

The transport knows nothing about API resources or their error bodies. It sends a :class:`Call`, repeats
it as the :class:`~sinch_provisioning.retry.RetryPolicy` and the call's
:class:`~sinch_provisioning.retry.Replay` allow, and returns the final answer as a :class:`Reply` (whatever
its status, its body read; for an ``UNSAFE`` call answered 5xx, marked ``outcome_unknown_since``, so that
the connection raises ``OutcomeUnknownError`` with the API's own error), or raises:

- :class:`~sinch_provisioning.errors.OutcomeUnknownError` when an ``UNSAFE`` call may have reached the
  server and failed without an answer (connection broken after sending, read timeout, the request's
  deadline);
- :class:`~sinch_provisioning.errors.SinchConnectionError` when the transport failed and may not (or may
  no longer) be retried;
- :class:`~sinch_provisioning.errors.UnexpectedResponseError` when a 2xx answer is larger than
  ``max_answer_bytes`` (it is never read whole into memory).

Bounds (:class:`Timeout`): ``connect`` and ``read`` are urllib3's (per connection attempt, per socket read);
``total`` bounds one request from sending to the last byte of the answer (a watchdog cuts the socket, see
:mod:`sinch_provisioning.deadline`); ``operation`` bounds a whole call: every attempt, the waits between
them and a token request made for it. Answers are streamed and read up to ``max_answer_bytes``.

urllib3's own retries are switched off (:func:`new_session`), so every repetition happens here, visibly.
Redirects are never followed (the credentials must not travel to wherever a redirect points).
Credentials only travel over https, or plain http to this machine (:func:`check_url`).

Proxies and CA bundle: ``requests`` looks the environment up again for every request (``trust_env``). A
session made here does not (``trust_env`` is off); instead :meth:`Transport.resolve_environment` reads
``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY``, ``NO_PROXY`` and ``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE``
once per origin (scheme, host, port), with requests' own functions, and every request to that origin uses
what was found. ``Connection`` does it for the API and token URLs when it is made, so a user behind a proxy
works as with plain ``requests``; a later change to the environment needs a new connection.

Which CA bundle verifies a request, first match wins: a caller's session whose own ``verify`` is not the
default ``True`` (a corporate CA file or folder, or ``False``) keeps it, whatever the environment says;
else the environment's ``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE``; else the default bundle. (``requests``
itself lets the environment override ``session.verify`` when ``trust_env`` is on; a session set up on
purpose is the more specific setting.)

One debug line per attempt goes to the ``sinch.rcs`` logger: method, path, status, attempt, elapsed time.
Never headers, never bodies (sender bodies carry ``authToken``).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookiejar import DefaultCookiePolicy
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import (  # urllib3's, as requests exports them
    ConnectTimeoutError,
    ReadTimeoutError,
    Retry,
)

from sinch_provisioning.deadline import Attempt, DeadlineAdapter, deadline
from sinch_provisioning.errors import (
    ErrorAnswer,
    OutcomeUnknownError,
    SinchConnectionError,
    UnexpectedResponseError,
)
from sinch_provisioning.retry import Replay, RetryPolicy
from sinch_provisioning.scrub import SecretRegistry, redact

logger = logging.getLogger("sinch.rcs")

DEFAULT_MAX_ANSWER_BYTES = 8 * 1024 * 1024
"""The largest answer read (8 MiB: a page of 100 large senders is well under 2 MiB)."""

_CHUNK = 64 * 1024
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

# Failures that happen while talking to the server (as opposed to while preparing the request).
_TRANSPORT_FAILURES = (
    requests.exceptions.ConnectionError,
    requests.exceptions.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)

# The deadline of the call in progress in this context: a token request made for a call shares it.
_CALL_DEADLINE: ContextVar[float | None] = ContextVar("sinch_call_deadline", default=None)


@dataclass(frozen=True)
class Timeout:
    """Seconds allowed: to connect; for each read of the answer; for one request, from sending it to the
    last byte of its answer; for one call, all its attempts and the waits between them included."""

    connect: float = 5.0
    read: float = 30.0
    total: float = 60.0
    operation: float = 120.0

    def __post_init__(self) -> None:
        values = {"connect": self.connect, "read": self.read, "total": self.total}
        values["operation"] = self.operation
        wrong = [f"{name}={value}" for name, value in values.items() if not value > 0]
        if wrong:
            raise ValueError(f"timeouts must be positive, got {', '.join(wrong)}")


@dataclass(frozen=True)
class Call:
    """One logical request. ``body`` is already-encoded JSON (or a form, see ``form``)."""

    operation: str
    method: str
    url: str
    replay: Replay
    params: Sequence[tuple[str, str]] = ()
    body: bytes | None = None
    form: Mapping[str, str] | None = None
    content_type: str | None = None

    @property
    def path(self) -> str:
        """The URL path (what logs and error messages show; never the query)."""
        return urlsplit(self.url).path or "/"


@dataclass(frozen=True)
class Reply:
    """The final answer to a call, after any retries; its body has been read (``response.content``)."""

    response: requests.Response
    attempts: int
    retry_after: float | None = None
    retry_after_too_long: bool = False
    out_of_time: bool = False
    """The transport stopped retrying because the next wait would pass ``Timeout.operation``."""
    outcome_unknown_since: datetime | None = None
    """Set for an ``UNSAFE`` call answered 5xx (not retried: it may have been applied): when the attempt
    was sent. The caller raises ``OutcomeUnknownError`` with the API's error for the answer."""

    @property
    def body(self) -> bytes:
        return self.response.content


class Authorizer(Protocol):
    """Gives the ``Authorization`` header for a request and reacts to a 401."""

    def authorization(self, transport: Transport) -> str:
        """The header value to send now (may fetch a token through ``transport``)."""
        ...

    def refresh_after_unauthorized(self, used: str) -> bool:
        """Forget ``used`` after a 401; True if a retry with a fresh credential may succeed."""
        ...

    def secrets(self) -> Iterable[str]:
        """Every secret value this authorizer holds (to scrub from texts that quote a server)."""
        ...


class _HeaderAuth(requests.auth.AuthBase):
    """Sets the Authorization header; passing auth= also keeps requests from consulting ~/.netrc."""

    def __init__(self, value: str) -> None:
        self._value = value

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = self._value
        return request

    def __repr__(self) -> str:
        return "_HeaderAuth(<hidden>)"


def new_session(pool_maxsize: int, user_agent: str) -> requests.Session:
    """A session for concurrent use: pooled connections that honour request deadlines, no urllib3
    retries, no cookies kept, no per-request environment look-ups (see the module's docstring)."""
    session = requests.Session()
    session.trust_env = False
    adapter = DeadlineAdapter(pool_connections=4, pool_maxsize=pool_maxsize, max_retries=Retry(0, read=False))
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    session.headers["User-Agent"] = user_agent
    session.headers["Accept"] = "application/json"
    return session


def is_loopback_host(host: str) -> bool:
    """True for the names of this machine plain http may go to: ``127.0.0.1``, ``localhost``, ``::1``."""
    return host.lower() in LOOPBACK_HOSTS


def check_url(url: str, what: str) -> str:
    """``url`` if it is https, or http to this machine (a local emulator); ValueError otherwise.

    Plain http to another host would send the access key (or a bearer token) in clear text; "this machine"
    is exactly ``127.0.0.1``, ``localhost`` or ``[::1]`` (:func:`is_loopback_host`).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"{what} must be an http(s) URL, got {url!r}")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ValueError(
            f"{what} {url!r} uses plain http to another machine, which would send the access key in clear "
            "text; use https (plain http is accepted only for 127.0.0.1, localhost and [::1], e.g. the "
            "local emulator)"
        )
    return url


def check_session(session: requests.Session, url: str) -> None:
    """Refuse a session whose adapter for ``url`` would retry requests behind our back (e.g. a POST), or
    could not cut a request at its deadline (mount a :class:`~sinch_provisioning.deadline.DeadlineAdapter`,
    or start from :func:`new_session`)."""
    adapter = session.get_adapter(url)
    retries = getattr(adapter, "max_retries", None)
    if isinstance(retries, Retry) and retries.total not in (0, False):
        raise ValueError(
            f"the session's adapter for {url} retries requests itself (max_retries total={retries.total}); "
            "give it max_retries=0 so that a create request is never repeated without the client knowing"
        )
    if not isinstance(adapter, DeadlineAdapter):
        raise ValueError(
            f"the session's adapter for {url} is a {type(adapter).__name__}, which cannot end a request at "
            "its deadline; mount a sinch_provisioning.deadline.DeadlineAdapter (or start from "
            "sinch_provisioning.transport.new_session)"
        )


@dataclass(frozen=True)
class _Route:
    """What the environment says about one origin: proxies, and the CA bundle to verify with."""

    proxies: dict[str, str]
    verify: bool | str


def _ca_bundle() -> bool | str:
    """The CA bundle the environment names (as requests reads it), or True for the default one."""
    for variable in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        path = os.environ.get(variable)
        if path:
            if not os.path.exists(path):
                raise ValueError(f"{variable} names a CA bundle that does not exist: {path!r}")
            return path
    return True


class _AttemptError(Exception):
    """An attempt that ended without a complete answer (internal to the transport)."""

    def __init__(self, exc: BaseException | None, *, cause: str, sent: bool, transient: bool) -> None:
        super().__init__(cause)
        self.exc = exc
        self.cause = cause
        self.sent = sent
        self.transient = transient


class _TooLargeError(Exception):
    """The answer is larger than ``max_answer_bytes``."""


class Transport:
    """Sends calls over one shared ``requests.Session`` (thread-safe: no per-call state on self)."""

    def __init__(
        self,
        session: requests.Session,
        *,
        timeout: Timeout,
        retry: RetryPolicy,
        max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
    ) -> None:
        if max_answer_bytes < 1:
            raise ValueError(f"max_answer_bytes must be positive, got {max_answer_bytes}")
        self.session = session
        self.timeout = timeout
        self.retry = retry
        self.max_answer_bytes = max_answer_bytes
        self.secrets = SecretRegistry()
        self._routes: dict[tuple[str, str], _Route] = {}
        self._routes_lock = threading.Lock()

    # --- secrets ---------------------------------------------------------------------------------

    def scrub(self, text: str, auth: Authorizer | None) -> str:
        """``text`` without any secret of ``auth`` or of the registry, in any form (:mod:`.scrub`)."""
        held = [*(auth.secrets() if auth is not None else ()), *self.secrets.values()]
        return redact(text, held)

    def scrubber(self, auth: Authorizer | None) -> Callable[[str], str]:
        return lambda text: self.scrub(text, auth)

    # --- environment -----------------------------------------------------------------------------

    def resolve_environment(self, url: str) -> None:
        """Read the proxy and CA settings for ``url``'s origin now (once; see the module's docstring)."""
        self._route(url)

    def _route(self, url: str) -> _Route:
        parts = urlsplit(url)
        origin = (parts.scheme, parts.netloc)
        route = self._routes.get(origin)
        if route is not None:
            return route
        with self._routes_lock:
            route = self._routes.get(origin)
            if route is None:
                if self.session.trust_env:
                    route = _Route({}, True)  # a caller's session that looks the environment up itself
                else:
                    # A session with a CA setting of its own never needs the environment's (_verify).
                    bundle = _ca_bundle() if self.session.verify in (True, None) else True
                    route = _Route(requests.utils.get_environ_proxies(url), bundle)
                self._routes[origin] = route
            return route

    # --- sending ---------------------------------------------------------------------------------

    def send(self, call: Call, auth: Authorizer | None = None) -> Reply:
        """Send ``call``, retrying as allowed; the final answer whatever its status, or an error."""
        ends = time.monotonic() + self.timeout.operation
        outer = _CALL_DEADLINE.get()
        if outer is not None:
            ends = min(ends, outer)
        token = _CALL_DEADLINE.set(ends)
        try:
            return self._send(call, auth, ends)
        finally:
            _CALL_DEADLINE.reset(token)

    def _send(self, call: Call, auth: Authorizer | None, ends: float) -> Reply:
        attempt = 0
        refreshed = False
        while True:
            attempt += 1
            authorization = auth.authorization(self) if auth is not None else None
            left = ends - time.monotonic()
            if left <= 0:
                raise SinchConnectionError(
                    call.method,
                    call.path,
                    cause=f"the call's time limit of {self.timeout.operation:g} s passed before attempt "
                    f"{attempt} could be sent",
                    attempts=attempt - 1,
                )
            limit = min(self.timeout.total, left)
            sent_at = datetime.now(UTC)
            started = time.monotonic()
            try:
                with deadline(limit) as watch:
                    reply = self._attempt(call, auth, authorization, attempt, refreshed, ends, watch, sent_at)
            except _AttemptError as failure:
                elapsed = time.monotonic() - started
                delay = self._after_failure(call, failure, attempt, sent_at, elapsed, ends)
                self.retry.sleep(delay)
                continue
            except _UnauthorizedError:
                refreshed = True
                attempt -= 1  # the refused attempt does not count against the retries
                continue
            except _WaitError as wait:
                self.retry.sleep(wait.seconds)
                continue
            return reply

    def _attempt(
        self,
        call: Call,
        auth: Authorizer | None,
        authorization: str | None,
        attempt: int,
        refreshed: bool,
        ends: float,
        watch: Attempt,
        sent_at: datetime,
    ) -> Reply:
        """One attempt under its deadline: the reply, or raise what the loop in :meth:`_send` acts on."""
        started = time.monotonic()
        try:
            response = self._request(call, authorization)
        except requests.RequestException as exc:
            raise self._failure(exc, watch, auth, sent=not nothing_was_sent(exc)) from exc
        if watch.expired:
            response.close()
            raise self._failure(None, watch, auth, sent=True)
        status = response.status_code
        elapsed = time.monotonic() - started
        if (
            status == 401
            and auth is not None
            and authorization is not None
            and not refreshed
            and auth.refresh_after_unauthorized(authorization)
        ):
            self._log(call, "401", attempt, elapsed, "retrying once with a fresh token")
            response.close()
            raise _UnauthorizedError
        if call.replay is Replay.UNSAFE and status >= 500:
            self._log(call, str(status), attempt, elapsed, "outcome unknown, not retried")
            self._read_body(response, watch, auth, truncate=True)
            return Reply(response, attempt, outcome_unknown_since=sent_at)
        if status not in self.retry.retry_statuses:
            self._log(call, str(status), attempt, elapsed)
            self._read_final_body(call, response, watch, auth)
            return Reply(response, attempt)
        retry_after = self.retry.retry_after_seconds(response.headers.get("Retry-After"))
        wait = self.retry.delay_before_retry(attempt, retry_after)
        out_of_time = wait is not None and time.monotonic() + wait >= ends
        if wait is None or out_of_time:
            too_long = retry_after is not None and retry_after > self.retry.max_delay
            if out_of_time:
                why = f"waiting {wait:g} s would pass the call's time limit of {self.timeout.operation:g} s"
            else:
                why = f"Retry-After {retry_after:g} s is too long" if too_long else "no attempts left"
            self._log(call, str(status), attempt, elapsed, f"giving up ({why})")
            self._read_final_body(call, response, watch, auth)
            return Reply(response, attempt, retry_after, too_long, out_of_time)
        self._log(call, str(status), attempt, elapsed, f"retrying in {wait:.2f} s")
        response.close()
        raise _WaitError(wait)

    def _request(self, call: Call, authorization: str | None) -> requests.Response:
        headers = {"Content-Type": call.content_type} if call.content_type else {}
        route = self._route(call.url)
        return self.session.request(
            call.method,
            call.url,
            params=list(call.params) or None,
            data=call.body if call.body is not None else call.form,
            headers=headers,
            auth=_HeaderAuth(authorization) if authorization is not None else None,
            timeout=(self.timeout.connect, self.timeout.read),
            proxies=route.proxies,
            verify=self._verify(route),
            allow_redirects=False,
            stream=True,
        )

    def _verify(self, route: _Route) -> bool | str:
        """The CA setting of a request: the session's own when it has one, else the environment's (see the
        module's docstring)."""
        own = self.session.verify
        return route.verify if own is True or own is None else own

    def _read_final_body(
        self, call: Call, response: requests.Response, watch: Attempt, auth: Authorizer | None
    ) -> None:
        """Read the body of the answer the call ends with; a 2xx too large to read is an error."""
        success = 200 <= response.status_code < 300
        try:
            self._read_body(response, watch, auth, truncate=not success)
        except _TooLargeError:
            raise UnexpectedResponseError(
                call.operation,
                call.method,
                call.path,
                status=response.status_code,
                problem=f"the answer was larger than {self.max_answer_bytes} bytes; stopped reading it",
                applied=call.replay is Replay.UNSAFE,
            ) from None

    def _read_body(
        self, response: requests.Response, watch: Attempt, auth: Authorizer | None, *, truncate: bool
    ) -> None:
        """Read at most ``max_answer_bytes`` into ``response.content``: past it, keep the start (an error
        answer, ``truncate``) or raise ``_TooLargeError``. A failure while reading is a ``_AttemptError``."""
        cap = self.max_answer_bytes
        declared = response.headers.get("Content-Length", "")
        if not truncate and declared.isdigit() and int(declared) > cap:
            response.close()
            raise _TooLargeError
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(_CHUNK):
                chunks.append(chunk)
                size += len(chunk)
                if size > cap:
                    response.close()
                    if not truncate:
                        raise _TooLargeError
                    break
        except requests.RequestException as exc:
            response.close()
            raise self._failure(exc, watch, auth, sent=True) from exc
        if watch.expired:
            response.close()
            raise self._failure(None, watch, auth, sent=True)
        # requests keeps a read body in ``_content``; setting it makes .content/.text/.json() work as usual.
        response._content = b"".join(chunks)[:cap]

    def _failure(
        self,
        exc: requests.RequestException | None,
        watch: Attempt,
        auth: Authorizer | None,
        *,
        sent: bool,
    ) -> _AttemptError:
        if watch.expired:
            limit = watch.seconds
            cause = f"no complete answer within {limit:g} s, the time limit of the request; it was cut off"
            if limit < self.timeout.total:
                cause = (
                    f"no complete answer before the call's time limit of {self.timeout.operation:g} s "
                    "ran out; the request was cut off"
                )
            return _AttemptError(exc, cause=cause, sent=True, transient=True)
        assert exc is not None
        cause = self.scrub(describe_failure(exc, self.timeout, sent=sent), auth)
        return _AttemptError(exc, cause=cause, sent=sent, transient=is_transient(exc))

    def _after_failure(
        self,
        call: Call,
        failure: _AttemptError,
        attempt: int,
        sent_at: datetime,
        elapsed: float,
        ends: float,
    ) -> float:
        """The delay before retrying after ``failure``, or raise the error that ends the call."""
        outcome = f"failed ({failure.cause})"
        if call.replay is Replay.UNSAFE and failure.sent:
            self._log(call, outcome, attempt, elapsed, "outcome unknown, not retried")
            raise OutcomeUnknownError(
                call.operation, call.method, call.path, cause=failure.cause, sent_at=sent_at
            ) from failure.exc
        delay = self.retry.delay_before_retry(attempt) if failure.transient else None
        cause = failure.cause
        if delay is not None and time.monotonic() + delay >= ends:
            delay = None
            cause += f"; no time left for another attempt within {self.timeout.operation:g} s"
        if delay is None:
            self._log(call, outcome, attempt, elapsed, "giving up")
            raise SinchConnectionError(call.method, call.path, cause=cause, attempts=attempt) from failure.exc
        self._log(call, outcome, attempt, elapsed, f"retrying in {delay:.2f} s")
        return delay

    def _log(self, call: Call, outcome: str, attempt: int, elapsed: float, decision: str = "") -> None:
        logger.debug(
            "%s %s -> %s (attempt %d/%d, %.3f s)%s",
            call.method,
            call.path,
            outcome,
            attempt,
            self.retry.max_attempts,
            elapsed,
            f"; {decision}" if decision else "",
        )


class _UnauthorizedError(Exception):
    """The attempt was refused with a 401 and a fresh credential may succeed."""


class _WaitError(Exception):
    """Retry after ``seconds``."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def error_answer(
    call: Call, response: requests.Response, scrub: Callable[[str], str], **context: Any
) -> ErrorAnswer:
    """``response``, a non-2xx answer to ``call``, as an error dialect reads it (:class:`ErrorAnswer`):
    ``scrub`` cleans every text a dialect keeps; ``context`` are the other fields (``attempts``,
    ``project_id``, ``key_id``, ``retry_after``, ``note``)."""
    location = response.headers.get("Location")
    return ErrorAnswer(
        response.status_code,
        response.text,
        scrub,
        content_type=response.headers.get("Content-Type", ""),
        method=call.method,
        path=call.path,
        operation=call.operation,
        location=None if location is None else urljoin(call.url, location),
        **context,
    )


def nothing_was_sent(exc: BaseException) -> bool:
    """True when ``exc`` proves the request never reached the server (so resending cannot duplicate it).

    For an exception raised while the request was being sent or its answer awaited; a failure while the
    body of an answer was being read always means the request was sent."""
    if isinstance(exc, requests.exceptions.ConnectTimeout | requests.exceptions.SSLError):
        return True
    if not isinstance(exc, _TRANSPORT_FAILURES):
        return True  # raised while preparing the request, before any byte went out
    return any(isinstance(link, ConnectTimeoutError) for link in _causes(exc))


def is_transient(exc: BaseException) -> bool:
    """True for failures that may go away by themselves (not TLS errors or malformed requests)."""
    if isinstance(exc, requests.exceptions.SSLError | requests.exceptions.ContentDecodingError):
        return False
    return isinstance(exc, _TRANSPORT_FAILURES)


def describe_failure(exc: BaseException, timeout: Timeout, *, sent: bool) -> str:
    """A short text for a transport failure, naming the deepest cause; ``sent``: whether the request may
    have reached the server (:func:`nothing_was_sent` says)."""
    inner = _innermost(exc)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return f"could not connect within {timeout.connect:g} s"
    if isinstance(exc, requests.exceptions.ReadTimeout) or (
        sent and any(isinstance(link, ReadTimeoutError) for link in _causes(exc))
    ):
        return f"no answer within the read timeout of {timeout.read:g} s"
    if isinstance(exc, requests.exceptions.SSLError):
        return f"TLS failed ({inner})"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return f"the answer was cut off ({inner})"
    if isinstance(exc, requests.exceptions.ConnectionError):
        if not sent:
            return f"could not connect ({inner})"
        return f"the connection broke after the request was sent ({inner})"
    return inner


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything it wraps (args, urllib3's ``reason``, ``__cause__``).

    Not ``__context__``: that is whatever was being handled when ``exc`` was raised (for example an earlier
    failure a caller was recovering from), not what caused it."""
    seen: set[int] = set()
    queue: list[BaseException] = [exc]
    while queue:
        current = queue.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        reason = getattr(current, "reason", None)
        linked: list[object] = [*current.args, reason, current.__cause__]
        queue.extend(item for item in linked if isinstance(item, BaseException))


def _innermost(exc: BaseException) -> str:
    deepest = list(_causes(exc))[-1]
    text = str(deepest).strip()
    name = type(deepest).__name__
    return f"{name}: {text}" if text else name
