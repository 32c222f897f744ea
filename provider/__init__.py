"""sinch-rcs-pulumi: a Pulumi dynamic provider for Sinch RCS senders.

`from provider import RcsSender` for Pulumi programs. The HTTP client (`provider.client`) is plain Python:
this package exports lazily so that importing the client never imports Pulumi.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from provider.args import (
        BrandArgs,
        EmailArgs,
        PhoneArgs,
        QuestionnaireArgs,
        WebsiteArgs,
    )
    from provider.client import SinchRcsClient
    from provider.errors import (
        AuthenticationError,
        NotFoundError,
        OutcomeUnknownError,
        SinchApiError,
        SinchConnectionError,
        SinchError,
    )
    from provider.lookup import SenderSummary, lookup_senders
    from provider.resource import RcsSender
    from provider.sender_provider import RcsSenderProvider

_EXPORTS: dict[str, str] = {
    "RcsSender": "provider.resource",
    "RcsSenderProvider": "provider.sender_provider",
    "lookup_senders": "provider.lookup",
    "SenderSummary": "provider.lookup",
    "BrandArgs": "provider.args",
    "EmailArgs": "provider.args",
    "PhoneArgs": "provider.args",
    "WebsiteArgs": "provider.args",
    "QuestionnaireArgs": "provider.args",
    "SinchRcsClient": "provider.client",
    "SinchError": "provider.errors",
    "SinchApiError": "provider.errors",
    "AuthenticationError": "provider.errors",
    "NotFoundError": "provider.errors",
    "OutcomeUnknownError": "provider.errors",
    "SinchConnectionError": "provider.errors",
}

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
    "lookup_senders",
]
assert sorted(__all__) == sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'provider' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
