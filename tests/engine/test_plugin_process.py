"""`PluginProcess` against the real `python -m pulumi.dynamic` with the toy provider."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import dill
import grpc
import pytest
from pulumi.dynamic.dynamic import serialize_provider

from engine.plugin import CheckFailure, DiffChanges, PluginError, PluginProcess, PluginStartError
from engine.values import UNKNOWN, Secret
from tests.engine.conftest import REPO_ROOT, TOY_API_KEY
from tests.engine.toy.provider import ToyProvider
from tests.engine.toy.store import ToyStore

URN = "urn:pulumi:dev::sinch-rcs-senders::pulumi-python:dynamic/toy:Thing::direct"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ToyStore:
    toy = ToyStore(tmp_path_factory.mktemp("plugin") / "cloud.json")
    toy.set_api_key(TOY_API_KEY)
    return toy


@pytest.fixture(scope="module")
def plugin(store: ToyStore) -> Iterator[PluginProcess]:
    """One configured plugin for the module (it starts in about a second)."""
    with PluginProcess(REPO_ROOT) as process:
        process.configure(
            {
                "toy:storePath": str(store.path),
                "toy:apiKey": Secret(TOY_API_KEY),
                "sinch-rcs-senders:greeting": "hi",
            }
        )
        yield process


@pytest.fixture(scope="module")
def provider() -> str:
    serialized: str = serialize_provider(ToyProvider())
    return serialized


def test_the_provider_is_pickled_by_reference_and_small(provider: str) -> None:
    assert len(provider) < 400
    assert b"tests.engine.toy.provider" in base64.b64decode(provider)
    assert isinstance(dill.loads(base64.b64decode(provider)), ToyProvider)


def test_plugin_answers_like_the_python_dynamic_plugin(plugin: PluginProcess) -> None:
    assert plugin.running
    assert plugin.get_plugin_info() == "0.1.0"
    assert plugin.handshake() is False
    assert plugin.check_config("urn:pulumi:dev::p::pulumi:providers:pulumi-python::default", {}, {}) is None


def test_check_reports_failures_per_property_without_a_grpc_error(
    plugin: PluginProcess, provider: str
) -> None:
    result = plugin.check(URN, {}, {"__provider": provider, "size": -2, "kind": "huge"})

    assert set(result.failures) == {
        ("label", "label is required"),
        ("size", "size must be an integer >= 0"),
        CheckFailure("kind", "kind must be one of small, large"),
    }


def test_unknowns_reach_check_as_unknowns_and_come_back(plugin: PluginProcess, provider: str) -> None:
    result = plugin.check(URN, {}, {"__provider": provider, "label": UNKNOWN, "size": 2})

    assert result.failures == ()
    assert result.inputs["label"] is UNKNOWN


def test_project_config_reaches_the_provider_through_pulumi_project(
    plugin: PluginProcess, provider: str
) -> None:
    result = plugin.check(URN, {}, {"__provider": provider, "label": "x"})

    assert result.inputs["greeting"] == "hi"


def test_create_read_update_delete_round_trip(plugin: PluginProcess, provider: str, store: ToyStore) -> None:
    created = plugin.create(URN, {"__provider": Secret(provider), "label": "rt", "size": 1, "kind": "small"})
    assert created.id in store.things()
    assert created.outputs["__provider"] == Secret(provider)

    read = plugin.read(created.id, URN, created.outputs, {"__provider": provider, "label": "rt"})
    assert read.id == created.id
    assert read.inputs is not None
    assert read.inputs["label"] == "rt"

    diff = plugin.diff(created.id, URN, created.outputs, {**created.outputs, "kind": "large"}, {})
    assert diff.changes is DiffChanges.SOME
    assert diff.replaces == ("kind",)

    outputs = plugin.update(created.id, URN, created.outputs, {**created.outputs, "size": 5}, {})
    assert outputs["size"] == 5
    assert outputs["version"] == 2

    plugin.delete(created.id, URN, outputs, {})
    assert created.id not in store.things()
    gone = plugin.read(created.id, URN, outputs, {})
    assert gone.id == ""


def test_secret_inputs_reach_the_provider_in_plain_text_and_come_back_secret(
    plugin: PluginProcess, provider: str, store: ToyStore
) -> None:
    created = plugin.create(URN, {"__provider": provider, "label": "s", "note": Secret("quiet")})

    assert store.things()[created.id]["note"] == "quiet"
    assert created.outputs["note"] == Secret("quiet")
    assert created.plain_outputs["note"] == "quiet"
    assert created.outputs["label"] == "s"


def test_a_provider_exception_is_a_plugin_error_with_the_message(
    plugin: PluginProcess, provider: str
) -> None:
    with pytest.raises(PluginError) as caught:
        plugin.create(URN, {"__provider": provider, "label": "bad", "failOn": "create"})

    assert caught.value.code == grpc.StatusCode.UNKNOWN
    assert caught.value.message == "tests.engine.toy.provider.ToyError: create refused for bad"
    assert "Traceback" in caught.value.details


def test_calls_are_recorded_in_order(plugin: PluginProcess) -> None:
    names = [call.rpc for call in plugin.calls()]

    assert names[0] == "Configure"
    assert [call.seq for call in plugin.calls()] == list(range(len(names)))


def test_stderr_is_captured_and_kept_after_stop(store: ToyStore, provider: str) -> None:
    process = PluginProcess(REPO_ROOT).start()
    try:
        process.configure({"toy:storePath": str(store.path), "toy:apiKey": Secret(TOY_API_KEY)})
        created = process.create(URN, {"__provider": provider, "label": "loud"})
    finally:
        process.stop()

    assert f"toy: created {created.id} (loud)" in process.stderr_text()
    assert TOY_API_KEY not in process.stderr_text()
    assert not process.running


def test_a_plugin_that_cannot_start_says_why(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: broken\nruntime: python\n")
    (tmp_path / "pulumi").mkdir()
    (tmp_path / "pulumi" / "__init__.py").write_text("raise SystemExit('shadowed pulumi package')\n")

    with pytest.raises(PluginStartError, match="shadowed pulumi package"):
        PluginProcess(tmp_path, start_timeout=30).start()


def test_a_plugin_that_hangs_before_printing_its_port_is_stopped_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: hanging\nruntime: python\n")
    (tmp_path / "pulumi").mkdir()
    (tmp_path / "pulumi" / "__init__.py").write_text("import threading\nthreading.Event().wait()\n")
    plugin = PluginProcess(tmp_path, start_timeout=1)

    with pytest.raises(PluginStartError, match="printed no port"):
        plugin.start()
    assert not plugin.running
