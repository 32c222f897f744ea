"""Import through a native plugin (`import_=` and `pulumi import`: `Read` by id alone, then Check and Diff
against what it read), what Check can do with the URN, and how a plugin's errors reach the report: as the
plugin sent them, with nothing added by the engine."""

from __future__ import annotations

import json
from pathlib import Path

import pulumi

from tests.engine.native_support import Echo, EchoProvider, echo_engine, echoes, store, stored

OUTSIDE_ID = "made-outside"


def made_outside(tmp_path: Path, **inputs: object) -> None:
    """An echo the plugin's store holds that no stack recorded (created with the service's own tools)."""
    (store(tmp_path) / f"{OUTSIDE_ID}.json").write_text(json.dumps(inputs))


def adopt(message: str, tag: str = "t") -> pulumi.Resource:
    return Echo("adopted", message, tag=tag, opts=pulumi.ResourceOptions(import_=OUTSIDE_ID))


def test_import_reads_by_id_alone_then_checks_and_diffs_the_declaration(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)
    made_outside(tmp_path, message="outside", tag="t")

    preview = engine.preview(lambda: adopt("outside"), check=True)
    report = engine.up(lambda: adopt("outside"), check=True)
    again = engine.preview(lambda: adopt("outside"), check=True)

    assert preview.resource("adopted").op == "import"
    assert preview.resource_calls() == [("Read", "adopted"), ("Check", "adopted"), ("Diff", "adopted")]
    assert report.counts == {"import": 1}
    state = engine.state.by_name("adopted")
    assert (state.id, state.import_id) == (OUTSIDE_ID, OUTSIDE_ID)
    assert state.plain_inputs == {"message": "outside", "tag": "t"}
    assert again.counts == {"same": 1}  # imported once: the next run diffs as usual
    assert again.resource_calls() == [("Check", "adopted"), ("Diff", "adopted")]
    assert list(stored(tmp_path)) == [OUTSIDE_ID]


def test_an_import_whose_declaration_differs_updates_and_cannot_replace(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)
    made_outside(tmp_path, message="outside", tag="t")

    differs = engine.preview(lambda: adopt("declared"), check=True)
    replaces = engine.up(lambda: adopt("outside", tag="other"))

    assert differs.resource("adopted").op == "import"
    assert differs.resource("adopted").changed_key_names == ["message"]
    assert differs.resource_calls()[-1] == ("Update", "adopted")  # Update(preview=true)
    assert not replaces.ok
    assert "previously-imported resources that still specify an ID may not be replaced" in str(
        replaces.resource("adopted").error
    )
    assert engine.state.resources == []


def test_import_of_an_id_the_service_does_not_hold_fails_with_the_plugins_message(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)

    report = engine.preview(lambda: adopt("outside"))

    assert report.resource("adopted").error == f"echo {OUTSIDE_ID} does not exist"


def test_pulumi_import_records_what_read_returned_and_the_declaration_then_previews_unchanged(
    tmp_path: Path,
) -> None:
    engine = echo_engine(tmp_path)
    made_outside(tmp_path, message="outside", tag="t")

    report = engine.import_resource("echo:index:Echo", "adopted", OUTSIDE_ID, check=True)
    declared = engine.preview(lambda: Echo("adopted", "outside", tag="t"), check=True)

    row = report.resource("adopted")
    assert (row.op, row.inputs) == ("import", {"message": "outside", "tag": "t"})
    assert report.resource_calls() == [("Read", "adopted"), ("Check", "adopted")]
    assert engine.state.by_name("adopted").id == OUTSIDE_ID
    assert engine.state.provider_by_name("default").type == "pulumi:providers:echo"
    assert declared.counts == {"same": 1}


def test_check_sees_each_resources_urn(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)

    def twice() -> None:
        Echo("first", "same words", unique=True)
        Echo("second", "same words", unique=True)

    report = engine.preview(twice)

    [failure] = report.resource("second").check_failures
    assert failure.property == "message"
    assert "urn:pulumi:dev::echo-test::echo:index:Echo::first" in failure.reason
    assert "urn:pulumi:dev::echo-test::echo:index:Echo::second" in failure.reason
    assert report.resource("first").ok


def test_a_plugin_error_reaches_the_report_as_the_plugin_sent_it(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)

    plain = engine.up(echoes(boom="explode"))
    raw = engine.preview(echoes(bad="crash"))

    assert plain.resource("boom").error == "the echo service refused to echo 'explode'"
    assert "Traceback" not in plain.errors_text()
    # An exception the plugin lets through: the SDK's servicer sends it with its stack; the engine adds none.
    error = str(raw.resource("bad").error)
    assert error.startswith("Unexpected <class 'Exception'>: check crashed:\n")
    assert 'File "' in error
    assert engine.state.resources == []


def test_a_resource_of_a_package_without_a_plugin_fails_with_the_way_out(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)

    report = engine.preview(lambda: pulumi.CustomResource("nope:index:Thing", "thing", {}))

    assert "no resource plugin 'nope'" in report.errors_text()
    assert "plugins={'nope': <the plugin's folder>}" in report.errors_text()


def test_a_provider_function_is_invoked_on_the_default_provider(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)

    def program() -> None:
        shouted = pulumi.runtime.invoke("echo:index:shout", {"text": "hi"}).value["shouted"]
        pulumi.export("shouted", shouted)
        pulumi.runtime.invoke("echo:index:shout", {})  # a check failure: the program fails with it

    report = engine.preview(program)

    assert [c.rpc for c in report.calls] == ["CheckConfig", "Configure", "Invoke", "Invoke"]
    assert "invoke of echo:index:shout failed: text is required (text)" in report.errors_text()
    engine.up(
        lambda: pulumi.export("s", pulumi.runtime.invoke("echo:index:shout", {"text": "a"}).value), check=True
    )
    assert engine.state.stack_outputs == {"s": {"shouted": "hello A"}}


def test_pulumi_import_can_name_an_explicit_provider_in_state(tmp_path: Path) -> None:
    engine = echo_engine(tmp_path)
    engine.up(lambda: EchoProvider("left", store_dir=str(store(tmp_path)), prefix="L "), check=True)
    made_outside(tmp_path, message="outside")

    report = engine.import_resource("echo:index:Echo", "adopted", OUTSIDE_ID, provider="left", check=True)

    left = engine.state.provider_by_name("left")
    assert report.plugins[0].provider == left.urn
    assert engine.state.by_name("adopted").provider == f"{left.urn}::{left.id}"
    assert engine.state.by_name("adopted").plain_outputs["greeting"] == "L outside"
    assert [p.name for p in engine.state.providers] == ["left"]  # no default provider was made
