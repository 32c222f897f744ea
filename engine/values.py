"""Property values as the Pulumi engine holds them, and their wire form (`google.protobuf.Struct`).

Engine values are plain JSON-like Python data (dict, list, str, float/int, bool, None) plus two markers:
`UNKNOWN` (a computed value, only during preview) and `Secret(value)` (a value the engine encrypts in state).

On the wire (`pkg/resource/plugin/rpc.go` MarshalProperties), an unknown is the sentinel string
`04da6b54-...` when unknowns are kept, and the property is left out otherwise; a secret is the signature
object `{"4dab...": "1b47...", "value": ...}` when the receiver accepts secrets, and the bare value otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from google.protobuf import struct_pb2

UNKNOWN_SENTINEL: Final = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
SIG_KEY: Final = "4dabf18193072939515e22adb298388d"
SECRET_SIG: Final = "1b47061264138c4ac30d75fd1eb44270"

PropertyMap = dict[str, Any]


class Unknown:
    """The engine's computed value: known only after the resource it comes from is created."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = Unknown()


@dataclass(frozen=True)
class Secret:
    """A value the engine treats as secret. Its repr never shows the value."""

    value: Any

    def __repr__(self) -> str:
        return "Secret([secret])"


def copy_value(value: Any) -> Any:
    """A deep copy of an engine value (dicts, lists, ``Secret``; the rest is immutable): what
    ``copy.deepcopy`` gives, at a fraction of its cost (state is copied at every operation)."""
    if isinstance(value, dict):
        return {key: copy_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_value(item) for item in value]
    if isinstance(value, Secret):
        return Secret(copy_value(value.value))
    return value


class _Omit:
    """Marks a value the wire form leaves out (an unknown when unknowns are not kept)."""


_OMIT: Final = _Omit()


def make_secret(value: Any) -> Any:
    """Wrap `value` as a secret (never twice)."""
    return value if isinstance(value, Secret) else Secret(value)


def reveal(value: Any) -> Any:
    """`value` with every secret replaced by its plain content (deep)."""
    if isinstance(value, Secret):
        return reveal(value.value)
    if isinstance(value, dict):
        return {k: reveal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [reveal(v) for v in value]
    return value


def reveal_map(props: Mapping[str, Any]) -> PropertyMap:
    return {k: reveal(v) for k, v in props.items()}


def contains_secrets(value: Any) -> bool:
    if isinstance(value, Secret):
        return True
    if isinstance(value, dict):
        return any(contains_secrets(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_secrets(v) for v in value)
    return False


def contains_unknowns(value: Any) -> bool:
    """Whether `value` (a property map, or any value) holds an `UNKNOWN` anywhere."""
    if value is UNKNOWN:
        return True
    if isinstance(value, Secret):
        return contains_unknowns(value.value)
    if isinstance(value, Mapping):
        return any(contains_unknowns(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(contains_unknowns(v) for v in value)
    return False


def annotate_secrets(outs: Mapping[str, Any], ins: Mapping[str, Any]) -> PropertyMap:
    """The engine's `annotateSecrets`: an output whose same-named input held a secret becomes secret.

    Objects are matched recursively, so only the secret part of an object is marked (as the engine does).
    """
    result = dict(outs)
    for key, in_value in ins.items():
        if key not in result:
            continue
        out_value = result[key]
        if isinstance(out_value, dict) and isinstance(in_value, dict):
            result[key] = annotate_secrets(out_value, in_value)
        elif not isinstance(out_value, Secret) and contains_secrets(in_value):
            result[key] = Secret(out_value)
    return result


def mark_secret_outputs(outs: Mapping[str, Any], names: tuple[str, ...] | list[str]) -> PropertyMap:
    """Apply `additional_secret_outputs`: the named outputs become secret (names not present are skipped)."""
    return {key: make_secret(value) if key in names else value for key, value in outs.items()}


def to_wire(value: Any, *, keep_unknowns: bool, keep_secrets: bool) -> Any:
    """The JSON form of an engine value (or `_OMIT`)."""
    if value is UNKNOWN:
        return UNKNOWN_SENTINEL if keep_unknowns else _OMIT
    if isinstance(value, Secret):
        inner = to_wire(value.value, keep_unknowns=keep_unknowns, keep_secrets=keep_secrets)
        if inner is _OMIT:
            return _OMIT
        return {SIG_KEY: SECRET_SIG, "value": inner} if keep_secrets else inner
    if isinstance(value, dict):
        wired = {
            k: to_wire(v, keep_unknowns=keep_unknowns, keep_secrets=keep_secrets) for k, v in value.items()
        }
        return {k: v for k, v in wired.items() if v is not _OMIT}
    if isinstance(value, (list, tuple)):
        items = [to_wire(v, keep_unknowns=keep_unknowns, keep_secrets=keep_secrets) for v in value]
        return [None if v is _OMIT else v for v in items]
    return value


def to_struct(props: Mapping[str, Any], *, keep_unknowns: bool, keep_secrets: bool) -> Any:
    """A `google.protobuf.Struct` for `props`, marshalled as the engine marshals it."""
    wired = to_wire(dict(props), keep_unknowns=keep_unknowns, keep_secrets=keep_secrets)
    struct = struct_pb2.Struct()
    struct.update(wired)
    return struct


def _number(value: float) -> float | int:
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def from_wire(value: Any) -> Any:
    """An engine value from its JSON form."""
    if isinstance(value, str):
        return UNKNOWN if value == UNKNOWN_SENTINEL else value
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, dict):
        if value.get(SIG_KEY) == SECRET_SIG:
            return make_secret(from_wire(value.get("value")))
        return {k: from_wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_wire(v) for v in value]
    return value


def _struct_value_to_python(value: Any) -> Any:
    kind = value.WhichOneof("kind")
    if kind == "struct_value":
        return struct_to_python(value.struct_value)
    if kind == "list_value":
        return [_struct_value_to_python(v) for v in value.list_value.values]
    if kind == "string_value":
        return value.string_value
    if kind == "number_value":
        return value.number_value
    if kind == "bool_value":
        return value.bool_value
    return None


def struct_to_python(struct: Any) -> dict[str, Any]:
    """The plain JSON form of a `Struct` (no interpretation of sentinels)."""
    return {key: _struct_value_to_python(v) for key, v in struct.fields.items()}


def from_struct(struct: Any) -> PropertyMap:
    """Engine values from a `Struct` received from a plugin or the program."""
    result = from_wire(struct_to_python(struct))
    assert isinstance(result, dict)
    return result
