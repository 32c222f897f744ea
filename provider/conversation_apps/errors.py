"""Errors the ConversationApp provider raises itself (the client's are in ``sinch_conversation.errors`` and
``sinch_provisioning.errors``; the ones every resource shares in :mod:`provider.core.errors`).

Each message is written for the person running ``pulumi``: what happened, to which app, what to check and
what to do. None ever holds a credential: the RCS channel's claimed identity and token are the sender's
secrets, and Sinch's descriptions are scrubbed by the client before they get here.
"""

from __future__ import annotations

from provider.core.errors import GoneError, ProviderError

WHAT_TO_CHECK = (
    "Check that the app is in the sender's region (an app's RCS channel needs a sender of its own region), "
    "that rcs_sender is the RcsSender whose credentials the app should hold (its current authName and "
    "authToken: a replaced sender has new ones) and that the sender belongs to the Sinch project the "
    "provider is configured for."
)


def delete_command(base_url: str, project_id: str, app_id: str) -> str:
    """The request that deletes app ``app_id`` without Pulumi, with the URL the provider uses."""
    url = f"{base_url}/v1/projects/{project_id}/apps/{app_id}"
    return f'curl -X DELETE -u "$SINCH_KEY_ID:$SINCH_KEY_SECRET" {url}'


def by_hand(base_url: str, project_id: str, app_id: str) -> str:
    """How to delete app ``app_id`` without Pulumi: the request, or the dashboard."""
    return (
        f"Delete it by hand: {delete_command(base_url, project_id, app_id)} (Sinch answers 200 {{}}; 404 "
        "means it is gone already), or in the Sinch dashboard (Conversation API > Apps)."
    )


class AppChannelError(ProviderError):
    """Sinch's verdict on the app's RCS channel is FAILING: its description and what to check."""


class AppGoneError(GoneError):
    """The app the stack records no longer exists in Sinch."""

    what = "App"


class AppNotConfirmedGoneError(ProviderError):
    """Sinch answered 404 for the app, but the region's listing could not confirm it is gone: the app is
    kept in the stack rather than forgotten on a wrong URL or project."""
