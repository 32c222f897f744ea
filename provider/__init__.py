"""sinch-rcs-pulumi: Sinch messaging resources as Pulumi resources (a Python dynamic provider).

    from provider import RcsSender

One package per resource (``provider.rcs_senders``); the Sinch HTTP client they use is the separate,
Pulumi-free package ``sinch_provisioning``, and the marshmallow schemas are in ``schemas``.
"""

from provider.rcs_senders.args import (
    BrandArgs,
    EmailArgs,
    PhoneArgs,
    QuestionnaireArgs,
    WebsiteArgs,
)
from provider.rcs_senders.lookup import SenderSummary, lookup_senders
from provider.rcs_senders.resource import RcsSender
from provider.sender_provider import RcsSenderProvider
from sinch_provisioning import (
    AuthenticationError,
    NotFoundError,
    OutcomeUnknownError,
    SinchApiError,
    SinchConnectionError,
    SinchError,
    SinchRcsClient,
)
from sinch_provisioning.version import VERSION

__version__ = VERSION

__all__ = [
    "AuthenticationError",
    "BrandArgs",
    "EmailArgs",
    "NotFoundError",
    "OutcomeUnknownError",
    "PhoneArgs",
    "QuestionnaireArgs",
    "RcsSender",
    "RcsSenderProvider",
    "SenderSummary",
    "SinchApiError",
    "SinchConnectionError",
    "SinchError",
    "SinchRcsClient",
    "WebsiteArgs",
    "__version__",
    "lookup_senders",
]
