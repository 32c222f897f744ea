"""``AppsClient``: the Conversation API's apps of one project in one region, as plain dicts.

    apps = AppsClient.beside(connection, region="eu")   # a Provisioning Connection's credentials and pool
    app = apps.create_app({"display_name": "ACME Parcel", "channel_credentials": [rcs_credential]})
    apps.update_app(app["id"], {"display_name": "ACME Parcel EU"}, ["display_name"])

Paths ``/v1/projects/{project_id}/apps[/{app_id}]`` on the region's host; an app lives in the region it
was created in, and another region's host answers 404 for it (``ConversationNotFoundError``). What each
operation sends, and which are repeated on a transient failure, is said in :mod:`sinch_conversation.client`:
the create is never repeated once it may have reached the server (``OutcomeUnknownError`` with
``sent_at``; app ids are ULIDs, so :func:`~sinch_provisioning.ids.ulid_time` tells which apps were made
after it). Every answer must be an app with a non-empty string ``id``
(:data:`~sinch_conversation.shapes.APP`). The channel credentials' secrets in a body are scrubbed from
every error text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from sinch_conversation.client import Collection, ConversationClient
from sinch_conversation.shapes import APP
from sinch_provisioning.connection import JsonObject

__all__ = ["APPS", "AppsClient"]

APPS: Final = Collection(segment="apps", noun="app", id_name="app_id", shape=APP)


class AppsClient(ConversationClient):
    """The apps of one project on one region's host."""

    def list_apps(self) -> list[JsonObject]:
        """Every app of the project in this region (``GET /apps``: ``{"apps": [...]}``, no pagination)."""
        return self._list(APPS, (APPS.segment,))

    def create_app(self, body: Mapping[str, Any]) -> JsonObject:
        """Create an app (``AppCreateRequest``: ``display_name``, ``channel_credentials``, settings); 200
        with the app. Never repeated once it may have reached the server: ``OutcomeUnknownError``."""
        return self._create(APPS, body)

    def get_app(self, app_id: str) -> JsonObject:
        """One app; ``ConversationNotFoundError`` if this region's host has none with this id."""
        return self._get(APPS, app_id)

    def update_app(self, app_id: str, body: Mapping[str, Any], update_mask: Sequence[str]) -> JsonObject:
        """PATCH the app: the top-level fields named in ``update_mask`` are replaced by ``body``'s (a list
        such as ``channel_credentials`` is replaced whole: send it whole), the others are kept."""
        return self._update(APPS, app_id, body, update_mask)

    def delete_app(self, app_id: str) -> None:
        """Delete the app (200 ``{}``). A retried DELETE whose first attempt deleted it answers 404: whether
        that is a failure is the caller's call."""
        self._delete(APPS, app_id)
