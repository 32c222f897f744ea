"""What `pulumi preview` shows for bad declarations and for values that are not known yet.

Everything here goes through the real plugin process: a bad declaration must come back as one check
failure per property path with the schema's message, never as a gRPC error or a traceback, and values
that come from other resources' outputs must never break a preview.
"""

from __future__ import annotations

from typing import Any

import pytest

from emulator.server import EmulatorServer
from provider import RcsSender
from tests.provider.support import engine_for, eu_sender, one_sender, senders_program, stored

BAD_DECLARATIONS: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    ("region", {"region": "XX"}, [("region", "Must be one of: BR, EU, US.")]),
    (
        "misspelt brand field",
        {"brand": {"name": "Example", "bannerURL": "https://example.test/banner.png"}},
        [("brand.bannerURL", "Unknown field. Did you mean 'bannerUrl'?")],
    ),
    (
        "bad e-mail in a list",
        {
            "brand": {
                "emails": [
                    {"label": "Support", "address": "support@example.test"},
                    {"label": "Sales", "address": "not-an-address"},
                ]
            }
        },
        [("brand.emails[1].address", "Not a valid email address.")],
    ),
    (
        "country outside the launch list and a duplicate",
        {"countries": ["GB", "XX", "GB"]},
        [
            (
                "countries[1]",
                "Not a launch country. Must be one of: AT, BE, BR, CA, CZ, DK, FI, FR, DE, GR, "
                "HU, IT, LT, MX, NL, NO, PE, PL, PT, SG, SK, ES, SE, US, GB.",
            ),
            ("countries[2]", "Duplicate: GB is already listed at countries[0]."),
        ],
    ),
    (
        "test number not in E.164",
        {"test_numbers": ["0701234567"]},
        [
            (
                "testNumbers[0]",
                "Not a valid E.164 phone number: use + and the country code, then the number, "
                "digits only, for example +46701234567.",
            )
        ],
    ),
    (
        "questionnaire answers without 'answers'",
        {"questionnaire": {"general": {"optInDescription": "At checkout."}}},
        [
            (
                "questionnaire.general.optInDescription",
                'Answers go under \'answers\': write {"general": {"answers": {"optInDescription": "..."}}}.',
            )
        ],
    ),
    (
        "colour and name length",
        {"brand": {"name": "N" * 41, "color": "blue"}},
        [
            ("brand.color", "Not a valid hex colour: use #RRGGBB, for example #1A2B3C."),
            ("brand.name", "Must be at most 40 characters long (got 41)."),
        ],
    ),
    (
        "wrong types",
        {"brand": "Example", "countries": "GB", "launch": "yes"},
        [
            ("brand", "Not a valid object."),
            ("countries", "Not a valid list."),
            ("launch", "Not a valid boolean: use true or false."),
        ],
    ),
]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [pytest.param(overrides, expected, id=name) for name, overrides, expected in BAD_DECLARATIONS],
)
def test_a_bad_declaration_fails_preview_with_one_failure_per_property(
    emulator: EmulatorServer, overrides: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    engine = engine_for(emulator)
    base = {"region": "EU", "billing_category": "CONVERSATIONAL", "use_case": "MULTIUSE"}
    emulator.reset_stats()

    report = engine.preview(senders_program({"sender": base | overrides}))

    assert not report.ok
    failures = sorted((f.property, f.reason) for f in report.resource("sender").check_failures)
    assert failures == sorted(expected)
    assert report.resource("sender").error is None  # failures, not a crash
    assert emulator.stats()["api_requests"] == 0


def test_every_problem_is_reported_at_once(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    program = one_sender(
        region="XX",
        brand={"name": "N" * 41, "emails": [{"label": "Support", "address": "bad"}]},
        countries=["GB", "GB"],
    )

    report = engine.preview(program)

    paths = {f.property for f in report.resource("sender").check_failures}
    assert paths == {"region", "brand.name", "brand.emails[0].address", "countries[1]"}


def test_a_bad_declaration_fails_up_before_anything_is_sent(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    emulator.reset_stats()

    report = engine.up(one_sender(countries=["XX"]))

    assert not report.ok
    assert emulator.stats()["api_requests"] == 0
    assert stored(emulator) == []


def test_values_from_other_resources_pass_preview_and_are_validated_at_up(emulator: EmulatorServer) -> None:
    """A brand logo and test numbers that come from another sender's outputs (unknown in a first preview)."""
    engine = engine_for(emulator)

    def program() -> None:
        first = RcsSender("first", **eu_sender())
        second = eu_sender()
        second["brand"]["logoUrl"] = first.id.apply(lambda i: f"https://cdn.example.test/{i}/logo.png")
        second["brand"]["description"] = first.state.apply(lambda s: f"Sister of a sender in {s}")
        second["countries"] = first.countries
        RcsSender("second", **second)

    preview = engine.preview(program, check=True)
    assert preview.resource("second").op == "create"
    checked = preview.resource("second").inputs or {}
    assert checked["brand"]["name"] == "ACME Parcel"

    engine.up(program, check=True)
    first_id = engine.state.by_name("first").id
    second = {sender["id"]: sender for sender in stored(emulator)}[engine.state.by_name("second").id]
    assert second["details"]["brand"]["logoUrl"] == f"https://cdn.example.test/{first_id}/logo.png"
    assert second["details"]["brand"]["description"] == "Sister of a sender in IN_TEST"


def test_an_unknown_creation_only_field_previews_a_replacement(emulator: EmulatorServer) -> None:
    """When the first sender is replaced, its outputs are unknown in preview: the second sender's use case
    (taken from them) may change, so preview must show the replacement it could cause (both opt in)."""
    engine = engine_for(emulator)

    def program(first_use_case: str) -> Any:
        def run() -> None:
            first = RcsSender("first", **eu_sender(use_case=first_use_case, allow_replacement=True))
            RcsSender(
                "second",
                **eu_sender(
                    allow_replacement=True,
                    use_case=first.use_case,
                    brand=eu_sender()["brand"]
                    | {
                        "description": first.id.apply(lambda i: f"Twin of {i}"),
                    },
                ),
            )

        return run

    engine.up(program("MULTIUSE"), check=True)

    preview = engine.preview(program("OTP"), check=True)

    assert preview.resource("first").op == "replace"
    second = preview.resource("second")
    assert second.op == "replace"
    assert "useCase" in second.replaces
