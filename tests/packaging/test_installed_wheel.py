"""sinch-rcs-pulumi as a user gets it: the wheel in a fresh virtualenv, a program in a folder of its own.

The user's project is what `pulumi new` makes of template/, in a folder of its own with no copy of our
code next to it, and its requirements.txt is installed as `pulumi new` does, into a new virtualenv that
has nothing else (no checkout on its path, no dev requirements), with the wheel built once per run
(tests/packaging/conftest.py) in place of the tagged release it names.
`user_driver.py` plays the Pulumi engine there (the local engine is the only thing of this repository on
its path, and its plugins do not see even that) against an emulator run by this test.

The tests run in file order on one virtualenv: the emulator extra is installed by the last one.
"""

from __future__ import annotations

import json
import signal
import subprocess
from dataclasses import dataclass
from importlib.metadata import requires
from pathlib import Path
from typing import Any

import pytest
import requests
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from emulator.server import EmulatorServer
from emulator.stats import short_name
from provider import SinchRcsClient
from sinch_provisioning.version import VERSION
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID
from tests.packaging.support import (
    DISTRIBUTION,
    REPO_ROOT,
    TEMPLATE_DIR,
    Distributions,
    FreshVenv,
    constraints_file,
    pulumi_new,
    pyproject,
    quiet_env,
)

pytestmark = [pytest.mark.slow, pytest.mark.package_index]

PROJECT = "acme-rcs"
DRIVER = Path(__file__).with_name("user_driver.py")


def emulator_only_packages() -> set[str]:
    """The `emulator` extra's distributions that the base install does not bring anyway (pulumi needs
    PyYAML too)."""
    pulumi_needs = {str(canonicalize_name(Requirement(line).name)) for line in requires("pulumi") or []}
    extra = pyproject()["project"]["optional-dependencies"]["emulator"]
    return {str(canonicalize_name(Requirement(line).name)) for line in extra} - pulumi_needs


@dataclass
class UserSetup:
    venv: FreshVenv
    wheel: Path
    project: Path
    harness: Path
    """A folder holding only a link to this repository's `engine` package: the driver's PYTHONPATH."""

    def require_base_install(self) -> None:
        assert not self.venv.extras, "this test needs the virtualenv before the emulator extra is installed"


@pytest.fixture(scope="module")
def user(distributions: Distributions, tmp_path_factory: pytest.TempPathFactory) -> UserSetup:
    root = tmp_path_factory.mktemp("user")
    project = pulumi_new(TEMPLATE_DIR, root / PROJECT, name=PROJECT, description="Acme's RCS senders")
    # What `pulumi new` then runs: pip install -r requirements.txt, with this build for the tagged release.
    requirements = project / "requirements.txt"
    lines = requirements.read_text(encoding="utf-8").splitlines()
    released = f"{DISTRIBUTION} @ git+"
    assert sum(line.startswith(released) for line in lines) == 1
    wheel = f"{DISTRIBUTION} @ {distributions.wheel.as_uri()}"
    built = [wheel if line.startswith(released) else line for line in lines]
    requirements.write_text("\n".join(built) + "\n", encoding="utf-8")
    venv = FreshVenv.create(root / "venv", constraints_file(root / "constraints.txt"))
    venv.pip_install("-r", str(requirements))
    harness = root / "harness"
    harness.mkdir()
    (harness / "engine").symlink_to(REPO_ROOT / "engine", target_is_directory=True)
    return UserSetup(venv=venv, wheel=distributions.wheel, project=project, harness=harness)


def sinch_env(emulator_url: str) -> dict[str, str]:
    """Where the provider finds the emulator: the SINCH_* variables, as a user's CI would set them."""
    return {
        "SINCH_PROVISIONING_URL": emulator_url,
        "SINCH_AUTH_URL": f"{emulator_url}/oauth2/token",
    }


