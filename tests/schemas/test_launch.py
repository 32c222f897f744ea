"""The launch checklist: applied by SenderSchema when launch is true, and as launch_problems()."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import UNKNOWN, SenderSchema, launch_problems
from tests.schemas import examples
from tests.schemas.helpers import errors

EVERYTHING_MISSING = [
    ("brand", "Required to launch: at least one contact phone (phones) or e-mail (emails)."),
    (
        "brand.bannerUrl",
        "Required to launch: the URL of the brand banner (JPEG or PNG, 1440 x 448 px, at most 200 KB).",
    ),
    (
        "brand.logoUrl",
        "Required to launch: the URL of the brand logo (JPEG or PNG, 224 x 224 px, at most 50 KB).",
    ),
    ("brand.name", "Required to launch: the brand name users see (at most 40 characters)."),
    ("brand.privacyPolicyUrl", "Required to launch: the URL of the brand's privacy policy."),
    ("brand.termsOfServiceUrl", "Required to launch: the URL of the brand's terms of service."),
    ("countries", "Required to launch: at least one country to launch in."),
    (
        "questionnaire.general.answers",
        "Required to launch: the general answers (optInDescription, triggerDescription, "
        "interactionsDescription, optOutDescription, ...).",
    ),
    (
        "questionnaire.verification.answers",
        "Required to launch: the verification contact (name, email, website).",
    ),
]


def test_a_bare_sender_misses_every_item() -> None:
    assert errors({**examples.minimal(), "launch": True}) == EVERYTHING_MISSING


def test_without_launch_the_checklist_does_not_apply() -> None:
    assert SenderSchema().load(examples.minimal())
    assert launch_problems(SenderSchema().load(examples.minimal())) == EVERYTHING_MISSING


def test_the_checklist_can_be_switched_off() -> None:
    assert SenderSchema(launch_checklist=False).load({**examples.minimal(), "launch": True})["launch"] is True


@pytest.mark.parametrize(
    "example", [examples.launchable_eu, examples.launchable_us], ids=lambda e: e.__name__
)
def test_launchable_examples_pass(example: Any) -> None:
    loaded = SenderSchema().load(example())
    assert loaded["launch"] is True
    assert launch_problems(loaded) == []


@pytest.mark.parametrize("field", ["name", "logoUrl", "bannerUrl", "privacyPolicyUrl", "termsOfServiceUrl"])
def test_each_brand_item(field: str) -> None:
    declared = examples.launchable_eu()
    del declared["brand"][field]
    assert [path for path, _ in errors(declared)] == [f"brand.{field}"]


def test_an_empty_name_is_missing() -> None:
    declared = examples.launchable_eu()
    declared["brand"]["name"] = "  "
    assert [path for path, _ in errors(declared)] == ["brand.name"]


def test_a_phone_or_an_email_is_enough() -> None:
    declared = examples.launchable_eu()
    del declared["brand"]["phones"]
    assert SenderSchema().load(declared)
    del declared["brand"]["emails"]
    assert [path for path, _ in errors(declared)] == ["brand"]


@pytest.mark.parametrize(("country", "section"), [("GB", "gb"), ("FR", "fr")])
def test_country_sections_are_needed_for_their_countries(country: str, section: str) -> None:
    declared = examples.launchable_eu()
    del declared["questionnaire"][section]
    assert [path for path, _ in errors(declared)] == [f"questionnaire.{section}.answers"]
    declared["countries"].remove(country)
    assert SenderSchema().load(declared)


def test_us_needs_the_us_answers() -> None:
    declared = examples.launchable_us()
    del declared["questionnaire"]["us"]
    assert errors(declared) == [
        (
            "questionnaire.us.answers",
            "Required to launch in US: the US brand-campaign answers (ownershipType, companyLegalName, ...).",
        )
    ]


def test_v2_us_answers_need_the_verification_phone() -> None:
    declared = examples.launchable_us()
    del declared["questionnaire"]["verification"]["answers"]["phone"]
    assert errors(declared) == [
        (
            "questionnaire.verification.answers.phone",
            "Required to launch with the US v2 brand-campaign answers: the verification contact's phone "
            "(for example +12025550123).",
        )
    ]
    declared["questionnaire"]["us"]["answers"] = examples.us_legacy_answers()
    assert SenderSchema().load(declared)


def test_empty_general_answers_are_missing() -> None:
    declared = examples.launchable_eu()
    declared["questionnaire"]["general"]["answers"] = {}
    assert [path for path, _ in errors(declared)] == ["questionnaire.general.answers"]


def test_an_invalid_value_is_reported_once_not_also_as_missing() -> None:
    declared = examples.launchable_eu()
    declared["brand"]["logoUrl"] = "logo.png"
    declared["countries"] = ["GB", "FR", "XX"]
    declared["brand"]["phones"] = [{"label": "x", "number": "bad"}]
    del declared["brand"]["emails"]
    assert [path for path, _ in errors(declared)] == [
        "brand.logoUrl",
        "brand.phones[0].number",
        "countries[2]",
    ]


def test_an_invalid_brand_is_reported_once() -> None:
    declared = examples.launchable_eu()
    declared["brand"] = "Acme"
    assert errors(declared) == [("brand", "Not a valid object.")]


@pytest.mark.parametrize(
    "path",
    [("brand",), ("brand", "logoUrl"), ("countries",), ("questionnaire",), ("questionnaire", "general")],
    ids=lambda path: ".".join(path),
)
def test_unknown_values_count_as_present(path: tuple[str, ...]) -> None:
    declared = examples.launchable_eu()
    node = declared
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = UNKNOWN
    assert SenderSchema().load(declared)


def test_an_unknown_country_does_not_ask_for_sections_yet() -> None:
    declared = examples.launchable_eu()
    declared["countries"] = [UNKNOWN]
    del declared["questionnaire"]["gb"], declared["questionnaire"]["fr"]
    assert SenderSchema().load(declared)
