"""The engine's value model, wire marshalling and property paths (no plugin needed)."""

from __future__ import annotations

import pytest

from engine.paths import (
    PathChange,
    PropertyPathError,
    apply_ignore_changes,
    changed_keys,
    diff_paths,
    format_path,
    parse_path,
)
from engine.program import parse_duration
from engine.values import (
    SECRET_SIG,
    SIG_KEY,
    UNKNOWN,
    UNKNOWN_SENTINEL,
    Secret,
    annotate_secrets,
    from_struct,
    mark_secret_outputs,
    struct_to_python,
    to_struct,
)


def test_unknowns_travel_as_the_sentinel_only_when_kept() -> None:
    props = {"label": UNKNOWN, "tags": ["a", UNKNOWN], "size": 3}

    kept = struct_to_python(to_struct(props, keep_unknowns=True, keep_secrets=False))
    dropped = struct_to_python(to_struct(props, keep_unknowns=False, keep_secrets=False))

    assert kept == {"label": UNKNOWN_SENTINEL, "tags": ["a", UNKNOWN_SENTINEL], "size": 3.0}
    assert dropped == {"tags": ["a", None], "size": 3.0}
    assert from_struct(to_struct(props, keep_unknowns=True, keep_secrets=False)) == props


def test_secrets_are_stripped_for_plugins_that_refuse_them_and_wrapped_otherwise() -> None:
    props = {"token": Secret("t0ps3cret"), "nested": {"key": Secret("k")}}

    stripped = struct_to_python(to_struct(props, keep_unknowns=True, keep_secrets=False))
    wrapped = struct_to_python(to_struct(props, keep_unknowns=True, keep_secrets=True))

    assert stripped == {"token": "t0ps3cret", "nested": {"key": "k"}}
    assert wrapped["token"] == {SIG_KEY: SECRET_SIG, "value": "t0ps3cret"}
    assert from_struct(to_struct(props, keep_unknowns=True, keep_secrets=True)) == props


def test_a_secret_never_shows_in_its_repr() -> None:
    assert "t0ps3cret" not in repr({"token": Secret("t0ps3cret")})


def test_outputs_inherit_secrecy_from_same_named_inputs() -> None:
    outs = {"note": "n", "brand": {"name": "b", "key": "k"}, "arn": "a"}
    ins = {"note": Secret("n"), "brand": {"name": "b", "key": Secret("k")}}

    annotated = annotate_secrets(outs, ins)

    assert annotated == {"note": Secret("n"), "brand": {"name": "b", "key": Secret("k")}, "arn": "a"}


def test_additional_secret_outputs_are_marked_and_missing_ones_reported() -> None:
    marked, missing = mark_secret_outputs({"token": "t", "arn": "a"}, ("token", "absent"))

    assert marked == {"token": Secret("t"), "arn": "a"}
    assert missing == ["absent"]


def test_property_paths_parse_and_format_like_pulumi() -> None:
    assert parse_path('brand.emails[1]["odd.key"]') == ["brand", "emails", 1, "odd.key"]
    assert format_path(["brand", "emails", 1, "odd.key"]) == 'brand.emails[1]["odd.key"]'
    with pytest.raises(PropertyPathError):
        parse_path("brand..x")


def test_ignore_changes_keeps_old_values_and_rejects_missing_parents() -> None:
    olds = {"size": 1, "brand": {"name": "old"}}
    news = {"size": 2, "brand": {"name": "new", "color": "red"}, "note": "n"}

    result = apply_ignore_changes(news, olds, ("size", "brand.name", "note"))

    assert result == {"size": 1, "brand": {"name": "old", "color": "red"}}
    with pytest.raises(PropertyPathError, match="missing"):
        apply_ignore_changes({"size": 1}, olds, ("brand.name",))


def test_diff_paths_name_the_changed_leaves_and_keys() -> None:
    olds = {"brand": {"name": "a", "emails": ["x"]}, "size": 1, "__provider": "p1"}
    news = {"brand": {"name": "b", "emails": ["x", "y"]}, "kind": "large", "__provider": "p2"}

    paths = diff_paths(olds, news, ignore_keys=("__provider",))
    keys = changed_keys(olds, news, ignore_keys=("__provider",))

    assert paths == [
        PathChange("brand.emails[1]", "add"),
        PathChange("brand.name", "update"),
        PathChange("kind", "add"),
        PathChange("size", "delete"),
    ]
    assert [k.render() for k in keys] == ["~brand", "+kind", "-size"]


def test_unknown_new_values_count_as_changes() -> None:
    assert diff_paths({"label": "x"}, {"label": UNKNOWN}) == [PathChange("label", "update")]


def test_go_durations_become_seconds() -> None:
    assert parse_duration("") == 0
    assert parse_duration("1h30m") == 5400
    assert parse_duration("250ms") == pytest.approx(0.25)
    with pytest.raises(ValueError, match="invalid duration"):
        parse_duration("10")
