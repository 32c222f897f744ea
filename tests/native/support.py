"""The ``sinch`` native plugin under the local engine: engines for this repository's project with the plugin
registered, pointed at a test emulator, and the declarations the tests share."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import example_senders
import pulumi_sinch as sinch
from demo.local_emulator import provider_environment
from emulator.server import EmulatorServer
from emulator.stats import short_name
from engine import Engine
from provider.native.__main__ import PLUGIN_DIR
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID
from tests.program.support import dev_config

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
PLUGINS: Final = {"sinch": PLUGIN_DIR}
OTHER_PROJECT: Final = "0b1f8e2c-7d4a-4c5e-9f60-3a2b1c0d9e87"
TARGET: Final = "https://events.acme-parcel.example/sinch"
SECRET: Final = "a-webhook-signing-secret-of-43-characters-0"


def config_for(url: str, conversation_url: str | None = None) -> dict[str, str]:
    """Stack config pointing the default ``sinch`` provider at the API at ``url`` (and the Conversation API
    at ``conversation_url``, when given) with the test key."""
    config = {
        "sinch:projectId": TEST_PROJECT_ID,
        "sinch:keyId": TEST_KEY_ID,
        "sinch:keySecret": TEST_KEY_SECRET,
        "sinch:provisioningUrl": url,
        "sinch:authUrl": f"{url}/oauth2/token",
    }
    if conversation_url is not None:
        config["sinch:conversationUrl"] = conversation_url
    return config


def native_engine(url: str, *, parallel: int = 16, conversation_url: str | None = None) -> Engine:
    """An engine whose default ``sinch`` provider is configured by the stack config for the API at ``url``."""
    return Engine(
        REPO_ROOT,
        config=config_for(url, conversation_url),
        secret_config_keys=["sinch:keySecret"],
        plugins=PLUGINS,
        parallel=parallel,
    )


def dev_native_engine(emulator: EmulatorServer, **program_settings: str) -> Engine:
    """The example program's ``dev`` stack on the native form (``form: native``), as ``make demo FORM=native``
    runs it: Pulumi.dev.yaml's config, the emulator's URLs and key secret in the environment; a
    ``webhookSecret`` among the settings is a secret config value."""
    return Engine(
        REPO_ROOT,
        config=dev_config(form="native", **program_settings),
        secret_config_keys=["sinch-rcs-senders:webhookSecret"] if "webhookSecret" in program_settings else [],
        env=provider_environment(emulator.url, TEST_KEY_SECRET, emulator.conversation_url),
        plugins=PLUGINS,
    )


def provider_for(emulator: EmulatorServer, name: str, project_id: str) -> sinch.Provider:
    """An explicit ``sinch`` provider instance for ``project_id`` in ``emulator``."""
    return sinch.Provider(
        name,
        project_id=project_id,
        key_id=TEST_KEY_ID,
        key_secret=TEST_KEY_SECRET,
        provisioning_url=emulator.url,
        auth_url=f"{emulator.url}/oauth2/token",
    )


def sender_arguments(index: int | None = None, **overrides: Any) -> dict[str, Any]:
    """``RcsSender`` keyword arguments of ACME Parcel's EU sender (distinct per ``index``)."""
    return example_senders.arguments(example_senders.eu_declaration(index)) | overrides


def webhook(name: str = "events", target: str = TARGET, **options: Any) -> sinch.ProvisioningWebhook:
    return sinch.ProvisioningWebhook(
        name, target=target, secret=SECRET, triggers=["RCS_SENDER_STATUS_UPDATED"], **options
    )


def changes(emulator: EmulatorServer) -> dict[str, int]:
    """The requests since the last reset that change something in Sinch (either API), by operation."""
    requests: dict[str, int] = emulator.stats()["requests"]
    reading = re.compile(r"(?:\w+_)?(?:get|list)", re.IGNORECASE)
    return {short_name(name): n for name, n in requests.items() if n and not reading.match(short_name(name))}


def program(*declare: Callable[[], object]) -> Callable[[], None]:
    """A program that runs each of ``declare`` (resource constructors, partially applied)."""

    def run() -> None:
        for make in declare:
            make()

    return run
