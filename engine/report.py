"""What an operation did: per resource the operation, changes and errors; the RPCs made; the plugins'
diagnostics; a summary."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Final, Literal

from engine.paths import PathChange
from engine.plugin import PROVIDER_RPCS, CallRecord, CheckFailure, PluginInfo
from engine.program import LogEntry, ProgramResult
from engine.urns import parse_urn
from engine.values import PropertyMap

OperationKind = Literal["preview", "up", "refresh", "destroy", "import"]

# The logical operations a resource row shows (`display.StepOp`), with the CLI's prefix.
_PREFIX: Final = {
    "same": "  ",
    "create": "+ ",
    "update": "~ ",
    "delete": "- ",
    "replace": "+-",
    "read": "> ",
    "discard": "< ",
    "refresh": "~ ",
    "import": "= ",
}
_PAST: Final = {
    "create": "created",
    "update": "updated",
    "delete": "deleted",
    "replace": "replaced",
    "read": "read",
    "discard": "discarded",
    "import": "imported",
    "same": "unchanged",
}
_FUTURE: Final = {
    "create": "to create",
    "update": "to update",
    "delete": "to delete",
    "replace": "to replace",
    "read": "to read",
    "discard": "to discard",
    "import": "to import",
    "same": "unchanged",
}
_ORDER: Final = ("create", "update", "replace", "delete", "import", "read", "discard", "same")


def op_symbol(op: str) -> str:
    """The CLI's prefix for a row: `+`, `~`, `+-`, ... (a blank for an unchanged resource)."""
    return _PREFIX.get(op, "  ").strip() or " "


def op_words(kind: OperationKind, op: str) -> str:
    """How the CLI words an operation: "to create" in a preview, "created" after it ran."""
    return (_FUTURE if kind == "preview" else _PAST).get(op, op)


def display_type(type_: str) -> str:
    """`pulumi-python:dynamic/sinch:RcsSender` -> `sinch:RcsSender` (how the summary shows dynamic types)."""
    for prefix in ("pulumi-python:dynamic/", "pulumi-python:dynamic:"):
        if type_.startswith(prefix):
            return type_[len(prefix) :]
    return type_


@dataclass
class ResourceReport:
    """One resource's part in an operation.

    `op` is the logical operation the CLI shows (create, same, update, replace, delete, read, discard,
    import; for refresh: refresh with `outcome` same/update/delete). `changed_keys` and `changed_paths` are
    what the display shows: the provider's detailed diff (`detailed_diff`, path -> kind) or changed keys
    when it sent them, else the engine's own comparison of old and new inputs."""

    urn: str
    op: str = "same"
    changed_keys: list[PathChange] = field(default_factory=list)
    changed_paths: list[PathChange] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)
    detailed_diff: dict[str, str] = field(default_factory=dict)
    delete_before_replace: bool = False
    check_failures: list[CheckFailure] = field(default_factory=list)
    inputs: PropertyMap | None = None
    """The checked inputs the engine records (in preview they may hold `UNKNOWN`)."""
    outputs: PropertyMap | None = None
    """The outputs returned to the program (in preview: the inputs, as without provider preview support)."""
    outcome: str = ""
    error: str | None = None
    error_details: str | None = None
    warnings: list[str] = field(default_factory=list)
    skipped: bool = False

    @property
    def type(self) -> str:
        return parse_urn(self.urn).type

    @property
    def name(self) -> str:
        return parse_urn(self.urn).name

    @property
    def ok(self) -> bool:
        return self.error is None and not self.check_failures

    @property
    def shown_op(self) -> str:
        """The operation the row shows: `op`, or for a refresh what it found (`outcome`) once known."""
        return self.outcome if self.op == "refresh" and self.outcome else self.op

    @property
    def changed_key_names(self) -> list[str]:
        return [c.path for c in self.changed_keys]

    @property
    def changed_path_names(self) -> list[str]:
        return [c.path for c in self.changed_paths]

    def summary_line(self) -> str:
        shown = self.shown_op
        line = f"{op_symbol(shown)} {display_type(self.type)} {self.name} {shown}"
        if self.skipped:
            line += " (skipped)"
        changes = self.changed_paths or self.changed_keys
        if changes and shown in ("update", "replace", "import"):
            line += f" [diff: {', '.join(c.render() for c in changes)}]"
        if not self.ok:
            line += " **failed**"
        return line


