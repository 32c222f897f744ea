"""Helpers for the emulator tests: a small HTTP client and request bodies (some taken from the spec)."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

import requests

from emulator.spec import spec_document
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID

SENDERS_PATH = "/v1/projects/{projectId}/rcs/senders"
SENDER_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}t\d{2}:\d{2}:\d{2}\.\d{3}Z$")
EVENT_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

MINIMAL = {"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"}


class Api:
    """Requests to one project's RCS API over one keep-alive session, with HTTP Basic auth by default."""

    def __init__(
        self,
        base_url: str,
        project: str = TEST_PROJECT_ID,
        auth: tuple[str, str] | None = (TEST_KEY_ID, TEST_KEY_SECRET),
    ) -> None:
        self.base_url = base_url
        self.root = f"{base_url}/v1/projects/{project}/rcs"
        self.session = requests.Session()
        self.session.auth = auth

    def close(self) -> None:
        self.session.close()

    def get(self, path: str, **options: Any) -> requests.Response:
        return self.session.get(self.root + path, timeout=10, **options)

    def post(self, path: str, **options: Any) -> requests.Response:
        return self.session.post(self.root + path, timeout=10, **options)

    def patch(self, path: str, **options: Any) -> requests.Response:
        return self.session.patch(self.root + path, timeout=10, **options)

    def delete(self, path: str, **options: Any) -> requests.Response:
        return self.session.delete(self.root + path, timeout=10, **options)

    def create(
        self, body: dict[str, Any] | None = None, details: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Create a sender (``body``, by default MINIMAL, with ``details``) and return it; asserts the 201."""
        payload: dict[str, Any] = copy.deepcopy(body) if body is not None else dict(MINIMAL)
        if details is not None:
            payload["details"] = copy.deepcopy(details)
        response = self.post("/senders", json=payload)
        assert response.status_code == 201, response.text
        sender: dict[str, Any] = response.json()
        return sender

    def sender(self, sender_id: str) -> dict[str, Any]:
        response = self.get(f"/senders/{sender_id}")
        assert response.status_code == 200, response.text
        found: dict[str, Any] = response.json()
        return found

    def update(self, sender_id: str, details: dict[str, Any], **options: Any) -> requests.Response:
        return self.patch(f"/senders/{sender_id}", json={"details": details}, **options)

    def launch(self, sender_id: str) -> requests.Response:
        return self.post(f"/senders/{sender_id}/launch")


def number_path(sender_id: str, number: str, suffix: str = "") -> str:
    """``/senders/{id}/testNumbers/%2B4670...`` (the ``+`` URL-encoded, as clients must)."""
    return f"/senders/{sender_id}/testNumbers/{quote(number, safe='')}{suffix}"


def error_of(response: requests.Response) -> tuple[int, str]:
    return response.status_code, response.json()["errorCode"]


def validation_errors(response: requests.Response) -> list[str]:
    errors: list[str] = response.json()["additionalInformation"]["validationErrors"]
    return errors


def create_example(name: str) -> dict[str, Any]:
    """A create-sender request body from the spec's examples, by name."""
    examples = spec_document()["paths"][SENDERS_PATH]["post"]["requestBody"]["content"]["application/json"]
    example: dict[str, Any] = copy.deepcopy(examples["examples"][name]["value"])
    return example


def launch_ready_details(countries: Iterable[str] = ("SE",)) -> dict[str, Any]:
    """Details that pass the launch checklist for ``countries`` (GB/FR/US sections included as needed)."""
    chosen = list(countries)
    example = create_example("usQuestionnairePrivateLlcSwedenTaxIdCountry")["details"]
    questionnaire: dict[str, Any] = {
        "general": example["questionnaire"]["general"],
        "verification": example["questionnaire"]["verification"],
    }
    if "GB" in chosen:
        questionnaire["gb"] = {
            "answers": {
                "brandIndustry": "Automotive",
                "companyLegalName": "Example company legal name",
                "companyRegistrationNumber": "123-123456789",
                "fullCompanyAddress": "Skeppsbron 1 Malmö, 123 12, Sweden",
                "messagesVolume": "10K - 100K messages",
                "messagesFrequency": "Once per month",
            }
        }
    if "FR" in chosen:
        questionnaire["fr"] = {
            "answers": {"fullCompanyAddress": "1 rue de la Paix, Paris", "siren": "123456789"}
        }
    if "US" in chosen:
        questionnaire["us"] = example["questionnaire"]["us"]
    return {"brand": example["brand"], "countries": chosen, "questionnaire": questionnaire}
