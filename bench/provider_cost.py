"""The provider's own CPU per operation, beside its floor measured in the same run.

Both run as ``python -m pulumi.dynamic`` plugin processes, driven over gRPC as the engine drives them,
against the stub API (:mod:`bench.stub_api`, no latency), with the same payloads (full senders, distinct
per round):

- the provider: ``RcsSenderProvider`` (the ``__provider`` a program registers);
- the floor: :class:`bench.floor_provider.FloorProvider`, which does nothing but the SDK's marshalling and,
  for Create, Read and Update, one bare keep-alive ``requests`` request of the same size.

A figure is the plugin process's CPU (user + system, ``/proc/<pid>/stat``) over ``rounds`` calls, divided
by ``rounds``; the two plugins take turns in blocks, so a noisy neighbour costs both alike. Operations:
Check of a new sender, Check of an unchanged existing one, Diff of an unchanged one, Create, Read (a
refresh) and Update of one field.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from bench.floor_provider import URL_VARIABLE, FloorProvider
from bench.results import Measurement
from bench.serialized_provider import serialized_provider
from bench.stub_api import StubApi
from bench.workload import REPO_ROOT, PluginSender, created_through, provider_config
from bench.workload import SENDER_URN as URN
from engine.plugin import DiffChanges, PluginProcess

GROUP: Final = "Provider CPU per operation (plugin process, full sender)"
TARGET_RATIO: Final = 2.0
BLOCKS: Final = 2
OPERATIONS: Final = (
    "Check of a new sender",
    "Check of an unchanged existing sender",
    "Diff (unchanged)",
    "Create",
    "Read",
    "Update of one field",
)
SENDS_REQUEST: Final = frozenset(["Create", "Read", "Update of one field"])


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid``, all its threads (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Subject:
    """One plugin process (the provider or the floor) with its senders prepared."""

    def __init__(self, provider_value: str, plugin: PluginProcess, rounds: int) -> None:
        self.plugin = plugin
        self.senders = [created_through(plugin, provider_value, index) for index in range(rounds)]

    def run(self, operation: str) -> float:
        """CPU seconds of the plugin for one call of ``operation`` per sender."""
        call: Callable[[PluginSender], Any] = {
            "Check of a new sender": lambda s: self.plugin.check(URN, {}, s.news),
            "Check of an unchanged existing sender": lambda s: self.plugin.check(URN, s.checked, s.news),
            "Diff (unchanged)": lambda s: self._diff(s),
            "Create": lambda s: self.plugin.create(URN, s.checked),
            "Read": lambda s: self.plugin.read(s.id, URN, s.outputs, s.checked),
            "Update of one field": lambda s: self.plugin.update(s.id, URN, s.outputs, s.changed, s.checked),
        }[operation]
        before = process_cpu_seconds(self.plugin.pid)
        for sender in self.senders:
            call(sender)
        return process_cpu_seconds(self.plugin.pid) - before

    def _diff(self, sender: PluginSender) -> None:
        diff = self.plugin.diff(sender.id, URN, sender.outputs, sender.checked, sender.checked)
        if diff.changes is DiffChanges.SOME:
            raise RuntimeError(f"an unchanged sender diffs as changed: {diff}")


def measure(rounds: int) -> list[Measurement]:
    from pulumi.dynamic.dynamic import serialize_provider

    floor_value = serialize_provider(FloorProvider())
    with StubApi() as api:
        config = provider_config(api.url)
        with (
            PluginProcess(REPO_ROOT) as real_plugin,
            PluginProcess(REPO_ROOT, env={URL_VARIABLE: api.url}) as floor_plugin,
        ):
            real_plugin.configure(config)
            floor_plugin.configure(config)
            real = Subject(serialized_provider(), real_plugin, rounds)
            floor = Subject(floor_value, floor_plugin, rounds)
            totals = {operation: [0.0, 0.0] for operation in OPERATIONS}
            for operation in OPERATIONS:
                for _ in range(BLOCKS):
                    totals[operation][0] += real.run(operation)
                    totals[operation][1] += floor.run(operation)
    calls = rounds * BLOCKS
    rows = []
    for operation, (real_cpu, floor_cpu) in totals.items():
        ratio = real_cpu / floor_cpu if floor_cpu else float("inf")
        floor_note = "do-nothing provider" + (" + one bare request" if operation in SENDS_REQUEST else "")
        rows.append(
            Measurement(
                GROUP,
                operation,
                round(ratio, 2),
                "x floor",
                target=f"<= {TARGET_RATIO:g}x",
                note=f"{real_cpu / calls * 1000:.2f} ms vs floor {floor_cpu / calls * 1000:.2f} ms "
                f"({floor_note}), {calls} calls each",
                detail={"provider_ms": real_cpu / calls * 1000, "floor_ms": floor_cpu / calls * 1000},
            )
        )
    return rows
