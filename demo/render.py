"""Readable text for what one step of the local engine did: resources, operations, changed properties.

In the spirit of the CLI's output: one line per resource with the operation and what changed, then the
resource counts, the Sinch API requests the step sent (counted by the emulator) and, after an update, the
stack outputs with secrets masked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from engine.report import OperationReport, ResourceReport, display_type, op_symbol, op_words
from engine.state import StackState
from engine.values import UNKNOWN, Secret
from provider.rcs_senders.properties import TABLE

MAX_VALUE_WIDTH: Final = 96


def resource_lines(report: OperationReport, state: StackState | None = None) -> list[str]:
    """One line per resource (more for failures and changed properties)."""
    lines: list[str] = []
    for resource in report.resources:
        op = resource.shown_op
        words = op_words(report.kind, op)
        line = f"{op_symbol(op):>2} {display_type(resource.type)} {resource.name}: {words}"
        recorded = state.get(resource.urn) if state is not None else None
        if recorded is not None and resource.ok and report.kind != "preview" and op != "delete":
            outputs = recorded.plain_outputs
            sender_state, channel = outputs.get("state"), outputs.get("rcsChannelStatus")
            line += f" (id {recorded.id}" + (f", state {sender_state}" if sender_state else "")
            line += f", RCS channel {channel})" if channel else ")"
        if resource.skipped:
            line += " (skipped)"
        if not resource.ok:
            line += " FAILED"
        lines.append(line)
        lines.extend(f"       {detail}" for detail in _details(resource, op))
    return lines


def _input_order(key: str) -> tuple[int, str]:
    """RcsSender's inputs in declaration order (region first), anything else after them by name."""
    order = list(TABLE.inputs)
    return (order.index(key), key) if key in order else (len(order), key)


def _details(resource: ResourceReport, op: str) -> list[str]:
    details: list[str] = []
    if op == "create" and resource.inputs:
        declared = sorted((key for key in resource.inputs if not key.startswith("__")), key=_input_order)
        details.append("properties: " + ", ".join(declared))
    elif op in ("update", "replace"):
        changes = resource.changed_paths or resource.changed_keys
        if changes:
            details.append("changed: " + ", ".join(change.render() for change in changes))
        if resource.replaces:
            details.append("replaced because of: " + ", ".join(resource.replaces))
    for failure in resource.check_failures:
        details.append(f"error: {failure.property or '(resource)'}: {failure.reason}")
    if resource.error is not None:
        first, *rest = resource.error.strip().splitlines() or [""]
        details.append(f"error: {first}")
        details.extend(f"       {line}" for line in rest)
    return details


def step_summary(
    report: OperationReport,
    *,
    requests: Mapping[str, int],
    state: StackState | None = None,
) -> str:
    """The whole text for one step."""
    lines = resource_lines(report, state)
    lines.extend(f"   error: {message}" for message in report.errors)
    lines.append(f"   Resources: {report.counts_text()}")
    lines.append(f"   Sinch API requests: {requests_text(requests)}")
    return "\n".join(lines)


def requests_text(requests: Mapping[str, int]) -> str:
    if not requests:
        return "none"
    return ", ".join(f"{name} x{count}" for name, count in sorted(requests.items()))


def outputs_text(exports: Mapping[str, Any]) -> str:
    """The stack outputs, one per line, secrets masked as the CLI masks them."""
    if not exports:
        return "     (none)"
    width = max(len(name) for name in exports)
    return "\n".join(f"     {name:<{width}}  {brief(value)}" for name, value in sorted(exports.items()))


def brief(value: Any) -> str:
    """A short rendering of an output value: `[secret]`, `[unknown]`, a country status, or compact JSON."""
    if isinstance(value, Secret):
        return "[secret]"
    if value is UNKNOWN:
        return "[unknown]"
    if isinstance(value, list) and value and all(_is_country_status(item) for item in value):
        return ", ".join(f"{item['country']} {item['status']}" for item in value)
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), default=str)
    return text if len(text) <= MAX_VALUE_WIDTH else text[: MAX_VALUE_WIDTH - 3] + "..."


def _is_country_status(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("country"), str) and "status" in item
