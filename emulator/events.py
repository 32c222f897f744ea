"""What a webhook event is once announced: its JSON body, as sent, and the webhooks it goes to.

Made by the API handlers (Provisioning events through ``store.Session.publish``, Conversation API
callbacks by the inbound injection) and delivered by ``emulator.delivery``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PROVISIONING = "provisioning"
CONVERSATION = "conversation"


@dataclass(frozen=True)
class Subscriber:
    """A webhook as it was when an event was announced to it (an empty secret: the event goes unsigned)."""

    webhook_id: str
    target: str
    secret: str = field(repr=False)


@dataclass(frozen=True)
class Event:
    """One event (its JSON body, as sent) for the webhooks that listen to it. ``api`` says which API sends
    it: ``provisioning`` events are judged by the RCS document's callbacks in strict mode; the Conversation
    API slice declares no callbacks, so its events are not judged."""

    type: str
    project_id: str
    body: bytes = field(repr=False)  # sender payloads carry authToken
    subscribers: tuple[Subscriber, ...]
    api: str = PROVISIONING
