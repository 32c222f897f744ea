"""``lookup_senders``: the ``sinch:index:lookupSenders`` function (senders the stack does not manage)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi.runtime

from provider.rcs_senders.lookup import SenderSummary


@dataclass(frozen=True)
class LookupSendersResult:
    """What ``lookup_senders`` returns."""

    senders: list[SenderSummary]


def lookup_senders(
    search: str | None = None,
    states: Sequence[str] | None = None,
    *,
    sender_ids: Sequence[str] | None = None,
    conversation_api_app_id: str | None = None,
    opts: pulumi.InvokeOptions | None = None,
) -> LookupSendersResult:
    """The provider's project's senders matching every given filter, oldest first (runs in preview too).

    ``opts.provider`` picks an explicit provider instance (its project); the default provider otherwise."""
    args = {
        "search": search,
        "states": list(states) if states is not None else None,
        "senderIds": list(sender_ids) if sender_ids is not None else None,
        "conversationApiAppId": conversation_api_app_id,
    }
    result = pulumi.runtime.invoke("sinch:index:lookupSenders", args, opts).value
    return LookupSendersResult([_summary(item) for item in (result or {}).get("senders") or []])


def _summary(item: dict[str, Any]) -> SenderSummary:
    return SenderSummary(
        id=str(item["id"]),
        name=item.get("name"),
        state=item.get("state"),
        region=item.get("region"),
        use_case=item.get("useCase"),
    )
