"""Typed arguments of ``ProvisioningWebhook``: the trigger names as ``Literal`` types, so that a type checker
flags a misspelt trigger before ``pulumi preview`` does. They are the schema's own list
(:mod:`schemas.webhooks.constants`, held to the spec by a test), re-exported here beside the resource."""

from __future__ import annotations

from schemas.webhooks.constants import RcsTrigger, WebhookTrigger

__all__ = ["RcsTrigger", "WebhookTrigger"]
