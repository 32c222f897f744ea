"""What the provider's own tests take from the engine and cannot show themselves: the engine's concurrency.

The RcsSender tests of concurrent creates (one shared token, lost answers of identical senders) prove
something only if the engine runs Create and Update in parallel, as Pulumi's step executor does; the
provider may assume Check and Diff run one at a time, as Pulumi's step generator does.
"""

from __future__ import annotations

from tests.conftest import EmulatorFactory
from tests.engine.native_support import most_at_once
from tests.provider.support import engine_for, eu_sender, senders_program

# Each API request waits this long in the emulator, so that a Create outlasts the next sender's Check.
LATENCY_MS = 250


def test_check_and_diff_run_one_at_a_time_while_creates_and_updates_overlap(
    emulator_factory: EmulatorFactory,
) -> None:
    engine = engine_for(emulator_factory(latency_ms=LATENCY_MS))
    brand = eu_sender()["brand"]
    names = [f"sender-{n}" for n in range(6)]

    created = engine.up(
        senders_program({name: eu_sender(brand=brand | {"name": name}) for name in names}), check=True
    )
    updated = engine.up(
        senders_program(
            {name: eu_sender(brand=brand | {"name": name, "description": "Changed"}) for name in names}
        ),
        check=True,
    )

    assert created.counts == {"create": 6}
    assert updated.counts == {"update": 6}
    assert most_at_once(created.calls, {"Check"}) == 1
    assert most_at_once(updated.calls, {"Check", "Diff"}) == 1
    assert most_at_once(created.calls, {"Create"}) > 1
    assert most_at_once(updated.calls, {"Update"}) > 1
