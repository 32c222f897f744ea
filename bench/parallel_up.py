"""``up`` of many new senders through the plugin while every API request takes 50 ms.

The ideal is the creates spread evenly over the plugin's 4 worker threads at one request each:
``ceil(count / 4) * 50 ms`` (1.25 s for 100). The measured wall time is the whole ``up`` as the engine
harness runs it: program, plugin start, one Check per sender (sequential, as in the engine) and the creates.
The emulator runs as its own process (``python -m emulator --latency-ms 50``), as a remote API would, and
the CPU each process used is recorded, because on a small machine the emulator's own work (it validates
every request against the OpenAPI document) rather than the provider can be what limits the run. The same
``up`` without latency is the baseline: the difference is what the latency cost.

A last run declares identical senders: the provider serialises creates with the same body (so that an
unknown outcome can be reconciled without mistaking another resource's sender for its own), so that run
shows what the reconciliation gate costs.
"""

from __future__ import annotations

import math
import resource
import time
from dataclasses import dataclass
from typing import Final

import requests

from bench.cpu import process_cpu_seconds
from bench.lifecycle import PLUGIN_WORKERS
from bench.results import Measurement
from bench.workload import KEY_ID, KEY_SECRET, engine_for, full_declaration, many, senders_program
from emulator.process import EmulatorProcess

GROUP: Final = "up with 50 ms API latency"
LATENCY_MS: Final = 50.0


@dataclass(frozen=True)
class UpRun:
    wall_s: float
    creates: int
    emulator_cpu_s: float | None
    plugin_cpu_s: float
    harness_cpu_s: float


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_up(count: int, *, latency_ms: float, identical: bool = False) -> UpRun:
    """One ``up`` creating ``count`` senders against a fresh emulator process."""
    declarations = many(count, (lambda _index: full_declaration(0)) if identical else full_declaration)
    options = ["--quiet", "--latency-ms", str(latency_ms), "--key", f"{KEY_ID}:{KEY_SECRET}"]
    with EmulatorProcess(options) as emulator:
        engine = engine_for(emulator.url)
        program = senders_program(declarations)
        emulator_before = process_cpu_seconds(emulator.pid)
        children_before = _children_cpu()  # the plugin is a child that is reaped when the up ends
        harness_before = time.process_time()
        started = time.perf_counter()
        report = engine.up(program)
        wall = time.perf_counter() - started
        harness = time.process_time() - harness_before
        plugin = _children_cpu() - children_before
        emulator_after = process_cpu_seconds(emulator.pid)
        if not report.ok:
            raise RuntimeError(f"the benchmark up failed:\n{report.summary()}\n{report.errors_text()}")
        stats = requests.get(f"{emulator.url}/_emulator/stats", timeout=10).json()
    creates = int(sum(n for op, n in stats["requests"].items() if "createSender" in op))
    if creates != count:
        raise RuntimeError(f"expected {count} creates at the emulator, it saw {creates}")
    emulator_cpu = (
        emulator_after - emulator_before
        if emulator_after is not None and emulator_before is not None
        else None
    )
    return UpRun(wall, creates, emulator_cpu, plugin, harness)


def _cpu_note(run: UpRun) -> str:
    emulator = "unknown" if run.emulator_cpu_s is None else f"{run.emulator_cpu_s:.2f} s"
    plugin, harness = f"{run.plugin_cpu_s:.2f} s", f"{run.harness_cpu_s:.2f} s"
    return f"CPU used: emulator {emulator}, plugin {plugin}, engine harness {harness}"


def measure(count: int) -> list[Measurement]:
    ideal = math.ceil(count / PLUGIN_WORKERS) * LATENCY_MS / 1000
    slow = timed_up(count, latency_ms=LATENCY_MS)
    fast = timed_up(count, latency_ms=0)
    same = timed_up(count, latency_ms=LATENCY_MS, identical=True)
    serial = count * LATENCY_MS / 1000
    return [
        Measurement(
            GROUP,
            f"{count} senders, wall time",
            round(slow.wall_s, 2),
            "s",
            target=f"ideal {ideal:.2f} s ({count} creates over {PLUGIN_WORKERS} threads)",
            note=_cpu_note(slow),
            detail={"ideal_s": ideal, "run": slow.__dict__},
        ),
        Measurement(
            GROUP,
            f"{count} senders, ratio to ideal",
            round(slow.wall_s / ideal, 2),
            "x",
            target="close to 1",
        ),
        Measurement(
            GROUP,
            f"{count} senders without latency (baseline)",
            round(fast.wall_s, 2),
            "s",
            target="",
            note=_cpu_note(fast),
            detail={"run": fast.__dict__},
        ),
        Measurement(
            GROUP,
            "latency's cost (wall with 50 ms - baseline)",
            round(slow.wall_s - fast.wall_s, 2),
            "s",
            target=f"<= ideal {ideal:.2f} s",
            note="what the 50 ms per request added: the plugin's parallel creates overlap the waits",
        ),
        Measurement(
            GROUP,
            f"{count} identical senders, wall time",
            round(same.wall_s, 2),
            "s",
            target=f"serialised by design: >= {serial:.2f} s",
            note="creates with the same body run one at a time (the provider's reconciliation gate); "
            + _cpu_note(same),
            detail={"serial_s": serial, "run": same.__dict__},
        ),
    ]
