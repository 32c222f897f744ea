"""The engine's orders for preview, up, update, replace, delete, refresh, get and destroy (toy provider)."""

from __future__ import annotations

from collections.abc import Callable

import pulumi

from engine.engine import Engine
from engine.values import UNKNOWN
from tests.engine.programs import chain, things
from tests.engine.toy.resource import Thing
from tests.engine.toy.store import ToyStore

TWO = {"alpha": {"label": "Alpha", "size": 1}, "beta": {"label": "Beta", "size": 2}}


def test_preview_of_a_new_stack_calls_only_check(engine: Engine, toy_store: ToyStore) -> None:
    report = engine.preview(things(TWO))

    assert report.ok, report.summary()
    assert sorted(report.resource_calls()) == [("Check", "alpha"), ("Check", "beta")]
    assert report.counts == {"create": 2}
    assert toy_store.things() == {}
    assert engine.state.resources == []
    outputs = report.resource("alpha").outputs
    assert outputs is not None
    assert outputs["label"] == "Alpha"
    assert "Resources: 2 to create" in report.summary()


def test_up_creates_and_a_second_preview_shows_no_change(engine: Engine, toy_store: ToyStore) -> None:
    created = engine.up(things(TWO))

    assert created.ok, created.summary()
    assert created.counts == {"create": 2}
    assert created.resource_calls("alpha") == [("Check", "alpha"), ("Create", "alpha")]
    alpha = engine.state.by_name("alpha")
    assert toy_store.things()[alpha.id]["label"] == "Alpha"
    assert alpha.plain_outputs["arn"] == f"toy::{alpha.id}"
    assert "+ toy:Thing alpha create" in created.summary()
    assert "Resources: 2 created" in created.summary()

    again = engine.preview(things(TWO))

    assert again.ok
    assert again.counts == {"same": 2}
    assert {rpc for rpc, _ in again.resource_calls()} == {"Check", "Diff"}
    assert "Resources: 2 unchanged" in again.summary()


def test_an_input_change_updates_in_place(engine: Engine, toy_store: ToyStore) -> None:
    engine.up(things(TWO), check=True)
    old_id = engine.state.by_name("beta").id

    preview = engine.preview(things({**TWO, "beta": {"label": "Beta", "size": 7}}))
    report = engine.up(things({**TWO, "beta": {"label": "Beta", "size": 7}}))

    assert preview.resource("beta").op == "update"
    assert preview.resource_calls("beta") == [("Check", "beta"), ("Diff", "beta")]
    assert report.ok, report.summary()
    assert report.resource("beta").op == "update"
    assert report.resource("beta").changed_key_names == ["size"]
    assert report.resource_calls("beta") == [("Check", "beta"), ("Diff", "beta"), ("Update", "beta")]
    assert "~ toy:Thing beta update [diff: ~size]" in report.summary()
    assert engine.state.by_name("beta").id == old_id
    assert toy_store.things()[old_id]["size"] == 7
    assert toy_store.things()[old_id]["version"] == 2


def test_a_replacement_creates_first_and_deletes_the_old_one_last(
    engine: Engine, toy_store: ToyStore
) -> None:
    engine.up(things(TWO), check=True)
    old_id = engine.state.by_name("alpha").id
    changed = {**TWO, "alpha": {"label": "Alpha", "size": 1, "kind": "large"}}

    report = engine.up(things(changed))

    assert report.ok, report.summary()
    alpha = report.resource("alpha")
    assert alpha.op == "replace"
    assert alpha.replaces == ["kind"]
    assert alpha.steps == ["create-replacement", "replace", "delete-replaced"]
    assert report.resource_calls("alpha") == [
        ("Check", "alpha"),
        ("Diff", "alpha"),
        ("Check", "alpha"),
        ("Create", "alpha"),
        ("Delete", "alpha"),
    ]
    assert report.resource_calls()[-1] == ("Delete", "alpha")
    new_id = engine.state.by_name("alpha").id
    assert new_id != old_id
    assert set(toy_store.things()) == {new_id, engine.state.by_name("beta").id}
    assert "+- toy:Thing alpha replace [diff: ~kind]" in report.summary()


