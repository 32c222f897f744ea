"""The launch questionnaire's questions (``question`` + ``suggestedAnswers`` per answer field).

The texts are the spec's own: read from its examples (the questionnaire endpoint's ``gbFrQuestionnaire``
and ``usQuestionnaire`` responses, and the list example's sender that uses the deprecated US v1
questionnaire). Which US brand-campaign questions apply to a variant (US/non-US, public/private) follows
the properties of the spec's four ``...BrandCampaignSenderDetailsQuestionnaireUSQuestionsDto`` schemas.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Mapping
from typing import Any

from emulator.spec import spec_document

QUESTIONNAIRE_PATH = "/v1/projects/{projectId}/rcs/questionnaire/{useCase}"
LIST_SENDERS_PATH = "/v1/projects/{projectId}/rcs/senders"

# Launch countries with a country-specific questionnaire section; the others need general + verification.
COUNTRY_SECTIONS: Mapping[str, str] = {"GB": "gb", "FR": "fr", "US": "us"}

# usQuestionnaireBrandCampaignVersion -> the spec schema listing that variant's questions.
_BRAND_CAMPAIGN_QUESTION_SCHEMAS: Mapping[str | None, str] = {
    None: "RcsBrandCampaignSenderDetailsQuestionnaireUSQuestionsDto",
    "US_PUBLIC": "RcsUsPublicBrandCampaignSenderDetailsQuestionnaireUSQuestionsDto",
    "US_PRIVATE": "RcsUsPrivateBrandCampaignSenderDetailsQuestionnaireUSQuestionsDto",
    "NON_US_PUBLIC": "RcsNonUsPublicBrandCampaignSenderDetailsQuestionnaireUSQuestionsDto",
    "NON_US_PRIVATE": "RcsNonUsPrivateBrandCampaignSenderDetailsQuestionnaireUSQuestionsDto",
}

# Answer fields only the deprecated US v1 questionnaire has.
_US_V1_ONLY_FIELDS = frozenset({"ein", "smsCampaign", "fullCompanyAddress", "fullCompanyAddressMetadata"})


def _questionnaire_examples() -> Mapping[str, Any]:
    responses = spec_document()["paths"][QUESTIONNAIRE_PATH]["get"]["responses"]
    examples: Mapping[str, Any] = responses["200"]["content"]["application/json"]["examples"]
    return examples


@functools.cache
def _section_questions() -> Mapping[str, Mapping[str, Any]]:
    examples = _questionnaire_examples()
    gb_fr = examples["gbFrQuestionnaire"]["value"]
    us = examples["usQuestionnaire"]["value"]
    list_example = spec_document()["paths"][LIST_SENDERS_PATH]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["examples"]["newResponse"]["value"]
    legacy_us = next(
        sender["details"]["questionnaire"]["us"]["questions"]
        for sender in list_example["senders"]
        if "ein" in sender["details"]["questionnaire"].get("us", {}).get("questions", {})
    )
    return {
        "general": gb_fr["general"]["questions"],
        "verification": gb_fr["verification"]["questions"],
        "gb": gb_fr["gb"]["questions"],
        "fr": gb_fr["fr"]["questions"],
        "us.v2": us["us"]["questions"],
        "us.v1": legacy_us,
    }


def brand_campaign_variant(answers: Mapping[str, Any]) -> str | None:
    """The brand-campaign variant (``US_PUBLIC``...) that US v2 answers describe, if they say enough."""
    ownership = answers.get("ownershipType")
    tax_country = answers.get("taxIdCountry")
    if ownership not in ("PUBLIC", "PRIVATE") or not isinstance(tax_country, str):
        return None
    return ("US_" if tax_country == "US" else "NON_US_") + str(ownership)


def us_version_of(answers: Mapping[str, Any]) -> str:
    """``v1`` for answers in the deprecated US shape (ein, smsCampaign, a string volume), else ``v2``."""
    if _US_V1_ONLY_FIELDS & set(answers) or isinstance(answers.get("messagesVolume"), str):
        return "v1"
    return "v2"


def section_questions(
    section: str, *, us_version: str = "v2", brand_campaign_version: str | None = None
) -> dict[str, Any]:
    """The ``questions`` object of one questionnaire section (a fresh copy)."""
    sections = _section_questions()
    if section != "us":
        return copy.deepcopy(dict(sections[section]))
    if us_version == "v1":
        return copy.deepcopy(dict(sections["us.v1"]))
    all_questions = sections["us.v2"]
    schema_name = _BRAND_CAMPAIGN_QUESTION_SCHEMAS[brand_campaign_version]
    fields = spec_document()["components"]["schemas"][schema_name]["properties"]
    return {name: copy.deepcopy(all_questions[name]) for name in fields}


def questionnaire(
    countries: Iterable[str], *, us_version: str | None = None, brand_campaign_version: str | None = None
) -> dict[str, Any]:
    """The questionnaire endpoint's answer: general and verification, plus each listed country's section."""
    wanted = set(countries)
    out: dict[str, Any] = {
        "general": {"questions": section_questions("general")},
        "verification": {"questions": section_questions("verification")},
    }
    for country, section in COUNTRY_SECTIONS.items():
        if country in wanted:
            out[section] = {
                "questions": section_questions(
                    section, us_version=us_version or "v2", brand_campaign_version=brand_campaign_version
                )
            }
    return out
