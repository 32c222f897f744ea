"""A project's webhook (the Webhooks part of the Provisioning API), as the emulator keeps it.

A webhook has a server-made id (a ULID), a ``target`` unique within the project, a ``secret`` that is never
returned, and its ``triggers`` (``ALL`` listens to every event). Its operations are in
``emulator.webhook_operations``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Webhook:
    id: str
    project_id: str
    target: str
    secret: str = field(repr=False)
    triggers: list[str]

    def listens_to(self, event_type: str) -> bool:
        return "ALL" in self.triggers or event_type in self.triggers

    def render(self) -> dict[str, Any]:
        """As ``WebhookWebhookDto`` (without the secret)."""
        return {
            "id": self.id,
            "target": self.target,
            "projectId": self.project_id,
            "triggers": list(self.triggers),
        }
