"""Plugin cold start: from starting ``python -m pulumi.dynamic`` to its first answered Check.

What the engine waits for before the first resource of a preview: the process starts and prints its port,
Configure is answered, and the first Check unpickles the provider (importing the provider, the schemas,
marshmallow and requests) and validates one full sender. Median over ``runs`` fresh processes.
"""

from __future__ import annotations

import statistics
import time
from typing import Any, Final

from bench.results import Measurement
from bench.serialized_provider import serialized_provider
from bench.workload import REPO_ROOT, full_declaration, provider_config
from engine.plugin import PluginProcess

GROUP: Final = "Cold start"
URN: Final = "urn:pulumi:bench::sinch-rcs-senders::pulumi-python:dynamic/sinch:RcsSender::cold"
# Issue 6 sets no figure; ours: a preview should not wait noticeably for the plugin.
TARGET: Final = "< 2 s"


# No emulator needed: Check is local. This URL is never called.
UNUSED_URL: Final = "http://127.0.0.1:9"


def one_cold_start(news: dict[str, Any]) -> tuple[float, float, float]:
    """Seconds from launch to: the port printed and connected, Configure answered, first Check answered."""
    started = time.perf_counter()
    plugin = PluginProcess(REPO_ROOT)
    try:
        plugin.start()
        listening = time.perf_counter()
        plugin.configure(provider_config(UNUSED_URL))
        configured = time.perf_counter()
        result = plugin.check(URN, {}, news)
        checked = time.perf_counter()
    finally:
        plugin.stop()
    if result.failures:
        raise RuntimeError(f"the cold-start Check failed: {result.failures}")
    return listening - started, configured - started, checked - started


def measure(runs: int) -> list[Measurement]:
    news = {**full_declaration(), "__provider": serialized_provider()}
    samples = [one_cold_start(news) for _ in range(runs)]
    listening = statistics.median(sample[0] for sample in samples)
    configured = statistics.median(sample[1] for sample in samples)
    first_check = statistics.median(sample[2] for sample in samples)
    return [
        Measurement(
            GROUP,
            "plugin start to first answered Check (median)",
            round(first_check, 3),
            "s",
            target=TARGET,
            note=f"median of {runs} fresh plugin processes: listening after {listening:.2f} s, "
            f"Configure answered after {configured:.2f} s; the rest is the first Check "
            "(unpickling the provider imports it)",
            detail={"listening_s": listening, "configured_s": configured, "runs": runs},
        )
    ]
