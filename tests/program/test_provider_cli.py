"""`python -m provider import` and `lookup` and `lookup_senders` against the emulator (docs/lifecycle.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from emulator.server import EmulatorServer
from engine import Engine, Registration, RegistrationResult, run_program
from provider import SenderSummary, lookup_senders
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID
from tests.docs.markdown import marked
from tests.program.support import PROJECT, REPO_ROOT, api_requests, client_for, writes
from tests.provider.support import sinch_env

SITE = "https://www.acme.example"
DOCS_SENDER_ID = "cf11794a-6a5e-4a12-b103-da79bd378bf1"
SETTINGS_VARIABLES = (
    "SINCH_PROJECT_ID",
    "SINCH_KEY_ID",
    "SINCH_KEY_SECRET",
    "SINCH_AUTH_METHOD",
    "SINCH_PROVISIONING_URL",
    "SINCH_AUTH_URL",
)


def provider_command(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "provider", *args],
        cwd=REPO_ROOT,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def dashboard_sender(emulator: EmulatorServer, name: str, *, launch: bool = False) -> dict[str, Any]:
    """A sender made outside Pulumi, like docs/lifecycle.md's import example (launch-ready if `launch`)."""
    email = {"label": "Support", "address": "support@acme.example"}
    brand: dict[str, Any] = {"name": name, "emails": [email]}
    details: dict[str, Any] = {"brand": brand, "countries": ["SE"], "testNumbers": ["+46701234567"]}
    if launch:
        brand.update(
            logoUrl=f"{SITE}/logo.png",
            bannerUrl=f"{SITE}/banner.png",
            privacyPolicyUrl=f"{SITE}/privacy",
            termsOfServiceUrl=f"{SITE}/terms",
        )
        details["questionnaire"] = {
            "general": {"answers": {"optInDescription": "Customers opt in at checkout."}},
            "verification": {"answers": {"name": "Ann", "email": "ann@acme.example", "website": SITE}},
        }
    body = {"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP", "details": details}
    with client_for(emulator, TEST_PROJECT_ID) as dashboard:
        sender = dashboard.create_sender(body)
        if launch:
            dashboard.launch_sender(str(sender["id"]))
        return dashboard.get_sender(str(sender["id"]))


def test_import_prints_the_declaration_the_docs_show_and_it_adopts_the_sender_unchanged(
    emulator: EmulatorServer,
) -> None:
    sender = dashboard_sender(emulator, "Acme")

    result = provider_command("import", sender["id"], "--name", "acme-otp", env=sinch_env(emulator))

    assert result.returncode == 0, result.stderr
    expected = marked("import-output").code.replace(DOCS_SENDER_ID, sender["id"])
    assert result.stdout == expected
    assert sender["authToken"] not in result.stdout + result.stderr

    engine = Engine(
        REPO_ROOT,
        config={"sinch:projectId": TEST_PROJECT_ID, "sinch:keyId": TEST_KEY_ID},
        env=sinch_env(emulator),
    )
    code = compile(result.stdout, "imported.py", "exec")
    program = lambda: exec(code, {"__name__": "__main__"})  # noqa: E731 - runs the command's output
    emulator.reset_stats()
    up = engine.up(program, check=True)
    assert up.resource("acme-otp").op == "create"
    assert engine.state.by_name("acme-otp").id == sender["id"]
    assert writes(emulator) == {}  # adopted as it is: nothing created, nothing patched, no invite
    assert [s["id"] for s in emulator.senders(TEST_PROJECT_ID)] == [sender["id"]]
    assert engine.preview(program, check=True).resource("acme-otp").op == "same"


def test_import_of_an_unknown_sender_exits_1_with_sinchs_answer(emulator: EmulatorServer) -> None:
    result = provider_command("import", "00000000-0000-4000-8000-000000000000", env=sinch_env(emulator))

    assert result.returncode == 1
    assert result.stdout == ""
    assert "error: Sinch API 404 sender_not_found" in result.stderr


