"""The emulator against the spec itself: every operation handled, the spec's words, names and questions."""

from __future__ import annotations

import pytest

from emulator import questions
from emulator.countries import OPERATORS
from emulator.errors import EMULATOR_ONLY_ERRORS, catalogue
from emulator.handlers import HANDLERS
from emulator.routes import operation_ids, routes
from emulator.spec import component_violations, spec_document


def test_every_spec_operation_has_a_handler() -> None:
    assert set(HANDLERS) == set(operation_ids())
    assert len(HANDLERS) == 15
    assert len(routes()) == 12


def test_error_words_are_the_spec_examples() -> None:
    seen = 0
    for item in spec_document()["paths"].values():
        for operation in item.values():
            for status, response in operation["responses"].items():
                for media in response.get("content", {}).values():
                    for example in media.get("examples", {}).values():
                        value = example.get("value", {})
                        if "errorCode" in value:
                            entry = catalogue()[value["errorCode"]]
                            assert (entry.status, entry.message, entry.resolution) == (
                                int(status),
                                value["message"],
                                value["resolution"],
                            )
                            seen += 1
    assert seen > 80
    assert not set(EMULATOR_ONLY_ERRORS) & {code for code in catalogue() if code not in EMULATOR_ONLY_ERRORS}


def _operator_enum() -> set[str]:
    """The ``operator`` enum of the spec's operator-status webhook, wherever the callback is declared."""
    found: list[set[str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            operator = (
                node.get("properties", {}).get("operator")
                if isinstance(node.get("properties"), dict)
                else None
            )
            if isinstance(operator, dict) and "enum" in operator:
                found.append(set(operator["enum"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec_document())
    assert found, "the spec's operator enum was not found"
    return found[0]


def test_operators_are_named_as_in_the_spec_and_cover_every_launch_country() -> None:
    launch_countries = set(spec_document()["components"]["schemas"]["RcsInputRcsCountryCodesEnum"]["enum"])

    assert set(OPERATORS) == launch_countries
    assert {name for names in OPERATORS.values() for name in names} <= _operator_enum()
    assert all(1 <= len(names) <= 3 for names in OPERATORS.values())


@pytest.mark.parametrize(
    ("section", "schema", "options"),
    [
        ("general", "RcsSenderDetailsQuestionnaireGeneralQuestionsDto", {}),
        ("verification", "RcsSenderDetailsQuestionnaireVerificationQuestionsDto", {}),
        ("gb", "RcsSenderDetailsQuestionnaireGBQuestionsDto", {}),
        ("fr", "RcsSenderDetailsQuestionnaireFRQuestionsDto", {}),
        ("us", "RcsSenderDetailsQuestionnaireUSQuestionsDto", {"us_version": "v1"}),
        ("us", "RcsBrandCampaignSenderDetailsQuestionnaireUSQuestionsDto", {}),
        (
            "us",
            "RcsUsPublicBrandCampaignSenderDetailsQuestionnaireUSQuestionsDto",
            {"brand_campaign_version": "US_PUBLIC"},
        ),
        (
            "us",
            "RcsUsPrivateBrandCampaignSenderDetailsQuestionnaireUSQuestionsDto",
            {"brand_campaign_version": "US_PRIVATE"},
        ),
        (
            "us",
            "RcsNonUsPublicBrandCampaignSenderDetailsQuestionnaireUSQuestionsDto",
            {"brand_campaign_version": "NON_US_PUBLIC"},
        ),
        (
            "us",
            "RcsNonUsPrivateBrandCampaignSenderDetailsQuestionnaireUSQuestionsDto",
            {"brand_campaign_version": "NON_US_PRIVATE"},
        ),
    ],
)
def test_questions_fit_their_schema_exactly(section: str, schema: str, options: dict[str, str]) -> None:
    asked = questions.section_questions(section, **options)

    assert component_violations(schema, asked) == []
    assert set(asked) == set(spec_document()["components"]["schemas"][schema]["properties"])


@pytest.mark.parametrize(
    ("answers", "version"),
    [
        ({}, "v2"),
        ({"ownershipType": "PUBLIC", "messagesVolume": 100}, "v2"),
        ({"ein": "12-3456789"}, "v1"),
        ({"messagesVolume": "10K - 100K messages"}, "v1"),
    ],
)
def test_us_answers_tell_their_version(answers: dict[str, object], version: str) -> None:
    assert questions.us_version_of(answers) == version
