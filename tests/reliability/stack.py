"""What the reliability suite puts through the plugin: sender declarations, and a stack on an emulator.

- ``full_declaration(index)``: a complete, launchable EU sender (brand, countries, test numbers, the launch
  questionnaire), distinct per index, in the state shape (camelCase); ``minimal_declaration()``.
- ``senders_program(declarations)``: a Pulumi program declaring one ``RcsSender`` per entry.
- ``engine_for(url)``: an engine whose stack config points the provider at an emulator; ``Stack``: such an
  engine and its emulator.
- ``serialized_provider()``: the ``__provider`` value an ``RcsSender`` registers.

Declarations are plain dicts so that a test can change them; ``RcsSender`` gets them as snake_case keyword
arguments, which is what a user writes. (The benchmarks have their own workload in ``bench/``: tests do not
import the product's tools, and the tools never import tests.)
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

from pulumi.dynamic.dynamic import serialize_provider

from emulator.server import EmulatorServer
from engine import Engine
from provider.rcs_senders.properties import INPUTS
from provider.rcs_senders.resource import RcsSender
from provider.sender_provider import RcsSenderProvider

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
PROJECT_ID: Final = "0d6c3c5e-8a51-4c1f-9a8e-5b7f2e4c1a90"
KEY_ID: Final = "reliability-key-id"
# Long and unusual on purpose: the secrets checks search texts for it.
KEY_SECRET: Final = "reliability-key-secret-5f1e0c7a9b3d"

Declaration = dict[str, Any]
Program = Callable[[], None]


def minimal_declaration() -> Declaration:
    return {"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"}


def full_declaration(index: int = 0) -> Declaration:
    """Everything a sender can declare (launchable: the checklist passes), distinct per ``index``."""
    site = f"https://brand{index}.example.com"
    return {
        "region": "EU",
        "billingCategory": "CONVERSATIONAL",
        "useCase": "MULTIUSE",
        "brand": {
            "name": f"Test Brand {index:04d}",
            "description": "Parcel tracking and delivery updates",
            "color": "#0B5FFF",
            "emails": [{"label": "Support", "address": f"support{index}@brand.example.com"}],
            "phones": [{"label": "Support", "number": "+442071234567"}],
            "websites": [{"label": "Website", "url": site}],
            "logoUrl": f"{site}/logo-224.png",
            "bannerUrl": f"{site}/banner-1440x448.png",
            "privacyPolicyUrl": f"{site}/privacy",
            "termsOfServiceUrl": f"{site}/terms",
        },
        "countries": ["GB", "FR"],
        "testNumbers": [f"+4670{index:07d}"],
        "questionnaire": {
            "general": {
                "answers": {
                    "optInDescription": "Customers opt in at checkout.",
                    "triggerDescription": "A parcel is dispatched, out for delivery or delivered.",
                    "interactionsDescription": "Delivery status cards with buttons.",
                    "optOutDescription": "Reply STOP at any time.",
                    "screenshotUris": [f"{site}/screenshot.png"],
                }
            },
            "verification": {
                "answers": {
                    "name": "Jane Doe",
                    "email": f"jane{index}@brand.example.com",
                    "title": "Head of Messaging",
                    "website": site,
                    "phone": "+442071234568",
                }
            },
            "gb": {
                "answers": {
                    "brandIndustry": "Logistics",
                    "companyLegalName": f"Test Brand {index:04d} Ltd",
                    "companyRegistrationNumber": "01234567",
                    "fullCompanyAddress": "1 Example Street, London, EC1A 1AA",
                    "messagesVolume": "10K - 100K messages",
                    "messagesFrequency": "Daily",
                }
            },
            "fr": {
                "answers": {"fullCompanyAddress": "1 rue de l'Exemple, 75001 Paris", "siren": "123456789"}
            },
        },
        "launch": False,
    }


def python_arguments(declaration: Mapping[str, Any]) -> dict[str, Any]:
    """``RcsSender`` keyword arguments (snake_case) for a declaration in the state shape (camelCase)."""
    unknown = sorted(set(declaration) - set(INPUTS))
    if unknown:
        raise KeyError(f"not RcsSender inputs: {', '.join(unknown)}")
    return {INPUTS[key]: copy.deepcopy(value) for key, value in declaration.items()}


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
