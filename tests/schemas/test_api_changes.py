"""changed_fields and test_number_changes."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from schemas import UNKNOWN, SenderSchema
from schemas.rcs_senders import api
from tests.schemas import examples


def load(declared: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = SenderSchema(launch_checklist=False).load(declared)
    return loaded


OLD = load(examples.launchable_eu())


def changed(change: Any) -> list[str]:
    new = copy.deepcopy(OLD)
    change(new)
    return api.changed_fields(OLD, new)


def test_nothing_changed() -> None:
    assert api.changed_fields(OLD, copy.deepcopy(OLD)) == []


def test_changed_keys_in_declaration_order() -> None:
    def change(new: dict[str, Any]) -> None:
        new["launch"] = False
        new["brand"]["name"] = "Other"
        new["region"] = "US"
        new["senderId"] = "abc"

    assert changed(change) == ["region", "brand", "launch", "senderId"]


def test_countries_and_test_numbers_compare_as_sets() -> None:
    assert changed(lambda new: (new["countries"].reverse(), new["testNumbers"].reverse())) == []
    assert changed(lambda new: new["countries"].pop()) == ["countries"]


def test_missing_test_numbers_equal_an_empty_list_and_missing_launch_equals_false() -> None:
    assert (
        api.changed_fields({**OLD, "testNumbers": []}, {k: v for k, v in OLD.items() if k != "testNumbers"})
        == []
    )
    assert api.changed_fields({**OLD, "launch": False}, {k: v for k, v in OLD.items() if k != "launch"}) == []


def test_numbers_compare_by_value_but_booleans_are_not_numbers() -> None:
    us = load(examples.launchable_us())
    as_float = copy.deepcopy(us)
    as_float["questionnaire"]["us"]["answers"]["messagesVolume"] = 10000.0
    assert api.changed_fields(us, as_float) == []
    flipped = copy.deepcopy(us)
    flipped["questionnaire"]["us"]["answers"]["embeddedLink"] = 1
    assert api.changed_fields(us, flipped) == ["questionnaire"]


def test_unknown_differs_from_everything() -> None:
    assert changed(lambda new: new["brand"].update(logoUrl=UNKNOWN)) == ["brand"]
    unknown = {**OLD, "region": UNKNOWN}
    assert api.changed_fields(unknown, unknown) == ["region"]


def test_test_number_changes_keep_the_order() -> None:
    old = {**OLD, "testNumbers": ["+461", "+462", "+463"]}
    new = {**OLD, "testNumbers": ["+465", "+463", "+464", "+461"]}
    assert api.test_number_changes(old, new) == (["+465", "+464"], ["+462"])
    assert api.test_number_changes(old, {k: v for k, v in OLD.items() if k != "testNumbers"}) == (
        [],
        ["+461", "+462", "+463"],
    )
    assert api.test_number_changes(old, old) == ([], [])


def test_test_number_changes_refuse_unknown_numbers() -> None:
    with pytest.raises(ValueError, match=r"testNumbers\[0\] is not known yet"):
        api.test_number_changes(OLD, {**OLD, "testNumbers": [UNKNOWN]})
    with pytest.raises(ValueError, match="must be a list of strings"):
        api.test_number_changes(OLD, {**OLD, "testNumbers": "+461"})
