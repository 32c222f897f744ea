"""Authentication: HTTP Basic with an access key, or a bearer token from the OAuth2 token endpoint.

- API requests carry ``Authorization: Basic base64(keyId:keySecret)`` or ``Authorization: Bearer <token>``.
  Without configured keys any non-empty key id and secret are accepted; with keys, only those. Anything
  else is 401 ``unauthorized_error``.
- ``POST /oauth2/token`` with HTTP Basic and the form ``grant_type=client_credentials`` issues a token
  valid for ``token_ttl`` seconds (by the emulator's clock). Errors there use OAuth's own shape
  (``{"error": "invalid_client"}`` 401, ``unsupported_grant_type``/``invalid_request`` 400).
- ``expire_all()`` makes every issued token expired, so a client's refresh-on-401 can be tested.

Secrets (key secrets, tokens) are compared in constant time and never logged or shown in a repr.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import math
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from emulator.clock import Clock
from emulator.errors import ApiError

TOKEN_PATH = "/oauth2/token"  # noqa: S105 - a URL path, not a password

# An answer of the token endpoint: status, JSON payload, headers.
TokenReply = tuple[int, dict[str, Any], dict[str, str]]


@dataclass
class _Token:
    key_id: str
    expires_at: float


class Authenticator:
    def __init__(self, keys: Mapping[str, str] | None, token_ttl: float, clock: Clock) -> None:
        self._keys = dict(keys) if keys else None
        self.token_ttl = token_ttl
        self._clock = clock
        self._tokens: dict[str, _Token] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        keys = "any key" if self._keys is None else f"{len(self._keys)} key(s)"
        return f"Authenticator({keys}, token_ttl={self.token_ttl})"

    # --- API requests ------------------------------------------------------------------------------

    def authenticate(self, authorization: str) -> str:
        """The key id behind an ``Authorization`` header, or 401 ``unauthorized_error``."""
        scheme, value = _parse(authorization)
        if scheme == "basic":
            key_id = self._check_basic(value)
        elif scheme == "bearer" and value:
            key_id = self._check_token(value)
        else:
            key_id = None
        if key_id is None:
            raise ApiError("unauthorized_error")
        return key_id

    def _check_basic(self, encoded: str) -> str | None:
        credentials = _decode_basic(encoded)
        if credentials is None:
            return None
        key_id, secret = credentials
        if self._keys is None:
            return key_id
        expected = self._keys.get(key_id)
        if expected is not None and hmac.compare_digest(expected.encode("utf-8"), secret.encode("utf-8")):
            return key_id
        return None

    def _check_token(self, token: str) -> str | None:
        now = self._clock()
        with self._lock:
            issued = self._tokens.get(_digest(token))
        if issued is None or issued.expires_at <= now:
            return None
        return issued.key_id

    def expire_all(self) -> int:
        """Expire every token issued so far. Returns how many were still valid."""
        now = self._clock()
        with self._lock:
            valid = sum(1 for token in self._tokens.values() if token.expires_at > now)
            for token in self._tokens.values():
                token.expires_at = min(token.expires_at, now)
        return valid

    def forget_tokens(self) -> None:
        with self._lock:
            self._tokens.clear()

    # --- the token endpoint --------------------------------------------------------------------------

    def token_endpoint(self, method: str, authorization: str, mimetype: str, body: bytes) -> TokenReply:
        """Answer ``POST /oauth2/token`` (client credentials grant)."""
        if method != "POST":
            return _oauth_error(405, "invalid_request", "Use POST.", {"Allow": "POST"})
        scheme, value = _parse(authorization)
        key_id = self._check_basic(value) if scheme == "basic" else None
        if key_id is None:
            return _oauth_error(
                401,
                "invalid_client",
                "Client authentication failed: send the access key id and secret with HTTP Basic.",
                {"WWW-Authenticate": 'Basic realm="sinch"'},
            )
        if mimetype != "application/x-www-form-urlencoded":
            return _oauth_error(400, "invalid_request", "Send the form application/x-www-form-urlencoded.")
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            return _oauth_error(400, "invalid_request", "The form is not UTF-8.")
        grant_types = form.get("grant_type", [])
        if not grant_types:
            return _oauth_error(400, "invalid_request", "grant_type is missing.")
        if grant_types != ["client_credentials"]:
            return _oauth_error(
                400, "unsupported_grant_type", "Only grant_type=client_credentials is supported."
            )
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[_digest(token)] = _Token(key_id, self._clock() + self.token_ttl)
        return (
            200,
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": math.ceil(self.token_ttl),
                "scope": "",
            },
            {"Cache-Control": "no-store", "Pragma": "no-cache"},
        )


def _parse(authorization: str) -> tuple[str, str]:
    """An ``Authorization`` header's scheme (lower case) and credentials; empty strings when absent."""
    scheme, _, value = authorization.partition(" ")
    return scheme.lower(), value.strip()


def _digest(token: str) -> str:
    """Tokens are kept by their SHA-256 only: looking one up compares digests, never the secret itself."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _decode_basic(encoded: str) -> tuple[str, str] | None:
    try:
        decoded = base64.b64decode(encoded, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    key_id, sep, secret = decoded.partition(":")
    if not sep or not key_id or not secret:
        return None
    return key_id, secret


def _oauth_error(
    status: int, error: str, description: str, headers: Mapping[str, str] | None = None
) -> TokenReply:
    return status, {"error": error, "error_description": description}, dict(headers or {})
