"""Fault soak for webhooks: creates, updates (triggers, targets, secret rotations), churn and destroy through
the plugin while 30% of API requests fail.

Faults (seeded, every kind): 429, 503, a dropped connection, a dropped connection after the request was
applied, and a 200 with an HTML page after it was applied. Three stacks (three Sinch projects) of ten
webhooks each (a project holds at most 15, and Pulumi deletes removed resources only after creating the
new ones, so churning five peaks at fifteen). Each phase is a separate `up` with its own plugin process,
as with the CLI; operations may give up, each with a clear error. Then, with the faults off, one more `up`
finishes what gave up, and each stack must match its project exactly: one webhook per resource, no
duplicate, no orphan, every output as Sinch holds it, a refresh that changes nothing, and (through real
deliveries to a receiver on this machine) every webhook signing its events with the secret its resource
declares. Finally a destroy under faults and one without leave nothing in Sinch.
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any, Final

import pytest

from emulator.server import EmulatorServer
from engine import Engine, Secret
from engine.report import OperationReport
from engine.state import StackState
from sinch_provisioning.rcs_senders import SinchRcsClient
from sinch_provisioning.webhook_events import verify_webhook_signature
from sinch_provisioning.webhooks import WebhooksClient
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET
from tests.provider.webhook_support import (
    COMMENTS,
    OPERATORS,
    STATUS,
    Receiver,
    engine_for,
    webhooks_program,
)
from tests.reliability.support import clear_error_problems

pytestmark = pytest.mark.slow

SEED: Final = 20240917
FAULT_RATE: Final = 0.3
FAULT_KINDS: Final = ("429", "503", "drop", "drop_after", "garbled_after")
PROJECTS: Final = ("soak-project-a", "soak-project-b", "soak-project-c")
COUNT: Final = 10
CHURN: Final = 5
UPDATE_ROUNDS: Final = 3
TRIGGER_SETS: Final = (
    [STATUS],
    [STATUS, COMMENTS],
    [STATUS, OPERATORS],
    [STATUS, "RCS_BRAND_REGISTRATION_PROCESS_STATUS_UPDATED", COMMENTS],
)

Declarations = dict[str, dict[str, Any]]


def declarations(receiver: Receiver, project: str) -> Declarations:
    """Ten webhooks to the receiver, each hearing the senders' status changes (and maybe more)."""
    return {
        f"hook-{index:02d}": {
            "target": receiver.url(f"/{project}/hooks/{index:02d}"),
            "secret": f"soak-{project}-{index:02d}-initial-4f9c2e",
            "triggers": list(TRIGGER_SETS[index % len(TRIGGER_SETS)]),
        }
        for index in range(COUNT)
    }


def updated(hooks: Declarations, round_number: int) -> Declarations:
    """A change to every webhook: its triggers; every other one a rotated secret; every third a new target."""
    changed = copy.deepcopy(hooks)
    for index, name in enumerate(sorted(changed)):
        hook = changed[name]
        hook["triggers"] = list(TRIGGER_SETS[(index + round_number) % len(TRIGGER_SETS)])
        if (index + round_number) % 2:
            hook["secret"] = f"{hook['secret'].split('-r')[0]}-r{round_number}"
        if (index + round_number) % 3 == 0:
            hook["target"] = f"{hook['target'].split('/r')[0]}/r{round_number}"
    return changed


def churned(hooks: Declarations, receiver: Receiver, project: str) -> Declarations:
    """Five webhooks removed, five new ones added."""
    kept = dict(sorted(hooks.items())[CHURN:])
    for index in range(CHURN):
        kept[f"new-{index:02d}"] = {
            "target": receiver.url(f"/{project}/new/{index:02d}"),
            "secret": f"soak-{project}-new-{index:02d}-3c6e0f",
            "triggers": [STATUS, OPERATORS],
        }
    return kept


def phases(receiver: Receiver, project: str) -> list[Declarations]:
    """Create, update rounds with a churn in the middle."""
    found = [declarations(receiver, project)]
    for round_number in range(1, UPDATE_ROUNDS + 1):
        found.append(updated(found[-1], round_number))
        if round_number == 1:
            found.append(churned(found[-1], receiver, project))
    return found


def held(emulator: EmulatorServer, project: str) -> dict[str, dict[str, Any]]:
    with WebhooksClient.from_access_key(
        project, TEST_KEY_ID, TEST_KEY_SECRET, auth_method="basic", base_url=emulator.url
    ) as client:
        return {str(webhook["id"]): webhook for webhook in client.list_webhooks()}


