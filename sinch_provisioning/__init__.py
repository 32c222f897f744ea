"""A client for the Sinch Provisioning API: plain Python (``requests``/``urllib3``), no Pulumi, no schemas.

One module per API resource, on one shared connection::

    from sinch_provisioning import Connection, SinchRcsClient, WebhooksClient

    with Connection.from_access_key(project_id, key_id, key_secret) as connection:
        senders, webhooks = SinchRcsClient(connection), WebhooksClient(connection)
        senders.list_senders()
        webhooks.list_webhooks()

- :mod:`sinch_provisioning.connection`: ``Connection`` (URL, credentials, pooled session) and the base of
  the resource clients; ``ApiConnection``, what it shares with the Conversation API's connection
  (``sinch_conversation``, built on this package).
- :mod:`sinch_provisioning.rcs_senders`: ``SinchRcsClient``, the RCS senders and their test numbers.
- :mod:`sinch_provisioning.webhooks`: ``WebhooksClient``, the project webhooks (where Sinch sends events).
- :mod:`sinch_provisioning.webhook_events`: ``verify_webhook_signature``, for the handler that receives
  them (a Flask view, a Lambda): the event if Sinch signed it, else a ``WebhookVerificationError``.
- :mod:`sinch_provisioning.errors`: ``SinchApiError`` (status, ``error_code``, message, resolution) and the
  other failures a call can end in; ``ErrorDialect``, how an API's error answers read.
- :mod:`sinch_provisioning.ids`: ``ulid_time``, the creation time a ULID id (a webhook's) carries.
- :mod:`sinch_provisioning.transport`, :mod:`~sinch_provisioning.retry`, :mod:`~sinch_provisioning.auth`:
  one request with timeouts and safe retries; OAuth2 and Basic credentials.
- :mod:`sinch_provisioning.shapes`, :mod:`~sinch_provisioning.scrub`, :mod:`~sinch_provisioning.deadline`:
  what an answer must hold; keeping secrets out of texts; cutting a request at its deadline.
"""

from sinch_provisioning.auth import DEFAULT_AUTH_URL, BasicAuth, OAuth2ClientCredentials
from sinch_provisioning.connection import DEFAULT_BASE_URL, ApiConnection, AuthMethod, Connection
from sinch_provisioning.errors import (
    AuthenticationError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitedError,
    SinchApiError,
    SinchCallError,
    SinchConnectionError,
    SinchError,
    SinchStatusError,
    TokenResponseError,
    UnexpectedResponseError,
)
from sinch_provisioning.ids import ulid_time
from sinch_provisioning.rcs_senders import SinchRcsClient
from sinch_provisioning.retry import RetryPolicy
from sinch_provisioning.transport import Timeout
from sinch_provisioning.version import VERSION
from sinch_provisioning.webhook_events import (
    WebhookEvent,
    WebhookVerificationError,
    sign_event,
    verify_webhook_signature,
)
from sinch_provisioning.webhooks import WebhooksClient

__version__ = VERSION

__all__ = [
    "DEFAULT_AUTH_URL",
    "DEFAULT_BASE_URL",
    "ApiConnection",
    "AuthMethod",
    "AuthenticationError",
    "BasicAuth",
    "Connection",
    "NotFoundError",
    "OAuth2ClientCredentials",
    "OutcomeUnknownError",
    "RateLimitedError",
    "RetryPolicy",
    "SinchApiError",
    "SinchCallError",
    "SinchConnectionError",
    "SinchError",
    "SinchRcsClient",
    "SinchStatusError",
    "Timeout",
    "TokenResponseError",
    "UnexpectedResponseError",
    "WebhookEvent",
    "WebhookVerificationError",
    "WebhooksClient",
    "__version__",
    "sign_event",
    "ulid_time",
    "verify_webhook_signature",
]
