"""A native provider plugin (`fixtures/native_echo`, package `echo`) through the engine, as the Pulumi engine
drives one: its default provider from the stack config, preview with and without provider preview support,
up, update with a detailed diff, replacement both ways, refresh, destroy; secrets and logs."""

from __future__ import annotations

import json
from pathlib import Path

import pulumi

from engine import Secret, reveal
from tests.engine.native_support import TOKEN, Echo, echo_engine, echoes, store, stored


def test_preview_calls_create_with_preview_when_the_plugin_supports_previews(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)

    report = engine.preview(echoes(a="hi"), check=True)

    assert report.counts == {"create": 1}
    assert report.resource_calls() == [("Check", "a"), ("Create", "a")]  # Create(preview=true)
    outputs = report.resource("a").outputs
    assert outputs is not None
    assert outputs["greeting"] == "hello hi"  # what the plugin previewed
    assert stored(tmp_path) == {}
    assert engine.state.resources == []


def test_preview_without_provider_preview_support_creates_nothing(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path, preview="false")

    report = engine.preview(echoes(a="hi"), check=True)

    assert report.resource_calls() == [("Check", "a")]
    assert report.resource("a").outputs == {"message": "hi"}  # the inputs stand for the outputs


def test_up_records_the_default_provider_and_keeps_secrets_secret(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)

    report = engine.up(echoes(a="hi"), check=True)

    provider = engine.state.provider_by_name("default", "echo")
    assert provider.urn == "urn:pulumi:dev::echo-test::pulumi:providers:echo::default"
    assert provider.inputs == {"prefix": "hello ", "storeDir": str(store(tmp_path)), "token": Secret(TOKEN)}
    assert provider.outputs == provider.inputs
    echo = engine.state.by_name("a")
    assert echo.provider == f"{provider.urn}::{provider.id}"
    assert echo.plain_outputs["greeting"] == "hello hi"
    assert echo.secret_outputs == ["signature"]  # the plugin marked it; the engine kept it
    assert list(stored(tmp_path)) == [echo.id]
    assert report.default_providers[0].op == "create"
    assert report.counts == {"create": 1}  # the default provider is not a row, as in the CLI
    assert [c.rpc for c in report.calls if c.provider == provider.urn][:2] == ["CheckConfig", "Configure"]
    assert report.plugins[0].configured_with == provider.inputs  # Configure got the token marked secret
    checkpoint = engine.state.checkpoint_json()
    assert TOKEN not in checkpoint
    assert reveal(echo.outputs["signature"]) not in checkpoint
    assert [(d.severity, d.message, d.urn) for d in report.diagnostics] == [
        ("info", "creating echo hi", echo.urn)
    ]


def test_secret_inputs_reach_the_plugin_marked_and_come_back_marked(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)

    engine.up(lambda: Echo("a", "hi", password=pulumi.Output.secret("pa55word")), check=True)

    echo = engine.state.by_name("a")
    assert echo.inputs["password"] == Secret("pa55word")
    assert echo.outputs["password"] == Secret("pa55word")
    assert "pa55word" not in engine.state.checkpoint_json()


def test_an_unchanged_program_checks_and_diffs_only(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)
    engine.up(echoes(a="hi"), check=True)

    report = engine.up(echoes(a="hi"), check=True)

    assert report.counts == {"same": 1}
    assert report.resource_calls() == [("Check", "a"), ("Diff", "a")]
    assert report.default_providers[0].op == "same"
    assert [c.rpc for c in report.calls if not c.urn.endswith("::a")] == [
        "CheckConfig",
        "DiffConfig",
        "Configure",
    ]


