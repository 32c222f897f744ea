"""README.md is one page for a newcomer, and the commands it shows are the real ones.

`make demo` itself runs from a clean copy in tests/program/test_demo.py, the install of the built wheel in
tests/packaging/test_installed_wheel.py, and the template in tests/packaging/test_pulumi_yaml.py; here:
the README names the commands those tests run, as the Makefile and CI define them.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from provider.settings import ALL_SETTINGS
from sinch_provisioning.version import VERSION
from tests.docs.markdown import DOCS, README, REPO_ROOT, blocks, headings, links, section, shown, slug, table
from tests.packaging.support import DISTRIBUTION, pyproject, repository_url

MAX_LINES = 150  # one page: what a newcomer reads before the first program


def shell_commands(text: str) -> list[str]:
    """The commands of the bash blocks in `text`, comments dropped."""
    commands: list[str] = []
    for block in blocks(README):
        if block.language == "bash" and block.code.strip() in text:
            commands += [line.partition("#")[0].strip() for line in block.code.splitlines()]
    return [command for command in commands if command]


def make_dry_run(target: str) -> list[str]:
    make = shutil.which("make")
    if make is None:
        pytest.skip("`make` is not installed")
    result = subprocess.run(
        [make, "--dry-run", "--no-print-directory", "-C", str(REPO_ROOT), target, f"DEMO_VENV={sys.prefix}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return [line.strip() for line in result.stdout.splitlines() if line.strip()]


def test_the_readme_fits_on_a_page_and_puts_the_limits_before_the_install() -> None:
    lines = README.read_text(encoding="utf-8").count("\n")
    titles = [title for level, title in headings(README) if level == 2]

    assert lines <= MAX_LINES, f"README.md has {lines} lines: move reference material to docs/"
    assert titles.index("The limits, first") < titles.index("Install") < titles.index("A minimal program")
    limits = section(README, "The limits, first")
    for limit in ("cannot delete senders", "protect=True", "no `pulumi import`", "provider-forms.md"):
        assert limit in limits


def test_the_quickstart_gives_the_two_commands_and_they_are_the_makefiles() -> None:
    quickstart = section(README, "Quickstart: try it here")
    assert shell_commands(quickstart) == ["make demo", "make test", ".venv/bin/python -m pytest"]

    assert make_dry_run("test") == ["bash .ci/run"]
    assert make_dry_run("demo")[-1] == f'"{sys.prefix}/bin/python" -m demo'


def test_the_readmes_test_command_is_the_one_ci_runs_last() -> None:
    quickstart = section(README, "Quickstart: try it here")
    ci_lines = [line.strip() for line in (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in ci_lines if line and not line.startswith(("#", "echo"))]

    assert shell_commands(quickstart)[-1] == commands[-1] == ".venv/bin/python -m pytest"


def test_the_install_commands_name_this_package_version_and_repository() -> None:
    install = shell_commands(section(README, "Install"))
    [pip] = [command for command in install if command.startswith("pip install")]
    [new] = [command for command in install if command.startswith("pulumi new")]

    requirement = Requirement(shlex.split(pip)[2])
    assert requirement.name == DISTRIBUTION
    assert requirement.url == f"git+{repository_url()}@v{VERSION}"
    assert new == f"pulumi new {repository_url()}/tree/v{VERSION}/template"
    assert (REPO_ROOT / "template" / "Pulumi.yaml").is_file()
    dependencies = [Requirement(line) for line in pyproject()["project"]["dependencies"]]
    [pulumi] = [requirement for requirement in dependencies if requirement.name == "pulumi"]
    [floor] = [spec.version for spec in pulumi.specifier if spec.operator == ">="]
    assert f"SDK {floor} or newer" in section(README, "Install")


def test_every_install_line_in_the_docs_names_this_version() -> None:
    for page in [README, *sorted(DOCS.glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for line in text.splitlines():
            if repository_url() in line and "@v" in line:
                assert f"@v{VERSION}" in line, f"{shown(page)}: {line.strip()}"
            if "/tree/v" in line and repository_url() in line:
                assert f"/tree/v{VERSION}" in line, f"{shown(page)}: {line.strip()}"


def test_the_configuration_commands_set_the_required_settings_the_secret_one_as_secret() -> None:
    text = section(README, "Configuration")
    commands = shell_commands(text)
    required = [setting for setting in ALL_SETTINGS if setting.required]

    expected = [f"pulumi config set {'--secret ' if s.secret else ''}{s.config_key}" for s in required]
    assert [
        " ".join(command.split()[: 5 if "--secret" in command else 4]) for command in commands
    ] == expected
    for setting in required:
        assert f"`{setting.env_var}`" in text


def test_the_documentation_table_lists_every_page_of_docs() -> None:
    pages = {row["Page"].partition("](")[2].rstrip(")") for row in table(section(README, "Documentation"))}
    existing = {shown(path) for path in DOCS.glob("*.md")}

    assert pages - {"ARCHITECTURE.md"} == existing


@pytest.mark.parametrize(
    "page", [README, REPO_ROOT / "ARCHITECTURE.md", *sorted(DOCS.glob("*.md"))], ids=shown
)
def test_relative_links_and_anchors_resolve(page: Path) -> None:
    broken: list[str] = []
    for target, anchor in links(page):
        path = (page.parent / target).resolve() if target else page
        relative = str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else str(path)
        if not path.exists():
            broken.append(f"{relative}: no such file")
            continue
        if anchor and path.suffix == ".md" and anchor not in {slug(title) for _, title in headings(path)}:
            broken.append(f"{target}#{anchor}: no such heading")
    assert broken == []
