"""Create and read senders: what the API generates, defaults, and the documented errors."""

from __future__ import annotations

import pytest
import requests

from emulator.server import EmulatorServer
from emulator.spec import PROVISIONING_DOCUMENTS, component_violations, operations
from emulator.stats import short_name
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET
from tests.emulator.support import (
    MINIMAL,
    SENDER_TIMESTAMP,
    UUID,
    Api,
    create_example,
    error_of,
    validation_errors,
)


def test_minimal_create_answers_201_with_generated_fields_and_defaults(api: Api) -> None:
    response = api.post("/senders", json=MINIMAL)

    assert response.status_code == 201
    sender = response.json()
    assert UUID.match(sender["id"])
    assert sender["state"] == "IN_TEST"
    assert (sender["region"], sender["billingCategory"], sender["useCase"]) == ("EU", "CONVERSATIONAL", "OTP")
    assert sender["hostingRegion"] == "EUROPE"
    assert len(sender["authName"]) >= 8
    assert len(sender["authToken"]) >= 16
    assert SENDER_TIMESTAMP.match(sender["created"])
    assert sender["modified"] == sender["created"]
    assert "launched" not in sender
    assert sender["details"]["brand"] == {"name": "RCS Sender", "color": "#000000"}
    assert sender["details"]["testNumbers"] == []
    assert sender["details"]["countries"] == []
    assert sender["testNumberStates"] == []
    assert sender["countryStatus"] == []
    questionnaire = sender["details"]["questionnaire"]
    assert set(questionnaire) == {"general", "verification"}
    assert questionnaire["general"]["answers"] == {}
    assert questionnaire["verification"]["answers"] == {}
    assert questionnaire["general"]["questions"]["optInDescription"]["question"].startswith(
        "How do users agree"
    )
    assert component_violations("RcsSenderDto", sender) == []


def test_every_sender_gets_its_own_id_and_credentials(api: Api) -> None:
    first, second = api.create(), api.create()

    assert first["id"] != second["id"]
    assert first["authToken"] != second["authToken"]


def test_create_with_the_spec_example_body_echoes_what_was_sent(api: Api) -> None:
    body = create_example("usQuestionnairePrivateLlcSwedenTaxIdCountry")

    sender = api.create(body)

    details = sender["details"]
    assert details["brand"] == body["details"]["brand"]
    assert details["countries"] == ["US"]
    assert details["testNumbers"] == ["+48777777777"]
    assert [t["state"] for t in sender["testNumberStates"]] == ["UNVERIFIED"]
    for section in ("general", "verification", "us"):
        assert (
            details["questionnaire"][section]["answers"]
            == body["details"]["questionnaire"][section]["answers"]
        )
    # a PRIVATE company with a non-US tax id: the NON_US_PRIVATE question set (no stock, no state questions)
    us_questions = details["questionnaire"]["us"]["questions"]
    assert "taxId" in us_questions
    assert "stockSymbol" not in us_questions
    assert "addressState" not in us_questions


def test_each_country_gets_a_not_launched_status_with_its_operators(api: Api) -> None:
    sender = api.create(details={"countries": ["SE", "GB", "MX"]})

    statuses = sender["countryStatus"]
    assert [s["country"] for s in statuses] == ["SE", "GB", "MX"]
    for status in statuses:
        assert status["status"] == "NOT_LAUNCHED"
        assert status["operators"]
        assert all(op["status"] == "NOT_LAUNCHED" for op in status["operators"])


def test_country_sections_appear_for_gb_fr_and_us(api: Api) -> None:
    sender = api.create(details={"countries": ["GB", "FR", "US", "DE"]})

    questionnaire = sender["details"]["questionnaire"]
    assert set(questionnaire) == {"general", "verification", "gb", "fr", "us"}
    assert questionnaire["fr"] == {
        "questions": {
            "fullCompanyAddress": {"question": "Full Company Address", "suggestedAnswers": []},
            "siren": {
                "question": "What is your Company directory identification system number (SIREN)?",
                "suggestedAnswers": [],
            },
        },
        "answers": {},
    }


