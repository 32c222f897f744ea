"""Keeping secrets out of every text the client builds from what a server sent.

A server (or a proxy in front of it) may echo what it received: the key secret, the Basic credentials, a
bearer token, a webhook's secret. Before any such text is kept (an error message, a body snippet, a log
line), :func:`redact` replaces every secret the client holds, in each form a server is likely to echo it:

- as it is, and as its UTF-8 bytes read as Latin-1 or cp1252 (a text page with the wrong charset);
- JSON-escaped (``\\u00e9``, ``\\"``, ``\\\\``, ``\\/``), HTML-escaped;
- URL-encoded (``%C3%A9`` or ``%c3%a9``, ``+`` or ``%20`` for a space);
- base64 (standard and URL-safe, with or without padding).

A secret (or one of its forms) shorter than :data:`SHORT_SECRET` characters is replaced only where it stands
as a whole token, not next to a letter, digit or underscore: a 3-character secret ``"abc"`` is redacted in
``"secret abc refused"`` but ``"abcdef"`` is left alone, so that a short secret neither leaks where it is
quoted nor destroys unrelated text. Longer forms are replaced wherever they occur.

Which secrets: those of the credentials (:meth:`~sinch_provisioning.transport.Authorizer.secrets`: key
secret, Basic value, current and recent OAuth2 tokens) and any a resource client registers with
:meth:`SecretRegistry.register` (``Connection.register_secret``), e.g. a webhook's signing secret.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import html
import json
import re
import threading
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

REDACTED = "[REDACTED]"
SHORT_SECRET = 6
"""Forms shorter than this are redacted only where they stand as a whole token."""


def encodings(secret: str) -> frozenset[str]:
    """Every form of ``secret`` that :func:`redact` replaces (see the module's docstring)."""
    if not secret:
        return frozenset()
    utf8 = secret.encode("utf-8")
    forms = {secret, html.escape(secret)}
    for codec in ("latin-1", "cp1252"):
        with contextlib.suppress(UnicodeDecodeError):  # cp1252 leaves five bytes undefined
            forms.add(utf8.decode(codec))
    for escaped in (json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]):
        forms |= {escaped, escaped.replace("/", "\\/")}
    for encoded in (quote(secret, safe=""), quote(secret), quote_plus(secret)):
        forms |= {encoded, re.sub("%[0-9A-F]{2}", lambda match: match.group().lower(), encoded)}
    for b64 in (base64.b64encode(utf8).decode("ascii"), base64.urlsafe_b64encode(utf8).decode("ascii")):
        forms |= {b64, b64.rstrip("=")}
    forms.discard("")
    return frozenset(forms)


@functools.lru_cache(maxsize=64)
def _pattern(secrets: frozenset[str]) -> re.Pattern[str] | None:
    forms = sorted({form for secret in secrets for form in encodings(secret)}, key=len, reverse=True)
    if not forms:
        return None
    alternatives = [
        re.escape(form) if len(form) >= SHORT_SECRET else rf"(?<!\w){re.escape(form)}(?!\w)" for form in forms
    ]
    return re.compile("|".join(alternatives))


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every form of every secret in ``secrets`` replaced by :data:`REDACTED`."""
    pattern = _pattern(frozenset(secret for secret in secrets if secret))
    return text if pattern is None else pattern.sub(REDACTED, text)


class SecretRegistry:
    """Secrets registered by resource clients, scrubbed from texts for the life of a connection.

    Thread-safe. Registering the same value twice keeps one copy.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: frozenset[str] = frozenset()

    def register(self, value: str) -> None:
        """Scrub ``value`` (in every form, see :func:`encodings`) from every text built from now on."""
        if not isinstance(value, str) or not value:
            raise ValueError("a secret to scrub must be a non-empty string")
        with self._lock:
            self._values = self._values | {value}

    def values(self) -> frozenset[str]:
        return self._values

    def __repr__(self) -> str:
        return f"SecretRegistry(<{len(self._values)} hidden>)"
