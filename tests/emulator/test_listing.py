"""The sender list: pages and tokens, sorts, and refused parameters (filters and search are proven through
the client, in tests/client/test_listing.py)."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.clock import ManualClock
from emulator.server import EmulatorServer
from tests.conftest import EmulatorFactory
from tests.emulator.support import Api, error_of, launch_ready_details

NAMES = ["delta", "Alpha", "charlie", "Echo", "bravo", "foxtrot", "golf"]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def server(emulator_factory: EmulatorFactory, clock: ManualClock) -> EmulatorServer:
    return emulator_factory(clock=clock)


@pytest.fixture
def api(server: EmulatorServer) -> Api:
    return Api(server.url)


@pytest.fixture
def senders(api: Api, clock: ManualClock) -> list[dict[str, Any]]:
    """Seven senders created one second apart, named as in NAMES."""
    made = []
    for name in NAMES:
        made.append(api.create(details={"brand": {"name": name}}))
        clock.advance(1)
    return made


def _ids(response: Any) -> list[str]:
    return [sender["id"] for sender in response.json()["senders"]]


def test_pages_follow_next_page_tokens_to_the_end(api: Api, senders: list[dict[str, Any]]) -> None:
    seen: list[str] = []
    token = None
    pages = 0
    while True:
        params: dict[str, Any] = {"pageSize": 3}
        if token:
            params["pageToken"] = token
        page = api.get("/senders", params=params).json()
        assert page["totalSize"] == 7
        assert page["pageSize"] == 3
        assert ("previousPageToken" in page) == (pages > 0)
        seen += [sender["id"] for sender in page["senders"]]
        pages += 1
        token = page.get("nextPageToken")
        if token is None:
            break

    assert pages == 3
    assert seen == [sender["id"] for sender in senders]  # created order, nothing lost or repeated


def test_previous_page_token_goes_back(api: Api, senders: list[dict[str, Any]]) -> None:
    first = api.get("/senders", params={"pageSize": 2}).json()
    second = api.get("/senders", params={"pageSize": 2, "pageToken": first["nextPageToken"]}).json()

    back = api.get("/senders", params={"pageSize": 2, "pageToken": second["previousPageToken"]}).json()

    assert [s["id"] for s in back["senders"]] == [s["id"] for s in first["senders"]]


def test_default_page_size_is_50(api: Api, senders: list[dict[str, Any]]) -> None:
    page = api.get("/senders").json()

    assert page["pageSize"] == 50
    assert len(page["senders"]) == 7
    assert "nextPageToken" not in page


@pytest.mark.parametrize("token", ["garbage", "eyJvIjozLCJxIjoiMDAwMCJ9", "!!!"])
def test_a_made_up_page_token_is_invalid(api: Api, senders: list[dict[str, Any]], token: str) -> None:
    response = api.get("/senders", params={"pageToken": token})

    assert error_of(response) == (400, "invalid_page_token")


def test_a_token_from_another_query_is_invalid(api: Api, senders: list[dict[str, Any]]) -> None:
    token = api.get("/senders", params={"pageSize": 2}).json()["nextPageToken"]

    response = api.get("/senders", params={"pageSize": 2, "pageToken": token, "search": "a"})

    assert error_of(response) == (400, "invalid_page_token")


@pytest.mark.parametrize("size", ["0", "101", "abc", "2.5"])
@pytest.mark.sends_invalid_requests
def test_bad_page_sizes_are_invalid_page_size(api: Api, size: str) -> None:
    response = api.get("/senders", params={"pageSize": size})

    assert error_of(response) == (400, "invalid_page_size")
    assert response.json()["message"] == "Page size must be numeric."


@pytest.mark.sends_invalid_requests
def test_bad_filter_states_are_invalid_filter_states(api: Api) -> None:
    response = api.get("/senders", params={"filterStates": ["IN_TEST", "NOPE"]})

    assert error_of(response) == (400, "invalid_filter_states")
    assert "LAUNCHED" in response.json()["additionalInformation"]["supportedCodes"]


def test_sort_by_created_and_modified(api: Api, clock: ManualClock, senders: list[dict[str, Any]]) -> None:
    api.update(senders[0]["id"], {"brand": {"name": "touched"}})

    by_created = api.get("/senders", params={"sortColumn": "CREATED", "sortDirection": "DESC"})
    by_modified = api.get("/senders", params={"sortColumn": "MODIFIED", "sortDirection": "DESC"})

    assert _ids(by_created) == [s["id"] for s in reversed(senders)]
    assert _ids(by_modified)[0] == senders[0]["id"]


def test_sort_by_state(api: Api, senders: list[dict[str, Any]]) -> None:
    ready = api.create(details=launch_ready_details(["SE"]))
    api.launch(ready["id"])  # LAUNCHING sorts after IN_TEST

    response = api.get("/senders", params={"sortColumn": "STATE", "sortDirection": "ASC"})

    assert _ids(response)[-1] == ready["id"]


@pytest.mark.sends_invalid_requests
def test_a_bad_sort_column_is_invalid_input(api: Api) -> None:
    response = api.get("/senders", params={"sortColumn": "COLOR"})

    assert error_of(response) == (400, "invalid_input")
    assert any(
        "sortColumn" in error for error in response.json()["additionalInformation"]["validationErrors"]
    )
