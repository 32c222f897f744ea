"""``up`` and ``preview`` of many senders through the plugin while every API answer takes 50 ms.

The API is the stub (:mod:`bench.stub_api`) in its own process, so that neither its work nor the
emulator's validation is the provider's. The engine is the local engine, as in the tests; the plugin is
``python -m pulumi.dynamic``, which serves 4 gRPC worker threads, Check and Create alike.

- Creates: the ideal is the creates spread evenly over the 4 threads at one request each,
  ``ceil(N / 4) * 50 ms``. The figure is the create phase as the API sees it, from the first create
  request arriving to the last create answer leaving, so the plugin's start and the program's run are not
  in it. Beside it, in the same run, the same ``up`` of the floor provider
  (:mod:`bench.floor_provider`): what the SDK and the engine cost any dynamic provider.
- Identical declarations: N resources declaring the same sender; then N identical among N distinct (the
  distinct ones must not wait behind the identical ones: their last create, against the same N distinct
  senders declared alone).
- Preview of an existing, unchanged stack of N senders: the whole ``preview`` wall time (program, plugin
  start, one Check and one Diff per sender, no request), beside the floor provider's.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Mapping
from typing import Any, Final

import requests

from bench.floor_provider import URL_VARIABLE, floor_program
from bench.results import Measurement
from bench.stub_api import StubProcess
from bench.workload import engine_for, full_declaration, many, senders_program

GROUP: Final = "up and preview, 50 ms API latency (stub API, plugin's 4 threads)"
LATENCY: Final = 0.05
PLUGIN_WORKERS: Final = 4
TARGET_DISTINCT: Final = 1.15
TARGET_IDENTICAL: Final = 2.0

Declarations = Mapping[str, Mapping[str, Any]]
ProgramFor = Callable[[Declarations], Callable[[], None]]


def ideal(count: int) -> float:
    return math.ceil(count / PLUGIN_WORKERS) * LATENCY


def create_phase(
    declarations: Declarations, program_for: ProgramFor = senders_program
) -> list[tuple[str, float]]:
    """``up`` of ``declarations`` against a fresh stub: (brand name, arrival) of every create."""
    with StubProcess(latency=LATENCY) as api:
        os.environ[URL_VARIABLE] = api.url  # for the floor provider's plugin
        report = engine_for(api.url).up(program_for(declarations))
        if not report.ok:
            raise RuntimeError(f"the benchmark up failed:\n{report.summary()}\n{report.errors_text()}")
        creates = requests.get(f"{api.url}/_stub/stats", timeout=10).json()["creates"]
    if len(creates) != len(declarations):
        raise RuntimeError(f"expected {len(declarations)} creates at the API, it saw {len(creates)}")
    return [(str(name), float(at)) for name, at in creates]


def _phase(creates: list[tuple[str, float]]) -> float:
    return max(at for _, at in creates) + LATENCY


def distinct_up(count: int) -> list[Measurement]:
    phase = _phase(create_phase(many(count)))
    floor = _phase(create_phase(many(count), floor_program))
    best = ideal(count)
    return [
        Measurement(
            GROUP,
            f"create phase of {count} distinct senders",
            round(phase / best, 2),
            "x ideal",
            target=f"<= {TARGET_DISTINCT:g}x",
            note=f"{phase:.2f} s; ideal {best:.2f} s ({count} creates over {PLUGIN_WORKERS} threads); "
            f"the floor provider in the same run: {floor:.2f} s ({floor / best:.2f}x ideal)",
            detail={"phase_s": phase, "ideal_s": best, "floor_s": floor},
        )
    ]


def identical_up(count: int) -> Measurement:
    phase = _phase(create_phase(many(count, lambda _index: full_declaration(0))))
    best = ideal(count)
    return Measurement(
        GROUP,
        f"create phase of {count} identical senders",
        round(phase / best, 2),
        "x ideal",
        target=f"<= {TARGET_IDENTICAL:g}x",
        note=f"{phase:.2f} s; ideal {best:.2f} s; each resource still gets a sender of its own",
        detail={"phase_s": phase, "ideal_s": best},
    )


def distinct_among_identical(count: int) -> Measurement:
    """``count`` distinct senders declared beside ``count`` identical ones, interleaved."""
    mixed: dict[str, Mapping[str, Any]] = {}
    for index in range(count):
        mixed[f"same-{index:03d}"] = full_declaration(0)
        mixed[f"distinct-{index:03d}"] = full_declaration(index + 1)
    creates = create_phase(mixed)
    twin = full_declaration(0)["brand"]["name"]
    beside = max(at for name, at in creates if name != twin) + LATENCY
    alone = _phase(create_phase(many(count, lambda index: full_declaration(index + 1))))
    # Declared beside as many identical senders, the distinct ones share the threads with them: the
    # fair comparison is with 2 * count distinct senders' worth of creates.
    both = _phase(create_phase(many(2 * count, lambda index: full_declaration(index + 1))))
    return Measurement(
        GROUP,
        f"{count} distinct among {count} identical senders: last distinct create",
        round(beside / both, 2),
        f"x {2 * count} distinct",
        target="about 1x: no distinct sender waits behind identical ones",
        note=f"{beside:.2f} s; {2 * count} distinct senders: {both:.2f} s; the {count} distinct alone: "
        f"{alone:.2f} s",
        detail={"beside_s": beside, "both_distinct_s": both, "alone_s": alone},
    )


def timed_preview(declarations: Declarations, program_for: ProgramFor = senders_program) -> float:
    """Wall time of a preview of an existing, unchanged stack of ``declarations``."""
    program = program_for(declarations)
    with StubProcess(latency=LATENCY) as api:
        os.environ[URL_VARIABLE] = api.url
        engine = engine_for(api.url)
        if not engine.up(program).ok:
            raise RuntimeError("the benchmark up before the preview failed")
        started = time.perf_counter()
        report = engine.preview(program)
        wall = time.perf_counter() - started
        if not report.ok:
            raise RuntimeError(f"the benchmark preview failed:\n{report.errors_text()}")
        seen = requests.get(f"{api.url}/_stub/stats", timeout=10).json()["creates"]
    if len(seen) != len(declarations):
        raise RuntimeError("the preview sent a create")
    return wall


def preview_existing(count: int) -> Measurement:
    wall = timed_preview(many(count))
    floor = timed_preview(many(count), floor_program)
    return Measurement(
        GROUP,
        f"preview of {count} unchanged senders",
        round(wall, 2),
        "s",
        target="half of 33.8 s (before this release, commit 7183a75)",
        note=f"program, plugin start, a Check and a Diff per sender, no request; the floor provider: "
        f"{floor:.2f} s ({wall / floor:.2f}x)",
        detail={"wall_s": wall, "floor_s": floor},
    )


def measure(count: int, large: int) -> list[Measurement]:
    return [
        *distinct_up(count),
        *(distinct_up(large) if large != count else []),
        identical_up(count),
        distinct_among_identical(count // 2),
        preview_existing(large),
    ]
