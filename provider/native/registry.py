"""What the ``sinch`` plugin serves: each ``sinch:index:<Type>`` and the lifecycle that does its work.

The one place the native front end lists the resources. Each entry is the resource's existing
:class:`~provider.core.lifecycle.Lifecycle` subclass, taken from its dynamic provider class (``lifecycle``),
so both front ends serve the same steps; the type token is ``sinch:index:`` and the name its property table
gives. Adding a resource to the plugin is one entry here (and its descriptions, ``descriptions.py``).

``unique``: inputs that no two resources of one provider instance (one Sinch project) may declare alike,
because Sinch allows one object per value (a project webhook per target). The native plugin's Check sees
each resource's URN, so a second declaration fails at preview naming both resources
(:mod:`provider.native.declarations`); the dynamic form cannot tell resources apart there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from provider.conversation_apps.provider import ConversationAppProvider
from provider.conversation_webhooks.provider import ConversationWebhookProvider
from provider.core.lifecycle import Lifecycle
from provider.core.properties import PropertyTable
from provider.rcs_senders.provider import RcsSenderProvider
from provider.webhooks.provider import ProvisioningWebhookProvider
from schemas.base import StrictSchema
from schemas.conversation_apps.app import ConversationAppSchema
from schemas.conversation_webhooks.webhook import ConversationWebhookSchema
from schemas.rcs_senders.sender import SenderSchema
from schemas.webhooks.webhook import WebhookSchema

PACKAGE: Final = "sinch"
MODULE: Final = "index"


def type_token(name: str) -> str:
    """``sinch:index:<name>``: the token of a resource, type or function of the package."""
    return f"{PACKAGE}:{MODULE}:{name}"


@dataclass(frozen=True)
class NativeResource:
    """One resource type the plugin serves."""

    lifecycle: type[Lifecycle]
    schema: type[StrictSchema]
    """The marshmallow schema of its declaration (the inputs' types in the package schema)."""
    unique: tuple[str, ...] = ()
    """Inputs whose values no two resources of one provider instance may share (empty: no such rule)."""
    unique_rule: str = ""
    """Why, and what to do, said after the two URNs (``Sinch allows one webhook per target ...``)."""

    @property
    def table(self) -> PropertyTable:
        return self.lifecycle.table

    @property
    def token(self) -> str:
        return type_token(self.table.resource)


RESOURCES: Final[Mapping[str, NativeResource]] = {
    resource.token: resource
    for resource in (
        NativeResource(RcsSenderProvider.lifecycle, SenderSchema),
        NativeResource(
            ProvisioningWebhookProvider.lifecycle,
            WebhookSchema,
            unique=("target",),
            unique_rule=(
                "Sinch allows one webhook per target in a project, so the second would fail at `pulumi up`. "
                "Give one of them another target, or remove one of the two declarations."
            ),
        ),
        NativeResource(ConversationAppProvider.lifecycle, ConversationAppSchema),
        NativeResource(
            ConversationWebhookProvider.lifecycle,
            ConversationWebhookSchema,
            unique=("appId", "target"),
            unique_rule=(
                "Sinch allows one webhook per target in an app, so the second would fail at `pulumi up`. "
                "Give one of them another target, or remove one of the two declarations."
            ),
        ),
    )
}
"""Every resource type of the package, by token."""
