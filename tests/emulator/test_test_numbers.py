"""Test numbers: invites, states, retry, delete, capabilities, and the tester-invite quota."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.clock import ManualClock
from emulator.server import EmulatorServer
from tests.conftest import TEST_PROJECT_ID, EmulatorFactory
from tests.emulator.support import Api, error_of, number_path

NUMBER = "+46701234567"


@pytest.fixture
def sender(api: Api) -> dict[str, Any]:
    return api.create()


def test_adding_numbers_answers_200_with_every_state(api: Api, sender: dict[str, Any]) -> None:
    response = api.post(
        f"/senders/{sender['id']}/testNumbers", json={"testNumbers": [NUMBER, "+46709999999"]}
    )

    assert response.status_code == 200
    states = response.json()["testNumbers"]
    assert [(t["number"], t["state"]) for t in states] == [
        (NUMBER, "UNVERIFIED"),
        ("+46709999999", "UNVERIFIED"),
    ]
    assert api.sender(sender["id"])["details"]["testNumbers"] == [NUMBER, "+46709999999"]


def test_the_state_of_one_number_with_the_plus_url_encoded(api: Api, sender: dict[str, Any]) -> None:
    api.post(f"/senders/{sender['id']}/testNumbers", json={"testNumbers": [NUMBER]})

    response = api.get(number_path(sender["id"], NUMBER))

    assert response.status_code == 200
    assert response.json()["number"] == NUMBER
    assert response.json()["state"] == "UNVERIFIED"


def test_an_unknown_number_is_not_a_tester(api: Api, sender: dict[str, Any]) -> None:
    for suffix, method in (("", api.get), ("", api.delete), ("/retry", api.get), ("/capabilities", api.get)):
        response = method(number_path(sender["id"], NUMBER, suffix))
        assert error_of(response) == (404, "user_is_not_tester_for_agent")


def test_delete_removes_the_number(api: Api, sender: dict[str, Any]) -> None:
    api.post(f"/senders/{sender['id']}/testNumbers", json={"testNumbers": [NUMBER]})

    response = api.delete(number_path(sender["id"], NUMBER))

    assert response.status_code == 204
    assert response.content == b""
    assert error_of(api.get(number_path(sender["id"], NUMBER))) == (404, "user_is_not_tester_for_agent")
    assert api.sender(sender["id"])["details"]["testNumbers"] == []


def test_capabilities_need_an_accepted_invite(
    emulator: EmulatorServer, api: Api, sender: dict[str, Any]
) -> None:
    api.post(f"/senders/{sender['id']}/testNumbers", json={"testNumbers": [NUMBER]})

    before = api.get(number_path(sender["id"], NUMBER, "/capabilities"))
    emulator.accept_test_number(TEST_PROJECT_ID, sender["id"], NUMBER)
    after = api.get(number_path(sender["id"], NUMBER, "/capabilities"))

    assert error_of(before) == (404, "user_has_not_accepted_invite")
    assert after.status_code == 200
    assert after.json() == {"features": ["REVOCATION", "ACTION_DIAL"]}  # the spec's example
    assert api.get(number_path(sender["id"], NUMBER)).json()["state"] == "VERIFIED"


def test_retry_and_re_adding_reset_a_verified_number(
    emulator: EmulatorServer, api: Api, sender: dict[str, Any]
) -> None:
    api.post(f"/senders/{sender['id']}/testNumbers", json={"testNumbers": [NUMBER]})
    emulator.accept_test_number(TEST_PROJECT_ID, sender["id"], NUMBER)

    retried = api.get(number_path(sender["id"], NUMBER, "/retry"))
    emulator.accept_test_number(TEST_PROJECT_ID, sender["id"], NUMBER)
    re_added = api.post(f"/senders/{sender['id']}/testNumbers", json={"testNumbers": [NUMBER]})

    assert retried.status_code == 200
    assert retried.json()["state"] == "UNVERIFIED"
    assert re_added.json()["testNumbers"] == [
        {"number": NUMBER, "state": "UNVERIFIED", "submitted": re_added.json()["testNumbers"][0]["submitted"]}
    ]


def test_a_declined_invite_blocks_retry_and_capabilities(
    emulator: EmulatorServer, api: Api, sender: dict[str, Any]
) -> None:
    api.post(f"/senders/{sender['id']}/testNumbers", json={"testNumbers": [NUMBER]})
    emulator.decline_test_number(TEST_PROJECT_ID, sender["id"], NUMBER)

    assert error_of(api.get(number_path(sender["id"], NUMBER, "/retry"))) == (
        404,
        "blocked_because_the_recipient_declined",
    )
    assert error_of(api.get(number_path(sender["id"], NUMBER, "/capabilities"))) == (
        404,
        "blocked_because_the_recipient_declined",
    )
    assert api.delete(number_path(sender["id"], NUMBER)).status_code == 204


def test_numbers_must_be_e164(api: Api, sender: dict[str, Any]) -> None:
    response = api.post(f"/senders/{sender['id']}/testNumbers", json={"testNumbers": [NUMBER, "12345"]})

    assert error_of(response) == (400, "add_test_number_invalid")
    assert api.sender(sender["id"])["testNumberStates"] == []


@pytest.mark.sends_invalid_requests
def test_duplicate_numbers_are_invalid_input(api: Api, sender: dict[str, Any]) -> None:
    response = api.post(f"/senders/{sender['id']}/testNumbers", json={"testNumbers": [NUMBER, NUMBER]})

    assert error_of(response) == (400, "invalid_input")


def _numbers(start: int, count: int) -> list[str]:
    return [f"+4670{n:07d}" for n in range(start, start + count)]


def test_twenty_invites_a_day_then_429_with_retry_after(emulator_factory: EmulatorFactory) -> None:
    clock = ManualClock()
    api = Api(emulator_factory(clock=clock).url)
    sender = api.create()
    path = f"/senders/{sender['id']}/testNumbers"
    assert api.post(path, json={"testNumbers": _numbers(0, 15)}).status_code == 200
    clock.advance(3600)
    assert api.post(path, json={"testNumbers": _numbers(15, 5)}).status_code == 200

    refused = api.post(path, json={"testNumbers": _numbers(20, 1)})

    assert error_of(refused) == (429, "rbm_too_many_requests")
    assert int(refused.headers["Retry-After"]) == 24 * 3600 - 3600  # when the first 15 age out
    assert len(api.sender(sender["id"])["testNumberStates"]) == 20
    clock.advance(24 * 3600 - 3600)
    assert api.post(path, json={"testNumbers": _numbers(20, 15)}).status_code == 200


def test_retry_counts_against_the_quota(emulator_factory: EmulatorFactory) -> None:
    api = Api(emulator_factory(clock=ManualClock()).url)
    sender = api.create()
    api.post(f"/senders/{sender['id']}/testNumbers", json={"testNumbers": _numbers(0, 20)})

    refused = api.get(number_path(sender["id"], _numbers(0, 1)[0], "/retry"))

    assert error_of(refused) == (429, "rbm_too_many_requests")


def test_two_hundred_invites_in_total(emulator_factory: EmulatorFactory) -> None:
    clock = ManualClock()
    api = Api(emulator_factory(clock=clock).url)
    sender = api.create()
    path = f"/senders/{sender['id']}/testNumbers"
    for day in range(10):
        assert api.post(path, json={"testNumbers": _numbers(day * 20, 20)}).status_code == 200
        clock.advance(24 * 3600)

    refused = api.post(path, json={"testNumbers": _numbers(500, 1)})

    assert error_of(refused) == (429, "rbm_too_many_requests")
    assert "200" in refused.json()["additionalInformation"]["reason"][0]
