"""A recording pass-through for the OAuth token endpoint, so that a test knows every token that was issued.

The emulator keeps only digests of the tokens it issues. Pointing the provider's ``sinch:authUrl`` at this
tap (a :class:`~tests.reliability.proxy.Proxy` in front of the emulator) forwards each token request
unchanged; ``tokens`` lists the ``access_token`` of every successful answer, for the secrets test to
search for.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from tests.reliability.proxy import Proxy

TOKEN_PATH = "/oauth2/token"


class TokenTap(Proxy):
    """``with TokenTap(f"{emulator.url}/oauth2/token") as tap:`` use ``tap.url`` as the auth URL."""

    def __init__(self, upstream_token_url: str) -> None:
        parts = urlsplit(upstream_token_url)
        super().__init__(f"{parts.scheme}://{parts.netloc}")

    @property
    def url(self) -> str:
        return super().url + TOKEN_PATH

    @property
    def tokens(self) -> list[str]:
        """Every access token the upstream issued through the tap, in order."""
        found = [
            json.loads(answer.body).get("access_token")
            for answer in self.answers
            if urlsplit(answer.path).path == TOKEN_PATH and answer.status == 200
        ]
        return [token for token in found if isinstance(token, str)]