def test_missing_settings_exit_2_naming_every_setting_and_both_ways_to_set_it() -> None:
    result = provider_command("lookup")

    assert result.returncode == 2
    for key, variable in (
        ("sinch:projectId", "SINCH_PROJECT_ID"),
        ("sinch:keyId", "SINCH_KEY_ID"),
        ("sinch:keySecret", "SINCH_KEY_SECRET"),
    ):
        assert key in result.stderr
        assert variable in result.stderr


def test_lookup_lists_matching_senders_with_id_state_and_name(emulator: EmulatorServer) -> None:
    in_test = dashboard_sender(emulator, "Acme Parcel")
    launched = dashboard_sender(emulator, "Acme Launched", launch=True)
    dashboard_sender(emulator, "Other Brand")

    every_acme = provider_command("lookup", "--search", "acme", env=sinch_env(emulator))
    only_launched = provider_command(
        "lookup", "--search", "ACME", "--state", "LAUNCHED", env=sinch_env(emulator)
    )

    assert every_acme.returncode == only_launched.returncode == 0
    assert every_acme.stdout.splitlines() == [
        f"{in_test['id']}  IN_TEST       Acme Parcel",
        f"{launched['id']}  LAUNCHED      Acme Launched",
    ]
    assert only_launched.stdout.splitlines() == [f"{launched['id']}  LAUNCHED      Acme Launched"]


def test_lookup_senders_filters_by_name_state_and_id(emulator: EmulatorServer) -> None:
    first = dashboard_sender(emulator, "Acme One")
    second = dashboard_sender(emulator, "Acme Two", launch=True)
    dashboard_sender(emulator, "Other Brand")

    with client_for(emulator, TEST_PROJECT_ID) as client:
        by_name = lookup_senders("acme", client=client)
        by_state = lookup_senders(states=["LAUNCHED"], client=client)
        by_id = lookup_senders(sender_ids=[first["id"]], client=client)

    assert [(s.id, s.name, s.state) for s in by_name] == [
        (first["id"], "Acme One", "IN_TEST"),
        (second["id"], "Acme Two", "LAUNCHED"),
    ]
    assert by_state == [SenderSummary(second["id"], "Acme Two", "LAUNCHED", "EU", "OTP")]
    assert [s.id for s in by_id] == [first["id"]]


def _lookup_program(found: list[SenderSummary]) -> Any:
    def program() -> None:
        found.extend(lookup_senders(search="acme", states=["IN_TEST"]))

    return program


def _no_resources(registration: Registration) -> RegistrationResult:
    raise AssertionError(f"the program declared {registration.name}")


@pytest.mark.parametrize("source", ["stack config", "environment"])
def test_lookup_senders_in_a_program_reads_the_stack_config_or_else_the_environment(
    source: str, emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sender = dashboard_sender(emulator, "Acme Parcel")
    for variable in SETTINGS_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    config: dict[str, str] = {}
    if source == "stack config":
        config = {f"sinch:{key}": value for key, value in _config_values(emulator).items()}
    else:
        for variable, value in sinch_env(emulator).items():
            monkeypatch.setenv(variable, value)
    found: list[SenderSummary] = []
    emulator.reset_stats()

    run_program(
        _lookup_program(found),
        preview=True,  # a lookup runs in preview too, like a data source
        resource_handler=_no_resources,
        config=config,
        secret_keys=["sinch:keySecret"] if config else [],
        project=PROJECT,
        stack="dev",
    )

    assert [(s.id, s.name) for s in found] == [(sender["id"], "Acme Parcel")]
    assert api_requests(emulator) == {"listSenders": 1}


def _config_values(emulator: EmulatorServer) -> dict[str, str]:
    return {
        "projectId": TEST_PROJECT_ID,
        "keyId": TEST_KEY_ID,
        "keySecret": TEST_KEY_SECRET,
        "provisioningUrl": emulator.url,
        "authUrl": f"{emulator.url}/oauth2/token",
    }
