"""Declarations of the same sender, spelled differently, never share a Sinch sender: not within one plugin
process, not across two (two stacks on one machine), under the faults of a hostile network.

"The same sender" is the normalised declaration, defaults applied: countries in another order, or the
brand's defaults ("RCS Sender", "#000000") spelled out, are the same sender to Sinch and so to the create
lock and to the matcher that reconciles a create whose answer was lost. Faults: 429 and 503 (nothing
applied), a reset before the request reached Sinch, and a lost answer after it was applied, with 30 ms of
latency so that creates overlap.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Final

import pytest

from tests.reliability.stack import REPO_ROOT, Declaration, Stack, minimal_declaration, senders_program
from tests.reliability.support import clear_error_problems, failed_resources, reconcile

pytestmark = pytest.mark.slow

KINDS: Final = ["429", "503", "drop", "drop_after"]
COUNTRIES: Final = ["SE", "FI", "DK", "NO"]


def spellings(count: int, prefix: str) -> dict[str, Declaration]:
    """``count`` declarations of one sender: countries rotated, every third spelling out the defaults."""
    declarations: dict[str, Declaration] = {}
    for index in range(count):
        turn = index % len(COUNTRIES)
        declaration = minimal_declaration() | {"countries": COUNTRIES[turn:] + COUNTRIES[:turn]}
        if index % 3 == 0:
            declaration["brand"] = {"name": "RCS Sender", "color": "#000000"}
        declarations[f"{prefix}-{index:02d}"] = declaration
    return declarations


def test_spellings_of_one_sender_under_faults_get_one_sender_each(stack: Stack) -> None:
    declarations = spellings(16, "same")
    stack.server.latency_ms = 30
    stack.server.faults.set(0.4, KINDS, seed=14, operations=["createSender", "listSenders"])

    faulty = stack.engine.up(senders_program(declarations))

    stack.server.faults.clear()
    problems = [
        problem for resource in failed_resources([faulty]) for problem in clear_error_problems(resource)
    ]
    assert not problems, problems
    stack.engine.up(senders_program(declarations), check=True)
    found = reconcile(stack.engine.state, stack.senders())
    assert found.consistent, found
    assert len(stack.senders()) == len(declarations)


def test_two_stacks_on_one_machine_creating_the_same_sender_never_share_one(
    stack: Stack, tmp_path: Path
) -> None:
    """The second stack's `up` runs in a process of its own (its own plugin process too), at the same
    time as the first, both under faults."""
    ours, theirs = spellings(8, "ours"), spellings(8, "theirs")
    stack.server.latency_ms = 30
    stack.server.faults.set(0.4, KINDS, seed=7, operations=["createSender", "listSenders"])

    other = _up_in_another_process(stack.server.url, theirs, tmp_path / "other-stack.json")
    faulty = stack.engine.up(senders_program(ours))
    their_first = _finish(other)

    stack.server.faults.clear()
    stack.engine.up(senders_program(ours), check=True)
    their_ids = _finish(_up_in_another_process(stack.server.url, theirs, tmp_path / "other-stack.json"))
    problems = [
        problem for resource in failed_resources([faulty]) for problem in clear_error_problems(resource)
    ]
    assert not problems, problems
    assert their_first["unclear"] == [], their_first["unclear"]
    our_ids = {resource.name: resource.id for resource in stack.engine.state.live()}
    all_ids = [*our_ids.values(), *their_ids["ids"].values()]
    assert len(all_ids) == len(set(all_ids)) == 16, (our_ids, their_ids)
    assert sorted(str(sender["id"]) for sender in stack.senders()) == sorted(all_ids)  # no orphan


def _up_in_another_process(
    url: str, declarations: dict[str, Declaration], saved: Path
) -> subprocess.Popen[str]:
    """Another stack's `up` (state in a file, so that a second `up` continues it), in a new process."""
    script = textwrap.dedent(
        f"""
        import json, pathlib
        from engine.state import state_from_checkpoint
        from tests.reliability.stack import engine_for, senders_program
        from tests.reliability.support import clear_error_problems, failed_resources
        saved = pathlib.Path({str(saved)!r})
        engine = engine_for({url!r})
        if saved.exists():
            engine.state = state_from_checkpoint(json.loads(saved.read_text()), engine.project, "dev")
            engine.state.provider_config = engine.config_args()
        report = engine.up(senders_program({json.dumps(declarations)}))
        saved.write_text(json.dumps(engine.state.checkpoint(show_secrets=True)))
        unclear = [p for r in failed_resources([report]) for p in clear_error_problems(r)]
        ids = {{r.name: r.id for r in engine.state.live()}}
        print(json.dumps({{"ids": ids, "unclear": unclear}}))
        """
    )
    return subprocess.Popen([sys.executable, "-c", script], cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, _ = process.communicate(timeout=240)
    assert process.returncode == 0, out
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result