def test_delete_before_replace_deletes_the_old_one_first(engine: Engine, toy_store: ToyStore) -> None:
    spec = {"solo": {"label": "Solo", "replaceStrategy": "delete-first"}}
    engine.up(things(spec), check=True)

    report = engine.up(things({"solo": {**spec["solo"], "kind": "large"}}))

    assert report.ok, report.summary()
    assert report.resource_calls("solo") == [
        ("Check", "solo"),
        ("Diff", "solo"),
        ("Check", "solo"),
        ("Delete", "solo"),
        ("Create", "solo"),
    ]
    assert report.resource("solo").steps == ["delete-replaced", "replace", "create-replacement"]
    assert list(toy_store.things()) == [engine.state.by_name("solo").id]


def test_the_delete_before_replace_option_overrides_the_provider(engine: Engine) -> None:
    engine.up(things({"solo": {"label": "Solo"}}), check=True)

    report = engine.up(things({"solo": {"label": "Solo", "kind": "large"}}, delete_before_replace=True))

    assert [rpc for rpc, _ in report.resource_calls("solo")][-2:] == ["Delete", "Create"]


def test_resources_dropped_from_the_program_are_deleted_after_the_rest(
    engine: Engine, toy_store: ToyStore
) -> None:
    engine.up(things(TWO), check=True)

    preview = engine.preview(things({"alpha": {"label": "Alpha", "size": 3}}))
    report = engine.up(things({"alpha": {"label": "Alpha", "size": 3}}))

    assert preview.resource("beta").op == "delete"
    assert ("Delete", "beta") not in preview.resource_calls()
    assert report.ok, report.summary()
    assert report.resource_calls()[-1] == ("Delete", "beta")
    assert report.counts == {"update": 1, "delete": 1}
    assert "beta" not in engine.state
    assert len(toy_store.things()) == 1


def test_a_protected_resource_is_not_deleted(engine: Engine, toy_store: ToyStore) -> None:
    engine.up(things({"keep": {"label": "Keep"}}, protect=True), check=True)

    report = engine.up(things({}))

    assert not report.ok
    assert "cannot be deleted\nbecause it is protected" in (report.resource("keep").error or "")
    assert ("Delete", "keep") not in report.resource_calls()
    assert "keep" in engine.state
    assert len(toy_store.things()) == 1


def test_ignore_changes_keeps_the_recorded_value(engine: Engine) -> None:
    engine.up(things({"quiet": {"label": "Quiet", "size": 1}}, ignore_changes=["size"]), check=True)

    report = engine.up(things({"quiet": {"label": "Quiet", "size": 9}}, ignore_changes=["size"]))

    assert report.resource("quiet").op == "same"
    assert engine.state.by_name("quiet").plain_inputs["size"] == 1


def test_refresh_reports_drift_and_the_next_preview_reverts_it(engine: Engine, toy_store: ToyStore) -> None:
    engine.up(things(TWO), check=True)
    alpha_id = engine.state.by_name("alpha").id
    toy_store.edit_thing(alpha_id, size=42)

    report = engine.refresh()

    assert report.ok, report.summary()
    assert report.resource("alpha").outcome == "update"
    assert report.resource("alpha").changed_key_names == ["size"]
    assert report.resource("beta").outcome == "same"
    assert report.resource_calls("alpha") == [("Read", "alpha"), ("Diff", "alpha")]
    assert engine.state.by_name("alpha").plain_inputs["size"] == 42
    assert report.counts == {"update": 1, "same": 1}

    preview = engine.preview(things(TWO))
    assert preview.resource("alpha").op == "update"
    assert preview.resource("alpha").changed_key_names == ["size"]


def test_refresh_drops_a_resource_whose_read_returns_no_id(engine: Engine, toy_store: ToyStore) -> None:
    engine.up(things(TWO), check=True)
    toy_store.remove_thing(engine.state.by_name("beta").id)

    report = engine.refresh()

    assert report.resource("beta").outcome == "delete"
    assert "beta" not in engine.state
    assert "alpha" in engine.state
    assert engine.preview(things(TWO)).resource("beta").op == "create"


