"""The types of what Sinch gives each resource besides its inputs (the outputs its property table lists), and
of the function results: the API's own shapes (``spec/``), which the provider records as Sinch sent them.

The inputs' types come from the marshmallow schemas (:mod:`provider.native.schema`); these are the API's
answers, which no schema here loads, so they are written down once, here, with their descriptions. A test
holds each resource's entries to its property table's outputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from provider.native.registry import type_token

Spec = dict[str, Any]


def ref(name: str) -> Spec:
    """A reference to the package's object type ``name``."""
    return {"$ref": f"#/types/{type_token(name)}"}


def text(description: str) -> Spec:
    return {"type": "string", "description": description}


def array_of(name: str, description: str) -> Spec:
    return {"type": "array", "items": ref(name), "description": description}


def object_of(name: str, description: str) -> Spec:
    return {**ref(name), "description": description}


OUTPUTS: Final[Mapping[str, Mapping[str, Spec]]] = {
    "RcsSender": {
        "state": text(
            "The sender's state as of the last create, update or refresh: DRAFT, IN_PROGRESS, IN_TEST, "
            "LAUNCHING, LAUNCHED, ..."
        ),
        "hostingRegion": text("Google's internal hosting region of the sender's agent."),
        "authName": text("The name that connects the sender to a Conversation API app (secret)."),
        "authToken": text("The token that connects the sender to a Conversation API app (secret)."),
        "countryStatus": array_of("CountryStatus", "The launch status of each country, and its operators."),
        "testNumberStates": array_of("TestNumberState", "The state of each invited test number."),
        "created": text("When Sinch created the sender (UTC, ISO 8601)."),
        "modified": text("When the sender was last modified (UTC, ISO 8601)."),
        "launched": text("When the sender was last launched (UTC, ISO 8601); absent until it is."),
        "conversationApiAppDetails": object_of(
            "ConversationApiAppDetails", "The Conversation API app the sender is connected to, once it is."
        ),
    },
    "ProvisioningWebhook": {
        "projectId": text("The Sinch project the webhook belongs to."),
    },
    "ConversationApp": {
        "rcsChannelStatus": text(
            "The RCS channel's state as of the last create, update or refresh: PENDING, ACTIVE or FAILING "
            "(absent without an RCS channel)."
        ),
        "rcsChannelDescription": text("Sinch's description of the RCS channel's state (why it is FAILING)."),
        "channelStatuses": array_of("ChannelStatus", "Every channel's state, in the app's channel order."),
        "projectId": text("The Sinch project the app belongs to."),
    },
    "ConversationWebhook": {
        "targetType": text(
            "`HTTP`, as the provider always sends it; anything else (changed in the dashboard) is drift."
        ),
        "projectId": text("The Sinch project the app and its webhook belong to."),
    },
}
"""Each resource's outputs from Sinch (its table's ``outputs``), by resource name."""

OUTPUT_TYPES: Final[Mapping[str, Mapping[str, Spec]]] = {
    "CountryStatus": {
        "country": text("Two-letter country code (ISO 3166)."),
        "status": text(
            "The country's launch status: LAUNCHED, NOT_LAUNCHED, PENDING, PENDING_UNLAUNCHED, REJECTED, "
            "SUSPENDED, UNLAUNCHED, INVALID_IN_GOOGLE_MY_BUSINESS."
        ),
        "operators": array_of("Operator", "The country's mobile network operators."),
    },
    "Operator": {
        "name": text("The operator's name."),
        "status": text("The sender's launch status with this operator (the values of a country's status)."),
        "remark": text("Comments or notes on the current status."),
        "modified": text("When the status last changed."),
    },
    "TestNumberState": {
        "number": text("The test number (E.164)."),
        "state": text(
            "The invitation's state: DECLINED, EXPIRED, FAILED, INVALID, PENDING, REJECTED, UNVERIFIED, "
            "VERIFIED."
        ),
        "submitted": text("When the number was submitted."),
    },
    "ConversationApiAppDetails": {
        "id": text("The Conversation API app's id."),
        "projectId": text("The app's project."),
        "region": text("The app's region: BR, EU or US."),
        "channelStatus": text("The RCS channel's integration status: ACTIVE, FAILING or PENDING."),
    },
    "ChannelStatus": {
        "channel": text("The channel (RCS, SMS, WHATSAPP, ...)."),
        "status": text("Its credentials' state: PENDING, ACTIVE or FAILING."),
        "description": text("Sinch's description of the state, when it gives one."),
    },
    "SenderSummary": {
        "id": text("The sender's id."),
        "name": text("Its brand name."),
        "state": text("Its state (IN_TEST, LAUNCHED, ...)."),
        "region": text("Its region: BR, EU or US."),
        "useCase": text("Its use case."),
    },
}
"""The object types the outputs above refer to, by type name."""