def drive(user: UserSetup, emulator: EmulatorServer, *steps: str) -> list[dict[str, Any]]:
    """Run `steps` on the user's project through the driver, in the user's virtualenv."""
    request = {
        "project": str(user.project),
        # What the template's prompts asked for, plus the program's own setting to allow the destroy.
        "config": {
            "sinch:projectId": TEST_PROJECT_ID,
            "sinch:keyId": TEST_KEY_ID,
            "sinch:keySecret": TEST_KEY_SECRET,
            f"{PROJECT}:protect": "false",
        },
        "secret_keys": ["sinch:keySecret"],
        "env": sinch_env(emulator.url),
        "emulator": emulator.url,
        "steps": list(steps),
    }
    result = user.venv.python_command(
        str(DRIVER),
        cwd=user.project,
        env={"PYTHONPATH": str(user.harness)},
        timeout=240,
        input_text=json.dumps(request),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    reports: list[dict[str, Any]] = json.loads(result.stdout)
    for report in reports:
        report["api_requests"] = {short_name(op): n for op, n in report["api_requests"].items()}
    return reports


def test_the_wheel_brings_its_runtime_dependencies_and_nothing_of_the_emulators(user: UserSetup) -> None:
    user.require_base_install()
    installed = user.venv.installed()

    assert installed[DISTRIBUTION] == VERSION
    assert {"pulumi", "requests", "marshmallow"} <= set(installed)
    assert emulator_only_packages() == {"jsonschema", "werkzeug"}
    assert not emulator_only_packages() & set(installed)
    assert not {"pytest", "hypothesis", "build", "hatchling", "mypy"} & set(installed)


def test_a_program_in_a_folder_of_its_own_runs_the_lifecycle_and_a_decoy_schemas_gets_the_clear_error(
    user: UserSetup, emulator: EmulatorServer
) -> None:
    user.require_base_install()
    ours = user.venv.site_packages / "schemas" / "__init__.py"
    theirs = user.project / "schemas" / "__init__.py"
    expected_error = [
        f"sinch-rcs-pulumi {VERSION} cannot be imported: the `schemas` that Python finds first is not the "
        "one installed with it.",
        f"  imported: {theirs} (first on sys.path, in {user.project})",
        f"  ours:     {ours}",
        "Rename yours (for example to `my_schemas`",
        "move the program into a subfolder and point `main:` in Pulumi.yaml at that folder.",
    ]

    steps = ["preview", "up", "refresh", "preview"]
    steps += ["decoy", "preview", "refresh", "no-decoy"]  # once more, with a `schemas` of the user's own
    steps += ["destroy"]
    preview, up, refresh, no_op, decoy_preview, decoy_refresh, destroy = drive(user, emulator, *steps)

    for report in (preview, up, refresh, no_op, destroy):
        assert report["ok"], report["summary"] + "\n" + report["errors"]
    assert up["provider_file"] == str(user.venv.site_packages / "provider" / "__init__.py")
    assert preview["resources"]["sender"]["op"] == "create"
    assert preview["api_requests"] == {}  # preview checks the declaration locally
    assert up["resources"]["sender"]["op"] == "create"
    assert up["api_requests"] == {"createSender": 1}
    assert refresh["resources"]["sender"]["op"] == "same"
    assert refresh["api_requests"] == {"getSender": 1}
    assert no_op["resources"]["sender"]["op"] == "same"
    assert no_op["api_requests"] == {}

    # The program imports `provider` first: the error comes from there, before anything is registered.
    assert not decoy_preview["ok"]
    assert decoy_preview["errors"].startswith("the program failed: ShadowedPackageError: sinch-rcs-pulumi")
    for line in expected_error:
        assert line in decoy_preview["errors"]
    # A refresh runs no program: the plugin meets it when it unpickles the recorded sender's provider.
    assert not decoy_refresh["ok"]
    details = decoy_refresh["resources"]["sender"]["error_details"]
    assert "provider.layout.ShadowedPackageError: sinch-rcs-pulumi" in details
    for line in expected_error:
        assert line in details
    assert "AttributeError" not in details
    assert decoy_preview["api_requests"] == decoy_refresh["api_requests"] == {}

    assert destroy["resources"]["sender"]["op"] == "delete"  # with the decoy renamed away, all is well
    assert destroy["api_requests"] == {}  # and Sinch is not asked to delete: it cannot
    assert "still exists in Sinch project" in destroy["plugin_stderr"]
    [sender] = emulator.senders(TEST_PROJECT_ID)  # Sinch cannot delete senders: the stack let go of it
    assert sender["details"]["brand"]["name"] == "Example Brand"


def dashboard_sender(emulator: EmulatorServer) -> str:
    client = SinchRcsClient.from_access_key(
        TEST_PROJECT_ID, TEST_KEY_ID, TEST_KEY_SECRET, auth_method="basic", base_url=emulator.url
    )
    with client:
        body = {
            "region": "EU",
            "billingCategory": "CONVERSATIONAL",
            "useCase": "OTP",
            "details": {"brand": {"name": "Acme Dashboard"}, "countries": ["SE"]},
        }
        return str(client.create_sender(body)["id"])


def test_the_command_line_works_from_the_installed_package(user: UserSetup, emulator: EmulatorServer) -> None:
    user.require_base_install()
    sender_id = dashboard_sender(emulator)
    env = {
        **sinch_env(emulator.url),
        "SINCH_PROJECT_ID": TEST_PROJECT_ID,
        "SINCH_KEY_ID": TEST_KEY_ID,
        "SINCH_KEY_SECRET": TEST_KEY_SECRET,
    }

    command = user.venv.python_command
    version = command("-m", "provider", "--version", cwd=user.project)
    lookup = command("-m", "provider", "lookup", "--search", "acme", cwd=user.project, env=env)
    imported = command("-m", "provider", "import", sender_id, cwd=user.project, env=env)

    assert version.stdout == f"sinch-rcs-pulumi {VERSION}\n"
    assert lookup.returncode == 0, lookup.stderr
    assert lookup.stdout.split() == [sender_id, "IN_TEST", "Acme", "Dashboard"]
    assert imported.returncode == 0, imported.stderr
    assert f"sender_id={sender_id!r}" in imported.stdout
    compile(imported.stdout, "imported.py", "exec")


def test_without_the_extra_the_emulator_says_how_to_install_it(user: UserSetup, tmp_path: Path) -> None:
    user.require_base_install()

    result = user.venv.python_command("-m", "emulator", "--port", "0", cwd=tmp_path)

    assert result.returncode == 1
    assert result.stderr.strip().endswith("pip install 'sinch-rcs-pulumi[emulator]'")
    assert "is not installed" in result.stderr


def test_with_the_extra_the_installed_emulator_serves_from_its_packaged_spec(
    user: UserSetup, tmp_path: Path
) -> None:
    user.venv.extras.add("emulator")
    user.venv.pip_install(f"{user.wheel}[emulator]")
    code = "import emulator.spec as s; print(s.SPEC_DIR); print(*sorted(s.DOCUMENT_FILES.values()))"
    spec = user.venv.python_command("-c", code, cwd=tmp_path)
    assert spec.returncode == 0, spec.stderr
    folder, documents = spec.stdout.splitlines()
    assert Path(folder) == user.venv.site_packages / "emulator" / "openapi"
    for document in documents.split():
        assert (Path(folder) / document).is_file()

    process = subprocess.Popen(
        [user.venv.python, "-m", "emulator", "--port", "0", "--key", "k:s", "--quiet"],
        cwd=tmp_path,
        env=quiet_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), process.stderr.read() if process.stderr else ""
        senders = f"{url}/v1/projects/p/rcs/senders"
        body = {"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"}
        sender = {**body, "details": {"countries": ["SE"]}}
        created = requests.post(senders, json=sender, auth=("k", "s"), timeout=30)
        refused = requests.post(senders, json={**sender, "useCase": "SPAM"}, auth=("k", "s"), timeout=30)
        assert created.status_code == 201, created.text
        assert refused.status_code == 400  # judged by the packaged spec
        assert "useCase" in refused.text
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
