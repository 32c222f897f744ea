"""Each schema is the one list of its declaration's inputs (``schemas.names``): the state names in
declaration order, their Python names and the provider options' defaults, from which the provider's tables
derive."""

from __future__ import annotations

from marshmallow import Schema

from provider.rcs_senders import properties as sender_properties
from provider.webhooks import properties as webhook_properties
from schemas.base import StrictSchema
from schemas.fields import Flag, Seconds, Text
from schemas.names import input_names, provider_option, provider_options, python_name, python_names
from schemas.rcs_senders import sender
from schemas.rcs_senders.sender import SenderSchema
from schemas.webhooks import webhook
from schemas.webhooks.webhook import WebhookSchema


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


def test_python_names_are_snake_case() -> None:
    assert python_name("rcsSenderId") == "rcs_sender_id"
    assert python_name("displayName") == "display_name"
    assert python_name("region") == "region"
    assert python_name("webhookId") == "webhook_id"
    assert python_names(_Example) == {
        "displayName": "display_name",
        "regionName": "region_name",
        "wait": "wait",
        "dryRun": "dry_run",
    }


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
    """The provider's INPUTS tables, in their order, are derivable from the schemas alone."""
    assert list(python_names(SenderSchema).items()) == list(sender_properties.INPUTS.items())
    assert list(python_names(WebhookSchema).items()) == list(webhook_properties.INPUTS.items())
    assert webhook.INPUT_NAMES == ("target", "secret", "triggers", "webhookId")
