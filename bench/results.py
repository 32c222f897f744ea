"""Benchmark figures: one ``Measurement`` per row, printed as a table and written as JSON.

A measurement carries its target as text and, where the target is a bound, whether it was met. Timings are
never judged pass/fail: their ``met`` is None (the table shows the target beside the figure, no verdict).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Measurement:
    """One benchmark figure."""

    group: str
    name: str
    value: float | int | str | bool
    unit: str = ""
    target: str = ""
    met: bool | None = None
    """True/False when the target is a count or a property that holds or not; None for timings."""
    note: str = ""
    detail: Mapping[str, Any] = field(default_factory=dict)

    def shown_value(self) -> str:
        value = self.value
        if isinstance(value, bool):
            text = "yes" if value else "no"
        elif isinstance(value, float):
            text = f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
        else:
            text = str(value)
        return f"{text} {self.unit}".strip()

    def verdict(self) -> str:
        if self.met is None:
            return ""
        return "ok" if self.met else "MISSED"


def render_table(measurements: Sequence[Measurement]) -> str:
    """A fixed-width table: group, measure, value, target, verdict."""
    header = ("Group", "Measure", "Value", "Target", "")
    rows = [(m.group, m.name, m.shown_value(), m.target, m.verdict()) for m in measurements]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    out = [line(header), line(["-" * width for width in widths])]
    out.extend(line(row) for row in rows)
    notes = [f"- {m.name}: {m.note}" for m in measurements if m.note]
    if notes:
        out += ["", "Notes:", *notes]
    return "\n".join(out)


def render_markdown(measurements: Sequence[Measurement], machine: Mapping[str, Any], started: str) -> str:
    """docs/performance.md's table, one per group: measure, value, target, and the note."""
    lines: list[str] = []
    for group in dict.fromkeys(m.group for m in measurements):
        lines += ["", f"**{group}**", "", "| Measure | Value | Target | Note |", "|---|---|---|---|"]
        for m in (m for m in measurements if m.group == group):
            verdict = f" ({m.verdict()})" if m.verdict() else ""
            note = m.note.replace("|", "\\|")
            lines.append(f"| {m.name} | {m.shown_value()}{verdict} | {m.target} | {note} |")
    lines.append("")
    lines.append(
        f"Machine: {machine.get('cpu')}, {machine.get('cores')} cores, Python {machine.get('python')}, "
        f"{machine.get('os')}; run started {started[:16].replace('T', ' ')} UTC."
    )
    return "\n".join(lines).lstrip("\n")


def to_json(measurements: Sequence[Measurement], machine: Mapping[str, Any], meta: Mapping[str, Any]) -> str:
    document = {**meta, "machine": dict(machine), "results": [asdict(m) for m in measurements]}
    return json.dumps(document, indent=2, default=str) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through ``path.tmp`` so that a reader never sees half a file."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
