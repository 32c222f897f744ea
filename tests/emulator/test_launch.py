"""The sender life cycle: IN_PROGRESS -> IN_TEST -> (checklist) -> LAUNCHING -> LAUNCHED."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from emulator.clock import ManualClock
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, EmulatorFactory
from tests.emulator.support import Api, error_of, launch_ready_details, validation_errors


def test_a_person_with_curl_can_walk_a_sender_to_launched(emulator_factory: EmulatorFactory) -> None:
    """Only what the Sinch docs say: Basic auth, JSON bodies, create -> launch (412) -> fix -> launch."""
    clock = ManualClock()
    server = emulator_factory(provisioning_delay=30, launch_delay=3600, clock=clock)
    base = f"{server.url}/v1/projects/my-project/rcs/senders"
    auth = (TEST_KEY_ID, TEST_KEY_SECRET)
    json_header = {"Content-Type": "application/json"}

    create = (
        '{"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP", '
        '"details": {"countries": ["SE"]}}'
    )
    created = requests.post(base, data=create, headers=json_header, auth=auth, timeout=10)
    assert created.status_code == 201
    sender_id = created.json()["id"]
    assert created.json()["state"] == "IN_PROGRESS"

    assert error_of(requests.post(f"{base}/{sender_id}/launch", auth=auth, timeout=10)) == (
        409,
        "launch_invalid_agent_state",
    )
    clock.advance(30)
    assert requests.get(f"{base}/{sender_id}", auth=auth, timeout=10).json()["state"] == "IN_TEST"

    refused = requests.post(f"{base}/{sender_id}/launch", auth=auth, timeout=10)
    assert error_of(refused) == (412, "launch_precondition_failed")
    assert len(validation_errors(refused)) == 7

    fix = {
        "details": {
            "brand": {
                "name": "Acme",
                "logoUrl": "https://acme.example/logo.png",
                "bannerUrl": "https://acme.example/banner.png",
                "privacyPolicyUrl": "https://acme.example/privacy",
                "termsOfServiceUrl": "https://acme.example/terms",
                "emails": [{"label": "Support", "address": "support@acme.example"}],
            },
            "questionnaire": {
                "general": {"answers": {"optInDescription": "Users subscribe in the app"}},
                "verification": {
                    "answers": {
                        "name": "Ann Example",
                        "email": "ann@acme.example",
                        "website": "https://acme.example",
                    }
                },
            },
        }
    }
    patched = requests.patch(
        f"{base}/{sender_id}", data=json.dumps(fix), headers=json_header, auth=auth, timeout=10
    )
    assert patched.status_code == 200

    launched = requests.post(
        f"{base}/{sender_id}/launch", data="{}", headers=json_header, auth=auth, timeout=10
    )
    assert launched.status_code == 200
    body = launched.json()
    assert body["state"] == "LAUNCHING"
    assert "launched" in body
    assert [(c["country"], c["status"]) for c in body["countryStatus"]] == [("SE", "PENDING")]
    assert {op["status"] for op in body["countryStatus"][0]["operators"]} == {"PENDING"}

    clock.advance(3600)
    final = requests.get(f"{base}/{sender_id}", auth=auth, timeout=10).json()
    assert final["state"] == "LAUNCHED"
    assert final["countryStatus"][0]["status"] == "LAUNCHED"
    assert {op["status"] for op in final["countryStatus"][0]["operators"]} == {"LAUNCHED"}


def test_with_no_delays_create_says_in_test_and_the_next_read_says_launched(api: Api) -> None:
    sender = api.create(details=launch_ready_details(["SE"]))
    assert sender["state"] == "IN_TEST"

    launch = api.launch(sender["id"])

    assert launch.json()["state"] == "LAUNCHING"
    assert api.sender(sender["id"])["state"] == "LAUNCHED"


def test_launching_waits_for_the_launch_delay(emulator_factory: EmulatorFactory) -> None:
    clock = ManualClock()
    api = Api(emulator_factory(launch_delay=100, clock=clock).url)
    sender = api.create(details=launch_ready_details(["SE", "GB"]))
    api.launch(sender["id"])

    clock.advance(99)
    assert api.sender(sender["id"])["state"] == "LAUNCHING"
    clock.advance(1)
    launched = api.sender(sender["id"])

    assert launched["state"] == "LAUNCHED"
    assert {c["status"] for c in launched["countryStatus"]} == {"LAUNCHED"}


MISSING_CASES: list[tuple[str, Any, str]] = [
    ("brand.logoUrl", None, "details.brand.logoUrl must be defined"),
    ("brand.bannerUrl", None, "details.brand.bannerUrl must be defined"),
    ("brand.privacyPolicyUrl", None, "details.brand.privacyPolicyUrl must be defined"),
    ("brand.termsOfServiceUrl", None, "details.brand.termsOfServiceUrl must be defined"),
    (
        "brand.emails+phones",
        None,
        "details.brand.phones or details.brand.emails must have at least one entry",
    ),
    ("countries", None, "details.countries must contain at least one country"),
    ("questionnaire.general", None, "details.questionnaire.general.answers must not be empty"),
    ("questionnaire.verification", None, "details.questionnaire.verification.answers must not be empty"),
]


def _without(details: dict[str, Any], what: str) -> dict[str, Any]:
    section, _, field = what.partition(".")
    if section == "brand" and field == "emails+phones":
        details["brand"].pop("emails")
        details["brand"].pop("phones")
    elif field:
        details[section].pop(field)
    else:
        details.pop(section)
    return details


@pytest.mark.parametrize(
    ("what", "_unused", "message"), MISSING_CASES, ids=[case[0] for case in MISSING_CASES]
)
def test_the_checklist_names_what_is_missing(api: Api, what: str, _unused: Any, message: str) -> None:
    sender = api.create(details=_without(launch_ready_details(["SE"]), what))

    response = api.launch(sender["id"])

    assert error_of(response) == (412, "launch_precondition_failed")
    assert validation_errors(response) == [message]
    assert api.sender(sender["id"])["state"] == "IN_TEST"


@pytest.mark.parametrize("country", ["GB", "FR", "US"])
def test_gb_fr_and_us_need_their_own_answers(api: Api, country: str) -> None:
    details = launch_ready_details(["SE", country])
    details["questionnaire"].pop(country.lower())
    sender = api.create(details=details)

    response = api.launch(sender["id"])

    assert error_of(response) == (412, "launch_precondition_failed")
    section = country.lower()
    expected = (
        f"details.questionnaire.{section}.answers must not be empty when {country} is in details.countries"
    )
    assert expected in validation_errors(response)


def test_answers_left_with_only_an_emptied_metadata_object_count_as_empty(api: Api) -> None:
    details = launch_ready_details(["SE"])
    details["questionnaire"]["general"]["answers"] = {
        "optInDescription": "At checkout",
        "optInDescriptionMetadata": {"ignore": ","},
    }
    sender = api.create(details=details)
    nulled = {"optInDescription": None, "optInDescriptionMetadata": {"ignore": None}}
    assert api.update(sender["id"], {"questionnaire": {"general": {"answers": nulled}}}).status_code == 200

    response = api.launch(sender["id"])

    assert error_of(response) == (412, "launch_precondition_failed")
    assert validation_errors(response) == ["details.questionnaire.general.answers must not be empty"]


def test_us_v2_answers_need_the_verification_phone(api: Api) -> None:
    details = launch_ready_details(["US"])
    details["questionnaire"]["verification"]["answers"].pop("phone")
    sender = api.create(details=details)

    response = api.launch(sender["id"])

    assert validation_errors(response) == [
        "details.questionnaire.verification.answers.phone must be defined for the US questionnaire v2"
    ]


def test_every_listed_country_launches(api: Api) -> None:
    sender = api.create(details=launch_ready_details(["GB", "FR", "US", "DE"]))

    launch = api.launch(sender["id"]).json()

    assert [c["status"] for c in launch["countryStatus"]] == ["PENDING"] * 4
    assert {c["status"] for c in api.sender(sender["id"])["countryStatus"]} == {"LAUNCHED"}


def test_a_launched_sender_may_be_launched_again(api: Api) -> None:
    sender = api.create(details=launch_ready_details(["SE"]))
    api.launch(sender["id"])
    assert api.sender(sender["id"])["state"] == "LAUNCHED"

    again = api.launch(sender["id"])

    assert again.status_code == 200
    assert again.json()["state"] == "LAUNCHING"


def test_launch_takes_no_body_and_ignores_one(api: Api) -> None:
    sender = api.create(details=launch_ready_details(["SE"]))

    response = api.post(
        f"/senders/{sender['id']}/launch", data=b"not json", headers={"Content-Type": "text/plain"}
    )

    assert response.status_code == 200
    assert response.json()["state"] == "LAUNCHING"


def test_launch_of_an_unknown_sender_is_404(api: Api) -> None:
    assert error_of(api.launch("cf11794a-6a5e-4a12-b103-da79bd378bf1")) == (404, "sender_not_found")
