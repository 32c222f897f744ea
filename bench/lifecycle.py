"""HTTP requests and connections per operation, counted at the emulator, over a whole lifecycle.

One stack of ``count`` full senders goes through preview, up (create), a no-op up, refresh, an update (a
new brand description on every sender) and a launch (``launch=True`` on every sender), each a separate
engine operation with its own plugin process, as with the CLI. Also the state's size per resource.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from bench import serialized_provider
from bench.results import Measurement
from bench.workload import Declaration, Stack, many, running_stack, senders_program
from emulator.stats import short_name
from engine.report import OperationReport

GROUP: Final = "HTTP per operation"
CONNECTIONS_GROUP: Final = "Connections"
PLUGIN_WORKERS: Final = 4  # pulumi.dynamic serves gRPC with a ThreadPoolExecutor(max_workers=4)


@dataclass(frozen=True)
class Traffic:
    """What the emulator saw during one engine operation."""

    requests: dict[str, int]
    token_requests: int
    connections: int

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any]) -> Traffic:
        return cls(
            {short_name(name): count for name, count in stats["requests"].items()},
            int(stats["token_requests"]),
            int(stats["connections"]),
        )

    @property
    def api_requests(self) -> int:
        return sum(self.requests.values())

    @property
    def all_requests(self) -> int:
        """API and token requests: everything the operation sent to Sinch."""
        return self.api_requests + self.token_requests

    def per_sender(self, count: int) -> dict[str, float]:
        return {name: n / count for name, n in sorted(self.requests.items())}


def _observe(stack: Stack, operation: Callable[[], OperationReport]) -> Traffic:
    stack.server.reset_stats()
    report = operation()
    if not report.ok:
        raise RuntimeError(f"benchmark operation failed:\n{report.summary()}\n{report.errors_text()}")
    return Traffic.from_stats(stack.server.stats())


def _with_description(declarations: Mapping[str, Declaration], text: str) -> dict[str, Declaration]:
    changed = copy.deepcopy(dict(declarations))
    for declaration in changed.values():
        declaration["brand"]["description"] = text
    return changed


def _with_launch(declarations: Mapping[str, Declaration]) -> dict[str, Declaration]:
    changed = copy.deepcopy(dict(declarations))
    for declaration in changed.values():
        declaration["launch"] = True
    return changed


def _breakdown(traffic: Traffic, count: int) -> str:
    parts = [f"{name} {per:.2g}" for name, per in traffic.per_sender(count).items()]
    return ", ".join(parts) or "none"


def _one_request_row(name: str, operation: str, traffic: Traffic, count: int, target: str) -> Measurement:
    """The expected operation once per sender and nothing else."""
    exact = traffic.requests.get(operation, 0) == count and traffic.api_requests == count
    return Measurement(
        GROUP,
        name,
        round(traffic.api_requests / count, 3),
        "requests/sender",
        target=target,
        met=exact,
        note=f"per sender: {_breakdown(traffic, count)}",
        detail={"requests": traffic.requests, "token_requests": traffic.token_requests, "senders": count},
    )


def measure(count: int) -> list[Measurement]:
    declarations = many(count)
    traffic: dict[str, Traffic] = {}
    with running_stack() as stack:
        engine = stack.engine
        program = senders_program(declarations)
        traffic["preview"] = _observe(stack, lambda: engine.preview(program))
        traffic["create"] = _observe(stack, lambda: engine.up(program))
        checkpoint = engine.state.checkpoint_json()
        provider_value = engine.state.resources[-1].inputs["__provider"]
        traffic["noop"] = _observe(stack, lambda: engine.up(program))
        traffic["refresh"] = _observe(stack, lambda: engine.refresh())
        updated = _with_description(declarations, "Updated by the benchmark")
        traffic["update"] = _observe(stack, lambda: engine.up(senders_program(updated)))
        launched = _with_launch(updated)
        traffic["launch"] = _observe(stack, lambda: engine.up(senders_program(launched)))
        held = len(stack.senders())
    if held != count:
        raise RuntimeError(f"the emulator holds {held} senders after the benchmark, expected {count}")

    most_tokens = max(seen.token_requests for seen in traffic.values())
    rows = [
        Measurement(
            GROUP,
            f"preview of {count} new senders",
            traffic["preview"].all_requests,
            "requests",
            target="0",
            met=traffic["preview"].all_requests == 0,
        ),
        _one_request_row("create", "createSender", traffic["create"], count, "1 POST per sender"),
        Measurement(
            GROUP,
            "token requests per plugin process (most in one operation)",
            most_tokens,
            target="<= 1",
            met=most_tokens <= 1,
            detail={kind: seen.token_requests for kind, seen in traffic.items()},
        ),
        Measurement(
            GROUP,
            "no-op up",
            traffic["noop"].all_requests,
            "requests",
            target="0",
            met=traffic["noop"].all_requests == 0,
        ),
        _one_request_row("refresh", "getSender", traffic["refresh"], count, "1 GET per sender"),
        _one_request_row("update", "updateSender", traffic["update"], count, "1 PATCH per sender"),
        _one_request_row("launch", "launchSender", traffic["launch"], count, "1 POST per sender"),
    ]
    for kind in ("create", "refresh", "update", "launch"):
        seen = traffic[kind]
        rows.append(
            Measurement(
                CONNECTIONS_GROUP,
                f"opened for {count} operations ({kind})",
                seen.connections,
                target=f"<= {PLUGIN_WORKERS} (the plugin's worker threads)",
                met=seen.connections <= PLUGIN_WORKERS,
                detail={"connections": seen.connections, "operations": count},
            )
        )
    state_bytes = len(checkpoint.encode())
    provider_bytes = 2 * len(json.dumps(provider_value))
    rows.append(
        Measurement(
            serialized_provider.GROUP,
            "provider bytes per resource in state",
            provider_bytes,
            "bytes",
            target="a few hundred bytes",
            met=provider_bytes < 1000,
            note=f"__provider in inputs and outputs; the whole checkpoint is {state_bytes // count} bytes "
            "per full sender",
            detail={"checkpoint_bytes": state_bytes, "resources": count},
        )
    )
    return rows
