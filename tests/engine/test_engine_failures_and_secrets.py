"""Check failures, provider and program errors, secrets and concurrency through the engine (toy provider)."""

from __future__ import annotations

import json
from pathlib import Path

import pulumi
import pytest

from engine.engine import Engine, OperationFailedError
from engine.plugin import CheckFailure
from tests.engine.conftest import REPO_ROOT, TOY_API_KEY
from tests.engine.programs import things
from tests.engine.toy.resource import Thing
from tests.engine.toy.store import ToyStore


def test_check_failures_are_reported_per_property_and_nothing_is_created(
    engine: Engine, toy_store: ToyStore
) -> None:
    report = engine.up(things({"broken": {"size": -1}, "fine": {"label": "Fine"}}))

    assert not report.ok
    assert report.resource("broken").check_failures == [
        CheckFailure("label", "label is required"),
        CheckFailure("size", "size must be an integer >= 0"),
    ]
    assert ("Create", "broken") not in report.resource_calls()
    assert "+ toy:Thing broken create **failed**" in report.summary()
    assert "error: toy:Thing broken: size: size must be an integer >= 0" in report.summary()
    assert report.counts == {"create": 1}
    assert [thing["label"] for thing in toy_store.things().values()] == ["Fine"]
    assert engine.state.names() == ["fine"]


def test_check_insists_when_asked(engine: Engine) -> None:
    with pytest.raises(OperationFailedError, match="label is required"):
        engine.preview(things({"broken": {}}), check=True)


def test_a_provider_exception_is_reported_with_its_message_and_others_complete(
    engine: Engine, toy_store: ToyStore
) -> None:
    report = engine.up(things({"bad": {"label": "Bad", "failOn": "create"}, "good": {"label": "Good"}}))

    assert not report.ok
    bad = report.resource("bad")
    assert bad.error == "tests.engine.toy.provider.ToyError: create refused for Bad"
    assert bad.error_details is not None
    assert "Traceback" in bad.error_details
    assert (
        "error: toy:Thing bad: tests.engine.toy.provider.ToyError: create refused for Bad"
        in report.summary()
    )
    assert engine.state.names() == ["good"]
    assert [thing["label"] for thing in toy_store.things().values()] == ["Good"]


def test_a_failed_update_keeps_the_old_state_and_skips_deletes(engine: Engine, toy_store: ToyStore) -> None:
    engine.up(things({"steady": {"label": "Steady"}, "doomed": {"label": "Doomed"}}), check=True)
    before = engine.state.by_name("steady").copy()

    report = engine.up(things({"steady": {"label": "Steady", "size": 5, "failOn": "update"}}))

    assert not report.ok
    assert report.resource("steady").error == "tests.engine.toy.provider.ToyError: update refused for Steady"
    assert engine.state.by_name("steady").inputs == before.inputs
    assert "doomed" in engine.state
    assert ("Delete", "doomed") not in report.resource_calls()
    assert len(toy_store.things()) == 2


def test_dependents_of_a_failed_resource_are_skipped(engine: Engine, toy_store: ToyStore) -> None:
    def program() -> None:
        base = Thing("base", {"label": "Base", "failOn": "create"})
        Thing("child", {"label": base.arn.apply(lambda arn: f"child of {arn}")})

    report = engine.up(program)

    assert not report.ok
    assert report.resource("child").skipped
    assert report.resource_calls() == [("Check", "base"), ("Create", "base")]
    assert toy_store.things() == {}


def test_a_program_exception_surfaces_as_an_error_and_deletes_nothing(
    engine: Engine, toy_store: ToyStore
) -> None:
    engine.up(things({"existing": {"label": "Existing"}}), check=True)

    def program() -> None:
        raise ValueError("the program gave up")

    report = engine.up(program)

    assert not report.ok
    assert any("ValueError: the program gave up" in error for error in report.errors)
    assert "the program gave up" in report.program_traceback
    assert "existing" in engine.state
    assert len(toy_store.things()) == 1


