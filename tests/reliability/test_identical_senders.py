"""A create whose answer was lost must never take a sender that another resource of the stack manages.

Two resources may declare identical senders (the minimal declaration is the same for everyone). When the
second one's create is applied but its answer lost, the provider reconciles by listing recent senders
that hold the declared details; the first resource's sender, created by an earlier ``up`` (another plugin
process, so not "claimed" in this one), holds them too.
"""

from __future__ import annotations

import pytest

from tests.reliability.stack import Stack, minimal_declaration, senders_program
from tests.reliability.support import reconcile

pytestmark = pytest.mark.slow


def test_a_lost_create_answer_does_not_adopt_a_sibling_created_by_an_earlier_up(stack: Stack) -> None:
    stack.engine.up(senders_program({"first": minimal_declaration()}), check=True)
    stack.server.faults.script("drop_after", operation="createSender")  # applied, answer lost

    report = stack.engine.up(
        senders_program({"first": minimal_declaration(), "second": minimal_declaration()})
    )

    assert report.ok, report.summary()
    found = reconcile(stack.engine.state, stack.senders())
    assert found.consistent, found  # each resource records its own sender; no orphan
