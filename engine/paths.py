"""Property paths (`brand.emails[1].address`): `ignore_changes` and the changed keys and paths a diff shows.

Paths are dotted keys and `[index]` list elements, as in Pulumi's `resource.ParsePropertyPath` (its
quoted form `["odd.key"]` is only rendered, for keys that are not identifiers, never parsed).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from engine.values import UNKNOWN, Secret, reveal

PathPart = str | int
ChangeKind = Literal["add", "update", "delete"]

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]*")
_TOKEN = re.compile(r"\.?([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]")
_MISSING = object()


class PropertyPathError(ValueError):
    """A property path that cannot be parsed or applied."""


def parse_path(path: str) -> list[PathPart]:
    parts: list[PathPart] = []
    position = 0
    while position < len(path):
        match = _TOKEN.match(path, position)
        if match is None or (position == 0 and path.startswith(".")):
            raise PropertyPathError(f"invalid property path {path!r} at offset {position}")
        name, index = match.groups()
        parts.append(name if name is not None else int(index))
        position = match.end()
    if not parts:
        raise PropertyPathError("empty property path")
    return parts


def format_path(parts: list[PathPart]) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _IDENTIFIER.fullmatch(part):
            text += f".{part}" if text else part
        else:
            text += '["' + part.replace("\\", "\\\\").replace('"', '\\"') + '"]'
    return text


def _child(container: Any, part: PathPart) -> Any:
    if isinstance(container, Secret):
        container = container.value
    if isinstance(part, int):
        ok = isinstance(container, list) and 0 <= part < len(container)
        return container[part] if ok else _MISSING
    return container.get(part, _MISSING) if isinstance(container, dict) else _MISSING


def _reset_path(dest: dict[str, Any], source: Mapping[str, Any], parts: list[PathPart]) -> bool:
    """Pulumi's `PropertyPath.Reset`: `dest` takes `source`'s value at `parts`, or loses it when `source`
    has none. False when a parent element of the path is missing from `dest`."""
    parent: Any = dest
    for part in parts[:-1]:
        parent = _child(parent, part)
        if parent is _MISSING:
            return False
    if isinstance(parent, Secret):
        parent = parent.value
    value: Any = source
    for part in parts:
        value = _child(value, part)
        if value is _MISSING:
            break
    last = parts[-1]
    if isinstance(last, int):
        if not isinstance(parent, list) or not 0 <= last < len(parent):
            return value is _MISSING
        if value is not _MISSING:
            parent[last] = copy.deepcopy(value)
        return True
    if not isinstance(parent, dict):
        return False
    if value is _MISSING:
        parent.pop(last, None)
    else:
        parent[last] = copy.deepcopy(value)
    return True


def apply_ignore_changes(
    news: Mapping[str, Any], olds: Mapping[str, Any], ignore_changes: tuple[str, ...]
) -> dict[str, Any]:
    """The engine's `processIgnoreChanges`: ignored paths take their old values."""
    result = copy.deepcopy(dict(news))
    invalid = [p for p in ignore_changes if not _reset_path(result, olds, parse_path(p))]
    if invalid:
        raise PropertyPathError(
            "cannot ignore changes to the following properties because one or more elements of the path "
            f"are missing: {', '.join(repr(p) for p in invalid)}"
        )
    return result


@dataclass(frozen=True)
class PathChange:
    path: str
    kind: ChangeKind

    def render(self) -> str:
        return {"add": "+", "update": "~", "delete": "-"}[self.kind] + self.path


def _equal(old: Any, new: Any) -> bool:
    if old is UNKNOWN or new is UNKNOWN:
        return False
    return bool(reveal(old) == reveal(new))


def _diff(old: Any, new: Any, prefix: list[PathPart], out: list[PathChange]) -> None:
    old_plain = old.value if isinstance(old, Secret) else old
    new_plain = new.value if isinstance(new, Secret) else new
    keys: list[PathPart] | None = None
    if isinstance(old_plain, dict) and isinstance(new_plain, dict):
        keys = sorted(set(old_plain) | set(new_plain))
    elif isinstance(old_plain, list) and isinstance(new_plain, list):
        keys = list(range(max(len(old_plain), len(new_plain))))
    if keys is None:
        if not _equal(old, new):
            out.append(PathChange(format_path(prefix), "update"))
        return
    for key in keys:
        old_child, new_child = _child(old_plain, key), _child(new_plain, key)
        path = format_path([*prefix, key])
        if new_child is _MISSING:
            out.append(PathChange(path, "delete"))
        elif old_child is _MISSING:
            out.append(PathChange(path, "add"))
        else:
            _diff(old_child, new_child, [*prefix, key], out)


def diff_paths(
    olds: Mapping[str, Any], news: Mapping[str, Any], *, ignore_keys: tuple[str, ...] = ()
) -> list[PathChange]:
    """Leaf-level changes from `olds` to `news` (unknown new values count as changes)."""
    out: list[PathChange] = []
    old_map = {k: v for k, v in olds.items() if k not in ignore_keys}
    new_map = {k: v for k, v in news.items() if k not in ignore_keys}
    _diff(old_map, new_map, [], out)
    return out


def changed_keys(
    olds: Mapping[str, Any], news: Mapping[str, Any], *, ignore_keys: tuple[str, ...] = ()
) -> list[PathChange]:
    """Top-level keys that differ between `olds` and `news`."""
    changes: list[PathChange] = []
    for key in sorted((set(olds) | set(news)) - set(ignore_keys)):
        if key not in news:
            changes.append(PathChange(format_path([key]), "delete"))
        elif key not in olds:
            changes.append(PathChange(format_path([key]), "add"))
        elif not _equal(olds[key], news[key]):
            changes.append(PathChange(format_path([key]), "update"))
    return changes
