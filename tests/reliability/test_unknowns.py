"""Unknown inputs during preview: every field of a full sender unknown in turn, for a new and an existing
sender. No crash, no HTTP, and a sensible plan: a new sender is a create; for an existing one an unknown
counts as a change, an unknown ``senderId`` means a replacement, and an unknown ``region``,
``billingCategory`` or ``useCase`` is an update (a replacement needs ``allow_replacement``; `up` refuses it
once the value is known and changed).

The unknowns are real ones: each value is ``other.state.apply(lambda _: value)`` where ``other`` is a
sender the same preview creates, so the SDK marshals it as the engine's unknown (at any depth).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any, Final

import pulumi
import pytest

from provider.rcs_senders.properties import TABLE
from tests.reliability.stack import (
    Declaration,
    Program,
    Stack,
    full_declaration,
    minimal_declaration,
    python_arguments,
    senders_program,
)
from tests.reliability.support import clear_error_problems

pytestmark = pytest.mark.slow

Path = tuple[str | int, ...]
SOURCE: Final = "unknown-source"
SOME_SENDER_ID: Final = "7f0c2d4e-1b3a-4c5d-8e9f-0a1b2c3d4e5f"


def paths(value: Any, prefix: Path = ()) -> Iterator[Path]:
    """Every path inside ``value`` (containers and leaves), parents before children."""
    if prefix:
        yield prefix
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*prefix, index))


def render(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def with_value_at(container: Any, path: Path, value: Any) -> Any:
    """A copy of ``container`` with ``value`` at ``path`` (a non-empty path)."""
    head, *rest = path
    copied = copy.copy(container)
    copied[head] = value if not rest else with_value_at(container[head], tuple(rest), value)
    return copied


def unknown_field_cases() -> dict[str, tuple[Declaration, Path]]:
    """Resource name -> (its full declaration, the path that is unknown in preview)."""
    cases: dict[str, tuple[Declaration, Path]] = {}
    base = full_declaration(0)
    for index, path in enumerate([*paths(base), ("senderId",)]):
        cases[f"unknown-{index:02d}"] = (full_declaration(index), path)
    return cases


def unknown_program(cases: Mapping[str, tuple[Declaration, Path]]) -> Program:
    """A new ``SOURCE`` sender, and each case's sender with its path's value depending on ``SOURCE``."""
    from provider.rcs_senders.resource import RcsSender

    def program() -> None:
        source = RcsSender(SOURCE, **python_arguments(minimal_declaration()))

        def later(value: Any) -> pulumi.Output[Any]:
            return source.state.apply(lambda _state: value)

        for name, (declaration, path) in cases.items():
            arguments = python_arguments(declaration)
            key, *inner = path
            assert isinstance(key, str)
            known = declaration.get(key, SOME_SENDER_ID if key == "senderId" else None)
            argument = TABLE.inputs[key]
            if inner:
                arguments[argument] = with_value_at(
                    known, tuple(inner), later(_value_at(known, tuple(inner)))
                )
            else:
                arguments[argument] = later(known)
            RcsSender(name, **arguments)

    return program


def _value_at(container: Any, path: Path) -> Any:
    for part in path:
        container = container[part]
    return container


def test_every_field_unknown_in_turn_previews_a_create_for_a_new_sender(stack: Stack) -> None:
    cases = unknown_field_cases()
    stack.server.reset_stats()

    report = stack.engine.preview(unknown_program(cases))

    assert report.ok, report.summary() + "\n" + report.errors_text()
    assert {name: report.resource(name).op for name in cases} == dict.fromkeys(cases, "create")
    assert stack.server.stats()["api_requests"] == 0


def test_every_field_unknown_in_turn_is_a_change_of_an_existing_sender(stack: Stack) -> None:
    cases = unknown_field_cases()
    stack.engine.up(
        senders_program({name: declaration for name, (declaration, _) in cases.items()}), check=True
    )
    stack.server.reset_stats()

    report = stack.engine.preview(unknown_program(cases))

    assert report.ok, report.summary() + "\n" + report.errors_text()
    expected: dict[str, tuple[str, list[str]]] = {}
    seen: dict[str, tuple[str, list[str]]] = {}
    for name, (_declaration, path) in cases.items():
        key = str(path[0])
        # A creation-only field replaces the sender only with allow_replacement (these do not opt in):
        # unknown, it is an update that `up` refuses if the value turns out changed. A new senderId
        # adopts another sender: a replacement.
        replaced = key == "senderId"
        expected[name] = ("replace", [key]) if replaced else ("update", [])
        resource = report.resource(name)
        seen[name] = (resource.op, list(resource.replaces))
    mismatched = {
        f"{name} ({render(cases[name][1])})": (seen[name], want)
        for name, want in expected.items()
        if seen[name] != want
    }
    assert not mismatched, mismatched
    assert stack.server.stats()["api_requests"] == 0


def test_unknowns_for_a_launched_sender_never_crash_the_preview(stack: Stack) -> None:
    launched = {**full_declaration(7), "launch": True}
    stack.engine.up(senders_program({"launched": launched}), check=True)
    cases = {"launched": (launched, ("countries", 0))}

    countries = stack.engine.preview(unknown_program(cases))

    assert countries.ok, countries.summary() + "\n" + countries.errors_text()
    assert countries.resource("launched").op == "update"

    brand = stack.engine.preview(unknown_program({"launched": (launched, ("brand", "name"))}))

    resource = brand.resource("launched")
    if resource.error is not None:  # refusing a possible change after launch is allowed, crashing is not
        assert not clear_error_problems(resource), clear_error_problems(resource)
    else:
        assert resource.op == "update"
