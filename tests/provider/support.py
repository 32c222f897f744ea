"""Declarations and programs for the RcsSender end-to-end tests (run through the real plugin process)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import example_senders
from emulator.server import EmulatorServer
from emulator.stats import short_name
from engine import Engine
from provider import RcsSender, SinchRcsClient
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID

REPO_ROOT = Path(__file__).resolve().parents[2]
RESOURCE_TYPE = "pulumi-python:dynamic/sinch:RcsSender"


def eu_sender(**overrides: Any) -> dict[str, Any]:
    """Keyword arguments for a launch-ready EU sender in GB (the sample data of ``example_senders``; each
    test changes what it needs)."""
    declaration = example_senders.eu_declaration() | {"countries": ["GB"], "testNumbers": ["+447700900001"]}
    return example_senders.arguments(declaration) | overrides


def senders_program(senders: Mapping[str, Mapping[str, Any]]) -> Callable[[], None]:
    """A program declaring one RcsSender per (resource name -> keyword arguments)."""

    def program() -> None:
        for name, arguments in senders.items():
            RcsSender(name, **copy.deepcopy(dict(arguments)))

    return program


def one_sender(name: str = "sender", **arguments: Any) -> Callable[[], None]:
    return senders_program({name: eu_sender(**arguments)})


def sinch_config(emulator: EmulatorServer, **extra: str) -> dict[str, str]:
    """Stack config pointing the provider at ``emulator`` with the test access key."""
    config = {
        "sinch:projectId": TEST_PROJECT_ID,
        "sinch:keyId": TEST_KEY_ID,
        "sinch:keySecret": TEST_KEY_SECRET,
        "sinch:provisioningUrl": emulator.url,
        "sinch:authUrl": f"{emulator.url}/oauth2/token",
        "sinch:conversationUrl": emulator.conversation_url,
    }
    config.update(extra)
    return config


def sinch_env(emulator: EmulatorServer) -> dict[str, str]:
    """The same settings as ``SINCH_*`` environment variables (the provider's fallback)."""
    names = {
        "sinch:projectId": "SINCH_PROJECT_ID",
        "sinch:keyId": "SINCH_KEY_ID",
        "sinch:keySecret": "SINCH_KEY_SECRET",
        "sinch:provisioningUrl": "SINCH_PROVISIONING_URL",
        "sinch:authUrl": "SINCH_AUTH_URL",
        "sinch:conversationUrl": "SINCH_CONVERSATION_URL",
    }
    return {names[key]: value for key, value in sinch_config(emulator).items()}


def engine_for(emulator: EmulatorServer, **extra_config: str) -> Engine:
    return Engine(
        REPO_ROOT,
        config=sinch_config(emulator, **extra_config),
        secret_config_keys=["sinch:keySecret"],
    )


def direct_client(emulator: EmulatorServer) -> SinchRcsClient:
    """A client acting outside Pulumi (someone using the dashboard or a script)."""
    return SinchRcsClient.from_access_key(
        TEST_PROJECT_ID,
        TEST_KEY_ID,
        TEST_KEY_SECRET,
        auth_method="basic",
        base_url=emulator.url,
    )


def api_requests(emulator: EmulatorServer) -> dict[str, int]:
    """Requests per operation since the last ``reset_stats`` (short names: ``createSender``...)."""
    counts: dict[str, int] = emulator.stats()["requests"]
    return {short_name(name): count for name, count in counts.items() if count}


def stored(emulator: EmulatorServer) -> list[dict[str, Any]]:
    return emulator.senders(TEST_PROJECT_ID)
