"""update_body: the minimal RcsUpdateSenderInputDto, and UpdateNotPossible when no PATCH can do it."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from emulator.spec import component_violations
from schemas import UNKNOWN, SenderSchema, contains_unknown
from schemas.rcs_senders.api import UpdateNotPossible, update_body
from tests.schemas import examples


def load(declared: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = SenderSchema(launch_checklist=False).load(declared)
    return loaded


OLD = load(examples.launchable_eu())


def body_for(
    change: Any, *, old: dict[str, Any] | None = None, launched: bool = False
) -> dict[str, Any] | None:
    """The update body after ``change(new)`` mutates a copy of ``old``; checked against the spec."""
    before = old if old is not None else OLD
    new = copy.deepcopy(before)
    change(new)
    body = update_body(before, load(new) if not contains_unknown(new) else new, launched=launched)
    if body is not None and not contains_unknown(new):
        assert component_violations("RcsUpdateSenderInputDto", body) == []
    return body


def problems_for(
    change: Any, *, old: dict[str, Any] | None = None, launched: bool = False
) -> list[tuple[str, str]]:
    with pytest.raises(UpdateNotPossible) as raised:
        body_for(change, old=old, launched=launched)
    return raised.value.problems


def test_nothing_changed() -> None:
    assert update_body(OLD, copy.deepcopy(OLD), launched=False) is None
    assert update_body(OLD, copy.deepcopy(OLD), launched=True) is None


def test_only_the_changed_brand_field_is_sent() -> None:
    assert body_for(lambda new: new["brand"].update(description="New words")) == {
        "details": {"brand": {"description": "New words"}}
    }


def test_a_changed_contact_list_is_sent_whole() -> None:
    emails = [
        {"label": "Support", "address": "support@acme.example.com"},
        {"label": "Sales", "address": "s@a.se"},
    ]
    assert body_for(lambda new: new["brand"].update(emails=emails)) == {
        "details": {"brand": {"emails": emails}}
    }


def test_a_removed_contact_list_is_null() -> None:
    assert body_for(lambda new: new["brand"].pop("phones")) == {"details": {"brand": {"phones": None}}}


def test_removing_the_name_or_colour_sends_the_api_default() -> None:
    def change(new: dict[str, Any]) -> None:
        del new["brand"]["name"], new["brand"]["color"]

    assert body_for(change) == {"details": {"brand": {"name": "RCS Sender", "color": "#000000"}}}


def test_removing_a_brand_image_is_not_possible() -> None:
    assert problems_for(lambda new: new["brand"].pop("logoUrl")) == [
        (
            "brand.logoUrl",
            "Cannot be removed: the Sinch update API cannot delete brand.logoUrl. Keep it declared, or "
            "declare another value.",
        )
    ]


def test_removing_the_description_suggests_an_empty_one() -> None:
    assert problems_for(lambda new: new["brand"].pop("description")) == [
        (
            "brand.description",
            "Cannot be removed: the Sinch update API cannot delete brand.description. Keep it declared, or "
            "declare another value (an empty string clears it).",
        )
    ]
    assert body_for(lambda new: new["brand"].update(description="")) == {
        "details": {"brand": {"description": ""}}
    }


def test_removing_the_whole_brand_reports_every_problem_at_once() -> None:
    found = problems_for(lambda new: new.pop("brand"))
    assert [path for path, _ in found] == [
        "brand.bannerUrl",
        "brand.description",
        "brand.logoUrl",
        "brand.privacyPolicyUrl",
        "brand.termsOfServiceUrl",
    ]


def test_countries_compare_as_a_set() -> None:
    assert body_for(lambda new: new["countries"].reverse()) is None
    assert body_for(lambda new: new["countries"].append("DE")) == {
        "details": {"countries": ["GB", "FR", "SE", "DE"]}
    }
    assert body_for(lambda new: new.pop("countries")) == {"details": {"countries": None}}


@pytest.mark.parametrize(
    "change",
    [
        lambda new: new["testNumbers"].append("+46700000000"),
        lambda new: new.pop("testNumbers"),
        lambda new: new.update(launch=True),
        lambda new: new.update(senderId="cf11794a-6a5e-4a12-b103-da79bd378bf1"),
    ],
    ids=["test number added", "test numbers removed", "launch", "senderId"],
)
def test_what_is_never_in_the_body(change: Any) -> None:
    assert body_for(change) is None


def test_only_the_changed_answer_is_sent() -> None:
    assert body_for(
        lambda new: new["questionnaire"]["gb"]["answers"].update(messagesVolume="1M+ messages")
    ) == {"details": {"questionnaire": {"gb": {"answers": {"messagesVolume": "1M+ messages"}}}}}


def test_a_removed_answer_is_null() -> None:
    assert body_for(lambda new: new["questionnaire"]["verification"]["answers"].pop("title")) == {
        "details": {"questionnaire": {"verification": {"answers": {"title": None}}}}
    }


def test_a_removed_metadata_empties_its_ignore() -> None:
    change = lambda new: new["questionnaire"]["fr"]["answers"].pop("fullCompanyAddressMetadata")  # noqa: E731
    assert body_for(change) == {
        "details": {"questionnaire": {"fr": {"answers": {"fullCompanyAddressMetadata": {"ignore": None}}}}}
    }


def test_a_changed_partner_is_sent_whole_with_removed_fields_null() -> None:
    old = copy.deepcopy(OLD)
    old["questionnaire"]["verification"]["answers"]["partner"] = {
        "companyName": "Reseller",
        "contactName": "Ann",
    }
    partner = {"companyName": "Reseller AB", "contactEmailAddress": "ann@reseller.example.com"}
    assert body_for(
        lambda new: new["questionnaire"]["verification"]["answers"].update(partner=partner), old=old
    ) == {
        "details": {
            "questionnaire": {"verification": {"answers": {"partner": {**partner, "contactName": None}}}}
        }
    }
    removed = body_for(lambda new: new["questionnaire"]["verification"]["answers"].pop("partner"), old=old)
    assert removed == {
        "details": {
            "questionnaire": {
                "verification": {"answers": {"partner": {"companyName": None, "contactName": None}}}
            }
        }
    }


def test_a_removed_section_nulls_each_answer() -> None:
    assert body_for(lambda new: new["questionnaire"].pop("fr")) == {
        "details": {
            "questionnaire": {
                "fr": {
                    "answers": {
                        "fullCompanyAddress": None,
                        "fullCompanyAddressMetadata": {"ignore": None},
                        "siren": None,
                    }
                }
            }
        }
    }


US_OLD = load(examples.launchable_us())


def test_removing_the_us_state_is_not_possible() -> None:
    def change(new: dict[str, Any]) -> None:
        new["questionnaire"]["us"]["answers"] = examples.us_private_answers()

    assert problems_for(change, old=US_OLD) == [
        (
            "questionnaire.us.answers.addressState",
            "Cannot be removed: the Sinch update API cannot delete questionnaire.us.answers.addressState "
            "(it is not nullable). Keep it declared, or change it to another value.",
        )
    ]


def test_us_public_to_private_keeping_the_state() -> None:
    def change(new: dict[str, Any]) -> None:
        new["questionnaire"]["us"]["answers"] = {**examples.us_private_answers(), "addressState": "CA"}

    assert body_for(change, old=US_OLD) == {
        "details": {
            "questionnaire": {
                "us": {
                    "answers": {
                        "ownershipType": "PRIVATE",
                        "legalForm": "LIMITED_LIABILITY_COMPANY",
                        "taxIdCountry": "SE",
                        "taxId": "SE-TAX-54321",
                        "addressCountry": "DE",
                        "stockExchange": None,
                        "stockSymbol": None,
                    }
                }
            }
        }
    }


def test_legacy_us_answers_to_v2() -> None:
    old = copy.deepcopy(US_OLD)
    old["questionnaire"]["us"]["answers"] = examples.us_legacy_answers()
    body = body_for(
        lambda new: new["questionnaire"]["us"].update(answers=examples.us_public_answers()), old=old
    )
    assert body is not None
    answers = body["details"]["questionnaire"]["us"]["answers"]
    assert answers["ein"] is None
    assert answers["smsCampaign"] is None
    assert answers["fullCompanyAddressMetadata"] == {"ignore": None}
    assert answers["messagesVolume"] == 10000


def test_v2_us_answers_back_to_legacy_is_not_possible() -> None:
    found = problems_for(
        lambda new: new["questionnaire"]["us"].update(answers=examples.us_legacy_answers()), old=US_OLD
    )
    assert [path for path, _ in found] == [
        "questionnaire.us.answers.addressCountry",
        "questionnaire.us.answers.addressState",
        "questionnaire.us.answers.legalForm",
        "questionnaire.us.answers.ownershipType",
        "questionnaire.us.answers.taxIdCountry",
    ]


@pytest.mark.parametrize("field", ["region", "billingCategory", "useCase"])
def test_fields_fixed_at_creation(field: str) -> None:
    value = {"region": "US", "billingCategory": "NON_CONVERSATIONAL", "useCase": "PROMOTIONAL"}[field]
    assert problems_for(lambda new: new.update({field: value})) == [
        (
            field,
            f"Cannot be changed by an update: Sinch fixes {field} when the sender is created. Keep "
            f"{OLD[field]!r}, or declare a new sender for the new value.",
        )
    ]


LAUNCHED_MESSAGE = (
    "Cannot be changed after launch: once a sender is LAUNCHING or LAUNCHED, Sinch accepts changes to "
    "countries only. Revert this change, or declare a new sender for it."
)


def test_after_launch_only_countries_change() -> None:
    assert body_for(lambda new: new["countries"].append("DE"), launched=True) == {
        "details": {"countries": ["GB", "FR", "SE", "DE"]}
    }
    assert body_for(lambda new: new["testNumbers"].append("+46700000000"), launched=True) is None


def test_after_launch_every_other_change_is_a_problem() -> None:
    def change(new: dict[str, Any]) -> None:
        new["brand"]["description"] = "New"
        new["brand"].pop("logoUrl")
        new["countries"].append("DE")
        new["questionnaire"]["gb"]["answers"]["messagesFrequency"] = "Daily"

    assert problems_for(change, launched=True) == [
        ("brand.description", LAUNCHED_MESSAGE),
        ("brand.logoUrl", LAUNCHED_MESSAGE),
        ("questionnaire.gb.answers.messagesFrequency", LAUNCHED_MESSAGE),
    ]


def test_unknown_counts_as_changed_but_is_never_in_the_body() -> None:
    assert body_for(lambda new: new["brand"].update(logoUrl=UNKNOWN)) == {"details": {}}
    assert body_for(lambda new: new["brand"].update(logoUrl=UNKNOWN, description="New")) == {
        "details": {"brand": {"description": "New"}}
    }
    assert body_for(lambda new: new.update(brand=UNKNOWN, countries=[UNKNOWN, "GB"])) == {"details": {}}
    assert body_for(lambda new: new["questionnaire"].update(gb=UNKNOWN)) == {"details": {}}


def test_unknown_after_launch() -> None:
    assert problems_for(lambda new: new["brand"].update(logoUrl=UNKNOWN), launched=True) == [
        ("brand.logoUrl", LAUNCHED_MESSAGE)
    ]
    assert body_for(lambda new: new.update(countries=UNKNOWN), launched=True) == {"details": {}}
