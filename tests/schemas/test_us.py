"""The US answers: v2 brand-campaign (complete, with the variants' conditional rules) and legacy v1."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import SenderSchema
from schemas.rcs_senders.api import us_questionnaire_version
from tests.schemas import examples
from tests.schemas.helpers import errors, questionnaire_with


def us_errors(answers: dict[str, Any]) -> list[tuple[str, str]]:
    return errors(questionnaire_with("us", answers))


def load_us(answers: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = SenderSchema().load(questionnaire_with("us", answers))
    return loaded


PREFIX = "questionnaire.us.answers."


def test_spec_examples_load() -> None:
    for answers in (
        examples.us_public_answers(),
        examples.us_private_answers(),
        examples.us_legacy_answers(),
    ):
        assert load_us(answers)["questionnaire"]["us"]["answers"] == answers


def test_public_without_stock_fields() -> None:
    answers = examples.us_public_answers()
    del answers["stockExchange"], answers["stockSymbol"]
    assert us_errors(answers) == [
        (PREFIX + "stockExchange", "Required when ownershipType is PUBLIC (the company's stock listing)."),
        (PREFIX + "stockSymbol", "Required when ownershipType is PUBLIC (the company's stock listing)."),
    ]


def test_public_must_be_a_corporation() -> None:
    answers = {**examples.us_public_answers(), "legalForm": "PARTNERSHIP"}
    assert us_errors(answers) == [(PREFIX + "legalForm", "Must be CORPORATION when ownershipType is PUBLIC.")]


def test_private_with_stock_fields() -> None:
    answers = {**examples.us_private_answers(), "stockExchange": "NASDAQ", "stockSymbol": "EXMPL"}
    message = "Not allowed when ownershipType is PRIVATE: only PUBLIC companies have a stock listing."
    assert us_errors(answers) == [(PREFIX + "stockExchange", message), (PREFIX + "stockSymbol", message)]


@pytest.mark.parametrize("tax_id", ["123456789", "12-345678", "AB-1234567", "12-34567890"])
def test_bad_us_tax_id_format(tax_id: str) -> None:
    answers = {**examples.us_public_answers(), "taxId": tax_id}
    assert us_errors(answers) == [
        (
            PREFIX + "taxId",
            "Must have the format XX-XXXXXXX (for example 12-3456789) when taxIdCountry is US.",
        )
    ]


def test_non_us_tax_id_is_any_string_up_to_25() -> None:
    assert load_us({**examples.us_private_answers(), "taxId": "SE 5566778899 / 01"})
    assert us_errors({**examples.us_private_answers(), "taxId": "x" * 26}) == [
        (PREFIX + "taxId", "Must be at most 25 characters long (got 26).")
    ]


def test_us_tax_country_needs_a_state() -> None:
    answers = examples.us_public_answers()
    del answers["addressState"]
    assert us_errors(answers) == [(PREFIX + "addressState", "Required when taxIdCountry is US.")]


def test_non_us_tax_country_may_keep_a_state() -> None:
    assert load_us({**examples.us_private_answers(), "addressState": "CA"})


def test_v2_answers_are_taken_complete() -> None:
    answers = examples.us_public_answers()
    del answers["brandName"], answers["helpMessage"]
    message = "Missing data for required field (the API takes the US brand-campaign answers only complete)."
    assert us_errors(answers) == [(PREFIX + "brandName", message), (PREFIX + "helpMessage", message)]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ownershipType", "GOVERNMENT", "Must be one of: PRIVATE, PUBLIC."),
        ("brandIndustry", "Automotive", None),
        (
            "taxIdCountry",
            "USA",
            "Not a valid country: use an ISO 3166-1 alpha-2 code in upper case, for example US or SE.",
        ),
        ("addressCountry", "us", None),
        ("addressState", "XX", None),
        ("companyPhoneNumber", "+4877777777777", "Must be at most 13 characters long (got 14)."),
        ("companyEmailAddress", "not-an-email", "Not a valid email address."),
        ("stockSymbol", "TOOLONG", "Must be at most 6 characters long (got 7)."),
        ("stockExchange", "NASDAQ-GLOBAL", "Must be at most 10 characters long (got 13)."),
        ("addressPostalCode", "12345678901", "Must be at most 10 characters long (got 11)."),
        ("websiteUrl", "https://example.com/" + "p" * 81, "Must be at most 100 characters long (got 101)."),
        ("sampleMessages", [], "Must have at least 1 item."),
        ("sampleMessages", ["A sample message long enough."] * 6, "Must have at most 5 items (got 6)."),
        ("messagesVolume", "10000", "Not a valid number."),
        ("messagesVolume", True, "Not a valid number."),
        ("embeddedLink", "true", "Not a valid boolean: use true or false."),
        ("optInConfirmationMessage", "Too short.", "Must be at least 20 characters long (got 10)."),
        ("helpMessage", "h" * 1025, "Must be at most 1024 characters long (got 1025)."),
        ("callToActionMessage", "Click here now, please.", "Must be at least 40 characters long (got 23)."),
    ],
)
def test_each_v2_field_rule(field: str, value: Any, message: str | None) -> None:
    found = us_errors({**examples.us_public_answers(), field: value})
    assert [path for path, _ in found] == [PREFIX + field]
    if message is not None:
        assert found[0][1] == message


def test_short_sample_message_is_reported_at_its_index() -> None:
    answers = {
        **examples.us_public_answers(),
        "sampleMessages": ["A sample message long enough.", "Too short"],
    }
    assert us_errors(answers) == [
        (PREFIX + "sampleMessages[1]", "Must be at least 20 characters long (got 9).")
    ]


def test_integral_float_volume_becomes_an_int() -> None:
    loaded = load_us({**examples.us_public_answers(), "messagesVolume": 10000.0})
    volume = loaded["questionnaire"]["us"]["answers"]["messagesVolume"]
    assert volume == 10000
    assert isinstance(volume, int)


def test_non_finite_volume() -> None:
    assert us_errors({**examples.us_public_answers(), "messagesVolume": float("inf")}) == [
        (PREFIX + "messagesVolume", "Not a valid number: must be finite.")
    ]


def test_mixing_v1_and_v2_fields() -> None:
    answers = {**examples.us_public_answers(), "ein": "12-3456789"}
    assert us_errors(answers) == [
        (
            "questionnaire.us.answers",
            "Mixes the deprecated v1 US answers (ein) with the v2 brand-campaign answers (addressCity, "
            "addressCountry, addressLine, addressPostalCode, addressState, ageGatedContent, brandName, "
            "callToActionMessage, companyEmailAddress, companyPhoneNumber, contactFirstName, contactSurname, "
            "directLending, embeddedLink, embeddedPhone, helpMessage, legalForm, optInConfirmationMessage, "
            "ownershipType, sampleMessages, stockExchange, stockSymbol, taxId, taxIdCountry, websiteUrl). "
            "Use the v2 answers only.",
        )
    ]


def test_legacy_ein_format() -> None:
    assert us_errors({**examples.us_legacy_answers(), "ein": "123456789"}) == [
        (PREFIX + "ein", "Not a valid EIN: use the format XX-XXXXXXX, for example 12-3456789.")
    ]


def test_legacy_messages_volume_is_text() -> None:
    assert load_us({"companyLegalName": "Acme", "messagesVolume": "10K - 100K messages"})


def test_typo_in_answers_read_as_legacy_still_suggests_v2_names() -> None:
    assert us_errors({"ownerShipType": "PUBLIC"}) == [
        (PREFIX + "ownerShipType", "Unknown field. Did you mean 'ownershipType'?")
    ]


def test_us_questionnaire_version() -> None:
    assert us_questionnaire_version(load_us(examples.us_public_answers())) == "v2"
    assert us_questionnaire_version(load_us(examples.us_legacy_answers())) == "v1"
    assert us_questionnaire_version(SenderSchema().load(examples.minimal())) is None
    assert us_questionnaire_version(load_us({})) is None
