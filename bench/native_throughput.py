"""500 sender creates at 50 ms of API latency, 16 at a time: the native plugin beside the dynamic one.

The API is the stub (:mod:`bench.stub_api`) in its own process, every answer 50 ms after its request. Each
plugin is started as the engine starts it and sent what the engine sends under ``--parallel 16``: one Check
per sender, one at a time (not timed), then the Creates, never more than 16 in flight (a client pool of 16
threads, as the engine's). The figure is the Creates' wall time over their floor, both in the same run:

- the floor is the larger of the latencies the creates must wait for, with as many at once as the plugin
  serves (``ceil(500 / 16) = 32`` for the native plugin, whose worker pool takes all 16; ``ceil(500 / 4) =
  125`` for the dynamic plugin's 4 gRPC threads), and the plugin's own CPU time for those 500 creates
  (``/proc/<pid>/stat``, user + system): a plugin cannot finish before either;
- the target is within 1.15x of the native floor.

Beside it, ``pulumi up`` of the same 500 senders through the local engine with ``parallel=16`` on the native
plugin: the create phase as the API sees it (first create arriving to last answer leaving) over the same
floor. There the engine and the program (the Python SDK registering 500 resources, in the engine's
process) feed the plugin one registration at a time, so the phase measures them as much as the plugin.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Final

import requests

from bench.provider_cost import process_cpu_seconds
from bench.results import Measurement
from bench.serialized_provider import serialized_provider
from bench.stub_api import StubProcess
from bench.workload import KEY_ID, KEY_SECRET, PROJECT_ID, REPO_ROOT, full_declaration, many, provider_config
from engine.engine import Engine
from engine.plugin import PluginProcess
from engine.values import PropertyMap, Secret
from example_senders import arguments
from provider.native.__main__ import PLUGIN_DIR

GROUP: Final = "Sender creates, 50 ms API latency, 16 at a time (stub API)"
LATENCY: Final = 0.05
PARALLEL: Final = 16
DYNAMIC_THREADS: Final = 4
TARGET: Final = 1.15
_STACK: Final = "urn:pulumi:bench::sinch-rcs-senders::"


@dataclass(frozen=True)
class Run:
    """The Creates of one plugin: wall time, the plugin's CPU time, and the latency floor."""

    wall: float
    cpu: float
    latencies: int

    @property
    def floor(self) -> float:
        return max(self.latencies * LATENCY, self.cpu)

    @property
    def ratio(self) -> float:
        return self.wall / self.floor


def stack_config(url: str) -> dict[str, str]:
    """The bench stack's ``sinch:*`` configuration for the API at ``url``."""
    return {
        "sinch:projectId": PROJECT_ID,
        "sinch:keyId": KEY_ID,
        "sinch:keySecret": KEY_SECRET,
        "sinch:provisioningUrl": url,
        "sinch:authUrl": f"{url}/oauth2/token",
    }


def native_config(url: str) -> PropertyMap:
    """What Configure gives the native default provider for that stack (the namespace off, the key secret)."""
    return {
        key.removeprefix("sinch:"): Secret(value) if key == "sinch:keySecret" else value
        for key, value in stack_config(url).items()
    }


def creates(
    plugin: PluginProcess, type_: str, count: int, extra: Mapping[str, Any], served_at_once: int
) -> Run:
    """Check ``count`` distinct full senders one at a time, then time their Creates, ``PARALLEL`` at once."""
    checked: list[tuple[str, PropertyMap]] = []
    for index in range(count):
        urn = f"{_STACK}{type_}::sender-{index:03d}"
        result = plugin.check(urn, {}, {**full_declaration(index), **extra})
        if result.failures:
            raise RuntimeError(f"the benchmark sender does not check clean: {result.failures}")
        checked.append((urn, result.inputs))
    before = process_cpu_seconds(plugin.pid)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        made = list(pool.map(lambda item: plugin.create(item[0], item[1]).id, checked))
    wall = time.perf_counter() - started
    cpu = process_cpu_seconds(plugin.pid) - before
    if len(set(made)) != count:
        raise RuntimeError(f"expected {count} distinct senders, the plugin made {len(set(made))}")
    return Run(wall, cpu, math.ceil(count / served_at_once))


