"""The packages' own documentation: each example runs as written (every name it uses is imported)."""

from __future__ import annotations

import ast
import builtins
import textwrap
from types import ModuleType

import pytest

import sinch_conversation
import sinch_provisioning

# What the examples leave to the reader: the project and its access key (and a channel credential).
GIVEN = {"project_id", "key_id", "key_secret"}


def example(doc: str) -> str:
    """The first literal block (after ``::``) of a docstring."""
    _, _, rest = doc.partition("::\n")
    lines: list[str] = []
    for line in rest.splitlines()[1:]:
        if line and not line.startswith(" "):
            break
        lines.append(line)
    return textwrap.dedent("\n".join(lines))


def unbound_names(code: str) -> set[str]:
    """Names the code reads that it neither imports nor assigns (nor are built in)."""
    tree = ast.parse(code)
    bound = set(dir(builtins))
    read: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            bound |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, ast.Store) else read).add(node.id)
    return read - bound


@pytest.mark.parametrize(
    ("module", "given"),
    [(sinch_provisioning, GIVEN), (sinch_conversation, {*GIVEN, "rcs_credential"})],
    ids=["sinch_provisioning", "sinch_conversation"],
)
def test_the_example_imports_what_it_uses(module: ModuleType, given: set[str]) -> None:
    code = example(module.__doc__ or "")
    assert "Connection.from_access_key" in code
    assert unbound_names(code) == given
