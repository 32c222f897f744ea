"""Each schema is the one list of its declaration's inputs (``schemas.names``): the state names in
declaration order and the provider options' defaults, from which the provider's tables derive."""

from __future__ import annotations

from marshmallow import Schema

from provider.core.properties import named
from provider.rcs_senders import properties as sender_properties
from provider.webhooks import properties as webhook_properties
from schemas import conversation_apps, conversation_webhooks
from schemas.base import StrictSchema
from schemas.fields import Flag, Seconds, Text
from schemas.names import input_names, provider_option, provider_options
from schemas.rcs_senders import sender
from schemas.webhooks import webhook


class _Example(StrictSchema):
    displayName = Text(required=True)  # noqa: N815
    region = Text(data_key="regionName")
    wait = Seconds(maximum=10, metadata=provider_option(5))
    dryRun = Flag(metadata=provider_option(False))  # noqa: N815


def test_input_names_are_the_state_names_in_declaration_order() -> None:
    assert input_names(_Example) == ("displayName", "regionName", "wait", "dryRun")
    assert input_names(_Example()) == input_names(_Example)
    assert provider_options(_Example) == {"wait": 5, "dryRun": False}
    assert provider_options(Schema()) == {}


def test_the_sender_inputs_come_from_its_schema() -> None:
    assert sender.INPUT_NAMES == (
        "region",
        "billingCategory",
        "useCase",
        "brand",
        "countries",
        "testNumbers",
        "questionnaire",
        "launch",
        "senderId",
        "allowReplacement",
        "provisioningTimeout",
    )
    assert sender.PROVIDER_OPTIONS == {"launch": False, "allowReplacement": False, "provisioningTimeout": 600}


def test_the_provider_tables_are_what_the_schemas_give() -> None:
    """The provider's input tables, in their order, are the schemas' names."""
    assert list(sender_properties.TABLE.inputs) == list(sender.INPUT_NAMES)
    assert list(webhook_properties.TABLE.inputs) == list(webhook.INPUT_NAMES)
    assert webhook.INPUT_NAMES == ("target", "secret", "triggers", "webhookId")
    assert named(sender.INPUT_NAMES)["provisioningTimeout"] == "provisioning_timeout"
    assert named(conversation_apps.INPUT_NAMES)["rcsSenderId"] == "rcs_sender_id"
    assert named(conversation_webhooks.INPUT_NAMES)["clientCredentials"] == "client_credentials"
