"""Lost answers, rate limits and concurrent creates: nothing duplicated, nothing lost, errors that say why."""

from __future__ import annotations

import time
from pathlib import Path

from emulator.server import EmulatorServer
from provider.core.lost_create import SEND_TOLERANCE
from tests.provider.support import api_requests, engine_for, eu_sender, one_sender, senders_program, stored

CREATE = "RcsSendersController_createSender_v1"
ADD_TEST_NUMBERS = "RcsSendersController_addTestNumbers_v1"


def test_eight_senders_are_created_concurrently_with_one_token(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    senders = {
        f"sender-{n}": eu_sender(brand=eu_sender()["brand"] | {"name": f"Brand {n}"}) for n in range(8)
    }
    emulator.reset_stats()

    report = engine.up(senders_program(senders), check=True)

    assert report.counts == {"create": 8}
    assert emulator.stats()["token_requests"] == 1
    assert api_requests(emulator) == {"createSender": 8}
    ids = {engine.state.by_name(name).id for name in senders}
    assert ids == {sender["id"] for sender in stored(emulator)}
    assert len(ids) == 8
    assert emulator.stats()["connections"] <= 4  # the plugin's four workers share pooled connections


def test_a_create_whose_answer_is_lost_is_reconciled_without_a_duplicate(emulator: EmulatorServer) -> None:
    """The connection drops after Sinch created the sender: the provider finds it instead of posting again."""
    engine = engine_for(emulator)
    emulator.faults.script("drop_after", operation=CREATE)
    emulator.reset_stats()

    report = engine.up(one_sender(), check=True)

    assert report.resource("sender").op == "create"
    [server] = stored(emulator)
    assert engine.state.by_name("sender").id == server["id"]
    assert api_requests(emulator)["createSender"] == 1
    assert api_requests(emulator)["listSenders"] >= 1
    assert engine.state.by_name("sender").plain_outputs["authToken"] == server["authToken"]


def test_a_create_answered_by_a_gateway_page_is_reconciled_without_a_duplicate(
    emulator: EmulatorServer,
) -> None:
    """A 200 with an HTML page instead of the sender (a proxy in the way): it was created, but its id is
    not in the answer. The provider finds it instead of posting again."""
    engine = engine_for(emulator)
    emulator.faults.script("garbled_after", operation=CREATE)

    engine.up(one_sender(), check=True)

    [server] = stored(emulator)
    assert engine.state.by_name("sender").id == server["id"]
    assert api_requests(emulator)["createSender"] == 1


def test_a_create_that_failed_before_it_applied_is_sent_again(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    emulator.faults.script("503", operation=CREATE)
    emulator.faults.script("drop", operation=CREATE)

    engine.up(one_sender(), check=True)

    [server] = stored(emulator)
    assert engine.state.by_name("sender").id == server["id"]
    assert api_requests(emulator)["createSender"] == 3


def test_identical_senders_whose_answers_are_lost_each_get_their_own(emulator: EmulatorServer) -> None:
    """Two resources with the same declaration, both creates answered by a dropped connection: each
    resource must end up with a different sender, and no third sender may exist."""
    engine = engine_for(emulator)
    emulator.faults.script("drop_after", operation=CREATE, count=2)

    engine.up(senders_program({"twin-a": eu_sender(), "twin-b": eu_sender()}), check=True)

    ids = {engine.state.by_name("twin-a").id, engine.state.by_name("twin-b").id}
    assert len(ids) == 2
    assert ids == {sender["id"] for sender in stored(emulator)}


def test_a_create_that_never_gets_an_answer_gives_up_with_a_clear_error(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    emulator.faults.script("503", operation=CREATE, count=3)

    report = engine.up(one_sender())

    assert not report.ok
    error = report.resource("sender").error_details or ""
    assert "Creating the sender failed 3 times without an answer from Sinch" in error
    assert "Nothing was created" in error
    assert stored(emulator) == []
    assert engine.state.names() == []


def test_rate_limited_requests_are_retried_transparently(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    emulator.faults.script("429", operation=CREATE, count=2)

    engine.up(one_sender(), check=True)

    assert len(stored(emulator)) == 1
    assert api_requests(emulator)["createSender"] == 3


def test_added_test_numbers_whose_answer_is_lost_are_not_invited_twice(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(), check=True)
    emulator.faults.script("drop_after", operation=ADD_TEST_NUMBERS)
    emulator.reset_stats()

    engine.up(one_sender(test_numbers=["+447700900001", "+447700900002"]), check=True)

    assert api_requests(emulator)["addTestNumbers"] == 1
    [server] = stored(emulator)
    assert sorted(item["number"] for item in server["testNumberStates"]) == ["+447700900001", "+447700900002"]


def test_a_lost_create_never_takes_an_identical_sender_made_before_it(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    """The first sender exists (an earlier up, on another machine: nothing this machine recorded knows
    it); the twin's create fails without being applied. A matching sender created just before the attempt
    could be the twin's (if Sinch's clock were behind) or the first resource's: the provider does not
    guess, creates nothing more, and says what to do."""
    engine = engine_for(emulator)
    engine.up(senders_program({"first": eu_sender()}), check=True)
    first_id = engine.state.by_name("first").id
    emulator.faults.script("503", operation=CREATE)
    engine.env["TMPDIR"] = str(tmp_path)  # the next up runs where the first one left no claims
    # "Before the attempt": longer ago than the clock tolerance within which a sender counts as made by
    # the attempt itself (plugins start in a few hundredths of a second, so the next up can be quicker).
    time.sleep(SEND_TOLERANCE.total_seconds() + 0.1)

    report = engine.up(senders_program({"first": eu_sender(), "twin": eu_sender()}))

    assert not report.ok
    error = report.resource("twin").error_details or ""
    assert "it cannot be told whether the attempt created one of these senders" in error
    assert first_id in error
    assert [sender["id"] for sender in stored(emulator)] == [first_id]
    assert engine.state.by_name("first").id == first_id
    assert "twin" not in engine.state.names()


def test_on_one_machine_a_lost_create_knows_the_sender_an_earlier_up_made(emulator: EmulatorServer) -> None:
    """The same race on the machine that made the first sender: its plugin process claimed the sender
    (machine-wide), so the twin's reconciliation knows it is not the twin's and creates the twin."""
    engine = engine_for(emulator)
    engine.up(senders_program({"first": eu_sender()}), check=True)
    first_id = engine.state.by_name("first").id
    emulator.faults.script("503", operation=CREATE)

    report = engine.up(senders_program({"first": eu_sender(), "twin": eu_sender()}), check=True)

    twin_id = engine.state.by_name("twin").id
    assert twin_id != first_id
    assert sorted(sender["id"] for sender in stored(emulator)) == sorted([first_id, twin_id])
    assert report.resource("first").op == "same"
