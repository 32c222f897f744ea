"""Properties over generated declarations (hypothesis; settings in strategies.PROFILE)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from marshmallow import Schema, ValidationError

import schemas
from emulator.spec import component_violations
from schemas import UNKNOWN, SenderSchema, contains_unknown, flatten_errors
from schemas.rcs_senders import api
from tests.schemas import examples
from tests.schemas.fake_api import api_rendering_of, apply_update
from tests.schemas.strategies import PROFILE, deeply_nested, junk, mutated, senders

ALL_SCHEMAS: list[type[Schema]] = [
    schemas.SenderSchema,
    schemas.BrandSchema,
    schemas.QuestionnaireSchema,
    schemas.GeneralSectionSchema,
    schemas.VerificationSectionSchema,
    schemas.GbSectionSchema,
    schemas.FrSectionSchema,
    schemas.UsSectionSchema,
    schemas.UsV2AnswersSchema,
    schemas.UsV1AnswersSchema,
]


def load(declared: Any) -> dict[str, Any]:
    loaded: dict[str, Any] = SenderSchema().load(declared)
    return loaded


def _load_or_none(schema: Schema, data: Any) -> Any:
    """Load, allowing only ValidationError (whose messages must flatten to (path, message) strings)."""
    try:
        return schema.load(data)
    except ValidationError as error:
        pairs = flatten_errors(error.messages)
        assert pairs
        assert all(isinstance(path, str) and isinstance(message, str) and message for path, message in pairs)
        return None


# --- valid declarations ---------------------------------------------------------------------------------


@PROFILE
@given(senders())
def test_valid_declarations_load_and_serialise_to_a_valid_create_body(raw: dict[str, Any]) -> None:
    sender = load(raw)
    assert component_violations("RcsSenderInputDto", api.create_body(sender)) == []


@PROFILE
@given(senders())
def test_load_dump_load_is_stable(raw: dict[str, Any]) -> None:
    sender = load(raw)
    dumped = SenderSchema().dump(sender)
    assert dumped == sender
    assert load(dumped) == sender
    assert load(sender) == sender  # loading is idempotent: normalised values stay as they are


@PROFILE
@given(senders())
def test_the_api_rendering_rebuilds_to_the_declaration(raw: dict[str, Any]) -> None:
    sender = load(raw)
    rendering = api_rendering_of(sender)
    assert component_violations("RcsSenderDto", rendering) == []
    rebuilt = api.sender_from_api(rendering, declared=sender)
    assert rebuilt == sender
    assert SenderSchema(launch_checklist=False).load(api.sender_from_api(rendering))


@PROFILE
@given(senders())
def test_a_sender_compared_with_itself_has_no_change(raw: dict[str, Any]) -> None:
    sender = load(raw)
    assert api.changed_fields(sender, copy.deepcopy(sender)) == []
    assert api.update_body(sender, copy.deepcopy(sender), launched=True) is None
    assert api.test_number_changes(sender, sender) == ([], [])


@st.composite
def sender_pairs(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """An old declaration and a new one made from it by dropping or swapping in parts of another."""
    old = draw(senders())
    other = draw(senders())
    new = dict(old)
    for key in ("brand", "countries", "questionnaire", "testNumbers"):
        choice = draw(st.integers(0, 3))
        if choice == 1:
            new.pop(key, None)
        elif choice == 2 and key in other:
            new[key] = other[key]
        elif choice == 3 and isinstance(old.get(key), dict) and isinstance(other.get(key), dict):
            merged = dict(old[key])
            for part in sorted(set(old[key]) | set(other[key])):
                pick = draw(st.integers(0, 2))
                if pick == 1:
                    merged.pop(part, None)
                elif pick == 2 and part in other[key]:
                    merged[part] = other[key][part]
            new[key] = merged
    return old, new


@PROFILE
@given(sender_pairs())
def test_an_update_body_is_valid_and_takes_the_sender_to_the_new_declaration(
    pair: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    old, new = load(pair[0]), load(pair[1])
    try:
        body = api.update_body(old, new, launched=False)
    except api.UpdateNotPossible:
        return  # its problems are tested in test_api_update.py
    note(f"body: {body!r}")
    if body is None:
        server = api_rendering_of(old)
    else:
        assert component_violations("RcsUpdateSenderInputDto", body) == []
        server = apply_update(api_rendering_of(old), body)
    to_add, to_remove = api.test_number_changes(old, new)  # what the provider does with test numbers
    numbers = [n for n in old.get("testNumbers", []) if n not in to_remove] + to_add
    server["details"]["testNumbers"] = numbers
    server["testNumberStates"] = []
    assert api.sender_from_api(server, declared=new) == new


@PROFILE
@given(sender_pairs())
def test_after_launch_an_update_touches_countries_only(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    old, new = load(pair[0]), load(pair[1])
    try:
        body = api.update_body(old, new, launched=True)
    except api.UpdateNotPossible:
        assert set(api.changed_fields(old, new)) - {"countries", "testNumbers"}
        return
    assert body is None or set(body["details"]) == {"countries"}


# --- anything at all -------------------------------------------------------------------------------------


@PROFILE
@pytest.mark.parametrize("schema", ALL_SCHEMAS, ids=lambda schema: schema.__name__)
@given(data=junk())
def test_any_input_gives_a_validation_error_or_a_result(schema: type[Schema], data: Any) -> None:
    _load_or_none(schema(), data)


@PROFILE
@given(st.data())
def test_mutated_declarations_fail_only_with_validation_errors(data: st.DataObject) -> None:
    valid = data.draw(senders())
    raw = data.draw(mutated(valid))
    old = load(valid)
    loaded = _load_or_none(SenderSchema(), raw)
    if loaded is None or loaded is UNKNOWN:  # an unknown whole declaration stays unknown: not a sender yet
        return
    # A declaration that loads is something every entry point handles.
    assert isinstance(api.changed_fields(old, loaded), list)
    assert isinstance(schemas.launch_problems(loaded), list)
    assert isinstance(schemas.sender_warnings(loaded), list)
    assert api.us_questionnaire_version(loaded) in ("v1", "v2", None)
    for launched in (False, True):
        try:
            body = api.update_body(old, loaded, launched=launched)
        except api.UpdateNotPossible as impossible:
            problems = impossible.problems
            body = None
        else:
            problems = []
        assert body is None or not contains_unknown(body)
        if body is not None and not contains_unknown(loaded):
            assert component_violations("RcsUpdateSenderInputDto", body) == []
        assert all(isinstance(path, str) and message for path, message in problems)
    if contains_unknown(loaded):
        with pytest.raises(ValueError, match="not known yet"):
            api.create_body(loaded)
    else:
        assert component_violations("RcsSenderInputDto", api.create_body(loaded)) == []
        api.test_number_changes(old, loaded)


@PROFILE
@given(junk())
def test_sender_from_api_takes_any_object(dto: Any) -> None:
    if not isinstance(dto, dict):
        with pytest.raises(ValidationError):
            api.sender_from_api(dto)
        return
    _load_or_none(SenderSchema(launch_checklist=False), api.sender_from_api(dto))
    declared = load(examples.launchable_eu())
    _load_or_none(SenderSchema(launch_checklist=False), api.sender_from_api(dto, declared=declared))


def test_deep_nesting_is_a_plain_error() -> None:
    deep = deeply_nested(5_000)
    for place in ("brand", "questionnaire", "countries", "unexpected"):
        with pytest.raises(ValidationError):
            SenderSchema().load({**examples.minimal(), place: deep})
    with pytest.raises(ValidationError):
        SenderSchema().load({**examples.minimal(), "questionnaire": {"general": deep}})


def test_none_everywhere_is_a_plain_error() -> None:
    def nones(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: nones(item) for key, item in value.items()}
        if isinstance(value, list):
            return [nones(item) for item in value]
        return None

    with pytest.raises(ValidationError) as raised:
        SenderSchema().load(nones(examples.launchable_us()))
    assert ("region", "Field may not be null.") in flatten_errors(raised.value.messages)


def test_unknown_everywhere_loads_as_unknown_everywhere() -> None:
    def unknowns(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: unknowns(item) for key, item in value.items()}
        if isinstance(value, list):
            return [unknowns(item) for item in value]
        return UNKNOWN

    declared = unknowns(examples.launchable_us())
    assert SenderSchema().load(declared) == declared
