"""How sinch-rcs-pulumi is installed: ``provider``, ``schemas``, ``sinch_provisioning`` and
``sinch_conversation`` side by side.

Pulumi runs a Python program, and its dynamic provider plugin (``python -m pulumi.dynamic``), with the
program's folder first on ``sys.path``. A ``schemas`` (or ``sinch_provisioning``, ``sinch_conversation``)
package or module of the
user's own in that folder therefore hides ours, and the plugin would fail deep inside with an
``AttributeError`` or ``ImportError`` about a name that has nothing to do with the user's code.
``provider/__init__.py`` calls :func:`check_layout` before anything imports either package, so the user gets
one error that names both paths and the fix instead.

A top-level ``provider`` of the user's own cannot be detected here (then this code never runs);
docs/troubleshooting.md describes what that looks like.
"""

from __future__ import annotations

import importlib.util
import os
import runpy
import sys
from pathlib import Path
from typing import Final

# Every top-level package `provider` imports, except itself, in the order they are checked.
SIBLINGS: Final = ("sinch_provisioning", "sinch_conversation", "schemas")
_ROOT: Final = Path(__file__).resolve().parent.parent


class ShadowedPackageError(ImportError):
    """A ``schemas``, ``sinch_provisioning`` or ``sinch_conversation`` that is not ours would be imported
    instead of ours."""


def check_layout() -> None:
    """Raise :class:`ShadowedPackageError` unless each of :data:`SIBLINGS` resolves to our own copy."""
    for name in SIBLINGS:
        ours = _ROOT / name / "__init__.py"
        found = _origin(name)
        if found is None or not _same_file(found, ours):
            message = shadowed_message(name, found, ours)
            raise ShadowedPackageError(message, name=name, path=str(found or ours))


def _origin(name: str) -> Path | None:
    """The file Python imports (or imported) for the top-level module ``name``; None if there is none."""
    module = sys.modules.get(name)
    if module is not None:
        file = getattr(module, "__file__", None)
        return Path(file) if file else None
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.has_location or spec.origin is None:
        return None  # missing, or only a namespace package (a folder without __init__.py): ours is not there
    return Path(spec.origin)


def _same_file(found: Path, ours: Path) -> bool:
    try:
        return os.path.samefile(found, ours)
    except OSError:
        return found.resolve() == ours.resolve()


def _version() -> str:
    try:
        return str(runpy.run_path(str(_ROOT / "sinch_provisioning" / "version.py"))["VERSION"])
    except (OSError, KeyError):
        return "(version unknown)"


def shadowed_message(name: str, found: Path | None, ours: Path) -> str:
    """The error text for `name` found at `found` (None: not found at all) where `ours` was expected."""
    head = f"sinch-rcs-pulumi {_version()} cannot be imported: "
    if found is None:
        return (
            f"{head}its package `{name}` is missing (expected {ours}). Reinstall it: "
            "pip install --force-reinstall sinch-rcs-pulumi (or the URL you installed it from)."
        )
    where = found.parent.parent if found.name == "__init__.py" else found.parent
    return (
        f"{head}the `{name}` that Python finds first is not the one installed with it.\n"
        f"  imported: {found} (first on sys.path, in {where})\n"
        f"  ours:     {ours}\n"
        "Pulumi runs your program and the provider plugin with the program's folder first on sys.path, "
        f"so a `{name}` package or module there hides ours. Rename yours (for example to `my_{name}`: one "
        f"Python process cannot hold two top-level packages named `{name}`), or, if your Pulumi program "
        "does not use it, move the program into a subfolder and point `main:` in Pulumi.yaml at that folder."
    )
