"""Request bodies and emulator look-ups shared by the client tests."""

from __future__ import annotations

import copy
from typing import Any

from emulator.server import EmulatorServer
from tests.conftest import TEST_PROJECT_ID

CREATE_SENDER = "RcsSendersController_createSender_v1"
GET_SENDER = "RcsSendersController_getSender_v1"
UPDATE_SENDER = "RcsSendersController_updateSender_v1"
LIST_SENDERS = "RcsSendersController_listSenders_v1"
LAUNCH_SENDER = "RcsSendersController_launchSender_v1"
ADD_TEST_NUMBERS = "RcsSendersController_addTestNumbers_v1"
DELETE_TEST_NUMBER = "RcsSendersController_deleteTestNumber_v1"
SENDER_COMMENT = "RcsSendersController_createSenderComment_v1"

NUMBER = "+46701234567"


def minimal_sender(name: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"}
    if name is not None:
        body["details"] = {"brand": {"name": name}, "countries": ["SE"]}
    return body


LAUNCH_READY_DETAILS: dict[str, Any] = {
    "brand": {
        "name": "Acme Alerts",
        "logoUrl": "https://acme.example/logo.png",
        "bannerUrl": "https://acme.example/banner.png",
        "privacyPolicyUrl": "https://acme.example/privacy",
        "termsOfServiceUrl": "https://acme.example/terms",
        "emails": [{"label": "Support", "address": "support@acme.example"}],
    },
    "countries": ["SE"],
    "questionnaire": {
        "general": {"answers": {"optInDescription": "Users opt in in the Acme app settings."}},
        "verification": {
            "answers": {"name": "Ann Example", "email": "ann@acme.example", "website": "https://acme.example"}
        },
    },
}


def launch_ready_details() -> dict[str, Any]:
    return copy.deepcopy(LAUNCH_READY_DETAILS)


def requests_for(server: EmulatorServer, operation_id: str) -> int:
    """How many requests the emulator received for one operation."""
    count: int = server.stats()["requests"].get(operation_id, 0)
    return count


def token_requests(server: EmulatorServer) -> int:
    count: int = server.stats()["token_requests"]
    return count


def stored_senders(server: EmulatorServer) -> list[dict[str, Any]]:
    return server.senders(TEST_PROJECT_ID)


def assert_requests_valid(server: EmulatorServer) -> None:
    """Every request the client sent matched the spec."""
    assert [str(violation) for violation in server.request_violations] == []
