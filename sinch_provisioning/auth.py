"""Authentication for the Sinch Provisioning API: OAuth2 client credentials, or plain HTTP Basic.

Both use a project access key (key id + key secret). OAuth2 exchanges it for a bearer token at the token
URL (``POST grant_type=client_credentials`` with HTTP Basic) and caches the token until shortly before it
expires; Basic sends the key with every request. Sinch recommends OAuth2.

The token cache is thread-safe and single-flight: however many threads need a token at once, one token
request is sent and the others wait for it. After a 401 from the API the client forgets that token (not a
newer one another thread already fetched) and retries the request once with a fresh token.

Neither class shows its secret or token in ``repr``, and neither can be pickled (a Pulumi provider that
kept one on its instance would otherwise write the key secret into the stack state).
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, NoReturn
from urllib.parse import urlsplit

from sinch_provisioning.errors import (
    PROVISIONING_ERRORS,
    AuthenticationError,
    SinchApiError,
    TokenResponseError,
    UnexpectedResponseError,
    clip,
)
from sinch_provisioning.retry import Replay
from sinch_provisioning.shapes import kind
from sinch_provisioning.transport import Call, Reply, Transport, check_url, error_answer

DEFAULT_AUTH_URL = "https://auth.sinch.com/oauth2/token"
DEFAULT_REFRESH_MARGIN = 60.0

AuthMethod = Literal["oauth2", "basic"]


class Unpicklable:
    """Mixed into everything that holds credentials (the credentials, connections, clients): pickling
    raises ``TypeError``, so that a Pulumi provider keeping one on its instance cannot write the key secret
    into the stack state."""

    def __reduce__(self) -> NoReturn:
        raise TypeError(
            f"{type(self).__name__} holds credentials and cannot be pickled; build it where it is used "
            "(in a Pulumi provider: in configure(), not in __init__)"
        )


class BasicAuth(Unpicklable):
    """HTTP Basic with the access key id and secret on every request."""

    def __init__(self, key_id: str, key_secret: str) -> None:
        if not key_id or not key_secret:
            raise ValueError("an access key id and key secret are both required")
        self.key_id = key_id
        self._key_secret = key_secret
        encoded = base64.b64encode(f"{key_id}:{key_secret}".encode()).decode("ascii")
        self._header = f"Basic {encoded}"

    def authorization(self, transport: Transport) -> str:
        return self._header

    def refresh_after_unauthorized(self, used: str) -> bool:
        return False  # the same key would be refused again

    def secrets(self) -> Iterable[str]:
        return (self._key_secret, self._header.removeprefix("Basic "))

    def __repr__(self) -> str:
        return f"BasicAuth(key_id={self.key_id!r})"


@dataclass(frozen=True)
class _Token:
    value: str
    expires_at: float  # on the monotonic clock


class OAuth2ClientCredentials(Unpicklable):
    """OAuth2 client-credentials flow with a cached, thread-safe bearer token.

    ``refresh_margin`` seconds before ``expires_in`` runs out the token is replaced (never more than half
    the token's lifetime, so short-lived tokens are still used). ``clock`` is a monotonic clock (injectable
    for tests).
    """

    def __init__(
        self,
        key_id: str,
        key_secret: str,
        token_url: str = DEFAULT_AUTH_URL,
        *,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.key_id = key_id
        self.token_url = check_url(token_url, "token_url")
        self.refresh_margin = refresh_margin
        self._basic = BasicAuth(key_id, key_secret)
        self._clock = clock
        self._lock = threading.RLock()
        self._token: _Token | None = None
        self._old_tokens: list[str] = []  # forgotten tokens, still scrubbed from texts

    def authorization(self, transport: Transport) -> str:
        return f"Bearer {self._current_token(transport)}"

    def refresh_after_unauthorized(self, used: str) -> bool:
        with self._lock:
            if self._token is not None and f"Bearer {self._token.value}" == used:
                self._forget_token()
        return True

    def secrets(self) -> Iterable[str]:
        with self._lock:
            tokens = [self._token.value] if self._token else []
            return (*self._basic.secrets(), *tokens, *self._old_tokens)

    def __repr__(self) -> str:
        return f"OAuth2ClientCredentials(key_id={self.key_id!r}, token_url={self.token_url!r})"

    def _forget_token(self) -> None:
        if self._token is not None:
            self._old_tokens = [*self._old_tokens[-4:], self._token.value]
            self._token = None

    def _current_token(self, transport: Transport) -> str:
        with self._lock:
            token = self._token
            if token is not None and self._clock() < token.expires_at:
                return token.value
            self._forget_token()
            token = self._fetch(transport)
            self._token = token
            return token.value

    def _fetch(self, transport: Transport) -> _Token:
        requested_at = self._clock()
        call = Call(
            operation="oauth2_token",
            method="POST",
            url=self.token_url,
            replay=Replay.SAFE,
            form={"grant_type": "client_credentials"},
        )
        try:
            reply = transport.send(call, self._basic)
        except UnexpectedResponseError as unusable:  # a 2xx too large to read
            raise TokenResponseError(
                self._shown_url, status=unusable.status, problem=unusable.problem
            ) from None
        status = reply.response.status_code
        if not 200 <= status < 300:
            raise self._refusal(reply, call, transport)
        value, expires_in = self._parse(reply, transport)
        margin = min(self.refresh_margin, expires_in / 2)
        return _Token(value=value, expires_at=requested_at + expires_in - margin)

    @property
    def _shown_url(self) -> str:
        """The token URL as error texts show it: scheme, host and path (a query may carry a secret)."""
        parts = urlsplit(self.token_url)
        return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}"

    def _parse(self, reply: Reply, transport: Transport) -> tuple[str, float]:
        response = reply.response
        status = response.status_code

        def unusable(problem: str) -> TokenResponseError:
            return TokenResponseError(self._shown_url, status=status, problem=problem)

        try:
            data = json.loads(response.text)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            content_type = response.headers.get("Content-Type", "no content type").split(";")[0]
            start = clip(transport.scrub(response.text, self), 80, one_line=True)
            found = kind(data) if data is not None else f"{content_type} starting {start!r}"
            raise unusable(f"the answer is not a JSON object but {transport.scrub(found, self)}")
        value = data.get("access_token")
        if not isinstance(value, str) or not value:
            raise unusable(f"access_token is {'missing' if 'access_token' not in data else kind(value)}")
        token_type = data.get("token_type", "bearer")
        if not isinstance(token_type, str) or token_type.lower() != "bearer":
            shown = repr(token_type[:20]) if isinstance(token_type, str) else kind(token_type)
            raise unusable(f"token_type is {transport.scrub(shown, self)}, not bearer")
        expires_in = data.get("expires_in", 3600)
        if isinstance(expires_in, bool) or not isinstance(expires_in, int | float) or expires_in <= 0:
            shown = repr(expires_in) if isinstance(expires_in, int | float) else kind(expires_in)
            raise unusable(f"expires_in is {shown}, not a positive number of seconds")
        return value, float(expires_in)

    def _refusal(self, reply: Reply, call: Call, transport: Transport) -> SinchApiError:
        status = reply.response.status_code
        method, path, attempts = call.method, call.path, reply.attempts
        answer = error_answer(call, reply.response, transport.scrubber(self), attempts=attempts)
        error = PROVISIONING_ERRORS.error(answer)
        if status in (400, 401, 403):
            return AuthenticationError(
                status,
                f"the Sinch auth server at {self._shown_url} refused access key {self.key_id!r} "
                f"({error.error_code or 'no error code'}: {error.message})",
                error_code=error.error_code,
                hint="Check the key id and key secret (Sinch dashboard > Settings > Access keys) and that "
                "the key has not been deleted; with a local emulator, check the --key it was started with.",
                method=method,
                path=path,
                attempts=attempts,
            )
        # Never a NotFoundError: a 404 here means a wrong token URL, not a missing sender.
        return SinchApiError(
            status,
            error.message,
            error_code=error.error_code,
            resolution=error.resolution,
            body_snippet=error.body_snippet,
            hint=f"The token request to {self._shown_url} failed; check the configured auth URL.",
            method=method,
            path=path,
            attempts=attempts,
        )


ClientAuth = BasicAuth | OAuth2ClientCredentials
"""The credentials a connection authenticates with."""


def access_key_auth(
    key_id: str, key_secret: str, auth_method: AuthMethod = "oauth2", auth_url: str = DEFAULT_AUTH_URL
) -> ClientAuth:
    """The credentials of a project access key: OAuth2 tokens from ``auth_url`` (default), or HTTP Basic."""
    if auth_method == "oauth2":
        return OAuth2ClientCredentials(key_id, key_secret, auth_url)
    if auth_method == "basic":
        return BasicAuth(key_id, key_secret)
    raise ValueError(f"auth_method must be 'oauth2' or 'basic', got {auth_method!r}")
