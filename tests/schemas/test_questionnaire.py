"""The questionnaire: sections in the API's shape, each answer's rules, and the two common mistakes."""

from __future__ import annotations

import pytest

from schemas import QuestionnaireSchema, SenderSchema
from tests.schemas import examples
from tests.schemas.helpers import errors, questionnaire_with, sender_with


def test_the_api_shape_loads() -> None:
    questionnaire = examples.launchable_eu()["questionnaire"]
    assert QuestionnaireSchema().load(questionnaire) == questionnaire


def test_flattened_answers_are_rejected_with_the_right_shape() -> None:
    declared = sender_with(questionnaire={"general": {"optInDescription": "By subscribing to a newsletter"}})
    assert errors(declared) == [
        (
            "questionnaire.general.optInDescription",
            'Answers go under \'answers\': write {"general": {"answers": {"optInDescription": "..."}}}.',
        )
    ]


def test_flattened_us_answers_name_the_us_section() -> None:
    declared = sender_with(questionnaire={"us": {"ownershipType": "PUBLIC"}})
    assert errors(declared) == [
        (
            "questionnaire.us.ownershipType",
            'Answers go under \'answers\': write {"us": {"answers": {"ownershipType": "..."}}}.',
        )
    ]


def test_questions_are_read_only() -> None:
    declared = sender_with(
        questionnaire={"general": {"questions": {"optInDescription": {"question": "?"}}, "answers": {}}}
    )
    assert errors(declared) == [
        (
            "questionnaire.general.questions",
            "Read-only: the API generates 'questions'; declare only 'answers'.",
        )
    ]


def test_a_section_needs_its_answers() -> None:
    assert errors(sender_with(questionnaire={"gb": {}})) == [
        ("questionnaire.gb.answers", "Missing data for required field.")
    ]


def test_unknown_section_suggests_the_closest() -> None:
    assert errors(sender_with(questionnaire={"genral": {"answers": {}}})) == [
        ("questionnaire.genral", "Unknown field. Did you mean 'general'?")
    ]
    assert errors(sender_with(questionnaire={"UK": {"answers": {}}})) == [
        ("questionnaire.UK", "Unknown field. Did you mean 'gb' (the United Kingdom's section)?")
    ]


def test_unknown_answer_suggests_the_closest() -> None:
    assert errors(questionnaire_with("general", {"optinDescription": "x"})) == [
        ("questionnaire.general.answers.optinDescription", "Unknown field. Did you mean 'optInDescription'?")
    ]


@pytest.mark.parametrize(
    "field", ["optInDescription", "triggerDescription", "interactionsDescription", "optOutDescription"]
)
def test_general_descriptions_must_not_be_empty(field: str) -> None:
    assert errors(questionnaire_with("general", {field: "   "})) == [
        (f"questionnaire.general.answers.{field}", "Must not be empty.")
    ]


@pytest.mark.parametrize("field", ["videoUris", "screenshotUris"])
def test_review_uris_are_one_or_more_urls(field: str) -> None:
    assert errors(questionnaire_with("general", {field: []})) == [
        (f"questionnaire.general.answers.{field}", "Must have at least 1 item.")
    ]
    assert errors(questionnaire_with("general", {field: ["https://ok.example.com", "nope"]})) == [
        (
            f"questionnaire.general.answers.{field}[1]",
            "Not a valid URL: use an absolute http:// or https:// address.",
        )
    ]


def test_metadata_ignore_keeps_its_spaces() -> None:
    answers = {"optInDescription": "a | b", "optInDescriptionMetadata": {"ignore": " | "}}
    loaded = SenderSchema().load(questionnaire_with("general", answers))
    assert loaded["questionnaire"]["general"]["answers"]["optInDescriptionMetadata"] == {"ignore": " | "}


