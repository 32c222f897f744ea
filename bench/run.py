"""``python -m bench``: run every benchmark, print the table, write ``bench/results.json``.

    python -m bench                 # full sizes (100 and 500 senders, 300 rounds); a few minutes
    python -m bench --quick         # small sizes, a smoke test; writes nothing unless --output is given
    python -m bench --markdown      # also print docs/performance.md's table

Figures are printed with their targets; nothing here fails on a timing. The exit code is 0 unless a
benchmark could not run (an operation failed, the emulator saw something unexpected).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from bench import (
    cold_start,
    emulator_cost,
    lifecycle,
    machine,
    memory,
    native_throughput,
    provider_cost,
    serialized_provider,
    throughput,
)
from bench.results import Measurement, render_markdown, render_table, to_json, write_atomically

DEFAULT_OUTPUT: Final = Path(__file__).resolve().parent / "results.json"


@dataclass(frozen=True)
class Sizes:
    senders: int
    cpu_rounds: int
    cold_starts: int
    parallel_senders: int
    many_senders: int
    memory_senders: int


FULL: Final = Sizes(
    senders=100, cpu_rounds=300, cold_starts=5, parallel_senders=40, many_senders=500, memory_senders=500
)
QUICK: Final = Sizes(
    senders=5, cpu_rounds=5, cold_starts=1, parallel_senders=8, many_senders=8, memory_senders=5
)


def benchmarks(sizes: Sizes) -> list[tuple[str, Callable[[], list[Measurement]]]]:
    return [
        ("serialized provider", serialized_provider.measure),
        ("requests and connections per operation", lambda: lifecycle.measure(sizes.senders)),
        ("provider CPU per operation", lambda: provider_cost.measure(sizes.cpu_rounds)),
        (
            "up and preview with 50 ms latency",
            lambda: throughput.measure(sizes.parallel_senders, sizes.many_senders),
        ),
        (
            "native plugin: creates at 50 ms latency, 16 at a time",
            lambda: native_throughput.measure(sizes.many_senders),
        ),
        ("memory of a long-lived plugin", lambda: memory.measure(sizes.memory_senders)),
        ("emulator CPU per request", lambda: emulator_cost.measure(sizes.senders)),
        ("plugin cold start", lambda: cold_start.measure(sizes.cold_starts)),
    ]


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test, not figures")
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"where to write the JSON (default: {DEFAULT_OUTPUT} for a full run, nothing for --quick)",
    )
    parser.add_argument("--markdown", action="store_true", help="also print docs/performance.md's table")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    sizes = QUICK if arguments.quick else FULL
    output = (
        arguments.output if arguments.output is not None else (None if arguments.quick else DEFAULT_OUTPUT)
    )
    started = datetime.now(UTC)
    measurements: list[Measurement] = []
    for title, run in benchmarks(sizes):
        began = time.perf_counter()
        print(f"running: {title} ...", file=sys.stderr, flush=True)
        measurements.extend(run())
        print(f"  done in {time.perf_counter() - began:.1f} s", file=sys.stderr, flush=True)
    described = machine.describe()
    print(render_table(measurements))
    print(
        f"\nMachine: {described['cpu']}, {described['cores']} cores, Python {described['python']}, "
        f"{described['os']}"
    )
    if arguments.markdown:
        print("\n" + render_markdown(measurements, described, started.isoformat()))
    if output is not None:
        meta = {
            "mode": "quick" if arguments.quick else "full",
            "started": started.isoformat(),
            "sizes": sizes.__dict__,
        }
        write_atomically(output, to_json(measurements, described, meta))
        print(f"\nwrote {output}")
    return 0
