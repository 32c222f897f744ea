"""What Sinch would refuse at `pulumi up` fails at preview instead, and a bad declaration's failures stay
readable: capped, with full property paths, whatever the program passes (secrets included)."""

from __future__ import annotations

import pulumi

from emulator.server import EmulatorServer
from engine.report import ResourceReport
from provider import RcsSender
from tests.provider.support import engine_for, eu_sender, one_sender


def _failures(resource: ResourceReport) -> list[tuple[str, str]]:
    return [(failure.property, failure.reason) for failure in resource.check_failures]


def test_a_test_number_sinch_would_refuse_fails_at_preview(emulator: EmulatorServer) -> None:
    report = engine_for(emulator).preview(one_sender(test_numbers=["+12"]))

    [(path, reason)] = _failures(report.resource("sender"))
    assert path == "testNumbers[0]"
    assert reason.startswith("Not a valid E.164 phone number")
    assert emulator.stats()["api_requests"] == 0


def test_more_new_test_numbers_than_sinch_invites_a_day_fail_at_preview(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_sender(), check=True)
    numbers = [f"+4670000{index:04d}" for index in range(21)]

    report = engine.preview(one_sender(test_numbers=["+447700900001", *numbers]))

    [(path, reason)] = _failures(report.resource("sender"))
    assert path == "testNumbers"
    assert "Adds 21 test numbers, but Sinch sends at most 20 tester invites per sender and day" in reason
    twenty = engine.preview(one_sender(test_numbers=["+447700900001", *numbers[:20]]), check=True)
    assert twenty.resource("sender").op == "update"


def test_adding_an_empty_object_is_no_change(emulator: EmulatorServer) -> None:
    """An empty ``partner`` says nothing: no update that Sinch would answer with no_fields_to_update."""
    engine = engine_for(emulator)
    engine.up(one_sender(), check=True)
    questionnaire = eu_sender()["questionnaire"]
    questionnaire["verification"]["answers"]["partner"] = {}
    emulator.reset_stats()

    assert engine.preview(one_sender(questionnaire=questionnaire), check=True).resource("sender").op == "same"
    assert engine.up(one_sender(questionnaire=questionnaire), check=True).resource("sender").op == "same"
    assert emulator.stats()["api_requests"] == 0


def test_general_answers_holding_only_an_empty_object_do_not_pass_the_launch_checklist(
    emulator: EmulatorServer,
) -> None:
    questionnaire = eu_sender()["questionnaire"]
    questionnaire["general"] = {"answers": {"optInDescriptionMetadata": {}}}

    report = engine_for(emulator).preview(one_sender(launch=True, questionnaire=questionnaire))

    paths = [path for path, _ in _failures(report.resource("sender"))]
    assert "questionnaire.general.answers" in paths


def test_a_huge_list_of_repeats_gets_one_failure(emulator: EmulatorServer) -> None:
    report = engine_for(emulator).preview(one_sender(countries=["GB"] * 100_000))

    # One failure, not 99,999 (the items of a list far past its limit are not judged one by one).
    expected = [("countries", "Must have at most 25 items (got 100,000).")]
    assert _failures(report.resource("sender")) == expected


def test_duplicates_name_the_full_path_and_are_counted_past_ten(emulator: EmulatorServer) -> None:
    brand = eu_sender()["brand"] | {"emails": [dict(eu_sender()["brand"]["emails"][0])] * 2}

    report = engine_for(emulator).preview(one_sender(brand=brand, test_numbers=["+447700900001"] * 15))

    failures = _failures(report.resource("sender"))
    assert (
        "brand.emails[1].address",
        f"Duplicate: {brand['emails'][0]['address']} is already listed at brand.emails[0].",
    ) in failures
    repeats = [path for path, _ in failures if path.startswith("testNumbers[")]
    assert len(repeats) == 10
    assert ("testNumbers", "And 4 more duplicates (each value may be listed once).") in failures


def test_a_secret_value_is_judged_like_any_other(emulator: EmulatorServer) -> None:
    def program() -> None:
        brand = eu_sender()["brand"] | {"name": pulumi.Output.secret("ACME Secret Brand")}
        RcsSender("sender", **eu_sender(brand=brand))

    report = engine_for(emulator).preview(program, check=True)

    assert report.resource("sender").op == "create"