def test_secrets_never_appear_in_plain_text_in_the_checkpoint(engine: Engine, toy_store: ToyStore) -> None:
    def program() -> None:
        config = pulumi.Config("toy")
        thing = Thing(
            "vault",
            {"label": "Vault", "note": config.require_secret("apiKey").apply(lambda key: f"note-{key}")},
            pulumi.ResourceOptions(additional_secret_outputs=["token"]),
        )
        pulumi.export("token", thing.token)
        pulumi.export("apiKey", config.require_secret("apiKey"))

    report = engine.up(program)

    assert report.ok, report.summary()
    vault = engine.state.by_name("vault")
    token = toy_store.things()[vault.id]["token"]
    checkpoint = engine.state.checkpoint_json()
    assert token not in checkpoint
    assert TOY_API_KEY not in checkpoint
    assert vault.plain_outputs["token"] == token
    assert {"token", "note", "__provider"} <= set(vault.secret_outputs)
    assert {"note", "__provider"} <= set(vault.secret_inputs)
    rendered = next(r for r in json.loads(checkpoint)["deployment"]["resources"] if r["urn"] == vault.urn)
    assert set(rendered["inputs"]["__provider"]) == {"4dabf18193072939515e22adb298388d", "ciphertext"}
    assert TOY_API_KEY not in report.plugin_stderr
    assert token not in report.plugin_stderr
    assert f"toy: created {vault.id} (Vault)" in report.plugin_stderr


def test_eight_creates_run_four_at_a_time_on_the_plugins_threads(engine: Engine, toy_store: ToyStore) -> None:
    specs = {f"parallel-{i}": {"label": f"P{i}", "rendezvous": 4} for i in range(8)}

    report = engine.up(things(specs))

    assert report.ok, report.summary()
    assert report.counts == {"create": 8}
    stats = toy_store.snapshot()["stats"]
    assert stats["creates"] == 8
    assert stats["maxConcurrentCreates"] == 4


def test_a_program_file_runs_from_its_project_folder(tmp_path: Path, toy_store: ToyStore) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: toy-project\nruntime: python\n")
    (project / "helper.py").write_text("LABEL = 'From file'\n")
    (project / "__main__.py").write_text(
        "import pulumi\n"
        "from helper import LABEL\n"
        "from tests.engine.toy.resource import Thing\n"
        "thing = Thing('filed', {'label': LABEL, 'note': pulumi.Config().require('greeting')})\n"
        "pulumi.export('label', thing.label)\n"
    )
    engine = Engine(
        project,
        config={"toy:storePath": str(toy_store.path), "toy:apiKey": TOY_API_KEY, "greeting": "hi"},
        secret_config_keys=["toy:apiKey"],
        env={"PYTHONPATH": str(REPO_ROOT)},
    )

    report = engine.up(project / "__main__.py")

    assert report.ok, report.summary() + report.errors_text()
    filed = engine.state.by_name("filed")
    assert filed.urn == "urn:pulumi:dev::toy-project::pulumi-python:dynamic/toy:Thing::filed"
    assert filed.plain_inputs["greeting"] == "hi"
    assert toy_store.things()[filed.id]["note"] == "hi"
    assert engine.state.stack_outputs["label"] == "From file"


def test_import_fails_as_it_does_for_python_dynamic_providers(engine: Engine, toy_store: ToyStore) -> None:
    engine.up(things({"origin": {"label": "Origin"}}), check=True)
    origin_id = engine.state.by_name("origin").id

    def program() -> None:
        things({"origin": {"label": "Origin"}})()
        Thing("adopted", {"label": "Origin"}, pulumi.ResourceOptions(import_=origin_id))

    report = engine.up(program)

    assert report.resource("adopted").op == "import"
    assert report.resource("adopted").error == "KeyError: '__provider'"
    assert "adopted" not in engine.state


def test_a_duplicate_resource_name_is_an_error(engine: Engine) -> None:
    def program() -> None:
        Thing("twin", {"label": "One"})
        Thing("twin", {"label": "Two"})

    report = engine.preview(program)

    assert not report.ok
    assert any("Duplicate resource URN" in error for error in report.errors)
