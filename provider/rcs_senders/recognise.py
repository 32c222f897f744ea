"""How a sender's lost create is recognised: the sender holding this declaration, made since the attempt.

After a create whose answer was lost (:mod:`provider.core.lost_create`), the provider lists the project's
recent senders, newest first, and looks for one with the declaration's identity
(:mod:`schemas.rcs_senders.identity`) that no resource has claimed and that Sinch created since the
request was sent. It does so holding the identity exclusively, so every sibling create that was answered
has claimed its sender by then: any unclaimed match was made by an attempt whose answer was lost, ours or
an identical declaration's, and either is ours to take.

A match created shortly *before* the attempt, and none since, is another resource's (an identical
declaration from an earlier run on another machine) or ours if Sinch's clock is behind ours: that cannot be
told apart, so the provider says so, naming the candidates, instead of guessing.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from provider.core.lost_create import JsonObject, Recogniser, when_made
from schemas.rcs_senders.identity import api_sender_identity, sender_identity
from sinch_provisioning.rcs_senders import SinchRcsClient

# Matching senders created up to this long before the attempt make the outcome ambiguous.
LOOKBACK: Final = timedelta(minutes=2)


def parse_timestamp(value: str) -> datetime | None:
    """Sinch timestamps are ISO 8601 UTC, sometimes with a lowercase ``t`` (``2023-01-19t13:11:08.204Z``)."""
    try:
        parsed = datetime.fromisoformat(value.strip().upper().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class SenderRecogniser(Recogniser):
    """Recognises the sender a lost create of ``declared`` made (see the module docstring)."""

    kind = "sender"
    what = "the sender"
    listing = "the project's senders"

    def __init__(self, client: SinchRcsClient, declared: Mapping[str, Any]) -> None:
        self.client = client
        self.identity = sender_identity(declared)
        super().__init__(api_url=client.base_url, project_id=client.project_id, identity=self.identity)

    def find(self, sent_at: datetime, claimed: Set[str]) -> JsonObject | None:
        since_sent: list[JsonObject] = []
        just_before: list[JsonObject] = []
        senders = self.client.iter_senders(sort_column="CREATED", sort_direction="DESC", page_size=100)
        for sender in senders:
            created = parse_timestamp(str(sender.get("created", "")))
            if created is not None and created < sent_at - LOOKBACK:
                break  # newest first: everything from here on is older
            sender_id = sender.get("id")
            if not isinstance(sender_id, str) or not sender_id or sender_id in claimed:
                continue
            if api_sender_identity(sender) != self.identity:
                continue
            (since_sent if when_made(created, sent_at) == "since" else just_before).append(sender)
        return self.oldest_or_doubt(
            since_sent,
            just_before,
            created=lambda sender: str(sender.get("created", "")),
            doubt=lambda candidates: (
                f"Sinch's answer to creating this sender was lost (sent at {sent_at.isoformat()}), and it "
                "cannot be told whether the attempt created one of these senders, which hold exactly this "
                f"declaration and no resource claims: {candidates}. Nothing more was created. If one of "
                "them belongs to no resource, adopt it by adding sender_id=<its id>; otherwise run "
                "`pulumi up` again."
            ),
        )

    def how_to_check(self, sent_at: datetime) -> str:
        return (
            f"A sender may exist: look for one created at {sent_at.isoformat()} (python -m provider lookup) "
            "and add sender_id=<its id> to the declaration to adopt it; if there is none, run `pulumi up` "
            "again."
        )
