"""The workload the benchmarks and the reliability suite put through the plugin: senders and a stack.

- ``full_declaration(index)``: a complete EU sender (brand, countries, test numbers, the launch
  questionnaire), distinct per index (brand name, e-mail, test numbers), in the state shape (camelCase).
- ``created_through(plugin, provider, index)``: such a sender checked and created through a plugin
  process, with its payloads (``PluginSender``), for the benchmarks that call a plugin directly.
- ``senders_program(declarations)``: a Pulumi program declaring one ``RcsSender`` per entry.
- ``engine_for(url)``: a harness ``Engine`` whose stack config points the provider at an emulator
  (``provider_config(url)``: that config as a plugin gets it); ``running_stack()``: a fresh in-process
  emulator and such an engine (a ``Stack``).

Declarations are plain dicts so that a caller can change them; ``RcsSender`` gets them as snake_case
keyword arguments, which is what a user writes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from emulator.server import EmulatorServer
from engine.engine import Engine
from engine.plugin import PluginProcess
from engine.values import PropertyMap
from example_senders import arguments as python_arguments
from example_senders import eu_declaration

REPO_ROOT: Final = Path(__file__).resolve().parent.parent

PROJECT_ID: Final = "0d6c3c5e-8a51-4c1f-9a8e-5b7f2e4c1a90"
KEY_ID: Final = "bench-key-id"
# The URN of the one sender the per-call benchmarks put through a plugin (project and stack of engine_for).
SENDER_URN: Final = "urn:pulumi:bench::sinch-rcs-senders::pulumi-python:dynamic/sinch:RcsSender::bench"
# Long and unusual on purpose: the secrets checks search texts for it.
KEY_SECRET: Final = "bench-key-secret-5f1e0c7a9b3d"

Declaration = dict[str, Any]
Program = Callable[[], None]


def minimal_declaration() -> Declaration:
    return {"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"}


def full_declaration(index: int = 0) -> Declaration:
    """Everything a sender can declare (launchable: the checklist passes), distinct per ``index``."""
    return {**eu_declaration(index), "launch": False}


def senders_program(declarations: Mapping[str, Mapping[str, Any]]) -> Program:
    """A program declaring one ``RcsSender`` per (resource name -> declaration)."""
    from provider.rcs_senders.resource import (
        RcsSender,  # imported late: the plugin side never needs this module
    )

    frozen = {name: python_arguments(declaration) for name, declaration in declarations.items()}

    def program() -> None:
        for name, declared in frozen.items():
            RcsSender(name, **copy.deepcopy(declared))

    return program


def many(count: int, make: Callable[[int], Declaration] = full_declaration) -> dict[str, Declaration]:
    """``count`` declarations named ``sender-000``..."""
    return {f"sender-{index:03d}": make(index) for index in range(count)}


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


def provider_config(provisioning_url: str) -> PropertyMap:
    """What the engine's ``Configure`` gives a plugin for that stack (``PluginProcess.configure(...)``)."""
    return engine_for(provisioning_url).config_args()


class Stack:
    """An emulator (accepting only the bench key) and an engine whose provider talks to it."""

    def __init__(self, server: EmulatorServer, engine: Engine) -> None:
        self.server = server
        self.engine = engine

    def senders(self) -> list[dict[str, Any]]:
        """The senders the emulator holds for the stack's project."""
        return self.server.senders(PROJECT_ID)


@contextmanager
def running_stack(**emulator_options: Any) -> Iterator[Stack]:
    """A fresh emulator (``EmulatorServer`` options) and an engine configured for it."""
    emulator_options.setdefault("keys", {KEY_ID: KEY_SECRET})
    with EmulatorServer(**emulator_options) as server:
        yield Stack(server, engine_for(server.url))


@dataclass(frozen=True)
class PluginSender:
    """A full sender created through a plugin: its payloads as the engine sends them to the plugin."""

    news: PropertyMap
    checked: PropertyMap
    id: str
    outputs: PropertyMap
    changed: PropertyMap
    """``checked`` with one field changed (the brand's description): an update's new inputs."""


def created_through(plugin: PluginProcess, provider_value: str, index: int) -> PluginSender:
    """Check and create ``full_declaration(index)`` through ``plugin`` (a configured plugin process)."""
    news = {**full_declaration(index), "__provider": provider_value}
    checked = plugin.check(SENDER_URN, {}, news)
    if checked.failures:
        raise RuntimeError(f"the benchmark sender does not check clean: {checked.failures}")
    created = plugin.create(SENDER_URN, checked.inputs)
    changed = copy.deepcopy(checked.inputs)
    changed["brand"]["description"] = "Parcel tracking, delivery updates and returns"
    return PluginSender(news, checked.inputs, created.id, created.outputs, changed)
