"""`provider`'s layout check: a `schemas` or `sinch_provisioning` of the user's own gets one clear error.

In-process cases put a decoy first on `sys.path` (as Pulumi puts the program's folder) and call the check;
one subprocess case imports `provider` from a folder holding a decoy, the way a program and the plugin do.
The installed-wheel version of the same runs in test_installed_wheel.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from provider.layout import SIBLINGS, ShadowedPackageError, check_layout
from sinch_provisioning.version import VERSION

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def decoy_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder first on sys.path, with the real packages forgotten so that Python looks them up again."""
    folder = tmp_path / "my-infra"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    for name in SIBLINGS:
        monkeypatch.delitem(sys.modules, name)
    return folder


def test_our_own_layout_passes() -> None:
    check_layout()


@pytest.mark.parametrize("name", SIBLINGS)
def test_a_package_of_the_same_name_in_the_program_folder_is_named_with_both_paths_and_the_fix(
    name: str, decoy_folder: Path
) -> None:
    (decoy_folder / name).mkdir()
    (decoy_folder / name / "__init__.py").write_text("")

    with pytest.raises(ShadowedPackageError) as raised:
        check_layout()

    message = str(raised.value)
    assert message.startswith(f"sinch-rcs-pulumi {VERSION} cannot be imported: the `{name}` that Python")
    imported = decoy_folder / name / "__init__.py"
    assert f"  imported: {imported} (first on sys.path, in {decoy_folder})\n" in message
    assert f"  ours:     {REPO_ROOT / name / '__init__.py'}\n" in message
    assert f"Rename yours (for example to `my_{name}`" in message
    assert "point `main:` in Pulumi.yaml at that folder" in message
    assert isinstance(raised.value, ImportError)
    assert raised.value.name == name


def test_a_module_file_shadows_too(decoy_folder: Path) -> None:
    (decoy_folder / "schemas.py").write_text("")

    with pytest.raises(ShadowedPackageError, match=r"imported: .*/my-infra/schemas\.py "):
        check_layout()


def test_a_folder_without_init_does_not_shadow_a_regular_package(decoy_folder: Path) -> None:
    (decoy_folder / "schemas").mkdir()  # a namespace portion: Python keeps looking and finds ours

    check_layout()


def test_a_schemas_the_program_imported_before_ours_is_found_in_sys_modules(
    decoy_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (decoy_folder / "schemas").mkdir()
    (decoy_folder / "schemas" / "__init__.py").write_text("")
    import schemas  # the user's, imported first by their own program

    assert Path(schemas.__file__ or "").parent == decoy_folder / "schemas"
    monkeypatch.setattr(sys, "path", [entry for entry in sys.path if entry != str(decoy_folder)])

    with pytest.raises(ShadowedPackageError, match="the `schemas` that Python finds first"):
        check_layout()


def test_a_missing_package_asks_for_a_reinstall(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.setattr(sys, "path", [str(site)])
    monkeypatch.delitem(sys.modules, "schemas")

    with pytest.raises(ShadowedPackageError, match=r"its package `schemas` is missing .* Reinstall it"):
        check_layout()


def test_importing_provider_from_a_folder_with_a_decoy_fails_with_the_message_not_deep_inside(
    tmp_path: Path,
) -> None:
    """What `from provider import RcsSender` in a program, or the plugin unpickling the provider, meets."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "__init__.py").write_text("SenderSchema = None  # the user's own\n")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PYTHONPATH"] = str(REPO_ROOT)  # after the folder itself, which `-c` puts first

    result = subprocess.run(
        [sys.executable, "-c", "import provider.sender_provider"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    last = result.stderr.strip().splitlines()
    assert any(line.startswith("provider.layout.ShadowedPackageError: sinch-rcs-pulumi") for line in last)
    assert f"imported: {tmp_path / 'schemas' / '__init__.py'}" in result.stderr
    assert "AttributeError" not in result.stderr
