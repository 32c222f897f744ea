"""Sending one logical request: timeouts, authentication header, retries, and what a failure means.

The transport knows nothing about API resources. It sends a :class:`Call`, repeats it as the
:class:`~sinch_provisioning.retry.RetryPolicy` and the call's :class:`~sinch_provisioning.retry.Replay`
allow, and returns the final answer as a :class:`Reply` (whatever its status), or raises:

- :class:`~sinch_provisioning.errors.OutcomeUnknownError` when an ``UNSAFE`` call may have reached the
  server and failed (connection broken after sending, read timeout, any 5xx);
- :class:`~sinch_provisioning.errors.SinchConnectionError` when the transport failed and may not (or may
  no longer) be retried.

urllib3's own retries are switched off (:func:`new_session`), so every repetition happens here, visibly.
Redirects are never followed (the credentials must not travel to wherever a redirect points).
Credentials only travel over https, or plain http to this machine (:func:`check_url`).
One debug line per attempt goes to the ``sinch.rcs`` logger: method, path, status, attempt, elapsed time.
Never headers, never bodies (sender bodies carry ``authToken``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookiejar import DefaultCookiePolicy
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import ConnectTimeoutError, HTTPAdapter, Retry  # urllib3's, as requests exports them

from sinch_provisioning.errors import OutcomeUnknownError, SinchApiError, SinchConnectionError, api_error
from sinch_provisioning.retry import Replay, RetryPolicy
from sinch_provisioning.scrub import SecretRegistry, redact

logger = logging.getLogger("sinch.rcs")

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


# Failures that happen while talking to the server (as opposed to while preparing the request).
_TRANSPORT_FAILURES = (
    requests.exceptions.ConnectionError,
    requests.exceptions.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)


@dataclass(frozen=True)
class Timeout:
    """Seconds to wait for a connection, and for each read of the answer."""

    connect: float = 5.0
    read: float = 30.0

    def __post_init__(self) -> None:
        if self.connect <= 0 or self.read <= 0:
            raise ValueError(f"timeouts must be positive, got connect={self.connect} read={self.read}")


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
    """The final answer to a call, after any retries."""

    response: requests.Response
    attempts: int
    retry_after: float | None = None
    retry_after_too_long: bool = False


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
    """A session for concurrent use: pooled connections, no urllib3 retries, no cookies kept."""
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=pool_maxsize, max_retries=Retry(0, read=False))
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


def check_no_hidden_retries(session: requests.Session, url: str) -> None:
    """Refuse a session whose adapter for ``url`` would retry requests behind our back (e.g. a POST)."""
    adapter = session.get_adapter(url)
    retries = getattr(adapter, "max_retries", None)
    if isinstance(retries, Retry) and retries.total not in (0, False):
        raise ValueError(
            f"the session's adapter for {url} retries requests itself (max_retries total={retries.total}); "
            "give it max_retries=0 so that a create request is never repeated without the client knowing"
        )


class Transport:
    """Sends calls over one shared ``requests.Session`` (thread-safe: no per-call state on self)."""

    def __init__(self, session: requests.Session, *, timeout: Timeout, retry: RetryPolicy) -> None:
        self.session = session
        self.timeout = timeout
        self.retry = retry
        self.secrets = SecretRegistry()

    def scrub(self, text: str, auth: Authorizer | None) -> str:
        """``text`` without any secret of ``auth`` or of the registry, in any form (:mod:`.scrub`)."""
        held = [*(auth.secrets() if auth is not None else ()), *self.secrets.values()]
        return redact(text, held)

    def scrubber(self, auth: Authorizer | None) -> Callable[[str], str]:
        return lambda text: self.scrub(text, auth)

    def send(self, call: Call, auth: Authorizer | None = None) -> Reply:
        """Send ``call``, retrying as allowed; the final answer whatever its status, or an error."""
        attempt = 0
        refreshed = False
        while True:
            attempt += 1
            authorization = auth.authorization(self) if auth is not None else None
            sent_at = datetime.now(UTC)
            started = time.monotonic()
            try:
                response = self._request(call, authorization)
            except requests.RequestException as exc:
                elapsed = time.monotonic() - started
                delay = self._after_failure(call, exc, attempt, sent_at, elapsed, auth)
                self.retry.sleep(delay)
                continue
            elapsed = time.monotonic() - started
            status = response.status_code
            if (
                status == 401
                and auth is not None
                and authorization is not None
                and not refreshed
                and auth.refresh_after_unauthorized(authorization)
            ):
                refreshed = True
                self._log(call, "401", attempt, elapsed, "retrying once with a fresh token")
                attempt -= 1  # the refused attempt does not count against the retries
                response.close()
                continue
            if call.replay is Replay.UNSAFE and status >= 500:
                self._log(call, str(status), attempt, elapsed, "outcome unknown, not retried")
                raise OutcomeUnknownError(
                    call.operation,
                    call.method,
                    call.path,
                    cause=f"the server answered HTTP {status}",
                    sent_at=sent_at,
                    status=status,
                    api_error=answer_error(call, response, self.scrubber(auth), attempts=attempt),
                )
            if status not in self.retry.retry_statuses:
                self._log(call, str(status), attempt, elapsed)
                return Reply(response, attempt)
            retry_after = self.retry.retry_after_seconds(response.headers.get("Retry-After"))
            wait = self.retry.delay_before_retry(attempt, retry_after)
            if wait is None:
                too_long = retry_after is not None and retry_after > self.retry.max_delay
                why = f"Retry-After {retry_after:g} s is too long" if too_long else "no attempts left"
                self._log(call, str(status), attempt, elapsed, f"giving up ({why})")
                return Reply(response, attempt, retry_after, too_long)
            self._log(call, str(status), attempt, elapsed, f"retrying in {wait:.2f} s")
            response.close()
            self.retry.sleep(wait)

    def _request(self, call: Call, authorization: str | None) -> requests.Response:
        headers = {"Content-Type": call.content_type} if call.content_type else {}
        return self.session.request(
            call.method,
            call.url,
            params=list(call.params) or None,
            data=call.body if call.body is not None else call.form,
            headers=headers,
            auth=_HeaderAuth(authorization) if authorization is not None else None,
            timeout=(self.timeout.connect, self.timeout.read),
            verify=True,
            allow_redirects=False,
        )

    def _after_failure(
        self,
        call: Call,
        exc: requests.RequestException,
        attempt: int,
        sent_at: datetime,
        elapsed: float,
        auth: Authorizer | None,
    ) -> float:
        """The delay before retrying after ``exc``, or raise the error that ends the call."""
        cause = self.scrub(describe_failure(exc, self.timeout), auth)
        outcome = f"failed ({cause})"
        if call.replay is Replay.UNSAFE and not nothing_was_sent(exc):
            self._log(call, outcome, attempt, elapsed, "outcome unknown, not retried")
            raise OutcomeUnknownError(
                call.operation, call.method, call.path, cause=cause, sent_at=sent_at
            ) from exc
        delay = self.retry.delay_before_retry(attempt) if is_transient(exc) else None
        if delay is None:
            self._log(call, outcome, attempt, elapsed, "giving up")
            raise SinchConnectionError(call.method, call.path, cause=cause, attempts=attempt) from exc
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


def answer_error(
    call: Call,
    response: requests.Response,
    scrub: Callable[[str], str],
    *,
    attempts: int,
    hint: str | None = None,
    retry_after: float | None = None,
    note: str | None = None,
) -> SinchApiError:
    """The error for ``response``, a non-2xx answer to ``call``; every text taken from it goes through
    ``scrub`` first."""
    location = response.headers.get("Location")
    return api_error(
        response.status_code,
        response.text,
        content_type=response.headers.get("Content-Type", ""),
        method=call.method,
        path=call.path,
        hint=hint,
        attempts=attempts,
        retry_after=retry_after,
        note=note,
        scrub=scrub,
        location=None if location is None else urljoin(call.url, location),
    )


def nothing_was_sent(exc: BaseException) -> bool:
    """True when ``exc`` proves the request never reached the server (so resending cannot duplicate it)."""
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


def describe_failure(exc: BaseException, timeout: Timeout) -> str:
    """A short text for a transport failure, naming the deepest cause."""
    inner = _innermost(exc)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return f"could not connect within {timeout.connect:g} s"
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return f"no answer within the read timeout of {timeout.read:g} s"
    if isinstance(exc, requests.exceptions.SSLError):
        return f"TLS failed ({inner})"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return f"the answer was cut off ({inner})"
    if isinstance(exc, requests.exceptions.ConnectionError):
        if nothing_was_sent(exc):
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
