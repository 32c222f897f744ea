"""Fault soak: 200 sender creates and updates through the plugin while 30% of API requests fail.

Faults (seeded, all four kinds): 429, 503, a dropped connection, and a dropped connection after the
request was applied. The stack: 90 distinct full senders and 10 identical minimal ones (identical bodies
are the hard case for reconciling a create whose answer was lost). Phase 1 creates them, phase 2 updates
every one (brand, countries, test numbers), each phase a separate `up` with its own plugin process, as
with the CLI. Operations may give up; each that does must say why in the provider's or client's words.
Then, with the faults off, one more `up` finishes what gave up, and the stack must match the emulator
exactly: one sender per resource, no duplicate, no orphan, every output as the emulator holds it, and a
refresh that changes nothing.
"""

from __future__ import annotations

import copy
from typing import Any, Final

import pytest

import schemas
from emulator.faults import DEFAULT_FAULT_KINDS
from engine.report import OperationReport
from provider.rcs_senders.properties import TABLE
from schemas.rcs_senders.api import changed_fields
from tests.reliability.stack import Declaration, Stack, full_declaration, minimal_declaration, senders_program
from tests.reliability.support import (
    clear_error_problems,
    failed_resources,
    output_mismatches,
    reconcile,
)

pytestmark = pytest.mark.slow

SEED: Final = 20240611
FAULT_RATE: Final = 0.3
DISTINCT: Final = 90
TWINS: Final = 10


def initial_declarations() -> dict[str, Declaration]:
    declarations = {f"soak-{index:03d}": full_declaration(index) for index in range(DISTINCT)}
    twin = {**minimal_declaration(), "countries": ["SE"]}
    declarations.update({f"twin-{index}": copy.deepcopy(twin) for index in range(TWINS)})
    return declarations


def updated_declarations(declarations: dict[str, Declaration]) -> dict[str, Declaration]:
    """A change to every sender: PATCHes, and test numbers added and removed through their own endpoints."""
    updated = copy.deepcopy(declarations)
    for index, name in enumerate(sorted(updated)):
        declaration = updated[name]
        if name.startswith("twin-"):
            declaration["brand"] = {"name": "Twin Brand", "color": "#22AA44"}
            continue
        declaration["brand"]["description"] = f"Updated in the soak ({index})"
        if index % 2:
            declaration["countries"] = ["GB", "FR", "SE"]
        if index % 3 == 0:
            declaration["testNumbers"] = [f"+4671{index:07d}"]  # one removed, one added
        else:
            declaration["testNumbers"] = [*declaration["testNumbers"], f"+4672{index:07d}"]
    return updated


def _loaded(declaration: Declaration) -> dict[str, Any]:
    loaded: dict[str, Any] = schemas.SenderSchema().load(copy.deepcopy(declaration))
    return loaded


def _echoed_inputs(outputs: dict[str, Any]) -> dict[str, Any]:
    return {key: outputs[key] for key in TABLE.inputs if key in outputs}


def mismatches_with_emulator(stack: Stack, declarations: dict[str, Declaration], names: set[str]) -> str:
    """How the recorded outputs of ``names`` differ from their declarations and from the emulator."""
    held = {str(sender["id"]): sender for sender in stack.senders()}
    mismatches: list[str] = []
    for name in sorted(names & set(stack.engine.state.names())):
        resource = stack.engine.state.by_name(name)
        outputs = resource.plain_outputs
        echoed = _echoed_inputs(outputs)
        mismatches += [
            f"{name}.{key}: outputs differ from the declaration"
            for key in changed_fields(_loaded(declarations[name]), echoed)
        ]
        mismatches += output_mismatches(name, outputs, held[resource.id], echoed)
    return "\n".join(mismatches)


def test_creates_and_updates_under_faults_leave_exactly_one_sender_per_resource(stack: Stack) -> None:
    engine, server = stack.engine, stack.server
    declarations = initial_declarations()
    updated = updated_declarations(declarations)

    server.faults.set(FAULT_RATE, DEFAULT_FAULT_KINDS, seed=SEED)
    faulty: list[OperationReport] = [
        engine.up(senders_program(declarations)),
        engine.up(senders_program(updated)),
    ]
    server.faults.clear()
    injected = server.stats()["faults"]

    # The soak really soaked: every kind of fault happened, and lost create answers were reconciled.
    assert all(injected[kind] >= 5 for kind in DEFAULT_FAULT_KINDS), injected
    assert any("listSenders" in operation for operation in server.stats()["requests"]), (
        "no create answer was lost: the soak did not exercise reconciliation"
    )

    gave_up = failed_resources(faulty)
    problems = [problem for resource in gave_up for problem in clear_error_problems(resource)]
    assert not problems, "\n".join(problems)

    midway = reconcile(engine.state, stack.senders())
    assert not midway.duplicated_ids, f"resources share a sender: {midway.duplicated_ids}"
    assert not midway.orphans, f"senders no resource records (duplicates in Sinch): {midway.orphans}"
    assert not midway.missing, f"recorded senders the emulator does not hold: {midway.missing}"
    # A resource whose last step succeeded records exactly what Sinch holds; one whose update gave up keeps
    # its previous outputs (Pulumi records nothing from a failed step) until the next up.
    updated_ok = set(updated) - {resource.name for resource in failed_resources(faulty[1:])}
    assert not mismatches_with_emulator(stack, updated, updated_ok)

    final = engine.up(senders_program(updated))
    assert final.ok, final.summary() + "\n" + final.errors_text()

    after = reconcile(engine.state, stack.senders())
    assert after.consistent, after
    assert sorted(engine.state.names()) == sorted(updated)

    assert not mismatches_with_emulator(stack, updated, set(updated))

    before_refresh = {resource.name: resource.plain_outputs for resource in engine.state.live()}
    refresh = engine.refresh()
    assert refresh.ok, refresh.summary()
    assert {resource.outcome for resource in refresh.resources} == {"same"}, refresh.summary()
    assert {resource.name: resource.plain_outputs for resource in engine.state.live()} == before_refresh
