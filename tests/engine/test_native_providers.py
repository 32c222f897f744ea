"""Explicit provider instances of a native plugin (`pulumi.ProviderResource`, passed as `opts.provider`): each
is a provider resource in state and a plugin process of its own, configured with its own inputs; and the
engine's parallelism, which a plugin serving several operations at once must see."""

from __future__ import annotations

from pathlib import Path

import pulumi

from engine import Secret
from tests.engine.native_support import Echo, EchoProvider, echo_engine, most_at_once, store, stored


def two_providers(tmp_path: Path, *, left_prefix: str = "L ") -> pulumi.Output[str] | None:
    left = EchoProvider("left", store_dir=str(store(tmp_path)), prefix=left_prefix)
    right = EchoProvider(
        "right", store_dir=str(store(tmp_path)), prefix="R ", token=pulumi.Output.secret("right-token")
    )
    Echo("a", "one", opts=pulumi.ResourceOptions(provider=left))
    Echo("b", "two", opts=pulumi.ResourceOptions(provider=right))
    return None


def test_each_explicit_provider_has_its_own_process_configuration_and_state(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)

    report = engine.up(lambda: two_providers(tmp_path), check=True)

    left, right = engine.state.provider_by_name("left"), engine.state.provider_by_name("right")
    a, b = engine.state.by_name("a"), engine.state.by_name("b")
    assert (a.provider, b.provider) == (f"{left.urn}::{left.id}", f"{right.urn}::{right.id}")
    assert (a.plain_outputs["greeting"], b.plain_outputs["greeting"]) == ("L one", "R two")
    assert a.plain_outputs["pid"] != b.plain_outputs["pid"]
    assert right.inputs["token"] == Secret("right-token")
    assert "right-token" not in engine.state.checkpoint_json()
    assert report.counts == {"create": 4}  # explicit providers are rows of their own, as in the CLI
    assert sorted(p.provider.rsplit("::", 1)[-1] for p in report.plugins) == ["left", "right"]
    assert {p.provider: p.configured_with for p in report.plugins} == {
        left.urn: left.inputs,
        right.urn: right.inputs,
    }
    assert engine.state.providers == [left, right]  # no default provider: nothing used one


def test_refresh_and_destroy_configure_each_provider_from_its_state(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)
    engine.up(lambda: two_providers(tmp_path), check=True)
    left, right = engine.state.provider_by_name("left"), engine.state.provider_by_name("right")

    refreshed = engine.refresh(check=True)
    destroyed = engine.destroy(check=True)

    for report in (refreshed, destroyed):
        assert {p.provider: p.configured_with for p in report.plugins} == {
            left.urn: left.inputs,
            right.urn: right.inputs,
        }
    assert refreshed.counts == {"same": 2}
    assert destroyed.counts == {"delete": 4}
    assert stored(tmp_path) == {}
    assert engine.state.all_states() == []


def test_a_provider_config_change_updates_the_instance_in_place(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)
    engine.up(lambda: two_providers(tmp_path), check=True)
    left_id = engine.state.provider_by_name("left").id

    report = engine.up(lambda: two_providers(tmp_path, left_prefix="Left "), check=True)

    assert report.resource("left").op == "update"
    assert report.resource("left").changed_key_names == ["prefix"]
    assert engine.state.provider_by_name("left").id == left_id
    assert report.resource("a").op == "same"  # same provider reference: the resource is diffed as usual


def test_moving_a_resource_to_another_provider_asks_the_new_one(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)
    engine.up(lambda: Echo("a", "one"), check=True)

    def moved() -> None:
        explicit = EchoProvider("explicit", store_dir=str(store(tmp_path)), prefix="E ")
        Echo("a", "one", opts=pulumi.ResourceOptions(provider=explicit))

    report = engine.up(moved, check=True)

    explicit = engine.state.provider_by_name("explicit")
    assert report.resource("a").op == "same"  # DiffConfig asked for no replacement: no Update either
    assert engine.state.by_name("a").provider == f"{explicit.urn}::{explicit.id}"
    assert [p.name for p in engine.state.providers] == ["explicit"]  # the default provider was deleted


def test_creates_run_in_parallel_up_to_the_operations_parallel(tmp_path: Path) -> None:
    # Each Create waits until three are in flight at once (`createGate`), so this up only finishes if the
    # engine runs three at a time; it never runs more than `parallel`.
    engine = echo_engine(tmp_path, createGate="3")
    program = lambda: [Echo(f"e{n}", f"m{n}") for n in range(6)]  # noqa: E731

    report = engine.up(program, parallel=3, check=True)

    assert report.counts == {"create": 6}
    assert most_at_once(report.calls, {"Create"}) == 3
    assert most_at_once(report.calls, {"Check"}) == 1


def test_a_provider_configured_with_unknowns_in_a_preview_is_not_called(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)

    def chained() -> None:
        first = Echo("first", "one")
        later = EchoProvider("later", store_dir=str(store(tmp_path)), prefix=first.id)  # unknown in preview
        Echo("second", "two", opts=pulumi.ResourceOptions(provider=later))

    preview = engine.preview(chained, check=True)
    report = engine.up(chained, check=True)

    assert (
        "Check",
        "second",
    ) not in preview.resource_calls()  # the engine answers for an unconfigured plugin
    assert ("Create", "second") not in preview.resource_calls()
    assert report.resource_calls("second") == [("Check", "second"), ("Create", "second")]
    first_id = engine.state.by_name("first").id
    assert engine.state.by_name("second").plain_outputs["greeting"] == f"{first_id}two"
