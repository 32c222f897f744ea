"""The sender: top-level rules, the valid examples, normalisation and load/dump round trips."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import SenderSchema
from tests.schemas import examples
from tests.schemas.helpers import errors, sender_with

VALID_EXAMPLES = {
    "minimal": examples.minimal,
    "launchable_eu": examples.launchable_eu,
    "launchable_us": examples.launchable_us,
}


@pytest.mark.parametrize("name", sorted(VALID_EXAMPLES))
def test_valid_examples_load(name: str) -> None:
    declared = VALID_EXAMPLES[name]()
    assert SenderSchema().load(declared) == {"launch": False, **declared}


@pytest.mark.parametrize("name", sorted(examples.spec_create_declarations()))
def test_spec_create_examples_load(name: str) -> None:
    declared = examples.spec_create_declarations()[name]
    assert SenderSchema().load(declared) == {**declared, "launch": False}


@pytest.mark.parametrize("name", sorted(examples.spec_request_examples(examples.UPDATE_OPERATION)))
def test_spec_update_examples_load_as_questionnaire_and_brand(name: str) -> None:
    details = examples.spec_request_examples(examples.UPDATE_OPERATION)[name]["details"]
    assert SenderSchema().load({**examples.minimal(), **details})["brand"] == details["brand"]


def test_required_top_level_fields() -> None:
    assert errors({}) == [
        ("billingCategory", "Missing data for required field."),
        ("region", "Missing data for required field."),
        ("useCase", "Missing data for required field."),
    ]


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("region", "Must be one of: BR, EU, US."),
        (
            "billingCategory",
            "Must be one of: CONVERSATIONAL, NON_CONVERSATIONAL, BASIC_MESSAGE, CONVERSATIONAL_LEGACY, "
            "SINGLE_MESSAGE.",
        ),
        ("useCase", "Must be one of: MULTIUSE, OTP, PROMOTIONAL, TRANSACTIONAL."),
    ],
)
def test_enums_list_their_values(field: str, message: str) -> None:
    assert errors(sender_with(**{field: "eu"})) == [(field, message)]


def test_country_not_in_the_25() -> None:
    assert errors(sender_with(countries=["GB", "JP"])) == [
        (
            "countries[1]",
            "Not a launch country. Must be one of: AT, BE, BR, CA, CZ, DK, FI, FR, DE, GR, HU, IT, LT, "
            "MX, NL, NO, PE, PL, PT, SG, SK, ES, SE, US, GB.",
        )
    ]


def test_countries_are_case_sensitive_like_the_api() -> None:
    assert [path for path, _ in errors(sender_with(countries=["gb"]))] == ["countries[0]"]


def test_countries_need_at_least_one() -> None:
    assert errors(sender_with(countries=[])) == [("countries", "Must have at least 1 item.")]


def test_duplicate_country() -> None:
    assert errors(sender_with(countries=["GB", "FR", "GB"])) == [
        ("countries[2]", "Duplicate: GB is already listed at countries[0].")
    ]


def test_duplicate_test_number() -> None:
    assert errors(sender_with(testNumbers=["+46701234567", "+46701234568", " +46701234567"])) == [
        ("testNumbers[2]", "Duplicate: +46701234567 is already listed at testNumbers[0].")
    ]


@pytest.mark.parametrize("number", ["46701234567", "+46 70 123 45 67", "+46-70-1234567", "+0701234567", "+"])
def test_test_numbers_are_e164(number: str) -> None:
    assert errors(sender_with(testNumbers=[number])) == [
        (
            "testNumbers[0]",
            "Not a valid E.164 phone number: use + and the country code, then the number, digits only, "
            "for example +46701234567.",
        )
    ]


def test_at_most_200_test_numbers() -> None:
    numbers = [f"+4670{index:07d}" for index in range(201)]
    assert errors(sender_with(testNumbers=numbers)) == [
        ("testNumbers", "Must have at most 200 items (got 201).")
    ]
    assert len(SenderSchema().load(sender_with(testNumbers=numbers[:200]))["testNumbers"]) == 200


def test_an_empty_test_number_list_is_allowed() -> None:
    assert SenderSchema().load(sender_with(testNumbers=[]))["testNumbers"] == []


def test_launch_is_a_boolean_defaulting_to_false() -> None:
    assert SenderSchema().load(examples.minimal())["launch"] is False
    assert errors(sender_with(launch="yes")) == [("launch", "Not a valid boolean: use true or false.")]


def test_sender_id() -> None:
    loaded = SenderSchema().load(sender_with(senderId=" cf11794a-6a5e-4a12-b103-da79bd378bf1 "))
    assert loaded["senderId"] == "cf11794a-6a5e-4a12-b103-da79bd378bf1"
    assert errors(sender_with(senderId="a/b")) == [
        (
            "senderId",
            "Not a valid sender id: use the id Sinch gave the sender, for example "
            "cf11794a-6a5e-4a12-b103-da79bd378bf1.",
        )
    ]


def test_details_from_an_api_body_is_explained() -> None:
    assert errors({**examples.minimal(), "details": {"countries": ["GB"]}}) == [
        (
            "details",
            "Unknown field: the declaration has no 'details'; write brand, countries, testNumbers and "
            "questionnaire at the top level, next to region.",
        )
    ]


def test_unknown_top_level_field_suggests_the_closest() -> None:
    assert errors(sender_with(testnumbers=["+46701234567"])) == [
        ("testnumbers", "Unknown field. Did you mean 'testNumbers'?")
    ]


def test_not_an_object() -> None:
    assert errors(["EU"]) == [("", "Not a valid object.")]


def test_normalisation_keeps_the_declared_order_of_lists() -> None:
    declared = sender_with(countries=[" SE", "GB ", "FR"], testNumbers=["+46701234568", "+46701234567"])
    loaded = SenderSchema().load(declared)
    assert loaded["countries"] == ["SE", "GB", "FR"]
    assert loaded["testNumbers"] == ["+46701234568", "+46701234567"]


ROUND_TRIP = [examples.launchable_eu, examples.launchable_us, examples.minimal]


@pytest.mark.parametrize("example", ROUND_TRIP, ids=lambda example: example.__name__)
def test_load_dump_load_is_stable(example: Any) -> None:
    declared = example()
    declared["brand" if "brand" in declared else "region"] = (
        {**declared["brand"], "color": "#abcdef", "name": " Padded "} if "brand" in declared else "EU"
    )
    loaded = SenderSchema().load(declared)
    dumped = SenderSchema().dump(loaded)
    assert dumped == loaded
    assert SenderSchema().load(dumped) == loaded


def test_legacy_us_answers_round_trip() -> None:
    declared = sender_with(questionnaire={"us": {"answers": examples.us_legacy_answers()}})
    loaded = SenderSchema().load(declared)
    assert SenderSchema().load(SenderSchema().dump(loaded)) == loaded


def test_huge_and_odd_values_are_plain_errors() -> None:
    huge = "x" * 1_000_000
    found = errors(
        sender_with(
            brand={
                "name": huge,
                "logoUrl": "https://" + huge,
                "emails": [{"label": "a", "address": huge + "@"}],
            },
            countries=[huge],
            testNumbers=["+" + "1" * 100_000],
        )
    )
    assert [path for path, _ in found] == [
        "brand.emails[0].address",
        "brand.logoUrl",
        "brand.name",
        "countries[0]",
        "testNumbers[0]",
    ]
