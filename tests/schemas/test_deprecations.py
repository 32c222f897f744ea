"""sender_warnings: deprecated values are accepted, each with a warning naming the replacement."""

from __future__ import annotations

import pytest

from schemas import SenderSchema, sender_warnings
from tests.schemas import examples
from tests.schemas.helpers import questionnaire_with, sender_with


@pytest.mark.parametrize(
    ("category", "instead"),
    [
        ("BASIC_MESSAGE", "NON_CONVERSATIONAL"),
        ("SINGLE_MESSAGE", "NON_CONVERSATIONAL"),
        ("CONVERSATIONAL_LEGACY", "CONVERSATIONAL"),
    ],
)
def test_deprecated_billing_categories(category: str, instead: str) -> None:
    loaded = SenderSchema().load(sender_with(billingCategory=category))
    assert sender_warnings(loaded) == [
        f"billingCategory {category} is deprecated by Sinch; use {instead} instead."
    ]


def test_gb_campaign_length() -> None:
    loaded = SenderSchema().load(questionnaire_with("gb", {"campaignLength": "6 months"}))
    assert sender_warnings(loaded) == [
        "questionnaire.gb.answers.campaignLength is deprecated by Sinch and no longer asked for; remove it "
        "(messagesVolume and messagesFrequency describe the traffic)."
    ]


def test_legacy_us_answers() -> None:
    loaded = SenderSchema().load(questionnaire_with("us", examples.us_legacy_answers()))
    [warning] = sender_warnings(loaded)
    assert warning.startswith("questionnaire.us.answers holds the legacy v1 US answers")
    assert "use the v2 brand-campaign answers instead" in warning


def test_current_values_give_no_warning() -> None:
    assert sender_warnings(SenderSchema().load(examples.launchable_us())) == []
    assert sender_warnings(SenderSchema().load(examples.launchable_eu())) == []
