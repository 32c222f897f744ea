"""Comments, the account's and each sender's activity log, and the questionnaire endpoint."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.server import EmulatorServer
from emulator.spec import spec_document
from tests.conftest import TEST_PROJECT_ID
from tests.emulator.support import EVENT_TIMESTAMP, Api, error_of, launch_ready_details


def test_a_sender_comment_answers_201_and_shows_in_the_log(api: Api) -> None:
    sender = api.create()

    response = api.post(f"/senders/{sender['id']}/comments", json={"comment": "Please review"})

    assert response.status_code == 201
    assert response.json()["type"] == "CREATED"
    assert response.json()["comment"] == "Please review"
    assert EVENT_TIMESTAMP.match(response.json()["created"])
    newest = api.get(f"/senders/{sender['id']}/activities").json()["notifications"][0]
    assert newest["type"] == "COMMENT_ADDED"
    assert newest["comment"] == "Please review"


@pytest.mark.sends_invalid_requests
def test_an_empty_comment_is_invalid_input(api: Api) -> None:
    sender = api.create()

    response = api.post(f"/senders/{sender['id']}/comments", json={"comment": ""})

    assert error_of(response) == (400, "invalid_input")


def test_a_comment_on_an_unknown_sender_is_404(api: Api) -> None:
    response = api.post("/senders/cf11794a-6a5e-4a12-b103-da79bd378bf1/comments", json={"comment": "x"})

    assert error_of(response) == (404, "sender_not_found")


def test_the_sender_log_records_the_life_of_a_sender_newest_first(api: Api) -> None:
    sender = api.create(details={**launch_ready_details(["SE"]), "testNumbers": ["+46701234567"]})
    api.update(sender["id"], {"brand": {"name": "Renamed"}})
    api.launch(sender["id"])
    api.sender(sender["id"])  # the launch completes on this read

    log = api.get(f"/senders/{sender['id']}/activities").json()

    types = [entry["type"] for entry in log["notifications"]]
    # launched; launch requested; renamed; provisioned; tester invited; created
    assert types == ["ACTIVE", "EDITED", "EDITED", "TEST", "EDITED", "CREATED"]
    assert log["totalSize"] == 6


def test_the_sender_log_is_paginated(api: Api) -> None:
    sender = api.create()
    for n in range(4):
        api.post(f"/senders/{sender['id']}/comments", json={"comment": f"comment {n}"})

    first = api.get(f"/senders/{sender['id']}/activities", params={"pageSize": 2}).json()
    second = api.get(
        f"/senders/{sender['id']}/activities", params={"pageSize": 2, "pageToken": first["nextPageToken"]}
    ).json()

    assert [e["comment"] for e in first["notifications"]] == ["comment 3", "comment 2"]
    assert [e["comment"] for e in second["notifications"]] == ["comment 1", "comment 0"]
    assert first["totalSize"] == 6


@pytest.mark.sends_invalid_requests
def test_sender_log_errors(api: Api) -> None:
    sender = api.create()

    assert error_of(api.get("/senders/nope/activities")) == (400, "invalid_id_format")
    assert error_of(api.get(f"/senders/{sender['id']}/activities", params={"pageSize": 500})) == (
        400,
        "invalid_page_size",
    )
    assert error_of(api.get(f"/senders/{sender['id']}/activities", params={"pageToken": "x"})) == (
        400,
        "invalid_page_token",
    )


def test_the_account_log_has_its_comments(api: Api) -> None:
    api.create()
    comment = api.post("/comments", json={"comment": "Hello Sinch"})

    log = api.get("/activities").json()

    assert comment.status_code == 201
    assert comment.json()["comment"] == "Hello Sinch"
    assert [(e["type"], e.get("comment")) for e in log["notifications"]] == [("COMMENT_ADDED", "Hello Sinch")]
    assert all(e["author"] == "Provisioning API user" for e in log["notifications"])


@pytest.mark.sends_invalid_requests
def test_a_new_account_has_an_empty_log(emulator: EmulatorServer) -> None:
    api = Api(emulator.url, project="never-used")

    assert api.get("/activities").json() == {"totalSize": 0, "pageSize": 50, "notifications": []}
    assert error_of(api.post("/comments", json={})) == (400, "invalid_input")


def _example_questions(name: str) -> dict[str, Any]:
    path = "/v1/projects/{projectId}/rcs/questionnaire/{useCase}"
    examples = spec_document()["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
        "examples"
    ]
    value: dict[str, Any] = examples[name]["value"]
    return value


def test_the_questionnaire_for_gb_and_fr_is_the_spec_example(api: Api) -> None:
    response = api.get("/questionnaire/OTP", params={"countries": ["GB", "FR"]})

    assert response.status_code == 200
    assert response.json() == _example_questions("gbFrQuestionnaire")


def test_the_us_questionnaire_is_the_spec_example(api: Api) -> None:
    response = api.get("/questionnaire/MULTIUSE", params={"countries": "US"})

    expected = _example_questions("usQuestionnaire")
    assert response.json()["us"] == expected["us"]


@pytest.mark.parametrize(
    ("variant", "has_state", "has_stock"),
    [
        ("US_PUBLIC", True, True),
        ("US_PRIVATE", True, False),
        ("NON_US_PUBLIC", False, True),
        ("NON_US_PRIVATE", False, False),
    ],
)
def test_brand_campaign_variants_ask_what_applies(
    api: Api, variant: str, has_state: bool, has_stock: bool
) -> None:
    response = api.get(
        "/questionnaire/OTP", params={"countries": "US", "usQuestionnaireBrandCampaignVersion": variant}
    )

    questions = response.json()["us"]["questions"]
    assert ("addressState" in questions) is has_state
    assert ("stockSymbol" in questions) is has_stock


def test_the_v1_us_questionnaire(api: Api) -> None:
    response = api.get("/questionnaire/OTP", params={"countries": "US", "usQuestionnaireVersion": "v1"})

    assert set(response.json()["us"]["questions"]) == {
        "companyLegalName",
        "ein",
        "brandIndustry",
        "fullCompanyAddress",
        "smsCampaign",
        "messagesVolume",
    }


def test_without_countries_only_general_and_verification(api: Api) -> None:
    assert set(api.get("/questionnaire/PROMOTIONAL").json()) == {"general", "verification"}


@pytest.mark.sends_invalid_requests
def test_questionnaire_errors(api: Api) -> None:
    bad_use_case = api.get("/questionnaire/NEWSLETTER")
    bad_country = api.get("/questionnaire/OTP", params={"countries": ["GB", "XX"]})

    assert error_of(bad_use_case) == (400, "questionnaire_invalid_use_case")
    assert bad_use_case.json()["additionalInformation"]["validUseCases"] == [
        "MULTIUSE",
        "OTP",
        "PROMOTIONAL",
        "TRANSACTIONAL",
    ]
    assert error_of(bad_country) == (400, "questionnaire_invalid_country")
    assert "GB" in bad_country.json()["additionalInformation"]["supportedValues"]


def test_activities_of_each_project_are_its_own(emulator: EmulatorServer, api: Api) -> None:
    api.post("/comments", json={"comment": "mine"})

    other = Api(emulator.url, project=TEST_PROJECT_ID + "-other")

    assert other.get("/activities").json()["totalSize"] == 0
