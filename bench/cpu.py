"""Provider CPU for Check plus Diff of an unchanged full sender: what every existing resource costs a preview.

Measured two ways, and the table says which is which:

- direct: ``RcsSenderProvider().check`` then ``.diff`` called in this process, CPU time of the calling
  thread (``time.thread_time_ns``), median over ``rounds``;
- plugin: the same two RPCs through the running ``python -m pulumi.dynamic`` process, the plugin's CPU time
  (user + system, from ``/proc/<pid>/stat``, Linux only) over all rounds divided by the rounds (a mean:
  the kernel counts in clock ticks), and the median wall time of one Check+Diff round trip.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Any, Final

from bench.results import Measurement
from bench.serialized_provider import serialized_provider
from bench.workload import REPO_ROOT, full_declaration, provider_config, running_stack
from engine.plugin import DiffChanges, PluginProcess
from engine.values import reveal_map

GROUP: Final = "Provider CPU (Check+Diff, full sender)"
# Issue 6 sets no figure; ours: a 100-sender preview should spend well under a second in the provider.
TARGET: Final = "< 10 ms per sender"
URN: Final = "urn:pulumi:bench::sinch-rcs-senders::pulumi-python:dynamic/sinch:RcsSender::bench"


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid`` (None where /proc is not available)."""
    stat = Path(f"/proc/{pid}/stat")
    if not stat.is_file():
        return None
    fields = stat.read_text(encoding="ascii").rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat(5)
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(rounds: int) -> list[Measurement]:
    provider_value = serialized_provider()
    news: dict[str, Any] = {**full_declaration(), "__provider": provider_value}
    with running_stack() as stack, PluginProcess(REPO_ROOT) as plugin:
        plugin.configure(provider_config(stack.server.url))
        checked = plugin.check(URN, {}, news).inputs
        created = plugin.create(URN, checked)
        outputs = created.outputs

        walls: list[float] = []
        cpu_before = process_cpu_seconds(plugin.pid)
        for _ in range(rounds):
            started = time.perf_counter()
            again = plugin.check(URN, checked, news)
            diff = plugin.diff(created.id, URN, outputs, again.inputs, checked)
            walls.append(time.perf_counter() - started)
            if again.failures or diff.changes is not DiffChanges.NONE:
                raise RuntimeError(f"an unchanged sender should check clean and diff empty: {again} {diff}")
        cpu_after = process_cpu_seconds(plugin.pid)

    from provider.sender_provider import RcsSenderProvider

    provider = RcsSenderProvider()
    plain_checked = reveal_map(checked)
    plain_outputs = reveal_map(outputs)
    direct: list[int] = []
    for _ in range(rounds):
        started_ns = time.thread_time_ns()
        result = provider.check(plain_checked, dict(news))
        changes = provider.diff(created.id, plain_outputs, result.inputs).changes
        direct.append(time.thread_time_ns() - started_ns)
        if result.failures or changes:
            raise RuntimeError("an unchanged sender should check clean and diff empty (direct call)")

    direct_ms = statistics.median(direct) / 1e6
    rows = [
        Measurement(
            GROUP,
            "direct call, CPU per sender (median)",
            round(direct_ms, 3),
            "ms",
            target=TARGET,
            note=f"RcsSenderProvider.check + .diff in-process, thread CPU time, median of {rounds}",
        ),
        Measurement(
            GROUP,
            "through the plugin, wall per round trip (median)",
            round(statistics.median(walls) * 1000, 3),
            "ms",
            target=TARGET + ", no HTTP",
            note=f"Check + Diff RPCs to python -m pulumi.dynamic, median of {rounds}",
        ),
    ]
    if cpu_before is not None and cpu_after is not None:
        rows.append(
            Measurement(
                GROUP,
                "through the plugin, plugin CPU per sender (mean)",
                round((cpu_after - cpu_before) / rounds * 1000, 3),
                "ms",
                target=TARGET,
                note="the plugin process's user+system CPU (gRPC, marshalling, provider) over all rounds",
            )
        )
    return rows
