"""Fault injection: each kind, scripted and rate-based, targeting, and counting."""

from __future__ import annotations

import contextlib

import pytest
import requests

from emulator.server import EmulatorServer
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID
from tests.emulator.support import MINIMAL, Api, error_of


def _count(server: EmulatorServer) -> int:
    return len(server.senders(TEST_PROJECT_ID))


def test_scripted_429_answers_with_retry_after_and_applies_nothing(
    emulator: EmulatorServer, api: Api
) -> None:
    emulator.faults.script("429", operation="createSender")

    response = api.post("/senders", json=MINIMAL)

    assert error_of(response) == (429, "rbm_too_many_requests")
    assert response.headers["Retry-After"] == "0"
    assert _count(emulator) == 0
    assert api.post("/senders", json=MINIMAL).status_code == 201  # only the next request was hit


def test_retry_after_can_be_configured(emulator: EmulatorServer, api: Api) -> None:
    emulator.faults.script("429", retry_after=7)
    emulator.faults.script("503", retry_after=3)

    assert api.get("/senders").headers["Retry-After"] == "7"
    assert api.get("/senders").headers["Retry-After"] == "3"


def test_scripted_503_applies_nothing(emulator: EmulatorServer, api: Api) -> None:
    emulator.faults.script("503", operation="RcsSendersController_createSender_v1")

    response = api.post("/senders", json=MINIMAL)

    assert response.status_code == 503
    assert response.json()["errorCode"] == "service_unavailable"
    assert _count(emulator) == 0


def test_drop_closes_the_connection_and_applies_nothing(emulator: EmulatorServer, api: Api) -> None:
    emulator.faults.script("drop", operation="createSender")

    with pytest.raises(requests.ConnectionError):
        api.post("/senders", json=MINIMAL)

    assert _count(emulator) == 0


def test_drop_after_closes_the_connection_but_applies_the_request(emulator: EmulatorServer, api: Api) -> None:
    emulator.faults.script("drop_after", operation="createSender")

    with pytest.raises(requests.ConnectionError):
        api.post("/senders", json=MINIMAL)

    assert _count(emulator) == 1


def test_drop_after_on_add_test_numbers_invites_them(emulator: EmulatorServer, api: Api) -> None:
    sender = api.create()
    emulator.faults.script("drop_after", operation="addTestNumbers")

    with pytest.raises(requests.ConnectionError):
        api.post(f"/senders/{sender['id']}/testNumbers", json={"testNumbers": ["+46701234567"]})

    assert api.sender(sender["id"])["details"]["testNumbers"] == ["+46701234567"]


def test_garbled_after_applies_the_request_and_answers_a_gateway_page(
    emulator: EmulatorServer, api: Api
) -> None:
    emulator.faults.script("garbled_after", operation="createSender")

    response = api.post("/senders", json=MINIMAL)

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert _count(emulator) == 1


def test_garbled_after_is_only_used_when_asked_for(emulator: EmulatorServer, api: Api) -> None:
    emulator.faults.set(1.0, seed=1)

    for _ in range(20):
        with contextlib.suppress(requests.ConnectionError):  # a dropped connection: a default kind
            api.get("/senders")

    injected = emulator.stats()["faults"]
    assert sum(injected.values()) == 20
    assert injected["garbled_after"] == 0  # the default mix: 429, 503 and dropped connections only


def test_scripted_faults_wait_for_a_matching_request(emulator: EmulatorServer, api: Api) -> None:
    emulator.faults.script("503", operation="getSender", method="GET")
    sender = api.create()
    assert api.get("/senders").status_code == 200

    assert api.get(f"/senders/{sender['id']}").status_code == 503
    assert api.get(f"/senders/{sender['id']}").status_code == 200


def test_a_script_can_hit_several_requests(emulator: EmulatorServer, api: Api) -> None:
    emulator.faults.script("503", count=3)

    statuses = [api.get("/senders").status_code for _ in range(4)]

    assert statuses == [503, 503, 503, 200]
    assert emulator.stats()["faults"] == {"429": 0, "503": 3, "drop": 0, "drop_after": 0, "garbled_after": 0}


def _outcomes(emulator: EmulatorServer, api: Api, seed: int) -> list[int]:
    emulator.faults.set(0.5, ["429", "503"], seed=seed)
    outcomes = [api.get("/senders").status_code for _ in range(40)]
    emulator.faults.clear()
    return outcomes


def test_rate_based_faults_are_seeded(emulator: EmulatorServer, api: Api) -> None:
    first = _outcomes(emulator, api, seed=42)
    again = _outcomes(emulator, api, seed=42)
    other = _outcomes(emulator, api, seed=7)

    assert first == again
    assert first != other
    assert set(first) == {200, 429, 503}
    assert 5 < first.count(200) < 35


def test_rate_based_faults_only_hit_the_chosen_operations_and_methods(
    emulator: EmulatorServer, api: Api
) -> None:
    emulator.faults.set(1.0, ["503"], operations=["createSender"], methods=["POST"])

    assert api.get("/senders").status_code == 200
    assert api.post("/senders", json=MINIMAL).status_code == 503


def test_faults_spare_the_token_endpoint_unless_asked(emulator: EmulatorServer) -> None:
    def token() -> int:
        return requests.post(
            f"{emulator.url}/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(TEST_KEY_ID, TEST_KEY_SECRET),
            timeout=10,
        ).status_code

    emulator.faults.set(1.0, ["503"])
    emulator.faults.script("429")
    assert token() == 200

    emulator.faults.set(1.0, ["503"], token_endpoint=True)
    assert token() == 503
    emulator.faults.clear()
    emulator.faults.script("429", operation="oauth2Token")
    assert token() == 429


def test_faults_never_hit_the_control_api(emulator: EmulatorServer) -> None:
    emulator.faults.set(1.0, ["drop"])

    response = requests.get(f"{emulator.url}/_emulator/stats", timeout=10)

    assert response.status_code == 200


def test_faults_are_set_through_the_control_api(emulator: EmulatorServer, api: Api) -> None:
    control = f"{emulator.url}/_emulator/faults"

    scripted = requests.post(
        f"{control}/script", json={"kind": "drop_after", "operation": "createSender"}, timeout=10
    )
    with pytest.raises(requests.ConnectionError):
        api.post("/senders", json=MINIMAL)
    rated = requests.put(control, json={"rate": 1, "kinds": "503", "operations": ["listSenders"]}, timeout=10)
    listed = api.get("/senders")
    cleared = requests.delete(control, timeout=10)

    assert scripted.status_code == 200
    assert rated.status_code == 200
    assert cleared.status_code == 200
    assert listed.status_code == 503
    assert api.get("/senders").status_code == 200
    described = requests.get(control, timeout=10).json()
    assert described["rate"] is None
    assert described["scripted"] == []
    assert described["injected"]["drop_after"] == 1
    assert described["injected"]["503"] == 1
    assert _count(emulator) == 1


@pytest.mark.parametrize(
    "body",
    [{"rate": 2}, {"rate": 0.5, "kinds": ["boom"]}, {"kinds": ["503"]}, {"rate": 0.5, "seed": "x"}],
)
def test_a_bad_fault_plan_is_refused(emulator: EmulatorServer, body: dict[str, object]) -> None:
    response = requests.put(f"{emulator.url}/_emulator/faults", json=body, timeout=10)

    assert response.status_code == 400
    assert "error" in response.json()


def test_python_api_rejects_unknown_kinds(emulator: EmulatorServer) -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        emulator.faults.script("timeout")