def test_update_shows_the_plugins_detailed_diff(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)
    engine.up(echoes(a="hi"), check=True)
    echo_id = engine.state.by_name("a").id

    preview = engine.preview(echoes(a="yo"), check=True)
    report = engine.up(echoes(a="yo"), check=True)

    assert preview.resource_calls() == [
        ("Check", "a"),
        ("Diff", "a"),
        ("Update", "a"),
    ]  # Update(preview=true)
    assert stored(tmp_path)[echo_id]["message"] == "yo"
    row = report.resource("a")
    assert (row.op, row.detailed_diff, row.changed_key_names) == (
        "update",
        {"message": "update"},
        ["message"],
    )
    assert "[diff: ~message]" in report.summary()
    assert engine.state.by_name("a").plain_outputs["greeting"] == "hello yo"


def test_a_replacement_creates_first_unless_the_plugin_asks_to_delete_first(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)
    engine.up(lambda: Echo("a", "hi", tag="one"), check=True)
    first = engine.state.by_name("a").id

    replaced = engine.up(lambda: Echo("a", "hi", tag="two"), check=True)
    second = engine.state.by_name("a").id
    deleted_first = engine.up(lambda: Echo("a", "hi", tag="three", delete_first=True), check=True)

    assert replaced.resource("a").op == "replace"
    assert replaced.resource("a").replaces == ["tag"]
    assert [rpc for rpc, _ in replaced.resource_calls()] == ["Check", "Diff", "Check", "Create", "Delete"]
    assert deleted_first.resource("a").delete_before_replace
    assert [rpc for rpc, _ in deleted_first.resource_calls()] == [
        "Check",
        "Diff",
        "Check",
        "Delete",
        "Create",
    ]
    assert first != second
    assert list(stored(tmp_path)) == [engine.state.by_name("a").id]


def test_refresh_reads_with_the_provider_configured_from_state(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)
    engine.up(echoes(a="hi", b="bye"), check=True)
    ids = {name: engine.state.by_name(name).id for name in ("a", "b")}
    engine.set_config("echo:prefix", "changed ")  # not seen by refresh: it configures from state
    path = store(tmp_path) / f"{ids['a']}.json"
    path.write_text(json.dumps({"message": "drifted"}))  # changed outside Pulumi
    (store(tmp_path) / f"{ids['b']}.json").unlink()  # deleted outside Pulumi

    report = engine.refresh(check=True)

    assert report.resource("a").outcome == "update"
    assert report.resource("b").outcome == "delete"
    assert engine.state.names() == ["a"]
    assert engine.state.by_name("a").plain_inputs == {"message": "drifted"}
    assert engine.state.by_name("a").plain_outputs["greeting"] == "hello drifted"
    assert report.plugins[0].configured_with == engine.state.provider_by_name("default").inputs


def test_destroy_deletes_the_resources_then_their_provider(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)
    engine.up(echoes(a="hi", b="bye"), check=True)

    report = engine.destroy(check=True)

    assert sorted(report.resource_calls()) == [("Delete", "a"), ("Delete", "b")]
    assert report.default_providers[0].op == "delete"
    assert stored(tmp_path) == {}
    assert engine.state.all_states() == []
    assert json.loads(engine.state.checkpoint_json())["deployment"]["resources"] == []


def test_a_program_without_the_resources_deletes_them_and_the_default_provider(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)
    engine.up(echoes(a="hi"), check=True)

    report = engine.up(echoes(), check=True)

    assert report.counts == {"delete": 1}
    assert engine.state.providers == []


def test_stack_config_changes_update_the_default_provider(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)
    engine.up(echoes(a="hi"), check=True)
    provider_id = engine.state.provider_by_name("default").id
    engine.set_config("echo:prefix", "hey ")

    report = engine.up(echoes(a="hi"), check=True)

    provider = engine.state.provider_by_name("default")
    assert report.default_providers[0].op == "update"  # DiffConfig unimplemented: old outputs vs new inputs
    assert provider.id == provider_id
    assert provider.inputs["prefix"] == "hey "
    assert report.counts == {"same": 1}  # a provider update does not touch its resources


def test_the_schema_is_fetched_from_the_plugin(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)

    schema = engine.get_schema("echo")

    assert schema["name"] == "echo"
    assert "echo:index:Echo" in schema["resources"]
    assert engine.schemas["echo"] is schema
