"""``ConversationConnection``: one project's Conversation API in one region, on the Provisioning line.

    provisioning = Connection.from_access_key(project_id, key_id, key_secret)
    eu = ConversationConnection.beside(provisioning, region="EU")   # the same token, the same pool
    apps = AppsClient(eu)

The Conversation API lives on a regional host, ``https://{region}.conversation.api.sinch.com`` with
``region`` one of ``eu``, ``us``, ``br`` (lower case in the host; the Provisioning API writes ``EU``, ``US``,
``BR``: both are accepted). An app, and its webhooks, live in the region the app was made in. The URL is a
template (:func:`conversation_url`): ``{region}`` is replaced by the region in lower case, and a URL without
``{region}`` is used as it is for every region (a local emulator). Like every Sinch URL it must be https, or
plain http to this machine (:func:`~sinch_provisioning.transport.check_url`).

A ``ConversationConnection`` is an :class:`~sinch_provisioning.connection.ApiConnection`: the same request
path as the Provisioning client (transport, retries, deadlines, scrubbing), with the Conversation API's
error dialect (:class:`~sinch_provisioning.errors.ErrorDialect`:
:class:`~sinch_conversation.errors.ConversationErrors`). Made :meth:`~ConversationConnection.beside` an
existing connection it shares that connection's credentials (one OAuth2 token cache: the token serves both
APIs) and line (one pooled session, the same timeouts and retry policy, the same registered secrets), and
never closes them; made on its own (its constructor, with credentials such as
``sinch_provisioning.auth.access_key_auth(key_id, key_secret)``) it has a line of its own, which
:meth:`~ConversationConnection.close` closes.
"""

from __future__ import annotations

from typing import Final, Self, Unpack

from sinch_conversation.errors import ConversationErrors
from sinch_provisioning.auth import ClientAuth
from sinch_provisioning.connection import ApiConnection, TransportOptions
from sinch_provisioning.transport import check_url

__all__ = [
    "DEFAULT_URL_TEMPLATE",
    "REGIONS",
    "ConversationConnection",
    "conversation_region",
    "conversation_url",
]

DEFAULT_URL_TEMPLATE: Final = "https://{region}.conversation.api.sinch.com"
REGIONS: Final = ("eu", "us", "br")
"""The Conversation API's regions, as its hosts write them."""
_PLACEHOLDER: Final = "{region}"


def conversation_region(region: str) -> str:
    """``region`` as the hosts write it (``"EU"`` -> ``"eu"``); ``ValueError`` for any but eu, us, br."""
    lower = region.strip().lower() if isinstance(region, str) else None
    if lower not in REGIONS:
        raise ValueError(
            f"region must be one of {', '.join(REGIONS)} (EU, US, BR as the Provisioning API writes them), "
            f"got {region!r}"
        )
    return lower


def conversation_url(url: str, region: str) -> str:
    """The base URL of the Conversation API in ``region``: ``url`` with ``{region}`` replaced by the
    region in lower case (a URL without it is used as it is), checked as every Sinch URL is (https, or
    plain http to this machine), without a trailing slash."""
    if not isinstance(url, str) or not url:
        raise ValueError(f"the Conversation API URL must be a URL or a template with {{region}}, got {url!r}")
    expanded = url.replace(_PLACEHOLDER, conversation_region(region))
    if "{" in expanded or "}" in expanded:
        raise ValueError(
            f"the Conversation API URL {url!r} has a placeholder other than {{region}}, the only one "
            "expanded (e.g. https://{region}.conversation.api.sinch.com)"
        )
    return check_url(expanded, "the Conversation API URL").rstrip("/")


class ConversationConnection(ApiConnection):
    """The Conversation API of one project in one ``region`` (``eu``/``us``/``br``, either case), at
    ``url`` (a template, see :func:`conversation_url`). Made by its constructor it has a line of its own,
    made from ``options`` (:class:`~sinch_provisioning.connection.TransportOptions`); to share an
    existing connection's credentials and line, use :meth:`beside`."""

    region: str
    """The region in lower case, as the host writes it."""

    def __init__(
        self,
        project_id: str,
        auth: ClientAuth,
        *,
        region: str,
        url: str = DEFAULT_URL_TEMPLATE,
        **options: Unpack[TransportOptions],
    ) -> None:
        self.region = conversation_region(region)
        base_url = conversation_url(url, self.region)
        super().__init__(
            project_id, auth, base_url=base_url, dialect=ConversationErrors(self.region), **options
        )

    @classmethod
    def beside(cls, connection: ApiConnection, *, region: str, url: str = DEFAULT_URL_TEMPLATE) -> Self:
        """The Conversation API of ``connection``'s project in ``region``, on ``connection``'s credentials
        and line (one token, one pool, the same secrets scrubbed). It lasts as long as ``connection`` is
        open; closing it closes nothing."""
        lower = conversation_region(region)
        base_url = conversation_url(url, lower)
        conversation = cls._sharing(connection, base_url=base_url, dialect=ConversationErrors(lower))
        conversation.region = lower
        return conversation
