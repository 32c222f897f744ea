"""UNKNOWN: one object, and it passes through the schemas untouched wherever it appears."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest

import schemas
from schemas import UNKNOWN, BrandSchema, QuestionnaireSchema, SenderSchema, Unknown
from tests.schemas import examples


def test_unknown_is_a_singleton_that_survives_copies_and_pickles() -> None:
    assert Unknown() is UNKNOWN
    assert copy.copy(UNKNOWN) is UNKNOWN
    assert copy.deepcopy({"a": [UNKNOWN]})["a"][0] is UNKNOWN
    assert pickle.loads(pickle.dumps(UNKNOWN)) is UNKNOWN
    assert repr(UNKNOWN) == "UNKNOWN"


def test_contains_unknown_looks_at_every_depth() -> None:
    assert schemas.contains_unknown({"a": [{"b": UNKNOWN}]})
    assert not schemas.contains_unknown({"a": [{"b": "UNKNOWN"}]})
    assert schemas.is_unknown(UNKNOWN)
    assert not schemas.is_unknown(None)


def _replace(value: Any, path: tuple[str | int, ...]) -> Any:
    """A deep copy of ``value`` with UNKNOWN at ``path``."""
    out = copy.deepcopy(value)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = UNKNOWN
    return out


def _at(value: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


UNKNOWN_PLACES = [
    ("region",),
    ("billingCategory",),
    ("brand",),
    ("brand", "logoUrl"),
    ("brand", "color"),
    ("brand", "emails"),
    ("brand", "emails", 0),
    ("brand", "emails", 0, "address"),
    ("countries",),
    ("countries", 1),
    ("testNumbers", 0),
    ("questionnaire",),
    ("questionnaire", "gb"),
    ("questionnaire", "general", "answers"),
    ("questionnaire", "general", "answers", "videoUris", 0),
    ("questionnaire", "general", "answers", "interactionsDescriptionMetadata"),
    ("questionnaire", "general", "answers", "interactionsDescriptionMetadata", "ignore"),
    ("questionnaire", "verification", "answers", "email"),
    ("launch",),
]


@pytest.mark.parametrize("path", UNKNOWN_PLACES, ids=lambda path: ".".join(map(str, path)))
def test_unknown_passes_through_a_launchable_sender_anywhere(path: tuple[str | int, ...]) -> None:
    declared = _replace(examples.launchable_eu(), path)
    loaded = SenderSchema().load(declared)
    assert _at(loaded, path) is UNKNOWN


US_PLACES = [
    ("questionnaire", "us", "answers"),
    ("questionnaire", "us", "answers", "ownershipType"),
    ("questionnaire", "us", "answers", "taxIdCountry"),
    ("questionnaire", "us", "answers", "taxId"),
    ("questionnaire", "us", "answers", "stockExchange"),
    ("questionnaire", "us", "answers", "sampleMessages", 1),
    ("questionnaire", "us", "answers", "messagesVolume"),
    ("questionnaire", "us", "answers", "embeddedLink"),
]


@pytest.mark.parametrize("path", US_PLACES, ids=lambda path: ".".join(map(str, path)))
def test_unknown_passes_through_the_us_answers_anywhere(path: tuple[str | int, ...]) -> None:
    loaded = SenderSchema().load(_replace(examples.launchable_us(), path))
    assert _at(loaded, path) is UNKNOWN


def test_unknown_required_values_count_as_given() -> None:
    declared = examples.minimal()
    declared["region"] = UNKNOWN
    declared["questionnaire"] = {
        "verification": {"answers": {"name": UNKNOWN, "email": UNKNOWN, "website": UNKNOWN}}
    }
    loaded = SenderSchema().load(declared)
    assert loaded["questionnaire"]["verification"]["answers"]["email"] is UNKNOWN


def test_unknown_is_never_normalised_nor_a_duplicate() -> None:
    declared = {**examples.minimal(), "countries": [UNKNOWN, UNKNOWN, "GB"], "brand": {"color": UNKNOWN}}
    loaded = SenderSchema().load(declared)
    assert loaded["countries"] == [UNKNOWN, UNKNOWN, "GB"]
    assert loaded["brand"]["color"] is UNKNOWN


def test_unknown_pauses_the_rules_that_depend_on_it() -> None:
    answers = examples.us_public_answers()
    answers["ownershipType"] = UNKNOWN  # could turn out PRIVATE (no stock fields) or PUBLIC (needs them)
    answers["taxIdCountry"] = UNKNOWN  # the taxId format depends on it
    answers["taxId"] = "not-a-us-format"
    declared = {**examples.minimal(), "questionnaire": {"us": {"answers": answers}}}
    assert SenderSchema().load(declared)["questionnaire"]["us"]["answers"]["taxId"] == "not-a-us-format"


def test_an_unknown_stock_field_of_a_private_company_is_not_judged_yet() -> None:
    answers = examples.us_private_answers()
    answers["stockSymbol"] = UNKNOWN  # the output may resolve to nothing
    declared = {**examples.minimal(), "questionnaire": {"us": {"answers": answers}}}
    assert SenderSchema().load(declared)["questionnaire"]["us"]["answers"]["stockSymbol"] is UNKNOWN


def test_an_unknown_launch_flag_skips_the_checklist() -> None:
    assert SenderSchema().load({**examples.minimal(), "launch": UNKNOWN})["launch"] is UNKNOWN


@pytest.mark.parametrize("schema", [SenderSchema, BrandSchema, QuestionnaireSchema])
def test_a_schema_loads_unknown_as_unknown(
    schema: type[SenderSchema | BrandSchema | QuestionnaireSchema],
) -> None:
    assert schema().load(UNKNOWN) is UNKNOWN


def test_dump_keeps_unknown() -> None:
    declared = _replace(examples.launchable_eu(), ("brand", "logoUrl"))
    declared["questionnaire"]["gb"] = UNKNOWN
    declared["brand"]["emails"] = [UNKNOWN]
    declared["countries"] = [UNKNOWN, "GB"]
    loaded = SenderSchema().load(declared)
    dumped = SenderSchema().dump(loaded)
    assert dumped == loaded
    assert dumped["brand"]["logoUrl"] is UNKNOWN
    assert dumped["brand"]["emails"][0] is UNKNOWN
    assert dumped["questionnaire"]["gb"] is UNKNOWN