def test_get_returns_the_created_sender(api: Api) -> None:
    created = api.create(details={"brand": {"name": "Acme"}})

    assert api.sender(created["id"]) == created


@pytest.mark.sends_invalid_requests
def test_a_bad_body_is_invalid_input_naming_each_bad_field(api: Api) -> None:
    body = {
        "region": "XX",
        "billingCategory": "CONVERSATIONAL",
        "details": {"brand": {"name": "n" * 41, "emails": [{"label": "x", "address": "bad"}]}},
    }

    response = api.post("/senders", json=body)

    assert error_of(response) == (400, "invalid_input")
    assert response.json()["message"] == "Invalid input."
    errors = validation_errors(response)
    assert "details.brand.emails[0].address: 'bad' is not a 'email'" in errors
    assert any(e.startswith("details.brand.name: ") and "too long" in e for e in errors)
    assert any(e.startswith("region: ") for e in errors)
    assert any(e.startswith("useCase: ") and "required" in e for e in errors)
    assert len(errors) == 4


@pytest.mark.sends_invalid_requests
def test_a_bad_answer_names_the_field_of_the_closest_variant(api: Api) -> None:
    body = {**MINIMAL, "details": {"questionnaire": {"us": {"answers": {"ein": "12345"}}}}}

    response = api.post("/senders", json=body)

    assert error_of(response) == (400, "invalid_input")
    [error] = validation_errors(response)
    assert error.startswith("details.questionnaire.us.answers.ein: '12345' does not match")


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b'{"region": "EU",', "application/json"),
        (b"", "application/json"),
        (b'{"region":"EU","billingCategory":"CONVERSATIONAL","useCase":"OTP"}', "text/plain"),
    ],
    ids=["not-json", "no-body", "not-sent-as-json"],
)
@pytest.mark.sends_invalid_requests
def test_a_body_that_is_not_json_is_invalid_payload(api: Api, data: bytes, content_type: str) -> None:
    response = api.post("/senders", data=data, headers={"Content-Type": content_type})

    assert error_of(response) == (400, "invalid_payload")
    assert response.json()["message"] == "Invalid payload."


@pytest.mark.sends_invalid_requests
def test_failed_requests_are_recorded_as_violations(emulator: EmulatorServer, api: Api) -> None:
    api.post("/senders", json={"region": "EU"})
    api.create()

    [violation] = emulator.request_violations
    assert violation.method == "POST"
    assert violation.operation_id == "RcsSendersController_createSender_v1"
    assert any("billingCategory" in error for error in violation.errors)


def test_test_numbers_must_be_e164(api: Api) -> None:
    response = api.post("/senders", json={**MINIMAL, "details": {"testNumbers": ["0701234567"]}})

    assert error_of(response) == (400, "add_test_number_invalid")
    assert response.json()["additionalInformation"] == {"invalidNumbers": ["0701234567"]}
    assert api.get("/senders").json()["totalSize"] == 0


def test_a_sender_id_that_is_not_a_uuid_is_invalid_id_format(api: Api) -> None:
    response = api.get("/senders/not-a-uuid")

    assert error_of(response) == (400, "invalid_id_format")
    assert response.json()["message"] == "Id is not in the expected format."


def test_an_unknown_sender_is_sender_not_found(api: Api) -> None:
    response = api.get("/senders/cf11794a-6a5e-4a12-b103-da79bd378bf1")

    assert error_of(response) == (404, "sender_not_found")
    assert response.json() == {
        "errorCode": "sender_not_found",
        "message": "Sender not found.",
        "resolution": "Verify that the parameters are correct.",
    }


