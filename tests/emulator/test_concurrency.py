"""Eight clients at once: no sender lost, none duplicated, every update kept."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from emulator.server import EmulatorServer
from tests.conftest import TEST_PROJECT_ID, EmulatorFactory
from tests.emulator.support import MINIMAL, Api

CLIENTS = 8
SENDERS_PER_CLIENT = 6


def _client_work(url: str, client: int, start: threading.Barrier) -> dict[str, str]:
    """Create senders and rename each twice; returns sender id -> the last name given."""
    api = Api(url)
    start.wait()
    names: dict[str, str] = {}
    try:
        for n in range(SENDERS_PER_CLIENT):
            sender = api.create({**MINIMAL, "details": {"brand": {"name": f"c{client}-s{n}"}}})
            for round_ in range(2):
                name = f"c{client}-s{n}-r{round_}"
                response = api.update(
                    sender["id"], {"brand": {"name": name}, "testNumbers": [f"+4670{client}{n}{round_}0000"]}
                )
                assert response.status_code == 200, response.text
                names[sender["id"]] = name
    finally:
        api.close()
    return names


def _run_clients(server: EmulatorServer) -> dict[str, str]:
    start = threading.Barrier(CLIENTS)
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(lambda client: _client_work(server.url, client, start), range(CLIENTS)))
    expected: dict[str, str] = {}
    for names in results:
        assert not set(names) & set(expected)
        expected.update(names)
    return expected


def _listed(server: EmulatorServer) -> list[dict[str, object]]:
    api = Api(server.url)
    senders: list[dict[str, object]] = []
    token = None
    while True:
        params: dict[str, object] = {"pageSize": 100}
        if token:
            params["pageToken"] = token
        page = api.get("/senders", params=params).json()
        senders += page["senders"]
        token = page.get("nextPageToken")
        if not token:
            return senders


def test_eight_concurrent_clients_lose_and_duplicate_nothing(emulator_factory: EmulatorFactory) -> None:
    server = emulator_factory(validate_responses=False)  # speed; the other tests hold responses to the spec

    expected = _run_clients(server)

    listed = _listed(server)
    assert len(expected) == CLIENTS * SENDERS_PER_CLIENT
    assert len(listed) == len(expected)
    assert len({sender["id"] for sender in listed}) == len(listed)
    assert {str(s["id"]): s["details"]["brand"]["name"] for s in listed} == expected  # type: ignore[index]
    assert server.stats()["requests"]["RcsSendersController_createSender_v1"] == CLIENTS * SENDERS_PER_CLIENT
    assert server.stats()["connections"] >= CLIENTS


def test_concurrent_clients_with_a_state_file_and_latency(
    tmp_path: Path, emulator_factory: EmulatorFactory
) -> None:
    state = tmp_path / "state.json"
    server = emulator_factory(state_file=state, latency_ms=5, validate_responses=False)

    expected = _run_clients(server)
    server.stop()
    reloaded = emulator_factory(state_file=state, validate_responses=False)

    assert {s["id"]: s["details"]["brand"]["name"] for s in reloaded.senders(TEST_PROJECT_ID)} == expected
