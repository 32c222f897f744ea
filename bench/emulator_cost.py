"""The emulator's own CPU per request, reported apart from the provider's.

The emulator is a test double, but ``make demo`` and users' own tests wait for it. It judges every request
(and, by default, every answer) against the OpenAPI document, with validators compiled once per process.
``count`` full senders are created, read and updated through the plugin against an emulator in this
process; the figure is the emulator's CPU per request of each operation, from its own counters
(``/_emulator/stats`` ``cpu_seconds``: the thread's CPU time from the request reaching the application to
its answer being ready).
"""

from __future__ import annotations

from typing import Final

import requests

from bench.results import Measurement
from bench.serialized_provider import serialized_provider
from bench.workload import REPO_ROOT, created_through, provider_config, running_stack
from bench.workload import SENDER_URN as URN
from engine.plugin import PluginProcess

GROUP: Final = "Emulator CPU per request (a test double's cost, not the provider's)"
OPERATIONS: Final = {
    "RcsSendersController_createSender_v1": ("create of a full sender", "<= 10 ms"),
    "RcsSendersController_getSender_v1": ("read", ""),
    "RcsSendersController_updateSender_v1": ("update of one field", ""),
}


def measure(count: int) -> list[Measurement]:
    provider_value = serialized_provider()
    with running_stack() as stack, PluginProcess(REPO_ROOT) as plugin:
        plugin.configure(provider_config(stack.server.url))
        for index in range(count):
            sender = created_through(plugin, provider_value, index)
            plugin.read(sender.id, URN, sender.outputs, sender.checked)
            plugin.update(sender.id, URN, sender.outputs, sender.changed, sender.checked)
        stats = requests.get(f"{stack.server.url}/_emulator/stats", timeout=10).json()
    rows = []
    for operation, (name, target) in OPERATIONS.items():
        seen = stats["requests"].get(operation, 0)
        if seen != count:
            raise RuntimeError(f"expected {count} {operation} requests at the emulator, it saw {seen}")
        per_request = stats["cpu_seconds"][operation] / seen * 1000
        rows.append(
            Measurement(
                GROUP,
                name,
                round(per_request, 2),
                "ms",
                target=target,
                note=f"mean of {count}, request and answer both validated against the spec",
            )
        )
    return rows
