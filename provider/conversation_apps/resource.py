"""``ConversationApp``: the Pulumi resource a program declares for one Sinch Conversation API app.

State and the wire to the provider use camelCase (``displayName``, ``rcsChannelStatus``); the Python
object uses snake_case (``app.display_name``, ``app.rcs_channel_status``); inside nested objects the API's
own snake_case names are kept. The RCS channel comes from the ``RcsSender`` passed as ``rcs_sender``: its
``auth_name`` becomes the channel's ``claimed_identity`` and its ``auth_token`` the ``token``, both kept
secret end to end (wrapped with ``pulumi.Output.secret`` here and listed as secret outputs, so they are
encrypted in state and masked in previews and outputs). So are ``channel_credentials`` and
``callback_settings``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pulumi

from provider.conversation_apps.args import (
    CallbackSettingsArgs,
    ChannelCredentialArgs,
    DeliveryReportBasedFallbackArgs,
    DispatchRetentionPolicyArgs,
    MessageRetrySettingsArgs,
    MetadataReportView,
    ProcessingMode,
    Region,
    RetentionPolicyArgs,
    SmartConversationArgs,
)
from provider.conversation_apps.provider import ConversationAppProvider
from provider.dynamic.resource import SinchResource
from provider.rcs_senders.resource import RcsSender


class ConversationApp(SinchResource, module="sinch", name="ConversationApp"):
    """A Sinch Conversation API app (type token ``pulumi-python:dynamic/sinch:ConversationApp``) whose RCS
    channel holds the credentials of ``rcs_sender``, so that the sender can carry messages.

    - ``display_name``: the app's name in Sinch (1-255 characters).
    - ``rcs_sender``: the ``RcsSender`` whose ``auth_name`` and ``auth_token`` the app's RCS channel holds
      (Sinch's documented intent for these fields: "needed to connect the sender to a Conversation API
      App"). A replaced sender's new credentials flow into the app on the same ``up``.
    - ``region``: ``EU``, ``US`` or ``BR``; defaults to the sender's, and must be the sender's (refused at
      preview otherwise). Fixed for an app: a change replaces it (a new app first, then the old one is
      deleted, with its webhooks).
    - ``channel_credentials``: the app's other channels (``SMS`` for RCS -> SMS fallback, ...), in the API's
      shape; never ``RCS``. Sent whole on every change, so a change to one never drops another.
    - the settings (``processing_mode``, ``conversation_metadata_report_view``, ``retention_policy``,
      ``dispatch_retention_policy``, ``callback_settings``, ``delivery_report_based_fallback``,
      ``message_retry_settings``, ``smart_conversation``): the API's defaults when left out.
    - ``channel_timeout``: seconds a create (or a credential change) waits for Sinch's verdict on the RCS
      channel (default 300): ``ACTIVE`` succeeds, ``FAILING`` fails (a new app is deleted again), still
      ``PENDING`` is recorded with a warning.

    The resource's ``id`` is the app id (a ULID). Deleting the resource deletes the app and its webhooks;
    the sender stays, unlinked.
    """

    provider_class = ConversationAppProvider

    # Echoed inputs.
    display_name: pulumi.Output[str]
    region: pulumi.Output[str]
    rcs_sender_id: pulumi.Output[str | None]
    rcs_sender_region: pulumi.Output[str | None]
    rcs_claimed_identity: pulumi.Output[str | None]
    """Secret: the sender's authName, the RCS channel's ``static_bearer.claimed_identity``."""
    rcs_token: pulumi.Output[str | None]
    """Secret: the sender's authToken, the RCS channel's ``static_bearer.token``."""
    channel_credentials: pulumi.Output[list[dict[str, Any]] | None]
    """Secret: the other channels' credential entries."""
    processing_mode: pulumi.Output[str | None]
    conversation_metadata_report_view: pulumi.Output[str | None]
    retention_policy: pulumi.Output[dict[str, Any] | None]
    dispatch_retention_policy: pulumi.Output[dict[str, Any] | None]
    callback_settings: pulumi.Output[dict[str, Any] | None]
    """Secret: holds the callback signing secret."""
    delivery_report_based_fallback: pulumi.Output[dict[str, Any] | None]
    message_retry_settings: pulumi.Output[dict[str, Any] | None]
    smart_conversation: pulumi.Output[dict[str, Any] | None]
    channel_timeout: pulumi.Output[float | None]
    """Seconds a create waits for Sinch's verdict on the RCS channel (default 300)."""
    # From Sinch.
    rcs_channel_status: pulumi.Output[str | None]
    """``PENDING``, ``ACTIVE`` or ``FAILING`` as of the last create, update or refresh (None: no RCS
    channel)."""
    rcs_channel_description: pulumi.Output[str | None]
    """Sinch's description of the RCS channel's state (why it is FAILING), ``""`` when it gives none."""
    channel_statuses: pulumi.Output[list[dict[str, Any]]]
    """Every channel's ``{channel, status, description}``, in the app's channel order."""
    project_id: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        display_name: pulumi.Input[str],
        rcs_sender: RcsSender | None = None,
        region: pulumi.Input[Region] | None = None,
        channel_credentials: pulumi.Input[Sequence[pulumi.Input[ChannelCredentialArgs]]] | None = None,
        processing_mode: pulumi.Input[ProcessingMode] | None = None,
        conversation_metadata_report_view: pulumi.Input[MetadataReportView] | None = None,
        retention_policy: pulumi.Input[RetentionPolicyArgs] | None = None,
        dispatch_retention_policy: pulumi.Input[DispatchRetentionPolicyArgs] | None = None,
        callback_settings: pulumi.Input[CallbackSettingsArgs] | None = None,
        delivery_report_based_fallback: pulumi.Input[DeliveryReportBasedFallbackArgs] | None = None,
        message_retry_settings: pulumi.Input[MessageRetrySettingsArgs] | None = None,
        smart_conversation: pulumi.Input[SmartConversationArgs] | None = None,
        channel_timeout: pulumi.Input[float] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        rcs_sender_id: pulumi.Input[str] | None = None
        rcs_sender_region: pulumi.Input[str] | None = None
        rcs_claimed_identity: pulumi.Input[str] | None = None
        rcs_token: pulumi.Input[str] | None = None
        if rcs_sender is not None:
            rcs_sender_id = rcs_sender.id
            rcs_sender_region = rcs_sender.region
            rcs_claimed_identity = pulumi.Output.secret(rcs_sender.auth_name)
            rcs_token = pulumi.Output.secret(rcs_sender.auth_token)
        if channel_credentials is not None:
            channel_credentials = pulumi.Output.secret(channel_credentials)
        if callback_settings is not None:
            callback_settings = pulumi.Output.secret(callback_settings)
        self._register(resource_name, self._declared(locals()), opts)
