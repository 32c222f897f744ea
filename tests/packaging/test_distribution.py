"""What the sdist and the wheel hold, and what the wheel's metadata declares."""

from __future__ import annotations

import email
import tarfile
import zipfile
from email.message import Message
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from sinch_provisioning.version import VERSION
from tests.packaging.support import DISTRIBUTION, REPO_ROOT, Distributions, pyproject

PRODUCT = ("provider", "schemas", "sinch_provisioning", "sinch_conversation", "pulumi_sinch", "emulator")
NEVER_SHIPPED = ("tests", "engine", "bench", "demo", "docs", "spec", "template")


def wheel_names(distributions: Distributions) -> list[str]:
    with zipfile.ZipFile(distributions.wheel) as wheel:
        return wheel.namelist()


def wheel_metadata(distributions: Distributions) -> Message:
    with zipfile.ZipFile(distributions.wheel) as wheel:
        [name] = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(wheel.read(name))


def normalized(line: str) -> tuple[str, str, str]:
    requirement = Requirement(line)
    return canonicalize_name(requirement.name), str(requirement.specifier), str(requirement.marker or "")


def source_files(package: str) -> set[str]:
    root = REPO_ROOT / package
    return {
        str(path.relative_to(REPO_ROOT))
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.name != "README.md"
    }


def test_the_wheel_holds_the_product_packages_whole_and_nothing_else(distributions: Distributions) -> None:
    names = wheel_names(distributions)
    top_level = {name.split("/")[0] for name in names}

    assert top_level == {*PRODUCT, f"sinch_rcs_pulumi-{VERSION}.dist-info"}
    assert not top_level & set(NEVER_SHIPPED)
    for package in PRODUCT:
        assert source_files(package) <= set(names), package
    typed = {"provider", "schemas", "sinch_provisioning", "sinch_conversation", "pulumi_sinch"}
    assert {f"{package}/py.typed" for package in typed} <= set(names)
    assert "provider/sender_provider.py" in names  # the frozen class path of every existing stack
    # The native plugin's folder ships inside the package (`python -m provider.native plugin-dir` finds it).
    assert {"provider/native/plugin/PulumiPlugin.yaml", "provider/native/plugin/__main__.py"} <= set(names)


def test_the_emulator_carries_every_spec_document_unchanged(distributions: Distributions) -> None:
    with zipfile.ZipFile(distributions.wheel) as wheel:
        packaged = {
            Path(name).name: wheel.read(name)
            for name in wheel.namelist()
            if name.startswith("emulator/openapi/")
        }
    spec = [path for path in (REPO_ROOT / "spec").iterdir() if path.is_file()]
    in_repository = {path.name: path.read_bytes() for path in spec}

    assert packaged == in_repository
    assert "rcs-provisioning.openapi.yaml" in packaged


def test_the_metadata_has_the_one_version_the_python_floor_and_the_declared_ranges(
    distributions: Distributions,
) -> None:
    metadata = wheel_metadata(distributions)
    project = pyproject()["project"]

    assert metadata["Name"] == DISTRIBUTION
    assert metadata["Version"] == VERSION
    assert metadata["Requires-Python"] == ">=3.11"
    declared = {normalized(line) for line in metadata.get_all("Requires-Dist") or []}
    expected = {normalized(line) for line in project["dependencies"]}
    expected |= {
        normalized(f'{line}; extra == "{extra}"')
        for extra, lines in project["optional-dependencies"].items()
        for line in lines
    }
    assert declared == expected
    assert metadata.get_all("Provides-Extra") == ["emulator"]
    for line in project["dependencies"]:
        assert Requirement(line).specifier, f"{line}: a range, not an open requirement"
        assert "==" not in line, f"{line}: exact pins belong in requirements.txt"


def test_the_sdist_holds_the_sources_the_docs_and_no_tests(distributions: Distributions) -> None:
    with tarfile.open(distributions.sdist) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    top_level = {name.split("/")[0] for name in names}

    assert {*PRODUCT, "spec", "README.md", "pyproject.toml"} <= top_level
    assert not top_level & {"tests", "engine", "bench", "demo", "template", ".ci"}
    # The wheel in `distributions` was built from this sdist (`python -m build`), so it is complete.
