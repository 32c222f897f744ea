"""What the engine's step generator decides from a provider's answers, without calling anything.

- `settle_diff`: a Diff answer as the step generator uses it (`diffResource`: changes unknown -> the
  engine compares old and new inputs itself; `applyReplaceOnChanges`);
- `show_diff`: what the display shows as changed (the provider's detailed diff or changed keys, else the
  engine's own comparison of inputs);
- `delete_schedule`: `ScheduleDeletes`, dependents first;
- the engine's error texts for protected resources.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final

from engine.paths import (
    ChangeKind,
    PathChange,
    PropertyPathError,
    changed_keys,
    diff_paths,
    format_path,
    parse_path,
)
from engine.plugin import DiffChanges, DiffResult, PluginError
from engine.report import ResourceReport
from engine.state import ResourceState
from engine.values import contains_secrets, reveal

INTERNAL_KEYS: Final = ("__provider",)
_KIND_CHANGE: Final[dict[str, ChangeKind]] = {
    "add": "add",
    "add-replace": "add",
    "delete": "delete",
    "delete-replace": "delete",
    "update": "update",
    "update-replace": "update",
}


def protected_delete_error(urn: str) -> str:
    return (
        f'resource "{urn}" cannot be deleted\nbecause it is protected. To unprotect the resource, '
        "either remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`, "
        "or use the command:\n"
        f"`pulumi state unprotect '{urn}'`"
    )


def protected_replace_error(urn: str) -> str:
    return (
        f'unable to replace resource "{urn}"\nas it is currently marked for protection. To unprotect the '
        "resource, remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`"
    )


def imported_replace_error(replaces: list[str], olds: Mapping[str, Any], news: Mapping[str, Any]) -> str:
    """The engine's refusal to replace a resource whose program still names an import id (values redacted
    as the CLI redacts secrets: shown only when not secret)."""
    lines = [f"{key}: {_shown(olds.get(key))} => {_shown(news.get(key))}" for key in replaces]
    return (
        "previously-imported resources that still specify an ID may not be replaced; "
        "please remove the `import` declaration from your program;\n" + "\n".join(lines)
    )


def _shown(value: Any) -> str:
    return "[secret]" if contains_secrets(value) else repr(reveal(value))


def record_plugin_error(report: ResourceReport, error: PluginError) -> None:
    report.error = error.message or str(error)
    report.error_details = error.details


def settle_diff(
    diff: DiffResult,
    old_inputs: Mapping[str, Any],
    new_inputs: Mapping[str, Any],
    replace_on_changes: tuple[str, ...] = (),
) -> DiffResult:
    """The answer the step generator acts on: DIFF_UNKNOWN becomes the engine's own comparison of the
    inputs (secrets unwrapped; changed keys and a detailed diff from it), then `replace_on_changes` turns
    changes at those paths into replacements (it can only act on changed keys or a detailed diff)."""
    if diff.changes is DiffChanges.UNKNOWN:
        paths = diff_paths(old_inputs, new_inputs)
        if paths:
            keys = changed_keys(old_inputs, new_inputs)
            diff = replace(
                diff,
                changes=DiffChanges.SOME,
                changed_keys=tuple(c.path for c in keys),
                detailed_diff={change.path: str(change.kind) for change in paths},
            )
        else:
            diff = replace(diff, changes=DiffChanges.NONE)
    if diff.changes is not DiffChanges.SOME or not replace_on_changes:
        return diff
    patterns = [_parse(p) for p in replace_on_changes]
    detailed: dict[str, str] | None = None
    if diff.detailed_diff is not None:
        detailed = {}
        for path, kind in diff.detailed_diff.items():
            replaced = not kind.endswith("-replace") and any(_contains(p, _parse(path)) for p in patterns)
            detailed[path] = f"{kind}-replace" if replaced else kind
    replaces = list(diff.replaces)
    for key in diff.changed_keys:
        if key not in replaces and any(_contains(p, _parse(key)) for p in patterns):
            replaces.append(key)
    return replace(diff, replaces=tuple(replaces), detailed_diff=detailed)


def _parse(path: str) -> list[str | int]:
    try:
        return list(parse_path(path))
    except PropertyPathError:
        return [path]


def _contains(pattern: list[str | int], path: list[str | int]) -> bool:
    """`PropertyPath.Contains`: `path` is at or under `pattern` (`*` matches any key)."""
    if len(path) < len(pattern):
        return False
    return all(p == "*" or p == q for p, q in zip(pattern, path, strict=False))


def show_diff(
    report: ResourceReport, diff: DiffResult | None, olds: Mapping[str, Any], news: Mapping[str, Any]
) -> None:
    """The keys and paths the display shows as changed: the provider's detailed diff when it sent one, its
    changed keys when it sent those, else the engine's comparison of `olds` and `news` (`__provider` left
    out)."""
    if diff is not None and diff.detailed_diff:
        report.detailed_diff = dict(diff.detailed_diff)
        report.changed_paths = [
            PathChange(path, _KIND_CHANGE.get(kind, "update"))
            for path, kind in sorted(diff.detailed_diff.items())
        ]
        tops = sorted({format_path(_parse(path)[:1]) for path in diff.detailed_diff})
        report.changed_keys = [PathChange(key, "update") for key in tops]
        return
    if diff is not None and diff.changed_keys:
        report.changed_keys = [PathChange(key, "update") for key in diff.changed_keys]
        report.changed_paths = []
        return
    report.changed_keys = changed_keys(olds, news, ignore_keys=INTERNAL_KEYS)
    report.changed_paths = diff_paths(olds, news, ignore_keys=INTERNAL_KEYS)


def delete_schedule(condemned: list[ResourceState]) -> list[list[ResourceState]]:
    """The engine's `ScheduleDeletes`: antichains, dependents (including the resources a provider manages)
    before what they depend on."""
    remaining = list(condemned)
    rounds: list[list[ResourceState]] = []
    while remaining:
        urns = {r.urn for r in remaining}
        layer = [r for r in remaining if not (r.all_dependencies() - {r.urn}) & urns] or remaining
        rounds.append(layer)
        remaining = [r for r in remaining if all(r is not x for x in layer)]
    rounds.reverse()
    return rounds
