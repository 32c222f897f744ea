"""What the reliability suite puts through the plugin: sender declarations, and a stack on an emulator.

- ``full_declaration(index)``: a complete, launchable EU sender (``example_senders``: brand, countries, test
  numbers, the launch questionnaire), distinct per index, in the state shape (camelCase);
  ``minimal_declaration()``.
- ``senders_program(declarations)``: a Pulumi program declaring one ``RcsSender`` per entry.
- ``engine_for(url)``: an engine whose stack config points the provider at an emulator; ``Stack``: such an
  engine and its emulator.
- ``serialized_provider()``: the ``__provider`` value an ``RcsSender`` registers.

Declarations are plain dicts so that a test can change them; ``RcsSender`` gets them as snake_case keyword
arguments, which is what a user writes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

from pulumi.dynamic.dynamic import serialize_provider

import example_senders
from emulator.server import EmulatorServer
from engine import Engine
from provider.rcs_senders.resource import RcsSender
from provider.sender_provider import RcsSenderProvider

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
PROJECT_ID: Final = "0d6c3c5e-8a51-4c1f-9a8e-5b7f2e4c1a90"
KEY_ID: Final = "reliability-key-id"
# Long and unusual on purpose: the secrets checks search texts for it.
KEY_SECRET: Final = "reliability-key-secret-5f1e0c7a9b3d"

Declaration = dict[str, Any]
python_arguments = example_senders.arguments
Program = Callable[[], None]


def minimal_declaration() -> Declaration:
    return {"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"}


def full_declaration(index: int = 0) -> Declaration:
    """Everything a sender can declare (launchable: the checklist passes), distinct per ``index``."""
    return example_senders.eu_declaration(index) | {"launch": False}


def senders_program(declarations: Mapping[str, Mapping[str, Any]]) -> Program:
    """A program declaring one ``RcsSender`` per (resource name -> declaration)."""
    frozen = {name: python_arguments(declaration) for name, declaration in declarations.items()}

    def program() -> None:
        for name, arguments in frozen.items():
            RcsSender(name, **copy.deepcopy(arguments))

    return program


def engine_for(provisioning_url: str, *, auth_url: str | None = None, key_secret: str = KEY_SECRET) -> Engine:
    """An engine for this repository's project; its stack config points the provider at the emulator."""
    return Engine(
        REPO_ROOT,
        config={
            "sinch:projectId": PROJECT_ID,
            "sinch:keyId": KEY_ID,
            "sinch:keySecret": key_secret,
            "sinch:provisioningUrl": provisioning_url,
            "sinch:authUrl": auth_url or f"{provisioning_url}/oauth2/token",
        },
        secret_config_keys=["sinch:keySecret"],
    )


def serialized_provider() -> str:
    """The ``__provider`` an ``RcsSender`` registers: the SDK's serialization of a fresh provider."""
    serialized: str = serialize_provider(RcsSenderProvider())
    return serialized


class Stack:
    """An emulator (accepting only the suite's key) and an engine whose provider talks to it."""

    def __init__(self, server: EmulatorServer, engine: Engine) -> None:
        self.server = server
        self.engine = engine

    def senders(self) -> list[dict[str, Any]]:
        """The senders the emulator holds for the stack's project."""
        return self.server.senders(PROJECT_ID)
