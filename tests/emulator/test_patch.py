"""PATCH semantics: a JSON merge patch of ``details``, and what may change once a sender is launched."""

from __future__ import annotations

from typing import Any

import pytest

from tests.emulator.support import Api, error_of, launch_ready_details


@pytest.fixture
def sender(api: Api) -> dict[str, Any]:
    return api.create(
        details={
            "brand": {
                "name": "Acme",
                "description": "Rockets",
                "emails": [{"label": "Support", "address": "support@acme.example"}],
                "phones": [{"label": "Desk", "number": "+46701234567"}],
            },
            "countries": ["SE"],
            "questionnaire": {
                "general": {"answers": {"optInDescription": "In the app", "optOutDescription": "Reply STOP"}},
            },
        }
    )


def test_omitted_fields_stay_and_given_fields_change(api: Api, sender: dict[str, Any]) -> None:
    response = api.update(sender["id"], {"brand": {"name": "Acme Rockets"}})

    assert response.status_code == 200
    brand = response.json()["details"]["brand"]
    assert brand["name"] == "Acme Rockets"
    assert brand["description"] == "Rockets"
    assert brand["color"] == "#000000"
    assert brand["emails"] == [{"label": "Support", "address": "support@acme.example"}]
    assert response.json()["details"]["countries"] == ["SE"]


def test_null_deletes_a_field(api: Api, sender: dict[str, Any]) -> None:
    response = api.update(
        sender["id"],
        {"brand": {"phones": None}, "questionnaire": {"general": {"answers": {"optOutDescription": None}}}},
    )

    details = response.json()["details"]
    assert "phones" not in details["brand"]
    assert details["brand"]["emails"]
    assert details["questionnaire"]["general"]["answers"] == {"optInDescription": "In the app"}


def test_answers_merge_field_by_field(api: Api, sender: dict[str, Any]) -> None:
    response = api.update(
        sender["id"], {"questionnaire": {"general": {"answers": {"triggerDescription": "Orders"}}}}
    )

    assert response.json()["details"]["questionnaire"]["general"]["answers"] == {
        "optInDescription": "In the app",
        "optOutDescription": "Reply STOP",
        "triggerDescription": "Orders",
    }


def test_lists_are_replaced_whole(api: Api, sender: dict[str, Any]) -> None:
    emails = [
        {"label": "Sales", "address": "sales@acme.example"},
        {"label": "Ops", "address": "ops@acme.example"},
    ]

    response = api.update(sender["id"], {"brand": {"emails": emails}, "countries": ["GB", "SE"]})

    details = response.json()["details"]
    assert details["brand"]["emails"] == emails
    assert details["countries"] == ["GB", "SE"]
    assert [status["country"] for status in response.json()["countryStatus"]] == ["GB", "SE"]


def test_null_countries_removes_them_all(api: Api, sender: dict[str, Any]) -> None:
    response = api.update(sender["id"], {"countries": None})

    assert response.json()["details"]["countries"] == []
    assert response.json()["countryStatus"] == []


def test_test_numbers_in_a_patch_replace_the_list_and_invite_new_numbers(
    api: Api, sender: dict[str, Any]
) -> None:
    first = api.update(sender["id"], {"testNumbers": ["+46701111111", "+46702222222"]}).json()
    submitted_before = {t["number"]: t["submitted"] for t in first["testNumberStates"]}

    second = api.update(sender["id"], {"testNumbers": ["+46702222222", "+46703333333"]}).json()

    assert second["details"]["testNumbers"] == ["+46702222222", "+46703333333"]
    states = {t["number"]: t for t in second["testNumberStates"]}
    assert set(states) == {"+46702222222", "+46703333333"}
    assert states["+46702222222"]["submitted"] == submitted_before["+46702222222"]  # kept, not re-invited
    assert states["+46703333333"]["state"] == "UNVERIFIED"


def test_modified_moves_and_created_stays(api: Api, sender: dict[str, Any]) -> None:
    updated = api.update(sender["id"], {"brand": {"name": "Later"}}).json()

    assert updated["created"] == sender["created"]
    assert updated["modified"] >= sender["modified"]


@pytest.mark.parametrize("details", [{}, {"brand": {}}, {"questionnaire": {"general": {"answers": {}}}}])
def test_an_empty_patch_is_no_fields_to_update(
    api: Api, sender: dict[str, Any], details: dict[str, Any]
) -> None:
    response = api.update(sender["id"], details)

    assert error_of(response) == (400, "no_fields_to_update")
    assert response.json()["message"] == "No fields to be updated."


@pytest.mark.sends_invalid_requests
def test_a_patch_without_details_is_invalid_input(api: Api, sender: dict[str, Any]) -> None:
    response = api.patch(f"/senders/{sender['id']}", json={"brand": {"name": "x"}})

    assert error_of(response) == (400, "invalid_input")


@pytest.mark.sends_invalid_requests
def test_brand_name_cannot_be_deleted(api: Api, sender: dict[str, Any]) -> None:
    response = api.update(sender["id"], {"brand": {"name": None}})

    assert error_of(response) == (400, "invalid_input")
    assert api.sender(sender["id"])["details"]["brand"]["name"] == "Acme"


def test_region_cannot_be_patched(api: Api, sender: dict[str, Any]) -> None:
    response = api.patch(
        f"/senders/{sender['id']}", json={"region": "US", "details": {"brand": {"name": "x"}}}
    )

    assert response.status_code == 200
    assert response.json()["region"] == "EU"


def test_us_questionnaire_version_query_is_accepted(api: Api, sender: dict[str, Any]) -> None:
    response = api.update(sender["id"], {"countries": ["US"]}, params={"usQuestionnaireVersion": "v1"})

    assert response.status_code == 200
    us_questions = response.json()["details"]["questionnaire"]["us"]["questions"]
    assert "ein" in us_questions
    assert "ownershipType" not in us_questions


@pytest.mark.sends_invalid_requests
def test_a_bad_us_questionnaire_version_is_invalid_input(api: Api, sender: dict[str, Any]) -> None:
    response = api.update(sender["id"], {"countries": ["US"]}, params={"usQuestionnaireVersion": "v3"})

    assert error_of(response) == (400, "invalid_input")


def test_once_launched_only_countries_may_change(api: Api) -> None:
    sender = api.create(details=launch_ready_details(["SE"]))
    assert api.launch(sender["id"]).status_code == 200

    refused = api.update(sender["id"], {"brand": {"name": "New name"}, "countries": ["SE", "NO"]})
    allowed = api.update(sender["id"], {"countries": ["SE", "NO"]})

    assert error_of(refused) == (400, "fields_not_updatable")
    assert refused.json()["additionalInformation"]["notUpdatableFields"] == ["details.brand.name"]
    assert allowed.status_code == 200
    statuses = {status["country"]: status["status"] for status in allowed.json()["countryStatus"]}
    assert statuses["NO"] in ("PENDING", "LAUNCHED")
    assert api.sender(sender["id"])["details"]["brand"]["name"] != "New name"
