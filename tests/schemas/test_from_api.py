"""sender_from_api: the declaration rebuilt from an API sender, in the declared representation."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from marshmallow import ValidationError

from emulator.spec import component_violations, spec_document
from schemas import SenderSchema
from schemas.rcs_senders.api import changed_fields, sender_from_api
from tests.schemas import examples
from tests.schemas.fake_api import SENDER_ID, api_rendering_of


def load(declared: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = SenderSchema(launch_checklist=False).load(declared)
    return loaded


EXAMPLES = [examples.minimal, examples.launchable_eu, examples.launchable_us]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.__name__)
def test_an_unchanged_sender_rebuilds_to_its_declaration(example: Any) -> None:
    declared = load(example())
    rendering = api_rendering_of(declared)
    assert component_violations("RcsSenderDto", rendering) == []
    assert sender_from_api(rendering, declared=declared) == declared


def test_the_declared_representation_is_kept() -> None:
    declared = load(examples.launchable_eu())
    rendering = api_rendering_of(declared)
    # The fake API sorts countries, reverses test numbers and lower-cases the colour; the server might also
    # pad strings. None of that is a change.
    rendering["details"]["brand"]["description"] = "  " + declared["brand"]["description"] + " "
    rebuilt = sender_from_api(rendering, declared=declared)
    assert rebuilt["countries"] == ["GB", "FR", "SE"]
    assert rebuilt["testNumbers"] == ["+46701234567", "+46701234568"]
    assert rebuilt["brand"]["color"] == examples.brand()["color"]
    assert rebuilt == declared


def test_drift_shows_exactly_where_it_is() -> None:
    declared = load(examples.launchable_eu())
    rendering = api_rendering_of(declared)
    rendering["details"]["brand"]["description"] = "Changed in the dashboard"
    rendering["details"]["questionnaire"]["gb"]["answers"]["messagesFrequency"] = "Daily"
    rebuilt = sender_from_api(rendering, declared=declared)
    assert changed_fields(declared, rebuilt) == ["brand", "questionnaire"]
    expected = copy.deepcopy(declared)
    expected["brand"]["description"] = "Changed in the dashboard"
    expected["questionnaire"]["gb"]["answers"]["messagesFrequency"] = "Daily"
    assert rebuilt == expected


def test_drift_in_lists_and_removed_parts() -> None:
    declared = load(examples.launchable_eu())
    rendering = api_rendering_of(declared)
    rendering["details"]["countries"] = ["FR", "GB"]
    del rendering["details"]["questionnaire"]["fr"]
    del rendering["details"]["brand"]["logoUrl"]
    rebuilt = sender_from_api(rendering, declared=declared)
    assert changed_fields(declared, rebuilt) == ["brand", "countries", "questionnaire"]
    assert rebuilt["countries"] == ["FR", "GB"]
    assert "fr" not in rebuilt["questionnaire"]
    assert "logoUrl" not in rebuilt["brand"]


def test_api_defaults_are_dropped_unless_declared() -> None:
    declared = load({**examples.minimal(), "brand": {"description": "Parcels"}})
    rendering = api_rendering_of(declared)
    assert rendering["details"]["brand"]["name"] == "RCS Sender"
    assert sender_from_api(rendering, declared=declared)["brand"] == {"description": "Parcels"}
    explicit = load({**examples.minimal(), "brand": {"name": "RCS Sender", "color": "#000000"}})
    assert sender_from_api(api_rendering_of(explicit), declared=explicit) == explicit


def test_a_changed_default_is_drift() -> None:
    declared = load(examples.minimal())
    rendering = api_rendering_of(declared)
    rendering["details"]["brand"]["color"] = "#ff0000"
    assert sender_from_api(rendering, declared=declared)["brand"] == {"color": "#ff0000"}


def test_launch_and_sender_id_come_from_the_declaration() -> None:
    declared = load({**examples.minimal(), "senderId": SENDER_ID})
    rebuilt = sender_from_api(api_rendering_of(declared, state="LAUNCHED"), declared=declared)
    assert rebuilt["launch"] is False
    assert rebuilt["senderId"] == SENDER_ID
    assert "senderId" not in sender_from_api(api_rendering_of(declared), declared=load(examples.minimal()))


def test_without_a_declaration() -> None:
    rebuilt = sender_from_api(api_rendering_of(load(examples.launchable_eu()), state="LAUNCHING"))
    assert rebuilt["launch"] is True
    assert rebuilt["senderId"] == SENDER_ID
    assert rebuilt["countries"] == ["FR", "GB", "SE"]
    assert SenderSchema().load(rebuilt)["brand"]["color"] == examples.brand()["color"]


def test_the_spec_example_sender_rebuilds_to_a_valid_declaration() -> None:
    dto = copy.deepcopy(spec_document()["components"]["examples"]["RcsSenderInTest"]["value"])
    rebuilt = sender_from_api(dto)
    loaded = SenderSchema().load(rebuilt)
    assert "questions" not in str(loaded)
    assert loaded["testNumbers"] == ["+48777777777"]
    assert loaded["brand"]["name"] == "Test name"
    assert "color" not in loaded["brand"]  # the API default, not declared
    assert sorted(loaded["questionnaire"]) == ["fr", "gb", "general", "us", "verification"]


def test_nulls_empty_sections_and_questions_are_dropped() -> None:
    declared = load(examples.minimal())
    rendering = api_rendering_of(declared)
    rendering["details"]["brand"]["description"] = None
    rendering["details"]["questionnaire"]["gb"] = {"questions": {}, "answers": {"companyLegalName": None}}
    rendering["details"]["questionnaire"]["fr"] = {
        "questions": {},
        "answers": {"fullCompanyAddressMetadata": {}},
    }
    assert sender_from_api(rendering, declared=declared) == declared


def test_declared_empty_parts_survive_an_empty_server() -> None:
    declared = load(
        {
            **examples.minimal(),
            "brand": {},
            "testNumbers": [],
            "questionnaire": {
                "general": {"answers": {}},
                "fr": {"answers": {"fullCompanyAddressMetadata": {}}},
            },
        }
    )
    assert sender_from_api(api_rendering_of(declared), declared=declared) == declared


def test_test_numbers_fall_back_to_their_states() -> None:
    declared = load({**examples.minimal(), "testNumbers": ["+46701234567"]})
    rendering = api_rendering_of(declared)
    del rendering["details"]["testNumbers"]
    assert sender_from_api(rendering, declared=declared)["testNumbers"] == ["+46701234567"]


def test_odd_parts_are_copied_for_the_schema_to_report() -> None:
    dto = {"id": SENDER_ID, "region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"}
    rebuilt = sender_from_api({**dto, "details": {"questionnaire": {"general": "odd"}, "countries": "GB"}})
    assert rebuilt["questionnaire"] == {"general": "odd"}
    with pytest.raises(ValidationError):
        SenderSchema().load(rebuilt)


def test_not_an_object() -> None:
    with pytest.raises(ValidationError):
        sender_from_api(["not", "a", "sender"])  # type: ignore[arg-type]


def test_a_sender_without_a_brand_rebuilds_without_one() -> None:
    # An RcsSenderDto requires neither details nor details.brand: no brand may be made up for it.
    declared = load({**examples.minimal(), "countries": ["SE"]})
    rendering = api_rendering_of(declared)
    del rendering["details"]["brand"]
    without_details = {key: value for key, value in rendering.items() if key != "details"}
    for dto in (rendering, without_details):
        assert component_violations("RcsSenderDto", dto) == []
        rebuilt = sender_from_api(dto)
        assert "brand" not in rebuilt
        assert SenderSchema().load(rebuilt) == rebuilt
    assert sender_from_api(rendering) == {**declared, "senderId": SENDER_ID}
