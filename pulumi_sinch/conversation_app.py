"""``ConversationApp``: the ``sinch:index:ConversationApp`` resource (a Conversation API app), and
``rcs_channel``, the four arguments that give it an ``RcsSender``'s credentials."""

from collections.abc import Sequence
from typing import Any, TypedDict

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
from provider.conversation_apps.properties import TABLE
from pulumi_sinch._resource import SinchCustomResource
from pulumi_sinch.rcs_sender import RcsSender


class RcsChannel(TypedDict):
    """The app arguments that carry a sender's credentials (what ``rcs_channel`` returns)."""

    rcs_sender_id: pulumi.Output[str]
    rcs_sender_region: pulumi.Output[str]
    rcs_claimed_identity: pulumi.Output[str]
    rcs_token: pulumi.Output[str]


def rcs_channel(sender: RcsSender) -> RcsChannel:
    """``ConversationApp(..., **rcs_channel(sender))``: the app's RCS channel holds ``sender``'s authName and
    authToken (secret end to end), and the app knows the sender's id and region (its own by default)."""
    return {
        "rcs_sender_id": sender.id,
        "rcs_sender_region": sender.region,
        "rcs_claimed_identity": pulumi.Output.secret(sender.auth_name),
        "rcs_token": pulumi.Output.secret(sender.auth_token),
    }


class ConversationApp(SinchCustomResource):
    """A Conversation API app (``sinch:index:ConversationApp``) whose RCS channel holds an ``RcsSender``'s
    credentials. The same arguments (the sender's as ``rcs_sender_id``, ``rcs_sender_region``,
    ``rcs_claimed_identity``, ``rcs_token``: ``**rcs_channel(sender)`` gives all four), outputs and behaviour
    as ``provider.ConversationApp`` (docs/conversation-app.md), served by the ``sinch`` plugin. The RCS
    credentials, ``channel_credentials`` and ``callback_settings`` are always Pulumi secrets.
    """

    pulumi_type = "sinch:index:ConversationApp"
    table = TABLE

    display_name: pulumi.Output[str]
    region: pulumi.Output[str]
    rcs_sender_id: pulumi.Output[str | None]
    rcs_sender_region: pulumi.Output[str | None]
    rcs_claimed_identity: pulumi.Output[str | None]
    rcs_token: pulumi.Output[str | None]
    channel_credentials: pulumi.Output[list[dict[str, Any]] | None]
    processing_mode: pulumi.Output[str | None]
    conversation_metadata_report_view: pulumi.Output[str | None]
    retention_policy: pulumi.Output[dict[str, Any] | None]
    dispatch_retention_policy: pulumi.Output[dict[str, Any] | None]
    callback_settings: pulumi.Output[dict[str, Any] | None]
    delivery_report_based_fallback: pulumi.Output[dict[str, Any] | None]
    message_retry_settings: pulumi.Output[dict[str, Any] | None]
    smart_conversation: pulumi.Output[dict[str, Any] | None]
    channel_timeout: pulumi.Output[float | None]
    rcs_channel_status: pulumi.Output[str | None]
    rcs_channel_description: pulumi.Output[str | None]
    channel_statuses: pulumi.Output[list[dict[str, Any]]]
    project_id: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        display_name: pulumi.Input[str],
        region: pulumi.Input[Region] | None = None,
        rcs_sender_id: pulumi.Input[str] | None = None,
        rcs_sender_region: pulumi.Input[str] | None = None,
        rcs_claimed_identity: pulumi.Input[str] | None = None,
        rcs_token: pulumi.Input[str] | None = None,
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
        self._register(resource_name, self._inputs(locals()), opts)