def test_get_reads_an_existing_resource_in_preview_and_up(engine: Engine, toy_store: ToyStore) -> None:
    engine.up(things({"origin": {"label": "Origin", "size": 4}}), check=True)
    origin_id = engine.state.by_name("origin").id

    def program() -> None:
        things({"origin": {"label": "Origin", "size": 4}})()
        seen = Thing.get("seen", origin_id)
        pulumi.export("seenSize", seen.size)

    preview = engine.preview(program)
    report = engine.up(program)

    assert preview.resource_calls("seen") == [("Read", "seen")]
    assert report.ok, report.summary()
    assert report.resource("seen").op == "read"
    seen = engine.state.by_name("seen")
    assert seen.external
    assert seen.id == origin_id
    assert engine.state.stack_outputs["seenSize"] == 4

    destroyed = engine.destroy()
    assert destroyed.resource("seen").op == "discard"
    assert destroyed.resource_calls() == [("Delete", "origin")]


def test_destroy_deletes_in_reverse_dependency_order_with_the_state_config(
    engine: Engine, toy_store: ToyStore
) -> None:
    engine.up(chain({"label": "First"}), check=True)
    engine.set_config("toy:apiKey", "a-new-key-not-in-the-store", secret=True)

    report = engine.destroy()

    assert report.ok, report.summary()
    assert report.resource_calls() == [("Delete", "second"), ("Delete", "first")]
    assert engine.state.resources == []
    assert toy_store.things() == {}


def test_refresh_uses_the_config_recorded_at_the_last_up(engine: Engine) -> None:
    engine.up(things(TWO), check=True)
    engine.set_config("toy:apiKey", "rotated-but-not-applied", secret=True)

    refreshed = engine.refresh()
    added = engine.up(things({**TWO, "gamma": {"label": "Gamma"}}))

    assert refreshed.ok, refreshed.summary()
    assert not added.ok
    assert (
        added.resource("gamma").error
        == "tests.engine.toy.provider.ToyError: toy:apiKey does not match the store's key"
    )


def test_unknown_outputs_reach_check_as_unknowns_in_preview(engine: Engine) -> None:
    report = engine.preview(chain({"label": "First"}))

    assert report.ok, report.summary()
    second = report.resource("second")
    assert second.inputs is not None
    assert second.inputs["label"] is UNKNOWN
    assert report.resource_calls() == [("Check", "first"), ("Check", "second")]


def test_outputs_of_one_resource_feed_the_next_in_up(engine: Engine, toy_store: ToyStore) -> None:
    report = engine.up(chain({"label": "First"}))

    assert report.ok, report.summary()
    first, second = engine.state.by_name("first"), engine.state.by_name("second")
    assert toy_store.things()[second.id]["label"] == f"after toy::{first.id}"
    assert first.urn in second.dependencies
    assert engine.state.stack_outputs["firstArn"] == f"toy::{first.id}"


def test_delete_before_replace_deletes_replaced_dependents_first(engine: Engine, toy_store: ToyStore) -> None:
    def program(kind: str) -> Callable[[], None]:
        def run() -> None:
            root = Thing("root", {"label": "Root", "kind": kind, "replaceStrategy": "delete-first"})
            Thing("leaf", {"label": "Leaf", "kind": root.arn.apply(lambda _: "small")})
            Thing("bystander", {"label": root.arn.apply(lambda arn: f"near {arn}")})

        return run

    engine.up(program("small"), check=True)
    leaf_id = engine.state.by_name("leaf").id

    report = engine.up(program("large"))

    assert report.ok, report.summary()
    calls = report.resource_calls()
    assert calls[:3] == [("Check", "root"), ("Diff", "root"), ("Check", "root")]
    # both dependents are diffed with root's outputs unknown; only leaf would be replaced
    assert sorted(calls[3:5]) == [("Diff", "bystander"), ("Diff", "leaf")]
    assert calls[5:8] == [("Delete", "leaf"), ("Delete", "root"), ("Create", "root")]
    # leaf and bystander register together once root's outputs are known
    assert calls.index(("Check", "leaf")) < calls.index(("Create", "leaf"))
    assert sorted(calls[8:]) == sorted(
        [
            ("Check", "leaf"),
            ("Create", "leaf"),
            ("Check", "bystander"),
            ("Diff", "bystander"),
            ("Update", "bystander"),
        ]
    )
    assert report.resource("leaf").steps == ["delete-replaced", "replace", "create-replacement"]
    assert report.resource("bystander").op == "update"
    assert engine.state.by_name("leaf").id != leaf_id
    assert len(toy_store.things()) == 3
