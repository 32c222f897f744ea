"""The example program's optional webhook (`sinch-rcs-senders:webhookTarget`), and `python -m provider
webhooks`: through the engine harness and the real plugin, against the emulator."""

from __future__ import annotations

from demo.local_emulator import provider_environment
from emulator.server import EmulatorServer
from engine import Engine, Secret
from sinch_provisioning.webhook_events import verify_webhook_signature
from tests.conftest import TEST_KEY_SECRET
from tests.program.support import PROGRAM, PROJECT, REPO_ROOT, dev_config, writes
from tests.program.test_provider_cli import provider_command
from tests.provider.support import sinch_env
from tests.provider.webhook_support import Receiver, made_outside

SECRET = "example-program-webhook-secret-3d8e1a"
RCS_EVENTS = [
    "RCS_SENDER_STATUS_UPDATED",
    "RCS_SENDER_OPERATOR_STATUS_UPDATED",
    "RCS_SENDER_COMMENT_ADDED",
    "RCS_BRAND_REGISTRATION_PROCESS_STATUS_UPDATED",
]


def webhook_engine(emulator: EmulatorServer, target: str) -> Engine:
    config = dev_config(webhookTarget=target, webhookSecret=SECRET)
    return Engine(
        REPO_ROOT,
        config=config,
        secret_config_keys=[f"{PROJECT}:webhookSecret"],
        env=provider_environment(emulator.url, TEST_KEY_SECRET, emulator.conversation_url),
    )


def test_without_a_webhook_target_the_dev_stack_has_no_webhook(emulator: EmulatorServer) -> None:
    engine = Engine(
        REPO_ROOT,
        config=dev_config(),
        env=provider_environment(emulator.url, TEST_KEY_SECRET, emulator.conversation_url),
    )

    report = engine.preview(PROGRAM, check=True)

    assert [resource.name for resource in report.resources] == ["acme-eu", "acme-us", "acme-eu-app"]


def test_with_a_target_the_webhook_is_made_first_and_hears_both_senders_signed_with_the_secret(
    emulator: EmulatorServer,
) -> None:
    with Receiver() as receiver:
        engine = webhook_engine(emulator, receiver.url())

        up = engine.up(PROGRAM, check=True)

        assert writes(emulator) == {"createWebhook": 1, "createSender": 2, "App_CreateApp": 1}
        hook = engine.state.by_name("acme-sender-events")
        assert hook.plain_outputs["triggers"] == RCS_EVENTS
        assert hook.outputs["secret"] == Secret(SECRET)
        assert up.program is not None
        assert up.program.exports["webhookId"] == hook.id
        assert "webhookSecret" not in up.program.exports
        senders = {engine.state.by_name(name).id for name in ("acme-eu", "acme-us")}
        received = receiver.wait_for(lambda got: len(got) >= 2)
        events = [verify_webhook_signature(SECRET, item.body, item.headers) for item in received]
        assert {event.sender_id for event in events} == senders  # created after it: it heard them
        assert SECRET not in engine.state.checkpoint_json()
        assert SECRET not in up.plugin_stderr
        emulator.reset_stats()
        again = engine.up(PROGRAM, check=True)
        assert {resource.op for resource in again.resources} == {"same"}
        assert writes(emulator) == {}


def test_the_webhooks_command_lists_id_target_and_triggers(emulator: EmulatorServer) -> None:
    made = made_outside(emulator)

    result = provider_command("webhooks", env=sinch_env(emulator))

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{made['id']}  {made['target']}  RCS_SENDER_COMMENT_ADDED\n"


def test_the_webhooks_command_reports_sinchs_refusal_and_exits_1(emulator: EmulatorServer) -> None:
    wrong = {**sinch_env(emulator), "SINCH_KEY_SECRET": "not-the-key-secret"}

    result = provider_command("webhooks", env=wrong)

    assert result.returncode == 1
    assert "error: Sinch API 401" in result.stderr
    assert "not-the-key-secret" not in result.stderr
