"""The control API under /_emulator/, statistics, and the latency option."""

from __future__ import annotations

from urllib.parse import quote

import pytest
import requests

from emulator.server import EmulatorServer
from tests.conftest import TEST_PROJECT_ID, EmulatorFactory
from tests.emulator.support import MINIMAL, Api, access_token, error_of, number_path


def _control(server: EmulatorServer, method: str, path: str, **options: object) -> requests.Response:
    return requests.request(method, f"{server.url}/_emulator/{path}", timeout=10, **options)  # type: ignore[arg-type]


def test_stats_count_requests_per_operation_tokens_and_connections(
    emulator: EmulatorServer, api: Api
) -> None:
    sender = api.create()
    api.get(f"/senders/{sender['id']}")
    api.get(f"/senders/{sender['id']}")
    requests.post(f"{emulator.url}/oauth2/token", data={"grant_type": "client_credentials"}, timeout=10)

    stats = emulator.stats()
    over_http = _control(emulator, "GET", "stats").json()

    assert over_http["requests"] == stats["requests"]
    assert stats["requests"] == {
        "RcsSendersController_createSender_v1": 1,
        "RcsSendersController_getSender_v1": 2,
    }
    assert stats["api_requests"] == 3
    assert stats["token_requests"] == 1
    assert stats["connections"] == 2  # one keep-alive session, one token request
    assert stats["faults"] == {"429": 0, "503": 0, "drop": 0, "drop_after": 0, "garbled_after": 0}


def test_stats_give_the_emulator_cpu_time_of_each_operation(emulator: EmulatorServer, api: Api) -> None:
    sender = api.create()
    for _ in range(3):
        api.get(f"/senders/{sender['id']}")

    stats = emulator.stats()
    emulator.reset_stats()

    assert set(stats["cpu_seconds"]) == set(stats["requests"])
    assert all(0 < seconds < 1 for seconds in stats["cpu_seconds"].values())
    assert emulator.stats()["cpu_seconds"] == {}


def test_stats_can_be_reset(emulator: EmulatorServer, api: Api) -> None:
    api.get("/senders")

    assert _control(emulator, "POST", "stats/reset").status_code == 200

    assert emulator.stats()["api_requests"] == 0
    assert emulator.stats()["requests"] == {}


def test_expire_tokens_over_http(emulator: EmulatorServer) -> None:
    token = access_token(emulator.url)

    response = _control(emulator, "POST", "tokens/expire")

    assert response.json() == {"expired": 1}
    api = Api(emulator.url, auth=None)
    api.session.headers["Authorization"] = f"Bearer {token}"
    assert error_of(api.get("/senders")) == (401, "unauthorized_error")


def test_accept_and_decline_an_invite_over_http(emulator: EmulatorServer, api: Api) -> None:
    sender = api.create(details={"testNumbers": ["+46701111111", "+46702222222"]})
    base = f"projects/{TEST_PROJECT_ID}/senders/{sender['id']}/testNumbers"

    accepted = _control(emulator, "POST", f"{base}/{quote('+46701111111')}/accept")
    declined = _control(emulator, "POST", f"{base}/{quote('+46702222222')}/decline")
    unknown = _control(emulator, "POST", f"{base}/{quote('+46703333333')}/accept")

    assert accepted.json() == {"number": "+46701111111", "state": "VERIFIED"}
    assert declined.json()["state"] == "DECLINED"
    assert unknown.status_code == 404
    assert "user_is_not_tester_for_agent" in unknown.json()["error"]
    states = {t["number"]: t["state"] for t in api.sender(sender["id"])["testNumberStates"]}
    assert states == {"+46701111111": "VERIFIED", "+46702222222": "DECLINED"}
    assert api.get(number_path(sender["id"], "+46701111111", "/capabilities")).status_code == 200


def test_link_a_conversation_app_over_http(emulator: EmulatorServer, api: Api) -> None:
    sender = api.create()
    path = f"projects/{TEST_PROJECT_ID}/senders/{sender['id']}/conversationApp"

    _control(emulator, "POST", path, json={"appId": "APP1"})
    linked = api.sender(sender["id"])
    _control(emulator, "POST", path, json={"appId": None})

    assert linked["conversationApiApp"] == "APP1"
    assert linked["conversationApiAppDetails"]["projectId"] == TEST_PROJECT_ID
    assert "conversationApiApp" not in api.sender(sender["id"])


def test_violations_over_http(emulator: EmulatorServer, api: Api) -> None:
    api.post("/senders", json={"region": "EU"})

    seen = _control(emulator, "GET", "violations").json()
    _control(emulator, "DELETE", "violations")

    assert len(seen["requests"]) == 1
    assert seen["responses"] == []
    assert seen["requests"][0]["operationId"] == "RcsSendersController_createSender_v1"
    assert emulator.request_violations == []


def test_reset_forgets_everything(emulator: EmulatorServer, api: Api) -> None:
    api.create()
    emulator.faults.script("503")

    assert _control(emulator, "POST", "reset").status_code == 200

    assert api.get("/senders").json()["totalSize"] == 0
    assert emulator.stats()["requests"] == {"RcsSendersController_listSenders_v1": 1}


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "nothing", 404),
        ("DELETE", "stats", 405),
        ("PUT", "latency", 400),
        ("GET", "projects/p/senders/x/y", 405),
    ],
)
def test_control_errors(emulator: EmulatorServer, method: str, path: str, status: int) -> None:
    response = _control(emulator, method, path)

    assert response.status_code == status
    assert "error" in response.json()


def test_latency_delays_api_requests(emulator_factory: EmulatorFactory) -> None:
    server = emulator_factory(latency_ms=400)
    api = Api(server.url)

    with pytest.raises(requests.ReadTimeout):
        api.session.get(f"{api.root}/senders", timeout=(5, 0.1))
    control = requests.get(f"{server.url}/_emulator/latency", timeout=0.3)  # the control API does not wait

    assert control.json() == {"ms": 400.0}


def test_latency_can_be_changed_at_run_time(emulator: EmulatorServer, api: Api) -> None:
    assert _control(emulator, "PUT", "latency", json={"ms": 400}).json() == {"ms": 400.0}
    with pytest.raises(requests.ReadTimeout):
        api.session.post(f"{api.root}/senders", json=MINIMAL, timeout=(5, 0.1))

    emulator.latency_ms = 0

    assert api.get("/senders").status_code == 200
