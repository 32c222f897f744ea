"""The enumerations and patterns copied into schemas.rcs_senders.constants are the spec's own."""

from __future__ import annotations

import pytest

from emulator.spec import spec_document
from schemas.rcs_senders import constants


def _component(name: str) -> dict[str, object]:
    component: dict[str, object] = spec_document()["components"]["schemas"][name]
    return component


@pytest.mark.parametrize(
    ("values", "component"),
    [
        (constants.REGIONS, "RcsInputSenderRegionsEnum"),
        (constants.BILLING_CATEGORIES, "RcsInputSenderBillingCategoriesEnum"),
        (constants.USE_CASES, "RcsInputSenderUseCasesEnum"),
        (constants.LAUNCH_COUNTRIES, "RcsInputRcsCountryCodesEnum"),
        (constants.ISO_COUNTRIES, "RcsInputCountryCodesEnum"),
        (constants.US_STATES, "RcsUsStatesEnum"),
        (constants.US_BRAND_INDUSTRIES, "RcsUsQuestionnaireBrandIndustriesEnum"),
        (constants.US_OWNERSHIP_TYPES, "RcsUsQuestionnaireOwnershipTypeEnum"),
        (constants.US_LEGAL_FORMS, "RcsUsQuestionnaireBrandLegalFormsEnum"),
    ],
)
def test_enumerations_match_the_spec(values: tuple[str, ...], component: str) -> None:
    assert list(values) == _component(component)["enum"]


def test_the_launch_countries_are_the_25_of_the_notes() -> None:
    assert len(constants.LAUNCH_COUNTRIES) == 25
    assert set(constants.COUNTRY_SECTIONS) <= set(constants.LAUNCH_COUNTRIES)


def test_patterns_match_the_spec() -> None:
    schemas = spec_document()["components"]["schemas"]
    assert (
        schemas["RcsPhoneInputDto"]["properties"]["number"]["pattern"]
        == "^" + constants.BRAND_PHONE.pattern + "$"
    )
    verification = schemas["RcsSenderDetailsQuestionnaireVerificationAnswersInputDto"]["properties"]["phone"]
    assert verification["pattern"] == "^" + constants.VERIFICATION_PHONE.pattern + "$"
    legacy = schemas["RcsSenderDetailsQuestionnaireUSAnswersInputDto"]["properties"]["ein"]
    assert legacy["pattern"] == "^" + constants.EIN.pattern + "$"


def test_brand_defaults_match_the_spec() -> None:
    brand = _component("RcsSenderDetailsBrandInputDto")["properties"]
    assert isinstance(brand, dict)
    assert {key: brand[key]["default"] for key in constants.BRAND_DEFAULTS} == constants.BRAND_DEFAULTS