def test_metadata_ignore_must_not_be_empty() -> None:
    assert errors(questionnaire_with("general", {"optOutDescriptionMetadata": {"ignore": ""}})) == [
        ("questionnaire.general.answers.optOutDescriptionMetadata.ignore", "Must not be empty.")
    ]


def test_verification_requires_name_email_and_website() -> None:
    assert errors(questionnaire_with("verification", {"title": "CTO"})) == [
        ("questionnaire.verification.answers.email", "Missing data for required field."),
        ("questionnaire.verification.answers.name", "Missing data for required field."),
        ("questionnaire.verification.answers.website", "Missing data for required field."),
    ]


def test_verification_email_at_most_100_characters() -> None:
    answers = {**examples.verification_answers(), "email": "a" * 90 + "@example.com"}
    assert errors(questionnaire_with("verification", answers)) == [
        ("questionnaire.verification.answers.email", "Must be at most 100 characters long (got 102).")
    ]


@pytest.mark.parametrize("phone", ["0046701234567", "+46701234567"])
def test_verification_phone_takes_plus_or_00(phone: str) -> None:
    answers = {**examples.verification_answers(), "phone": phone}
    assert SenderSchema().load(questionnaire_with("verification", answers))


@pytest.mark.parametrize("phone", ["46701234567", "+46 70 123 45 67", "+12345", "+1234567890123456"])
def test_bad_verification_phone(phone: str) -> None:
    answers = {**examples.verification_answers(), "phone": phone}
    found = errors(questionnaire_with("verification", answers))
    assert [path for path, _ in found] == ["questionnaire.verification.answers.phone"]


def test_partner_fields() -> None:
    answers = {
        **examples.verification_answers(),
        "partner": {"companyName": "", "contactName": "x" * 101, "contactEmailAddress": "bad", "id": 1},
    }
    assert errors(questionnaire_with("verification", answers)) == [
        ("questionnaire.verification.answers.partner.companyName", "Must not be empty."),
        ("questionnaire.verification.answers.partner.contactEmailAddress", "Not a valid email address."),
        (
            "questionnaire.verification.answers.partner.contactName",
            "Must be at most 100 characters long (got 101).",
        ),
        ("questionnaire.verification.answers.partner.id", "Unknown field."),
    ]


def test_gb_answers_must_not_be_empty() -> None:
    assert errors(questionnaire_with("gb", {"companyLegalName": ""})) == [
        ("questionnaire.gb.answers.companyLegalName", "Must not be empty.")
    ]


@pytest.mark.parametrize("siren", ["12345678", "1234567890", "12345678A", "123 456 789"])
def test_bad_siren(siren: str) -> None:
    assert errors(questionnaire_with("fr", {"siren": siren})) == [
        ("questionnaire.fr.answers.siren", "Not a valid SIREN: use exactly 9 digits, for example 123456789.")
    ]


def test_other_countries_have_no_section() -> None:
    assert errors(sender_with(questionnaire={"se": {"answers": {}}})) == [
        ("questionnaire.se", "Unknown field.")
    ]


def test_verification_title_and_website() -> None:
    answers = {**examples.verification_answers(), "title": "t" * 101, "website": "example.com"}
    assert errors(questionnaire_with("verification", answers)) == [
        ("questionnaire.verification.answers.title", "Must be at most 100 characters long (got 101)."),
        (
            "questionnaire.verification.answers.website",
            "Not a valid URL: use an absolute http:// or https:// address.",
        ),
    ]


def test_fr_address_must_not_be_empty() -> None:
    assert errors(questionnaire_with("fr", {"fullCompanyAddress": ""})) == [
        ("questionnaire.fr.answers.fullCompanyAddress", "Must not be empty.")
    ]


def test_answers_must_be_an_object() -> None:
    assert errors(questionnaire_with("gb", ["Automotive"])) == [
        ("questionnaire.gb.answers", "Not a valid object.")
    ]
    assert errors(questionnaire_with("us", "PUBLIC")) == [("questionnaire.us.answers", "Not a valid object.")]
