"""The declared dependencies are what the code imports, and requirements.txt is a tested point in them.

pyproject.toml declares compatible ranges; requirements.txt pins the exact set CI runs. A module the code
starts importing without declaring it would work here (it is installed for the tests) and fail for a user:
these tests name it. When the emulator changes what it depends on, its extra must change with it.
"""

from __future__ import annotations

import ast
import sys
from importlib.metadata import packages_distributions, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.packaging.support import REPO_ROOT, pyproject

FIRST_PARTY = {"provider", "schemas", "sinch_provisioning", "sinch_conversation", "pulumi_sinch", "emulator"}
PROVIDER_PACKAGES = ("provider", "schemas", "sinch_provisioning", "sinch_conversation", "pulumi_sinch")


def imported_modules(package: str) -> dict[str, str]:
    """Top-level modules that `package`'s code imports, outside the standard library and our own packages,
    each with one place that imports it."""
    found: dict[str, str] = {}
    for path in sorted((REPO_ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.partition(".")[0]
                if top not in sys.stdlib_module_names and top not in FIRST_PARTY and top != "__future__":
                    found.setdefault(top, f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    return found


def distributions_of(modules: dict[str, str]) -> dict[str, str]:
    """Distribution (canonical name) -> where the code imports one of its modules."""
    owners = packages_distributions()
    result: dict[str, str] = {}
    for module, where in modules.items():
        assert module in owners, f"{where}: no installed distribution provides {module!r}"
        for owner in owners[module]:
            result.setdefault(canonicalize_name(owner), where)
    return result


def requirements(lines: list[str]) -> dict[str, Requirement]:
    return {canonicalize_name(requirement.name): requirement for requirement in map(Requirement, lines)}


def runtime() -> dict[str, Requirement]:
    return requirements(pyproject()["project"]["dependencies"])


def emulator_extra() -> dict[str, Requirement]:
    return requirements(pyproject()["project"]["optional-dependencies"]["emulator"])


def pins(path: Path) -> dict[str, str]:
    """`name==version` lines of a requirements file (options and comments skipped)."""
    result: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.partition("#")[0].strip()
        if line and not line.startswith("-"):
            name, _, pinned = line.partition("==")
            assert pinned, f"{path.name}: {line!r} is not an exact pin"
            result[canonicalize_name(name)] = pinned
    return result


def test_the_provider_imports_exactly_its_declared_dependencies() -> None:
    imported: dict[str, str] = {}
    for package in PROVIDER_PACKAGES:
        imported |= distributions_of(imported_modules(package))

    undeclared = {name: where for name, where in imported.items() if name not in runtime()}
    assert undeclared == {}, "imported but not in [project] dependencies"
    assert set(runtime()) - set(imported) == set(), "declared but never imported"


def test_the_emulator_imports_exactly_the_runtime_and_its_extra() -> None:
    imported = distributions_of(imported_modules("emulator"))
    declared = {**runtime(), **emulator_extra()}

    undeclared = {name: where for name, where in imported.items() if name not in declared}
    assert undeclared == {}, "imported by emulator/ but not in the `emulator` extra"
    assert set(emulator_extra()) - set(imported) == set(), "in the `emulator` extra but never imported"


def test_requirements_txt_pins_each_runtime_dependency_within_its_range() -> None:
    pinned = pins(REPO_ROOT / "requirements.txt")

    assert set(pinned) == set(runtime())
    for name, requirement in runtime().items():
        assert requirement.specifier.contains(pinned[name]), f"requirements.txt {name}=={pinned[name]}"


@pytest.mark.parametrize("name", sorted(emulator_extra()))
def test_the_tested_emulator_dependencies_are_within_the_extras_ranges(name: str) -> None:
    """The versions installed here (requirements-dev.txt and what it pulls in) are the ones CI tests."""
    assert emulator_extra()[name].specifier.contains(version(name))
