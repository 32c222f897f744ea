"""What a ProvisioningWebhook leaves in state besides its outputs: the serialized provider (by reference to
its frozen class path, empty, no secret), and the shape version of its outputs."""

from __future__ import annotations

import base64
import pickle
import pickletools

import pytest

from emulator.server import EmulatorServer
from provider.core.properties import STATE_VERSION_KEY
from provider.webhooks.properties import TABLE
from provider.webhooks.provider import ProvisioningWebhookProvider
from tests.conftest import TEST_KEY_SECRET
from tests.provider.webhook_support import SECRET, engine_for, one_webhook


def test_the_provider_is_pickled_by_its_frozen_class_path_empty_and_without_secrets(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)

    serialized = engine.state.by_name("hook").plain_inputs["__provider"]

    assert isinstance(serialized, str)  # not encrypted: there is nothing secret in it
    raw = base64.b64decode(serialized)
    opcodes = [op.name for op, _, _ in pickletools.genops(raw)]
    assert "STACK_GLOBAL" in opcodes  # by reference, not by value
    assert b"provider.webhooks.provider" in raw
    assert b"ProvisioningWebhookProvider" in raw
    assert vars(pickle.loads(raw)) == {}
    assert len(serialized) < 200
    for secret in (SECRET, TEST_KEY_SECRET):
        assert secret.encode() not in raw


def test_a_configured_provider_refuses_to_be_pickled_with_its_runtime() -> None:
    provider = ProvisioningWebhookProvider()
    assert pickle.dumps(provider)  # unconfigured: empty
    provider._runtime()  # what configure() or a first call makes
    with pytest.raises(TypeError, match="never serialized"):
        pickle.dumps(provider)


def test_outputs_record_their_shape_version_and_a_newer_one_is_refused(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    resource = engine.state.by_name("hook")
    assert resource.plain_outputs[STATE_VERSION_KEY] == TABLE.version == 1

    resource.outputs[STATE_VERSION_KEY] = TABLE.version + 1  # as a later release would record it
    report = engine.preview(one_webhook(triggers=["ALL"]))

    assert not report.ok
    assert "recorded by a newer version of sinch-rcs-pulumi" in (report.resource("hook").error_details or "")