def native_run(url: str, count: int) -> Run:
    with PluginProcess(REPO_ROOT, plugin_dir=PLUGIN_DIR) as plugin:
        plugin.configure(native_config(url))
        return creates(plugin, "sinch:index:RcsSender", count, {}, PARALLEL)


def dynamic_run(url: str, count: int) -> Run:
    with PluginProcess(REPO_ROOT) as plugin:
        plugin.configure(provider_config(url))
        extra = {"__provider": serialized_provider()}
        return creates(plugin, "pulumi-python:dynamic/sinch:RcsSender", count, extra, DYNAMIC_THREADS)


def engine_phase(url: str, count: int) -> float:
    """``up`` of ``count`` senders on the native plugin with ``parallel=16``: the create phase at the API
    (from the first of these creates arriving to the last answer leaving)."""
    import pulumi_sinch  # the program's SDK: imported where the program runs

    declared = {name: arguments(declaration) for name, declaration in many(count).items()}

    def program() -> None:
        for name, declaration in declared.items():
            pulumi_sinch.RcsSender(name, **declaration)

    engine = Engine(
        REPO_ROOT,
        config=stack_config(url),
        secret_config_keys=["sinch:keySecret"],
        plugins={"sinch": PLUGIN_DIR},
        parallel=PARALLEL,
    )
    before = len(_arrivals(url))
    report = engine.up(program)
    if not report.ok:
        raise RuntimeError(f"the benchmark up failed:\n{report.summary()}\n{report.errors_text()}")
    arrivals = _arrivals(url)[before:]
    if len(arrivals) != count:
        raise RuntimeError(f"expected {count} creates at the API, it saw {len(arrivals)}")
    return max(arrivals) - min(arrivals) + LATENCY


def _arrivals(url: str) -> list[float]:
    """When each create the stub has seen arrived (seconds since its first)."""
    return [float(at) for _, at in requests.get(f"{url}/_stub/stats", timeout=10).json()["creates"]]


def _row(name: str, run: Run, served: str) -> Measurement:
    return Measurement(
        GROUP,
        name,
        round(run.ratio, 2),
        "x floor",
        target=f"<= {TARGET:g}x" if "native" in name else "",
        note=f"{run.wall:.2f} s; floor {run.floor:.2f} s = max({run.latencies} "
        f"{'latency' if run.latencies == 1 else 'latencies'} ({served}) = "
        f"{run.latencies * LATENCY:.2f} s, the plugin's CPU {run.cpu:.2f} s)",
        detail={"wall_s": run.wall, "cpu_s": run.cpu, "latencies": run.latencies, "floor_s": run.floor},
    )


def measure(count: int) -> list[Measurement]:
    with StubProcess(latency=LATENCY) as api:  # one stub for the three: it keeps no state they share
        native, dynamic = native_run(api.url, count), dynamic_run(api.url, count)
        phase = engine_phase(api.url, count)
    return [
        _row(f"{count} creates, native plugin", native, f"{PARALLEL} at a time"),
        _row(f"{count} creates, dynamic plugin", dynamic, f"its {DYNAMIC_THREADS} threads"),
        Measurement(
            GROUP,
            f"`up` of {count} senders, native plugin, parallel {PARALLEL}: create phase",
            round(phase / native.floor, 2),
            "x floor",
            note=f"{phase:.2f} s at the API, over the native plugin's floor above ({native.floor:.2f} s): "
            "the engine checks one resource at a time, and it and the program (the SDK registering each "
            "resource) share one Python process, so the Creates wait for their Checks",
            detail={"phase_s": phase, "floor_s": native.floor},
        ),
    ]
