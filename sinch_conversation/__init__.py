"""A client for the Sinch Conversation API's apps and app webhooks: plain Python, no Pulumi, no schemas.

Beside the Provisioning client, on its one request path::

    from sinch_provisioning import Connection
    from sinch_conversation import AppsClient, AppWebhooksClient, ConversationConnection

    with Connection.from_access_key(project_id, key_id, key_secret) as connection:
        eu = ConversationConnection.beside(connection, region="EU")
        apps, hooks = AppsClient(eu), AppWebhooksClient(eu)
        app = apps.create_app({"display_name": "ACME Parcel", "channel_credentials": [rcs_credential]})
        hooks.list_webhooks(app["id"])

Design:

- **One request path.** ``sinch_provisioning`` already has the transport (timeouts, a deadline per request,
  retries that never repeat an unsafe call blindly, redirects refused, proxies and CA bundles), the
  credentials (OAuth2 with one thread-safe token cache, or Basic) and the scrubbing of secrets from every
  text. A :class:`ConversationConnection` is one of its connections
  (:class:`~sinch_provisioning.connection.ApiConnection`), with another base URL and another *error
  dialect*: how the API's error answers read (:class:`~sinch_conversation.errors.ConversationErrors`, an
  :class:`~sinch_provisioning.errors.ErrorDialect`). Nothing here sends a request by itself.
- **One line for both APIs.** The same project access key serves both, and so does one OAuth2 token:
  :meth:`ConversationConnection.beside` makes a connection on an existing connection's credentials and
  pooled session (and timeouts, retry policy and registered secrets), so a program that calls both APIs
  asks for one token and keeps one pool. It is closed with the connection it was made beside.
- **Regional.** The API lives on ``https://{region}.conversation.api.sinch.com`` (``eu``, ``us``, ``br``);
  an app, and its webhooks, live in the region the app was made in, and another region's host answers 404
  for them. A connection is for one region, from a URL template (:func:`conversation_url`: ``{region}``
  expanded in lower case, a URL without it used as it is; https, or plain http to this machine only).
- **Errors** are the API's own: :class:`~sinch_conversation.errors.ConversationApiError` (``status``,
  ``status_name``, ``message``, ``details``, ``method``, ``path``) with
  :class:`~sinch_conversation.errors.ConversationNotFoundError` (404) and
  :class:`~sinch_conversation.errors.ConversationAuthenticationError` (401, a 403 denying the project),
  beside the Provisioning API's ``SinchApiError`` under one ``SinchStatusError``. The other failures are
  the shared ones of :mod:`sinch_provisioning.errors` (``OutcomeUnknownError``, ``SinchConnectionError``,
  ``UnexpectedResponseError``, and the token endpoint's ``AuthenticationError``).
- **Creates are never repeated blindly** (``Replay.UNSAFE``): after a lost answer the caller gets
  ``OutcomeUnknownError`` with ``sent_at``, and the ids are ULIDs, whose creation time
  :func:`~sinch_provisioning.ids.ulid_time` reads, to tell an object made by this attempt from an older
  one. A PATCH with the same body is idempotent and retried like a GET.
- **Secrets** in request bodies (channel tokens, webhook and OAuth2 secrets) are registered with the
  connection before they are sent, so no error text can hold them.
- **Answers are checked** for what the provider needs (:mod:`sinch_conversation.shapes`: an app's ``id``,
  a webhook's ``id`` and ``target``), else ``UnexpectedResponseError`` naming the operation.

Modules: :mod:`~sinch_conversation.connection` (regions, URLs, the connection),
:mod:`~sinch_conversation.apps` (``AppsClient``), :mod:`~sinch_conversation.webhooks`
(``AppWebhooksClient``), :mod:`~sinch_conversation.client` (what both share: the operations, the mask, the
secrets), :mod:`~sinch_conversation.errors`, :mod:`~sinch_conversation.shapes`.
"""

from sinch_conversation.apps import AppsClient
from sinch_conversation.client import ConversationClient
from sinch_conversation.connection import (
    DEFAULT_URL_TEMPLATE,
    REGIONS,
    ConversationConnection,
    conversation_region,
    conversation_url,
)
from sinch_conversation.errors import (
    ConversationApiError,
    ConversationAuthenticationError,
    ConversationErrors,
    ConversationNotFoundError,
)
from sinch_conversation.webhooks import MAX_WEBHOOKS_PER_APP, AppWebhooksClient
from sinch_provisioning.ids import ulid_time

__all__ = [
    "DEFAULT_URL_TEMPLATE",
    "MAX_WEBHOOKS_PER_APP",
    "REGIONS",
    "AppWebhooksClient",
    "AppsClient",
    "ConversationApiError",
    "ConversationAuthenticationError",
    "ConversationClient",
    "ConversationConnection",
    "ConversationErrors",
    "ConversationNotFoundError",
    "conversation_region",
    "conversation_url",
    "ulid_time",
]