def test_projects_do_not_see_each_others_senders(emulator: EmulatorServer, api: Api) -> None:
    other = Api(emulator.url, project="another-project")
    sender = api.create()

    assert error_of(other.get(f"/senders/{sender['id']}")) == (404, "sender_not_found")
    assert other.get("/senders").json()["totalSize"] == 0
    assert api.get("/senders").json()["totalSize"] == 1
    other.close()


def test_there_is_no_delete_for_senders(api: Api) -> None:
    sender = api.create()

    response = api.delete(f"/senders/{sender['id']}")

    assert error_of(response) == (405, "method_not_allowed")
    assert response.headers["Allow"] == "GET, PATCH"
    assert api.sender(sender["id"])["id"] == sender["id"]


@pytest.mark.parametrize(
    ("method", "allowed"), [("OPTIONS", "GET, POST"), ("PUT", "GET, POST"), ("HEAD", "GET, POST")]
)
def test_methods_the_api_lacks_are_405(api: Api, method: str, allowed: str) -> None:
    response = api.session.request(method, f"{api.root}/senders", timeout=10)

    assert response.status_code == 405
    assert response.headers["Allow"] == allowed


def test_every_operation_of_the_spec_is_answered_as_the_spec_declares(
    emulator: EmulatorServer, api: Api
) -> None:
    sender = api.create(details={"testNumbers": ["+46701234567"]})
    webhook = api.create_webhook("https://my.server.com/callback")
    values = {
        "projectId": api.project,
        "senderId": sender["id"],
        "testNumber": "+46701234567",
        "useCase": "OTP",
        "webhookId": webhook["id"],
    }
    webhook_body = {"target": "https://my.server.com/other", "secret": "x", "triggers": ["ALL"]}
    bodies: dict[str, object] = {
        "createComment": {"comment": "A comment"},
        "createSender": MINIMAL,
        "updateSender": {"details": {"brand": {"name": "Renamed"}}},
        "createSenderComment": {"comment": "A comment"},
        "addTestNumbers": {"testNumbers": ["+46701234568"]},
        "createWebhook": webhook_body,
        "replaceWebhook": {**webhook_body, "target": "https://my.server.com/replaced"},
        "updateWebhook": {"triggers": ["RCS_SENDER_STATUS_UPDATED"]},
    }

    answered = {}
    provisioning = [op for op in operations() if op.document in PROVISIONING_DOCUMENTS]
    for operation in sorted(provisioning, key=lambda op: op.method == "DELETE"):
        path = "/".join(values.get(part.strip("{}"), part) for part in operation.template)
        body = bodies.get(short_name(operation.operation_id))
        response = api.session.request(operation.method, f"{emulator.url}/{path}", json=body, timeout=10)
        answered[operation.operation_id] = response.status_code

    assert len(answered) == 21  # the 15 RCS and the 6 Webhooks operations...
    assert {short_name(name): status for name, status in answered.items() if status >= 300} == {
        "launchSender": 412,  # ...each answered with a status it declares (the fixture checks the bodies)
        "getTestNumberCapabilities": 404,
    }


def test_unknown_paths_are_404_with_the_error_body(emulator: EmulatorServer) -> None:
    response = requests.get(
        f"{emulator.url}/v1/projects/p/rcs/nothing", auth=(TEST_KEY_ID, TEST_KEY_SECRET), timeout=10
    )

    assert error_of(response) == (404, "not_found")
    assert set(response.json()) == {"errorCode", "message", "resolution", "additionalInformation"}


def test_the_emulator_answers_with_keep_alive_connections(emulator: EmulatorServer, api: Api) -> None:
    emulator.reset_stats()
    for _ in range(5):
        api.get("/senders")

    assert emulator.stats()["connections"] == 1
    assert emulator.stats()["requests"] == {"RcsSendersController_listSenders_v1": 5}


def test_senders_python_api_returns_copies_as_the_api_shows_them(emulator: EmulatorServer, api: Api) -> None:
    created = api.create()

    [seen] = emulator.senders(api.root.split("/")[-2])
    seen["state"] = "LAUNCHED"

    assert api.sender(created["id"]) == created
