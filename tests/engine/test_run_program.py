"""`run_program` on its own: what reaches the handler, what goes back to the program, and global state."""

from __future__ import annotations

import threading

import pulumi
import pytest
from pulumi.runtime import settings as pulumi_settings

from engine.program import ProgramError, Registration, RegistrationResult, ResourceHandler, run_program
from engine.values import UNKNOWN, Secret
from tests.engine.toy.resource import Thing


def _echo(registrations: list[Registration]) -> ResourceHandler:
    lock = threading.Lock()

    def handler(registration: Registration) -> RegistrationResult:
        with lock:
            registrations.append(registration)
        outputs = dict(registration.raw_inputs)
        outputs["arn"] = f"arn-{registration.name}"
        outputs["token"] = f"token-{registration.name}"
        return RegistrationResult(id=f"id-{registration.name}", outputs=outputs)

    return handler


def _program() -> None:
    config = pulumi.Config("toy")
    first = Thing(
        "first",
        {"label": "One", "size": 2},
        pulumi.ResourceOptions(
            protect=True,
            additional_secret_outputs=["token"],
            ignore_changes=["size"],
            delete_before_replace=True,
            replace_on_changes=["kind"],
            retain_on_delete=True,
            custom_timeouts=pulumi.CustomTimeouts(create="2m"),
        ),
    )
    Thing(
        "second", {"label": first.arn.apply(lambda arn: f"after {arn}"), "note": config.require_secret("key")}
    )
    pulumi.export("firstToken", first.token)
    pulumi.log.warn("a warning from the program")


@pytest.mark.parametrize("preview", [True, False])
def test_registrations_carry_inputs_options_and_dependencies(preview: bool) -> None:
    seen: list[Registration] = []

    result = run_program(
        _program,
        preview=preview,
        resource_handler=_echo(seen),
        config={"toy:key": "s3cr3t"},
        secret_keys=["toy:key"],
        project="proj",
        stack="test",
    )

    first, second = sorted(seen, key=lambda r: r.name)
    assert first.urn == "urn:pulumi:test::proj::pulumi-python:dynamic/toy:Thing::first"
    assert first.type == "pulumi-python:dynamic/toy:Thing"
    assert isinstance(first.raw_inputs["__provider"], Secret)
    assert first.serialized_provider is not None
    assert first.inputs == {"label": "One", "size": 2, "__provider": first.serialized_provider}
    options = first.options
    assert options.protect
    assert options.additional_secret_outputs == ("token",)
    assert options.ignore_changes == ("size",)
    assert options.delete_before_replace is True
    assert options.replace_on_changes == ("kind",)
    assert options.retain_on_delete
    assert options.create_timeout == 120
    assert second.raw_inputs["note"] == Secret("s3cr3t")
    assert second.inputs["label"] == "after arn-first"
    assert first.urn in second.dependencies
    assert second.property_dependencies["label"] == (first.urn,)
    assert result.stack_urn == "urn:pulumi:test::proj::pulumi:pulumi:Stack::proj-test"
    assert result.exports == {"firstToken": "token-first"}
    assert [(log.severity, log.message) for log in result.logs] == [("warning", "a warning from the program")]


def test_preview_unknowns_flow_into_dependent_inputs() -> None:
    seen: list[Registration] = []

    def handler(registration: Registration) -> RegistrationResult:
        seen.append(registration)
        return RegistrationResult(outputs={**registration.raw_inputs})

    run_program(
        _program, preview=True, resource_handler=handler, config={"toy:key": "k"}, project="p", stack="s"
    )

    second = next(r for r in seen if r.name == "second")
    assert second.raw_inputs["label"] is UNKNOWN


def test_a_failing_program_raises_and_leaves_no_settings_behind() -> None:
    def program() -> None:
        Thing("ok", {"label": "fine"})
        raise RuntimeError("broken program")

    with pytest.raises(ProgramError, match="RuntimeError: broken program") as caught:
        run_program(program, preview=False, resource_handler=_echo([]), project="p", stack="s")

    assert "broken program" in caught.value.traceback_text
    assert pulumi_settings.get_monitor() is None
    assert pulumi_settings.get_root_resource() is None


def test_runs_are_independent() -> None:
    for stack in ("one", "two"):
        seen: list[Registration] = []
        run_program(
            _program,
            preview=False,
            resource_handler=_echo(seen),
            config={"toy:key": "k"},
            project="p",
            stack=stack,
        )
        assert {r.urn.split("::")[0] for r in seen} == {f"urn:pulumi:{stack}"}
