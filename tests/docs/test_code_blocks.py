"""The Python in the user docs runs, and the sample outputs they show are what the code prints.

Every Python block that is a program runs under the harness's `run_program` (what the Pulumi language
host does) with the stack config pointing at an emulator; each `RcsSender` it declares goes through the
real provider's `check` (schemas, launch checklist), and each `RcsSender.get` must name an id. Blocks
marked `compile-only` are compiled, `script` blocks run as plain Python. The `import-output` sample is
compared with the command's real output in tests/program/test_provider_cli.py. docs/webhooks.md's programs
run in tests/program/test_webhooks_doc.py, docs/conversation-app.md's in
tests/program/test_conversation_app_doc.py, docs/conversation-webhook.md's in
tests/program/test_conversation_webhook_doc.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pulumi.dynamic.dynamic import PROVIDER_KEY

from emulator.server import EmulatorServer
from engine import Registration, RegistrationResult, run_program
from provider import RcsSenderProvider
from provider.layout import shadowed_message
from provider.settings import ProviderSettings, SettingsError
from tests.conftest import TEST_PROJECT_ID
from tests.docs.markdown import REPO_ROOT, Block, all_blocks, marked, shown
from tests.program.support import PROJECT, client_for
from tests.provider import support as provider_support

RESOURCE_TYPE = "pulumi-python:dynamic/sinch:RcsSender"
SITE = "https://www.acme.example"
MARKERS = {None, "compile-only", "script", "import-output", "missing-settings", "shadowing"}


def python_blocks() -> list[Block]:
    return [block for block in all_blocks() if block.language == "python"]


# Pages whose examples have a test module of their own (with the config and resources they need).
OWN_TESTS = {
    "docs/webhooks.md": "tests/program/test_webhooks_doc.py",
    "docs/conversation-app.md": "tests/program/test_conversation_app_doc.py",
    "docs/conversation-webhook.md": "tests/program/test_conversation_webhook_doc.py",
}


def program_blocks() -> list[Block]:
    return [block for block in python_blocks() if block.marker is None and shown(block.path) not in OWN_TESTS]


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
    """A LAUNCHED sender named like the one the docs' lookup_senders example looks for."""
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


def test_every_marker_is_one_the_tests_know() -> None:
    assert {block.marker for block in all_blocks()} <= MARKERS
    for page in OWN_TESTS.values():
        assert (REPO_ROOT / page).is_file()


@pytest.mark.parametrize("block", program_blocks(), ids=lambda block: block.id)
def test_each_python_program_in_the_docs_runs_and_declares_valid_senders(
    block: Block, emulator: EmulatorServer, sinch_config: dict[str, str]
) -> None:
    launched_id = launched_acme_sender(emulator) if "lookup_senders(" in block.code else None
    handler = CheckingHandler()
    code = compile(block.code, block.id, "exec")

    run_program(
        lambda: exec(code, {"__name__": "__main__"}),  # the docs' own code, on purpose
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


@pytest.mark.parametrize(
    "block", [b for b in python_blocks() if b.marker == "script"], ids=lambda block: block.id
)
def test_each_script_runs(block: Block, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(block.code, block.id, "exec"), {"__name__": "__main__"})  # the docs' own code, on purpose

    assert capsys.readouterr().out


def test_the_missing_settings_message_is_the_one_the_provider_gives() -> None:
    with pytest.raises(SettingsError) as raised:
        ProviderSettings.resolve({}, {})

    assert marked("missing-settings").code == f"{raised.value}\n"


def test_the_shadowing_message_is_the_one_the_layout_check_gives() -> None:
    sample = marked("shadowing").code
    folder = Path("/home/me/infra")
    site = folder / "venv/lib/python3.11/site-packages"

    message = shadowed_message("schemas", folder / "schemas/__init__.py", site / "schemas/__init__.py")

    assert sample == f"provider.layout.ShadowedPackageError: {message}\n"