def ownership_problems(state: StackState, webhooks: dict[str, dict[str, Any]]) -> list[str]:
    """Webhooks held by several resources, and webhooks in Sinch that no resource records."""
    recorded = [resource.id for resource in state.live()]
    problems = [
        f"{webhook_id} is recorded by {n} resources" for webhook_id, n in Counter(recorded).items() if n > 1
    ]
    problems += [f"orphan in Sinch: {webhook_id}" for webhook_id in sorted(set(webhooks) - set(recorded))]
    return problems


def declaration_problems(
    state: StackState, webhooks: dict[str, dict[str, Any]], hooks: Declarations
) -> list[str]:
    """Resources whose webhook is missing, or differs from their outputs or their declaration."""
    problems: list[str] = []
    for resource in state.live():
        webhook = webhooks.get(resource.id)
        if webhook is None:
            problems.append(f"{resource.name}: Sinch does not hold {resource.id}")
            continue
        outputs, declared = resource.plain_outputs, hooks[resource.name]
        for source, values in (("outputs", outputs), ("declaration", declared)):
            if values["target"] != webhook["target"] or set(values["triggers"]) != set(webhook["triggers"]):
                problems.append(f"{resource.name}: Sinch holds {webhook}, not what the {source} say")
        if resource.outputs.get("secret") != Secret(declared["secret"]):
            problems.append(f"{resource.name}: the recorded secret is not the declared one")
    return problems


def test_webhooks_under_faults_converge_to_exactly_one_webhook_per_resource(emulator: EmulatorServer) -> None:
    with Receiver() as receiver:
        stacks: dict[str, tuple[Engine, list[Declarations]]] = {
            project: (engine_for(emulator, **{"sinch:projectId": project}), phases(receiver, project))
            for project in PROJECTS
        }

        emulator.faults.set(FAULT_RATE, list(FAULT_KINDS), seed=SEED)
        faulty: list[OperationReport] = [
            engine.up(webhooks_program(hooks)) for engine, steps in stacks.values() for hooks in steps
        ]
        emulator.faults.clear()
        injected = emulator.stats()["faults"]
        requests = emulator.stats()["requests"]

        # The soak really soaked: every kind of fault happened, and lost create answers were reconciled.
        assert all(injected[kind] >= 5 for kind in FAULT_KINDS), injected
        assert any("listWebhooks" in operation for operation in requests), "no lost create answer"
        gave_up = [resource for report in faulty for resource in report.resources if resource.error]
        assert not [problem for resource in gave_up for problem in clear_error_problems(resource)]
        for project, (engine, _steps) in stacks.items():
            assert not ownership_problems(engine.state, held(emulator, project)), project

        for project, (engine, steps) in stacks.items():
            final = engine.up(webhooks_program(steps[-1]))
            assert final.ok, final.summary() + "\n" + final.errors_text()
            assert sorted(engine.state.names()) == sorted(steps[-1])
            webhooks = held(emulator, project)
            assert not ownership_problems(engine.state, webhooks), project
            assert not declaration_problems(engine.state, webhooks, steps[-1]), project

            before = {resource.name: resource.outputs for resource in engine.state.live()}
            refresh = engine.refresh()
            assert refresh.ok, refresh.summary()
            assert {resource.outcome for resource in refresh.resources} == {"same"}, refresh.summary()
            assert {resource.name: resource.outputs for resource in engine.state.live()} == before

        # Every webhook signs with its declared secret: one sender created in each project is one status
        # event to each of its webhooks.
        secrets_by_path: dict[str, str] = {}
        for project, (_engine, steps) in stacks.items():
            secrets_by_path.update(
                {hook["target"].split("/", 3)[3]: hook["secret"] for hook in steps[-1].values()}
            )
            with SinchRcsClient.from_access_key(
                project, TEST_KEY_ID, TEST_KEY_SECRET, auth_method="basic", base_url=emulator.url
            ) as dashboard:
                dashboard.create_sender(
                    {"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"}
                )
        received = receiver.wait_for(
            lambda got: {item.path.lstrip("/") for item in got} >= set(secrets_by_path)
        )
        assert len(received) == len(secrets_by_path)
        for item in received:
            event = verify_webhook_signature(secrets_by_path[item.path.lstrip("/")], item.body, item.headers)
            assert event.type == STATUS

        emulator.faults.set(FAULT_RATE, list(FAULT_KINDS), seed=SEED + 1)
        for engine, _steps in stacks.values():
            engine.destroy()
        emulator.faults.clear()
        for project, (engine, _steps) in stacks.items():
            assert engine.destroy().ok
            assert engine.state.names() == []
            assert held(emulator, project) == {}, project
