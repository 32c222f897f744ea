"""Pulumi.yaml (the example program) and template/Pulumi.yaml, checked against Pulumi's own schema.

`pulumi-project.schema.json` beside this file is Pulumi's project-file JSON schema, copied byte for byte
from pulumi/pulumi at tag v3.259.0, `sdk/go/common/workspace/project.json` (git blob
71846eef618fe494532a833b344ec901053843f8, unchanged since v3.255.0; Apache License 2.0). The CLI embeds that
file and validates every Pulumi.yaml it loads against it (`ValidateProject` in
`sdk/go/common/workspace/project.go`). To update it, copy a newer release's file and its blob id here.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from packaging.requirements import Requirement

from provider.settings import ALL_SETTINGS
from sinch_provisioning.version import VERSION
from tests.packaging.support import (
    DISTRIBUTION,
    REPO_ROOT,
    TEMPLATE_DIR,
    pulumi_new,
    pyproject,
    repository_url,
    versions_named,
)

SCHEMA_FILE = Path(__file__).with_name("pulumi-project.schema.json")
SCHEMA_BLOB = "71846eef618fe494532a833b344ec901053843f8"
PROJECT_FILES = {"example program": REPO_ROOT / "Pulumi.yaml", "template": TEMPLATE_DIR / "Pulumi.yaml"}
TEMPLATE_FILES = {".gitignore", "Pulumi.yaml", "__main__.py", "requirements.txt"}


def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


def validation_errors(project: Any) -> list[str]:
    validator = Draft202012Validator(schema())
    return [
        f"{'.'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in validator.iter_errors(project)
    ]


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_the_schema_is_pulumis_own_file_byte_for_byte() -> None:
    content = SCHEMA_FILE.read_bytes()
    blob = hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()
    assert blob == SCHEMA_BLOB
    Draft202012Validator.check_schema(schema())


def test_the_schema_catches_what_it_should() -> None:
    """The check can fail: a wrong refresh option and a misspelt template key are both refused."""
    assert validation_errors({"name": "p", "runtime": "python", "options": {"refresh": "yes"}})
    assert validation_errors({"name": "p", "runtime": "python", "template": {"descripton": "x"}})
    assert validation_errors({"runtime": "python"})  # no name


@pytest.mark.parametrize("path", PROJECT_FILES.values(), ids=PROJECT_FILES.keys())
def test_the_project_file_is_valid_for_pulumi(path: Path) -> None:
    project = load(path)

    assert validation_errors(project) == []
    # The schema lets unknown top-level keys through (Pulumi ignores them): a misspelt `option:` would do
    # nothing, silently. Every key must be one Pulumi knows.
    assert set(project) <= set(schema()["properties"])


@pytest.mark.parametrize("path", PROJECT_FILES.values(), ids=PROJECT_FILES.keys())
def test_every_preview_and_update_refreshes_first(path: Path) -> None:
    assert load(path)["options"] == {"refresh": "always"}


@pytest.mark.parametrize("path", PROJECT_FILES.values(), ids=PROJECT_FILES.keys())
def test_the_program_runs_in_its_own_virtualenv_installed_by_pip(path: Path) -> None:
    runtime = load(path)["runtime"]
    assert runtime["name"] == "python"
    assert runtime["options"]["toolchain"] == "pip"
    assert runtime["options"]["virtualenv"]


def test_the_template_prompts_for_each_required_setting_and_keeps_the_secret_secret() -> None:
    prompts = load(TEMPLATE_DIR / "Pulumi.yaml")["template"]["config"]

    required = {setting.config_key: setting for setting in ALL_SETTINGS if setting.required}
    assert set(prompts) == set(required) == {"sinch:projectId", "sinch:keyId", "sinch:keySecret"}
    for key, prompt in prompts.items():
        assert prompt["description"], key
        assert prompt.get("secret", False) is required[key].secret, key
    assert prompts["sinch:keySecret"]["secret"] is True


def test_the_template_is_only_the_files_a_new_project_needs() -> None:
    """`pulumi new` copies every file of the folder into the user's project."""
    files = {
        str(path.relative_to(TEMPLATE_DIR))
        for path in TEMPLATE_DIR.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and "venv" not in path.parts
    }
    assert files == TEMPLATE_FILES


def test_the_template_installs_this_version_of_the_package_from_the_repository_and_pulumi() -> None:
    lines = (TEMPLATE_DIR / "requirements.txt").read_text(encoding="utf-8").splitlines()
    requirements = {Requirement(line).name: Requirement(line) for line in lines}
    [pulumi] = [line for line in pyproject()["project"]["dependencies"] if Requirement(line).name == "pulumi"]

    assert set(requirements) == {"pulumi", DISTRIBUTION}
    assert requirements[DISTRIBUTION].url == f"git+{repository_url()}@v{VERSION}"
    # The program imports pulumi itself, so it names it, in the range the package needs.
    assert requirements["pulumi"].specifier == Requirement(pulumi).specifier


@pytest.mark.parametrize("name", sorted(TEMPLATE_FILES))
def test_every_version_and_repository_link_in_the_template_is_this_one(name: str) -> None:
    text = (TEMPLATE_DIR / name).read_text(encoding="utf-8")

    assert versions_named(text) <= {VERSION}
    for link in [word for word in text.split() if "github.com" in word]:
        assert link.removeprefix("git+").startswith(repository_url()), link
        assert "/tree/main" not in link  # the docs of the version it installs, not of whatever is newest


def test_what_pulumi_new_lays_down_is_a_valid_project(tmp_path: Path) -> None:
    project = pulumi_new(TEMPLATE_DIR, tmp_path, name="acme-rcs", description="Acme's RCS senders: prod")

    data = load(project / "Pulumi.yaml")
    assert validation_errors(data) == []
    assert data["name"] == "acme-rcs"
    assert data["description"] == "Acme's RCS senders: prod"
    assert "template" not in data
    assert sorted(path.name for path in project.iterdir()) == sorted(TEMPLATE_FILES)
    compile((project / "__main__.py").read_text(encoding="utf-8"), "__main__.py", "exec")
