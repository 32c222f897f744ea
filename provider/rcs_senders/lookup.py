"""``lookup_senders``: find existing senders from a Pulumi program, for senders the stack does not manage.

It runs while the program runs (also in ``pulumi preview``, like a data source) and reads the same settings
as the provider: the stack config keys ``sinch:*``, falling back to the ``SINCH_*`` environment variables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from provider.settings import ALL_SETTINGS, ProviderSettings
from sinch_provisioning.rcs_senders import SinchRcsClient


@dataclass(frozen=True)
class SenderSummary:
    """What a program usually needs to reference a sender it does not manage."""

    id: str
    name: str | None
    state: str | None
    region: str | None
    use_case: str | None

    @classmethod
    def from_api(cls, sender: Mapping[str, Any]) -> SenderSummary:
        brand = (sender.get("details") or {}).get("brand") or {}
        return cls(
            id=str(sender["id"]),
            name=brand.get("name"),
            state=sender.get("state"),
            region=sender.get("region"),
            use_case=sender.get("useCase"),
        )


def lookup_senders(
    search: str | None = None,
    states: Sequence[str] | None = None,
    *,
    sender_ids: Sequence[str] | None = None,
    conversation_api_app_id: str | None = None,
    client: SinchRcsClient | None = None,
) -> list[SenderSummary]:
    """The project's senders matching every given filter, oldest first.

    ``search`` matches part of the name, case-insensitively; ``states`` keeps senders in those states
    (``IN_TEST``, ``LAUNCHED``, ...). Pass ``client`` to use your own; otherwise one is built from the
    program's ``sinch:*`` config (or the ``SINCH_*`` environment variables) and closed afterwards.
    """
    own_client = client is None
    active = client if client is not None else client_from_program_config()
    try:
        senders = active.list_senders(
            search=search,
            filter_states=list(states) if states else None,
            filter_sender_ids=list(sender_ids) if sender_ids else None,
            filter_conversation_api_app_id=conversation_api_app_id,
            sort_column="CREATED",
            sort_direction="ASC",
        )
    finally:
        if own_client:
            active.close()
    return [SenderSummary.from_api(sender) for sender in senders]


def client_from_program_config() -> SinchRcsClient:
    """A client for the settings a Pulumi program sees (stack config ``sinch:*``, then environment)."""
    import pulumi  # only here: the rest of this module is usable without Pulumi

    config = pulumi.Config("sinch")
    values = {setting.config_key: config.get(setting.config_key.split(":", 1)[1]) for setting in ALL_SETTINGS}
    return SinchRcsClient(ProviderSettings.resolve(values).connect(), owns_connection=True)
