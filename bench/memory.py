"""What a long-lived plugin process keeps per resource it has served.

One ``python -m pulumi.dynamic`` process creates, reads and checks ``count`` distinct full senders
against the stub API, twice over (a warm-up wave, then a measured one); the figure is the growth of its
resident memory (``VmRSS``) over the measured wave, per sender. What the provider keeps by design:

- one ``ProviderRuntime`` (a connection pool and a token) per distinct provider configuration;
- in the create ledger, one claim (the identity's key, the sender id and a time: a few hundred bytes, in
  memory and in the claims file) per sender created in the last ``CLAIM_RETENTION`` seconds; identities
  only while a create runs;
- nothing per Check, Diff or Read: schemas are built once per process.

So the bound is the claims of the last ten minutes; the figure shows nothing else grows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from bench.results import Measurement
from bench.serialized_provider import serialized_provider
from bench.stub_api import StubApi
from bench.workload import REPO_ROOT, created_through, provider_config
from bench.workload import SENDER_URN as URN
from engine.plugin import PluginProcess
from provider.core.claims import CLAIM_RETENTION

GROUP: Final = "Memory of a long-lived plugin process"


def resident_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def _wave(plugin: PluginProcess, provider_value: str, first: int, count: int) -> None:
    for index in range(first, first + count):
        sender = created_through(plugin, provider_value, index)
        plugin.read(sender.id, URN, sender.outputs, sender.checked)
        plugin.check(URN, sender.checked, sender.news)
        plugin.diff(sender.id, URN, sender.outputs, sender.checked, sender.checked)


def measure(count: int) -> list[Measurement]:
    provider_value = serialized_provider()
    with StubApi() as api, PluginProcess(REPO_ROOT) as plugin:
        plugin.configure(provider_config(api.url))
        _wave(plugin, provider_value, 0, count)
        before = resident_bytes(plugin.pid)
        _wave(plugin, provider_value, count, count)
        after = resident_bytes(plugin.pid)
    per_sender = (after - before) / count
    return [
        Measurement(
            GROUP,
            f"resident memory growth per sender over {count} senders",
            round(per_sender),
            "bytes",
            target=f"bounded: one claim per sender created in the last {CLAIM_RETENTION:.0f} s",
            note=f"VmRSS {before / 2**20:.1f} MiB after {count} senders, {after / 2**20:.1f} MiB after "
            f"{2 * count} (each: Check, Create, Read, Check, Diff)",
            detail={"before_bytes": before, "after_bytes": after},
        )
    ]
