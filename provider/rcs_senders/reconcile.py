"""Finding the sender that a create with a lost answer made.

A create POST that dies after it may have reached Sinch (connection dropped, read timeout, 5xx, an answer
that is not a sender) must not be sent again blindly: that is how duplicate senders are made. Instead the
provider lists the project's recent senders, newest first, and looks for one with the declaration's
identity (:mod:`schemas.rcs_senders.identity`) that no resource has claimed and that Sinch created since
the request was sent. It does so holding the identity exclusively (:mod:`provider.rcs_senders.create_ledger`),
so every sibling create that was answered has claimed its sender by then: any unclaimed match was made by
an attempt whose answer was lost, ours or an identical declaration's, and either is ours to take.

A match created shortly *before* the attempt, and none since, is another resource's (an identical
declaration from an earlier run on another machine) or ours if Sinch's clock is behind ours: that cannot be
told apart, so the provider says so, naming the candidates, instead of guessing.
"""

from __future__ import annotations

from collections.abc import Set
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from provider.rcs_senders.errors import SenderCreateError
from schemas.rcs_senders.identity import api_sender_identity
from sinch_provisioning.rcs_senders import SinchRcsClient

# A sender created at most this long before our send time (by our clock) is still ours: Sinch rounds its
# timestamps to milliseconds and two NTP-synchronised clocks differ by less.
SEND_TOLERANCE: Final = timedelta(milliseconds=250)
# Matching senders created up to this long before the attempt make the outcome ambiguous.
LOOKBACK: Final = timedelta(minutes=2)


def parse_timestamp(value: str) -> datetime | None:
    """Sinch timestamps are ISO 8601 UTC, sometimes with a lowercase ``t`` (``2023-01-19t13:11:08.204Z``)."""
    try:
        parsed = datetime.fromisoformat(value.strip().upper().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def find_created_sender(
    client: SinchRcsClient,
    identity: str,
    *,
    sent_at: datetime,
    claimed: Set[str],
) -> dict[str, Any] | None:
    """The sender the lost create made, or None when the attempt created nothing.

    Call it holding the identity exclusively. Raises ``SenderCreateError`` naming the candidates when no
    sender was created since the attempt but matching ones were just before it (see the module docstring).
    """
    since_sent: list[dict[str, Any]] = []
    just_before: list[dict[str, Any]] = []
    for sender in client.iter_senders(sort_column="CREATED", sort_direction="DESC", page_size=100):
        created = parse_timestamp(str(sender.get("created", "")))
        if created is not None and created < sent_at - LOOKBACK:
            break  # newest first: everything from here on is older
        sender_id = sender.get("id")
        if not isinstance(sender_id, str) or not sender_id or sender_id in claimed:
            continue
        if api_sender_identity(sender) != identity:
            continue
        if created is not None and created >= sent_at - SEND_TOLERANCE:
            since_sent.append(sender)
        else:
            just_before.append(sender)
    if since_sent:
        return min(since_sent, key=lambda sender: str(sender.get("created", "")))
    if not just_before:
        return None
    candidates = ", ".join(f"{s['id']} (created {s.get('created', '?')})" for s in just_before)
    raise SenderCreateError(
        f"Sinch's answer to creating this sender was lost (sent at {sent_at.isoformat()}), and it cannot be "
        f"told whether the attempt created one of these senders, which hold exactly this declaration and no "
        f"resource claims: {candidates}. Nothing more was created. If one of them belongs to no resource, "
        "adopt it by adding sender_id=<its id>; otherwise run `pulumi up` again."
    )
