"""How an app's lost create is recognised: the app holding this declaration, made since the attempt.

Apps have no unique name: two apps may share a display name, and nothing in Sinch refuses a second one.
What tells an app this resource creates apart from the others is its display name together with its RCS
channel's claimed identity (the sender's ``authName``: one sender's apps), and, above all, when it was made:
app ids are ULIDs, whose first characters are the creation time
(:func:`sinch_provisioning.ids.ulid_time`). After a create whose answer was lost
(:mod:`provider.core.lost_create`), under the identity's exclusive hold (every sibling create that was
answered has claimed its app by then), the region's apps are listed once:

- apps with this display name and RCS claimed identity, unclaimed, made since the request was sent
  (:func:`~provider.core.lost_create.when_made`): made by an attempt whose answer was lost, ours or an
  identical declaration's, and either is ours to take; of several, the oldest (as for senders);
- none such, but one whose creation time cannot be told apart from the attempt's (``unclear``): it may be
  what the attempt made, or someone else's made an instant before; the create fails naming the candidates,
  and never POSTs again, since that could make a duplicate;
- nothing: the attempt made nothing, and sending it again cannot duplicate. An app made surely *before*
  the attempt is someone else's (another stack, the dashboard) and is never taken.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Set
from datetime import datetime
from typing import Any

from provider.conversation_apps.errors import by_hand, delete_command
from provider.core.lost_create import JsonObject, Recogniser, when_made
from schemas.conversation_apps.api import rcs_entry
from sinch_conversation.apps import AppsClient
from sinch_provisioning.ids import ulid_time


def claimed_identity(app: Mapping[str, Any]) -> Any:
    """The claimed identity of an API app's first RCS credential (None without one)."""
    entries = app.get("channel_credentials")
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, Mapping) and entry.get("channel") == "RCS":
            bearer = entry.get("static_bearer")
            return bearer.get("claimed_identity") if isinstance(bearer, Mapping) else None
    return None


class AppRecogniser(Recogniser):
    """Recognises the app a lost create of ``declared`` (a loaded declaration) made, in the region of
    ``client`` (see the module docstring)."""

    kind = "conversation-app"

    def __init__(self, client: AppsClient, declared: Mapping[str, Any]) -> None:
        self.client = client
        self.display_name = str(declared["displayName"])
        rcs = rcs_entry(declared)
        self.claimed_identity = None if rcs is None else rcs["static_bearer"]["claimed_identity"]
        identity = json.dumps([self.display_name, self.claimed_identity])
        super().__init__(api_url=client.base_url, project_id=client.project_id, identity=identity)

    @property
    def what(self) -> str:
        return f"the app {self.display_name!r}"

    @property
    def listing(self) -> str:
        return f"the project's apps in region {self.client.region.upper()}"

    def holds_declaration(self, app: Mapping[str, Any]) -> bool:
        """Whether ``app`` (as the API lists it) has this display name and RCS claimed identity."""
        name = app.get("display_name")
        return (
            isinstance(name, str)
            and name.strip() == self.display_name
            and claimed_identity(app) == self.claimed_identity
        )

    def find(self, sent_at: datetime, claimed: Set[str]) -> JsonObject | None:
        since_sent: list[JsonObject] = []
        unclear: list[JsonObject] = []
        for app in self.client.list_apps():
            app_id = str(app["id"])
            if app_id in claimed or not self.holds_declaration(app):
                continue
            made = when_made(ulid_time(app_id), sent_at)
            if made == "since":
                since_sent.append(app)
            elif made == "unclear":
                unclear.append(app)
        # ULIDs sort by creation time: the time they carry is the creation time to compare and show.
        return self.oldest_or_doubt(
            since_sent,
            unclear,
            created=lambda app: _created(str(app["id"])),
            doubt=lambda candidates: (
                f"Sinch's answer to creating the app {self.display_name!r} was lost (sent at "
                f"{sent_at.isoformat()}), and it cannot be told whether the attempt created one of these "
                "apps, which hold this display name and the RCS sender's credentials, were made too close to "
                f"the attempt to tell, and no resource claims: {candidates}. Nothing more was sent (a second "
                "create could make a duplicate). If one of them belongs to no stack and to no one in the "
                f"dashboard, delete it and run `pulumi up` again. "
                f"{by_hand(self.client.base_url, self.project_id, '<id>')}"
            ),
        )

    def how_to_check(self, sent_at: datetime) -> str:
        delete = delete_command(self.client.base_url, self.project_id, "<id>")
        return (
            f"An app may exist: list {self.listing} (GET {self.client.base_url}/v1/projects/"
            f"{self.project_id}/apps); if one named {self.display_name!r} was created at "
            f"{sent_at.isoformat()}, delete it ({delete}) and run `pulumi up` again; if there is none, run "
            "`pulumi up` again."
        )


def _created(app_id: str) -> str:
    """The creation time an app's ULID carries, as messages show it (sortable: ISO 8601 in UTC)."""
    made = ulid_time(app_id)
    return made.isoformat() if made is not None else ""