class OperationReport:
    """The result of `Engine.preview/up/refresh/destroy/import_resource`.

    `resources` are the rows the CLI shows: custom resources and explicit providers; the default providers'
    steps (which the CLI hides) are in `default_providers`. `calls` are the RPCs of every plugin process in
    start order, `plugins` what each process left (package, provider, pid, output), `diagnostics` the
    messages plugins sent to the engine's `Log`.
    """

    def __init__(self, kind: OperationKind) -> None:
        self.kind: OperationKind = kind
        self.resources: list[ResourceReport] = []
        self.default_providers: list[ResourceReport] = []
        self.errors: list[str] = []
        self.calls: list[CallRecord] = []
        self.plugins: list[PluginInfo] = []
        self.diagnostics: list[LogEntry] = []
        self.plugin_stderr = ""
        self.plugin_stdout = ""
        self.program: ProgramResult | None = None
        self.program_traceback = ""
        self._by_urn: dict[str, ResourceReport] = {}
        self._lock = threading.Lock()

    # -- building ----------------------------------------------------------------------------------------

    def for_urn(self, urn: str, *, hidden: bool = False) -> ResourceReport:
        """The row of `urn` (made on first use; `hidden`: a default provider's, in `default_providers`)."""
        with self._lock:
            report = self._by_urn.get(urn)
            if report is None:
                report = ResourceReport(urn)
                self._by_urn[urn] = report
                (self.default_providers if hidden else self.resources).append(report)
            return report

    def add_plugins(self, plugins: list[PluginInfo]) -> None:
        """Record the stopped plugin processes: their calls (in order), standard output and error."""
        with self._lock:
            self.plugins.extend(plugins)
            self.calls = sorted((c for p in self.plugins for c in p.calls), key=lambda c: c.seq)
            self.plugin_stderr = "".join(p.stderr for p in self.plugins)
            self.plugin_stdout = "".join(p.stdout for p in self.plugins)

    def add_error(self, message: str) -> None:
        with self._lock:
            self.errors.append(message)

    # -- queries -----------------------------------------------------------------------------------------

    @property
    def ok(self) -> bool:
        return not self.errors and all(r.ok for r in [*self.resources, *self.default_providers])

    def resource(self, name: str) -> ResourceReport:
        matches = [r for r in self.resources if r.name == name or r.urn == name]
        if len(matches) != 1:
            raise KeyError(f"expected one resource named {name!r} in the report, found {len(matches)}")
        return matches[0]

    def __contains__(self, name: object) -> bool:
        return any(r.name == name or r.urn == name for r in self.resources)

    @property
    def counts(self) -> dict[str, int]:
        """Resources by logical operation (for refresh: by outcome); failed and skipped ones not counted."""
        counter: Counter[str] = Counter()
        for report in self.resources:
            if report.skipped or not report.ok:
                continue
            counter[report.shown_op] += 1
        return dict(counter)

    @property
    def logs(self) -> list[LogEntry]:
        return list(self.program.logs) if self.program is not None else []

    def resource_calls(self, name: str | None = None) -> list[tuple[str, str]]:
        """(rpc, resource name) of the resource RPCs (Check, Diff, Create, Read, Update, Delete), in order."""
        result: list[tuple[str, str]] = []
        for call in self.calls:
            if call.rpc not in PROVIDER_RPCS:
                continue
            call_name = parse_urn(call.urn).name if call.urn else ""
            if name is None or call_name == name:
                result.append((call.rpc, call_name))
        return result

    def errors_text(self) -> str:
        lines = list(self.errors)
        for report in [*self.default_providers, *self.resources]:
            for failure in report.check_failures:
                lines.append(f"{report.name}: {failure.property}: {failure.reason}")
            if report.error is not None:
                lines.append(f"{report.name}: {report.error}")
        return "\n".join(lines)

    def summary(self) -> str:
        """Text in the spirit of the CLI's output: changed resources, errors, and the resource counts."""
        title = {
            "preview": "Previewing update",
            "up": "Updating",
            "refresh": "Refreshing",
            "destroy": "Destroying",
            "import": "Importing",
        }[self.kind]
        lines = [f"{title}:"]
        for report in self.resources:
            if report.shown_op != "same" or not report.ok:
                lines.append("  " + report.summary_line())
        for report in [*self.default_providers, *self.resources]:
            for failure in report.check_failures:
                lines.append(
                    f"  error: {display_type(report.type)} {report.name}: "
                    f"{failure.property or '(resource)'}: {failure.reason}"
                )
            if report.error is not None:
                lines.append(f"  error: {display_type(report.type)} {report.name}: {report.error}")
            lines.extend(
                f"  warning: {display_type(report.type)} {report.name}: {warning}"
                for warning in report.warnings
            )
        lines.extend(f"  error: {message}" for message in self.errors)
        lines.append("Resources: " + self.counts_text())
        if not self.ok:
            lines.append(f"{self.kind} failed")
        return "\n".join(lines)

    def counts_text(self) -> str:
        counts = self.counts
        parts = [f"{counts[op]} {op_words(self.kind, op)}" for op in _ORDER if counts.get(op)]
        parts.extend(f"{n} {op}" for op, n in counts.items() if op not in _ORDER)
        return ", ".join(parts) if parts else "no changes"
