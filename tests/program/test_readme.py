"""README.md cannot rot: its Python runs, its commands are the real ones, its references are complete.

Every Python block that is a program runs under the harness's `run_program` (what the Pulumi language host
does) with the stack config pointing at an emulator; each `RcsSender` it declares goes through the real
provider's `check` (schemas, launch checklist), and each `RcsSender.get` must name an id. Blocks marked
`compile-only` are compiled.
"""

from __future__ import annotations

import re

import pytest

from emulator.server import EmulatorServer
from engine import Registration, RegistrationResult, run_program
from provider import RcsSenderProvider
from provider.rcs_senders.properties import INPUTS, PROVIDER_KEY, SERVER_OUTPUTS
from provider.settings import ALL_SETTINGS
from tests.conftest import TEST_PROJECT_ID
from tests.program.readme import README, Block, program_blocks, python_blocks, section
from tests.program.support import PROJECT, REPO_ROOT, client_for
from tests.provider import support as provider_support

RESOURCE_TYPE = "pulumi-python:dynamic/sinch:RcsSender"
SITE = "https://www.acme.example"


class CheckingHandler:
    """A resource monitor's handler that runs the real provider's `check` on every declared sender."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.registrations: list[Registration] = []

    def __call__(self, registration: Registration) -> RegistrationResult:
        self.registrations.append(registration)
        assert registration.type == RESOURCE_TYPE
        if registration.kind == "read":
            assert registration.id, "RcsSender.get needs an id"
            return RegistrationResult(id=registration.id, outputs={"state": "LAUNCHED"})
        news = {key: value for key, value in registration.inputs.items() if key != PROVIDER_KEY}
        result = RcsSenderProvider().check({}, news)
        self.failures += [f"{registration.name}: {f.property}: {f.reason}" for f in result.failures or []]
        return RegistrationResult(id=f"id-of-{registration.name}", outputs={**news, "state": "IN_TEST"})


def launched_acme_sender(emulator: EmulatorServer) -> str:
    """A LAUNCHED sender named like the one the README's lookup_senders example looks for."""
    brand = {
        "name": "Acme Launched",
        "emails": [{"label": "Support", "address": "support@acme.example"}],
        "logoUrl": f"{SITE}/logo.png",
        "bannerUrl": f"{SITE}/banner.png",
        "privacyPolicyUrl": f"{SITE}/privacy",
        "termsOfServiceUrl": f"{SITE}/terms",
    }
    questionnaire = {
        "general": {"answers": {"optInDescription": "Customers opt in at checkout."}},
        "verification": {"answers": {"name": "Ann", "email": "ann@acme.example", "website": SITE}},
    }
    body = {
        "region": "EU",
        "billingCategory": "CONVERSATIONAL",
        "useCase": "OTP",
        "details": {"brand": brand, "countries": ["SE"], "questionnaire": questionnaire},
    }
    with client_for(emulator, TEST_PROJECT_ID) as dashboard:
        sender_id = str(dashboard.create_sender(body)["id"])
        dashboard.launch_sender(sender_id)
        assert dashboard.get_sender(sender_id)["state"] == "LAUNCHED"
    return sender_id


@pytest.fixture
def sinch_config(emulator: EmulatorServer) -> dict[str, str]:
    return provider_support.sinch_config(emulator)


@pytest.mark.parametrize("block", program_blocks(), ids=lambda block: block.id)
def test_each_python_program_in_the_readme_runs_and_declares_valid_senders(
    block: Block, emulator: EmulatorServer, sinch_config: dict[str, str]
) -> None:
    launched_id = launched_acme_sender(emulator) if "lookup_senders(" in block.code else None
    handler = CheckingHandler()
    code = compile(block.code, block.id, "exec")

    run_program(
        lambda: exec(code, {"__name__": "__main__"}),  # the README's own code, on purpose
        preview=False,
        resource_handler=handler,
        config=sinch_config,
        secret_keys=["sinch:keySecret"],
        project=PROJECT,
        stack="dev",
        root_directory=REPO_ROOT,
    )

    assert handler.registrations, f"{block.id} declares no sender"
    assert handler.failures == []
    if launched_id is not None:
        assert [r.id for r in handler.registrations if r.kind == "read"] == [launched_id]


@pytest.mark.parametrize("block", python_blocks(), ids=lambda block: block.id)
def test_every_python_block_compiles(block: Block) -> None:
    compile(block.code, block.id, "exec")


def test_the_quickstart_gives_the_two_commands_and_the_ci_test_command() -> None:
    quickstart = section("Quickstart")
    assert "make demo" in quickstart
    assert "make test" in quickstart
    assert "\n.venv/bin/python -m pytest\n" in quickstart

    makefile = (REPO_ROOT / "Makefile").read_text()
    assert re.search(r"^test:\n\tbash \.ci/run\n", makefile, re.MULTILINE)
    assert re.search(r"^demo: venv\n\t\"\$\(VENV\)/bin/python\" -m demo\n", makefile, re.MULTILINE)

    ci_lines = [line.strip() for line in (REPO_ROOT / ".ci" / "run").read_text().splitlines()]
    commands = [line for line in ci_lines if line and not line.startswith(("#", "echo"))]
    assert commands[-1] == ".venv/bin/python -m pytest"  # the command the Quickstart gives, to the letter


def test_every_argument_output_and_setting_is_documented() -> None:
    reference = section("The `RcsSender` resource")
    for state_name, python_name in INPUTS.items():
        assert f"`{python_name}` (`{state_name}`)" in reference
    for state_name, python_name in SERVER_OUTPUTS.items():
        assert f"`{python_name}`" in reference
        assert f"`{state_name}`" in reference
    configuration = section("Configuration")
    for setting in ALL_SETTINGS:
        assert f"| `{setting.config_key}` | `{setting.env_var}` |" in configuration


@pytest.mark.parametrize(
    "code",
    [
        "rbm_has_not_been_used",
        "launch_precondition_failed",
        "rbm_too_many_requests",
        "fields_not_updatable",
        "launch_invalid_agent_state",
        "unauthorized_error",
        "project_not_found",
        "sender_not_found",
        "add_test_number_not_allowed_before_launch",
        "blocked_because_the_recipient_declined",
        "file_has_wrong_dimensions",
    ],
)
def test_the_troubleshooting_table_covers_the_sinch_error(code: str) -> None:
    rows = [line for line in section("Troubleshooting").splitlines() if line.startswith("| ")]
    assert any(code in row.split("|")[1] for row in rows), code


def test_relative_links_point_at_files_that_exist() -> None:
    targets = re.findall(r"\]\(([^)\s#]+)(?:#[^)]*)?\)", README.read_text(encoding="utf-8"))
    local = [target for target in targets if not re.match(r"[a-z]+://", target)]
    assert local
    missing = [target for target in local if not (REPO_ROOT / target).exists()]
    assert missing == []
