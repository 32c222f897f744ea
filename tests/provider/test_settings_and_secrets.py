"""Configuration, credentials and what ends up in state: through the plugin, as `pulumi` would run it."""

from __future__ import annotations

import base64
import pickletools

from pulumi.dynamic.dynamic import serialize_provider

from emulator.server import EmulatorServer
from engine import Engine, Secret
from engine.plugin import PluginProcess
from provider.sender_provider import RcsSenderProvider
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET
from tests.provider.support import (
    REPO_ROOT,
    api_requests,
    engine_for,
    one_sender,
    sinch_config,
    sinch_env,
    stored,
)


def test_preview_needs_no_credentials(emulator: EmulatorServer) -> None:
    engine = Engine(REPO_ROOT, config={})

    assert engine.preview(one_sender(), check=True).resource("sender").op == "create"


def test_missing_settings_are_named_all_at_once_with_both_ways_to_set_them(emulator: EmulatorServer) -> None:
    engine = Engine(REPO_ROOT, config={"sinch:keyId": TEST_KEY_ID})

    report = engine.up(one_sender())

    assert not report.ok
    details = report.resource("sender").error_details or ""
    assert "Missing Sinch settings; set each of these:" in details
    assert (
        "sinch:projectId (`pulumi config set sinch:projectId <value>`, or the environment variable "
        "SINCH_PROJECT_ID)" in details
    )
    assert (
        "sinch:keySecret (`pulumi config set --secret sinch:keySecret`, which prompts for the value, or "
        "the environment variable SINCH_KEY_SECRET)" in details
    )
    assert "sinch:keyId (" not in details  # it is set
    assert stored(emulator) == []


def test_environment_variables_stand_in_for_stack_config(emulator: EmulatorServer) -> None:
    engine = Engine(REPO_ROOT, config={}, env=sinch_env(emulator))

    engine.up(one_sender(), check=True)

    assert len(stored(emulator)) == 1


def test_basic_authentication_sends_no_token_request(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator, **{"sinch:authMethod": "basic"})
    emulator.reset_stats()

    engine.up(one_sender(), check=True)

    assert emulator.stats()["token_requests"] == 0
    assert api_requests(emulator) == {"createSender": 1}


def test_refused_credentials_say_which_key_and_never_the_secret(emulator: EmulatorServer) -> None:
    engine = Engine(
        REPO_ROOT,
        config=sinch_config(emulator, **{"sinch:keySecret": "wrong-secret-value"}),
        secret_config_keys=["sinch:keySecret"],
    )

    report = engine.up(one_sender())

    assert not report.ok
    details = report.resource("sender").error_details or ""
    assert TEST_KEY_ID in details
    assert "wrong-secret-value" not in details
    assert "wrong-secret-value" not in report.plugin_stderr


def test_plain_http_to_a_remote_host_is_refused(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator, **{"sinch:provisioningUrl": "http://provisioning.example.test"})

    report = engine.up(one_sender())

    assert not report.ok
    assert "must be an https URL" in (report.resource("sender").error_details or "")


def test_the_serialized_provider_is_small_deterministic_and_holds_nothing(emulator: EmulatorServer) -> None:
    first = engine_for(emulator)
    first.up(one_sender(), check=True)
    second = engine_for(emulator)
    second.up(one_sender(name="other"), check=True)

    provider_a = first.state.by_name("sender").plain_inputs["__provider"]
    provider_b = second.state.by_name("other").plain_inputs["__provider"]

    assert provider_a == provider_b
    assert len(provider_a) < 200
    opcodes = [op.name for op, _, _ in pickletools.genops(base64.b64decode(provider_a))]
    assert "STACK_GLOBAL" in opcodes  # by reference: provider.sender_provider.RcsSenderProvider
    raw = base64.b64decode(provider_a)
    assert b"provider.sender_provider" in raw
    assert b"RcsSenderProvider" in raw
    assert TEST_KEY_SECRET.encode() not in raw


def test_secrets_stay_secret_in_state_and_logs(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    up = engine.up(one_sender(), check=True)
    refresh = engine.refresh(check=True)
    [server] = stored(emulator)

    state = engine.state.by_name("sender")
    assert isinstance(state.outputs["authToken"], Secret)
    assert isinstance(state.outputs["authName"], Secret)
    checkpoint = engine.state.checkpoint_json()
    for secret in (server["authToken"], TEST_KEY_SECRET):
        assert secret not in checkpoint
        assert secret not in up.plugin_stderr
        assert secret not in refresh.plugin_stderr


def test_the_removal_warning_names_the_project_when_only_its_id_is_configured() -> None:
    """Delete sends nothing, so it needs no key: its warning still names the configured project."""
    with PluginProcess(REPO_ROOT) as plugin:
        plugin.configure({"sinch:projectId": "only-this-project"})
        provider = serialize_provider(RcsSenderProvider())
        urn = "urn:pulumi:dev::sinch-rcs-senders::pulumi-python:dynamic/sinch:RcsSender::sender"
        plugin.delete("a-sender-id", urn, {"__provider": provider}, {})
        stderr = plugin.stderr_text()

    assert "RcsSender a-sender-id was removed from the Pulumi stack" in stderr
    assert "still exists in Sinch project only-this-project" in stderr
