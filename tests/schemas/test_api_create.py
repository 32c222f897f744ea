"""create_body: the RcsSenderInputDto, valid against the spec."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.spec import component_violations
from schemas import UNKNOWN, SenderSchema
from schemas.rcs_senders.api import create_body
from tests.schemas import examples


def load(declared: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = SenderSchema(launch_checklist=False).load(declared)
    return loaded


@pytest.mark.parametrize("name", sorted(examples.spec_request_examples(examples.CREATE_OPERATION)))
def test_spec_examples_survive_load_and_serialise_unchanged(name: str) -> None:
    body = examples.spec_request_examples(examples.CREATE_OPERATION)[name]
    assert create_body(load(examples.declaration_from_create_body(body))) == body


def test_the_body_of_a_full_sender() -> None:
    sender = load(examples.launchable_eu())
    body = create_body(sender)
    assert component_violations("RcsSenderInputDto", body) == []
    assert body == {
        "region": "EU",
        "billingCategory": "CONVERSATIONAL",
        "useCase": "OTP",
        "details": {
            "brand": examples.brand(),
            "testNumbers": ["+46701234567", "+46701234568"],
            "countries": ["GB", "FR", "SE"],
            "questionnaire": examples.launchable_eu()["questionnaire"],
        },
    }


def test_launch_and_sender_id_are_not_sent() -> None:
    body = create_body(load({**examples.minimal(), "launch": True, "senderId": "abc"}))
    assert body == examples.minimal()


def test_empty_parts_are_left_out() -> None:
    declared = {
        **examples.minimal(),
        "brand": {},
        "testNumbers": [],
        "questionnaire": {"general": {"answers": {}}, "gb": {"answers": {}}},
    }
    assert create_body(load(declared)) == examples.minimal()


def test_normalised_values_are_sent() -> None:
    body = create_body(load({**examples.minimal(), "brand": {"color": "#abcdef", "name": " Acme "}}))
    assert body["details"]["brand"] == {"color": "#ABCDEF", "name": "Acme"}


def test_the_body_does_not_share_lists_with_the_sender() -> None:
    sender = load(examples.launchable_eu())
    body = create_body(sender)
    body["details"]["brand"]["emails"].append({"label": "x", "address": "x@example.com"})
    body["details"]["countries"].append("DE")
    assert len(sender["brand"]["emails"]) == 1
    assert "DE" not in sender["countries"]


def test_an_unknown_value_cannot_be_serialised() -> None:
    sender = load(examples.launchable_eu())
    sender["brand"]["emails"][0]["address"] = UNKNOWN
    with pytest.raises(ValueError, match=r"brand\.emails\[0\]\.address is not known yet \(UNKNOWN\)"):
        create_body(sender)
