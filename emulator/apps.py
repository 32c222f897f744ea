"""Conversation API apps and app webhooks, as the emulator keeps them (their operations are in
``emulator.conversation``).

An app lives in one region (``EU``, ``US``, ``BR``: the Provisioning API's spelling of the host's ``eu``,
``us``, ``br``) and keeps the top-level fields last applied to it (``display_name`` and the settings) and
its channel credentials, in order (the order is the channel priority). Each credential has a state:
``PENDING`` until it is judged (``due``), then ``ACTIVE`` or ``FAILING`` with a description; an ``ACTIVE``
RCS credential names the sender it was validated against (``sender_id``). An app webhook keeps the fields
last applied to it (``target``, ``target_type``, ``secret``, ``triggers``, ``client_credentials``).

Answers show an app with the spec's defaults for the settings left unset (``app_defaults``), as Sinch's
gateway answers with every field of its messages.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from emulator import spec

REGIONS: Mapping[str, str] = {"eu": "EU", "us": "US", "br": "BR"}  # the host's region -> the app's
PENDING, ACTIVE, FAILING = "PENDING", "ACTIVE", "FAILING"
HTTP, DISMISS = "HTTP", "DISMISS"
READ_ONLY_CREDENTIAL_FIELDS = frozenset({"state", "channel_known_id"})

# The settings whose schemas carry defaults, by the component that declares them.
_SETTING_COMPONENTS: Mapping[str, str] = {
    "retention_policy": "RetentionPolicy",
    "dispatch_retention_policy": "DispatchRetentionPolicy",
    "smart_conversation": "SmartConversation",
    "delivery_report_based_fallback": "DeliveryReportBasedFallback",
    "message_retry_settings": "MessageRetrySettings",
}


@functools.cache
def app_defaults() -> Mapping[str, Any]:
    """What an app's answer shows for each setting left unset: the schemas' ``default``s, and for the
    read-only ``rate_limits`` and ``queue_stats`` the defaults their descriptions state (25 per second each;
    a queue of 500000 messages, empty)."""
    defaults: dict[str, Any] = dict(spec.component_defaults("AppResponse"))
    for name, component in _SETTING_COMPONENTS.items():
        defaults[name] = spec.component_defaults(component)
    defaults["rate_limits"] = {"inbound": 25, "outbound": 25, "webhooks": 25}
    defaults["queue_stats"] = {"outbound_size": 0, "outbound_limit": 500000}
    return defaults


def credential_kind(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The credential object(s) of an entry, by its channel's kinds (what says whether it changed)."""
    return {key: entry[key] for key in spec.CREDENTIAL_KINDS.get(entry["channel"], ()) if key in entry}


@dataclass
class Credential:
    """One entry of an app's ``channel_credentials`` (as sent, read-only fields dropped) and its state."""

    entry: dict[str, Any] = field(repr=False)
    status: str
    description: str | None = None
    due: float | None = None  # when a PENDING credential is judged
    sender_id: str | None = None  # an ACTIVE RCS credential: the sender it was validated against

    @property
    def channel(self) -> str:
        return str(self.entry["channel"])

    @property
    def ordinal(self) -> int:
        return int(self.entry.get("credential_ordinal_number", 0))

    def same_as(self, entry: Mapping[str, Any]) -> bool:
        """Whether ``entry`` holds this credential (same channel, ordinal number and credential objects)."""
        return (
            entry["channel"] == self.channel
            and int(entry.get("credential_ordinal_number", 0)) == self.ordinal
            and credential_kind(entry) == credential_kind(self.entry)
        )

    def render(self) -> dict[str, Any]:
        state: dict[str, Any] = {"status": self.status}
        if self.description is not None:
            state["description"] = self.description
        return {**copy.deepcopy(self.entry), "credential_ordinal_number": self.ordinal, "state": state}


@dataclass
class App:
    """One Conversation API app of one project."""

    id: str
    project_id: str
    region: str
    fields: dict[str, Any]  # display_name and the settings as last applied (never channel_credentials)
    credentials: list[Credential]

    def rcs_credentials(self) -> list[Credential]:
        return [credential for credential in self.credentials if credential.channel == "RCS"]

    def next_due(self) -> float | None:
        """When the next PENDING credential is judged (None if none is)."""
        return min(
            (c.due for c in self.credentials if c.status == PENDING and c.due is not None), default=None
        )

    def render(self) -> dict[str, Any]:
        """The app as the API returns it (``AppResponse``), unset settings with their defaults."""
        out: dict[str, Any] = {"id": self.id}
        if "display_name" in self.fields:
            out["display_name"] = self.fields["display_name"]
        out["channel_credentials"] = [credential.render() for credential in self.credentials]
        for name, default in app_defaults().items():
            given = self.fields.get(name)
            if isinstance(default, dict):
                out[name] = {**copy.deepcopy(default), **copy.deepcopy(given or {})}
            else:
                out[name] = default if given is None else given
        for name, value in self.fields.items():  # callback_settings and any other setting without defaults
            out.setdefault(name, copy.deepcopy(value))
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "project_id": self.project_id,
            "region": self.region,
            "fields": self.fields,
            "credentials": [vars(credential) for credential in self.credentials],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> App:
        credentials = [Credential(**item) for item in data["credentials"]]
        return cls(data["id"], data["project_id"], data["region"], dict(data["fields"]), credentials)


@dataclass
class AppWebhook:
    """One webhook of one app (``target_type`` left unset means the spec's default, ``DISMISS``)."""

    id: str
    project_id: str
    app_id: str
    fields: dict[str, Any] = field(repr=False)  # target, target_type, secret, triggers, client_credentials

    @property
    def target(self) -> str:
        return str(self.fields["target"])

    @property
    def target_type(self) -> str:
        return str(self.fields.get("target_type", DISMISS))

    @property
    def triggers(self) -> Sequence[str]:
        found: Sequence[str] = self.fields.get("triggers") or ()
        return found

    @property
    def secret(self) -> str:
        """The secret callbacks are signed with (empty: they go unsigned)."""
        return str(self.fields.get("secret") or "")

    def listens_to(self, trigger: str) -> bool:
        """Whether callbacks of ``trigger`` are sent to it (``DISMISS``: "Events won't be sent")."""
        return self.target_type == HTTP and trigger in self.triggers

    def render(self) -> dict[str, Any]:
        """As the ``Webhook`` schema (the secret and client credentials included, as the API echoes them)."""
        return {
            "id": self.id,
            "app_id": self.app_id,
            **copy.deepcopy(self.fields),
            "target_type": self.target_type,
            "triggers": list(self.triggers),
        }

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "project_id": self.project_id, "app_id": self.app_id, "fields": self.fields}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AppWebhook:
        return cls(data["id"], data["project_id"], data["app_id"], dict(data["fields"]))
