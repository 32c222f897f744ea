"""Checks shared by the reliability tests: what an error must look like, and state against the emulator."""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from engine.report import OperationReport, ResourceReport
from engine.state import StackState
from provider.core.reporting import MAX_MESSAGE_LENGTH, OperationFailed
from provider.rcs_senders.properties import TABLE
from schemas.rcs_senders.api import changed_fields, sender_from_api

# What an operation that gives up raises: the provider reports every failure as one OperationFailed whose
# message is the client's or the provider's own error text, written for the person running `pulumi`
# (what happened, what to do); anything else is reported as a bug, which a reliability test must not see.
MIN_MESSAGE_LENGTH: Final = 30
# The whole text the plugin sends (traceback included): far below the 8 KB a gRPC client accepts.
MAX_DETAILS_LENGTH: Final = 4_000


@dataclass(frozen=True)
class RaisedError:
    """The exception a provider call ended with, read from the traceback the plugin sends."""

    qualified_name: str
    message: str

    def error_class(self) -> type[BaseException] | None:
        module_name, _, class_name = self.qualified_name.rpartition(".")
        if not module_name:
            return None
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return None
        found = getattr(module, class_name, None)
        return found if isinstance(found, type) and issubclass(found, BaseException) else None


def final_exception(details: str) -> RaisedError | None:
    """The last exception of a Python traceback text (``module.Class: message``, message possibly multi-line);
    None if ``details`` is not a traceback.

    The plugin answers a failed call with ``traceback.format_exc()``; with chained exceptions the one that
    ended the call comes last."""
    lines = details.rstrip().splitlines()
    starts = [
        index for index, line in enumerate(lines) if line.startswith("Traceback (most recent call last)")
    ]
    if not starts:
        return None
    index = starts[-1] + 1
    while index < len(lines) and (not lines[index].strip() or lines[index][0] in " \t"):
        index += 1  # frames, source lines and caret markers are indented
    header = "\n".join(lines[index:])
    name, _, message = header.partition(": ")
    return RaisedError(name.strip(), message.strip())


def clear_error_problems(resource: ResourceReport) -> list[str]:
    """Why the failed step of ``resource`` did not end with a clear error (empty: it did)."""
    if resource.error_details is None:
        return [f"{resource.name}: failed without a provider traceback ({resource.error!r})"]
    raised = final_exception(resource.error_details)
    if raised is None:
        return [f"{resource.name}: the error is not the provider's: {resource.error_details[:300]!r}"]
    problems: list[str] = []
    if raised.error_class() is not OperationFailed:
        problems.append(f"{resource.name}: ended with {raised.qualified_name}, not the provider's report")
    if "This is a bug in sinch-rcs-pulumi" in raised.message:
        problems.append(f"{resource.name}: ended with an unexpected error: {raised.message[:300]!r}")
    if len(raised.message) < MIN_MESSAGE_LENGTH or "Traceback" in raised.message:
        problems.append(f"{resource.name}: the message says too little: {raised.message!r}")
    if len(raised.message) > MAX_MESSAGE_LENGTH + 200 or len(resource.error_details) > MAX_DETAILS_LENGTH:
        problems.append(f"{resource.name}: the error is too long ({len(resource.error_details)} characters)")
    return problems


def failed_resources(reports: Iterable[OperationReport]) -> list[ResourceReport]:
    return [resource for report in reports for resource in report.resources if resource.error is not None]


@dataclass(frozen=True)
class Reconciliation:
    """The stack's senders against the emulator's."""

    duplicated_ids: dict[str, list[str]]
    """Sender ids that more than one resource claims, with the resource names."""
    orphans: list[str]
    """Senders in the emulator that no resource records."""
    missing: list[str]
    """Resource names whose sender the emulator does not hold."""

    @property
    def consistent(self) -> bool:
        return not (self.duplicated_ids or self.orphans or self.missing)


def reconcile(state: StackState, senders: Iterable[Mapping[str, Any]]) -> Reconciliation:
    recorded = {resource.name: resource.id for resource in state.live()}
    counts = Counter(recorded.values())
    duplicated = {
        sender_id: sorted(name for name, id_ in recorded.items() if id_ == sender_id)
        for sender_id, count in counts.items()
        if count > 1
    }
    held = [str(sender["id"]) for sender in senders]
    orphans = sorted(set(held) - set(recorded.values()))
    missing = sorted(name for name, id_ in recorded.items() if id_ not in held)
    return Reconciliation(duplicated, orphans, missing)


def output_mismatches(
    name: str, outputs: Mapping[str, Any], sender: Mapping[str, Any], declared: Mapping[str, Any]
) -> list[str]:
    """How a resource's recorded outputs differ from the sender the emulator holds (empty: they match)."""
    problems = [
        f"{name}.{key}: state {outputs.get(key)!r} != emulator {sender.get(key)!r}"
        for key in TABLE.outputs
        if sender.get(key) is not None and outputs.get(key) != sender.get(key)
    ]
    rebuilt = sender_from_api(sender, declared=declared)
    problems += [
        f"{name}.{key}: the emulator's value differs from the declaration"
        for key in changed_fields(declared, rebuilt)
    ]
    return problems
