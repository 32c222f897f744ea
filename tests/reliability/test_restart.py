"""The emulator (``python -m emulator --state FILE``, its own process) restarted in the middle of an ``up``
loses no sender, and the next refresh shows no change.

The program creates a first wave of senders; an ``apply`` in the program stops the emulator and starts it
again from its state file on the same port; a second wave, which depends on that ``apply``, is created
against the restarted emulator. Two timings:

- between waves: the restart waits for every first-wave id, so no request is in flight;
- in flight: the restart follows the first sender's id while the others' creates (each answered after
  300 ms) are in the emulator, so answers are lost after the sender was made, and creates sent during
  the restart find nobody listening.

The plugin keeps its pooled connections (now dead) and its OAuth token (which the restarted emulator no
longer knows) across the restart, as a real plugin would across an API outage. An operation caught by the
restart may give up (with a clear error); the next ``up`` then finishes the stack, and nothing may be lost
or duplicated.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import pulumi
import pytest

from emulator.process import EmulatorProcess
from sinch_provisioning.rcs_senders import SinchRcsClient
from tests.reliability.stack import (
    KEY_ID,
    KEY_SECRET,
    PROJECT_ID,
    Program,
    engine_for,
    full_declaration,
    python_arguments,
)
from tests.reliability.support import clear_error_problems, failed_resources, reconcile

pytestmark = pytest.mark.slow

WAVE: Final = 5
IN_FLIGHT_LATENCY_MS: Final = 300


class RestartableEmulator:
    """``python -m emulator`` with a state file, restartable on the same port."""

    def __init__(self, state_file: Path, latency_ms: int = 0) -> None:
        self.state_file = state_file
        self.latency_ms = latency_ms
        self.process: EmulatorProcess | None = None
        self.port = 0
        self.restarts = 0

    def _arguments(self) -> list[str]:
        return [
            *("--state", str(self.state_file), "--key", f"{KEY_ID}:{KEY_SECRET}"),
            *("--port", str(self.port), "--latency-ms", str(self.latency_ms), "--quiet"),
        ]

    def start(self) -> str:
        self.process = EmulatorProcess(self._arguments())
        url = self.process.start()
        self.port = int(url.rsplit(":", 1)[1])
        return url

    def stop(self) -> None:
        if self.process is not None:
            assert self.process.stop() == 0, "the emulator did not stop cleanly"
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()
        self.restarts += 1

    def senders(self) -> list[dict[str, Any]]:
        url = f"http://127.0.0.1:{self.port}"
        with SinchRcsClient.from_access_key(
            PROJECT_ID, KEY_ID, KEY_SECRET, auth_method="basic", base_url=url
        ) as client:
            return client.list_senders()


@pytest.fixture(params=["between-waves", "in-flight"])
def emulator(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RestartableEmulator]:
    latency = IN_FLIGHT_LATENCY_MS if request.param == "in-flight" else 0
    running = RestartableEmulator(tmp_path / "emulator-state.json", latency)
    running.start()
    yield running
    running.stop()


def restarting_program(emulator: RestartableEmulator) -> Program:
    from provider.rcs_senders.resource import RcsSender

    def restart(_ids: Any) -> str:
        emulator.restart()
        return "created after the emulator restarted"

    def program() -> None:
        first = [
            RcsSender(f"first-{index}", **python_arguments(full_declaration(index))) for index in range(WAVE)
        ]
        in_flight = emulator.latency_ms > 0
        trigger = first[0].id if in_flight else pulumi.Output.all(*[sender.id for sender in first])
        restarted = trigger.apply(restart)
        for index in range(WAVE, 2 * WAVE):
            arguments = python_arguments(full_declaration(index))
            arguments["brand"]["description"] = restarted
            RcsSender(f"second-{index}", **arguments)

    return program


def test_a_restart_in_the_middle_of_an_up_loses_no_sender(emulator: RestartableEmulator) -> None:
    engine = engine_for(f"http://127.0.0.1:{emulator.port}")

    report = engine.up(restarting_program(emulator))

    assert emulator.restarts == 1
    problems = [
        problem for resource in failed_resources([report]) for problem in clear_error_problems(resource)
    ]
    assert not problems, problems
    if not report.ok:  # an operation caught by the restart must have said why; the next up finishes it
        assert engine.up(restarting_program(emulator)).ok
    assert len(engine.state.names()) == 2 * WAVE

    emulator.restart()  # the state file is all there is
    held = emulator.senders()
    assert reconcile(engine.state, held).consistent, reconcile(engine.state, held)

    before = {resource.name: resource.plain_outputs for resource in engine.state.live()}
    refresh = engine.refresh()
    assert refresh.ok, refresh.summary()
    assert {resource.outcome for resource in refresh.resources} == {"same"}, refresh.summary()
    assert {resource.name: resource.plain_outputs for resource in engine.state.live()} == before
