"""The app's RCS channel: waiting (visibly, within ``channel_timeout``) for Sinch's verdict on its
credentials, and what a verdict means.

Sinch verifies a new or changed RCS credential asynchronously: the channel's state is ``PENDING`` until
it has, then ``ACTIVE`` (the credentials are those of an RCS sender of the app's region) or ``FAILING``
(with a description). A create, and an update that changed the credentials, wait for it with the shared
wait (:func:`provider.core.waiting.wait_until`: progress every 30 s, bounded by the resource's
``channel_timeout``, default 300 s, since dynamic providers receive no custom timeouts). Then:

- ``ACTIVE``: done;
- ``FAILING``: the step fails with Sinch's description and what to check (:func:`failing`). A create first
  deletes the app it made (:func:`remove_failed`), so nothing is left that the stack does not know; if that
  delete fails too, the message says how to delete the app by hand;
- still ``PENDING`` at the limit: the app is recorded with its status (``rcs_channel_status`` PENDING) and
  a warning says so. A slow verdict is not a wrong declaration: the app is as declared, deleting it would
  throw away a channel Sinch is still verifying (and a new app starts PENDING again), and failing would
  leave it outside the stack. ``pulumi refresh`` reads the verdict later, and warns if it is FAILING.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any, Final, NoReturn

from provider.conversation_apps.errors import WHAT_TO_CHECK, AppChannelError, by_hand
from provider.core.waiting import Report, Waited, wait_until
from schemas.conversation_apps.api import rcs_channel_state
from sinch_conversation.apps import AppsClient
from sinch_conversation.errors import ConversationNotFoundError
from sinch_provisioning.errors import SinchError

PENDING: Final = "PENDING"
ACTIVE: Final = "ACTIVE"
FAILING: Final = "FAILING"


def rcs_status(app: Mapping[str, Any]) -> str | None:
    """The RCS channel's status in an API app (``PENDING``/``ACTIVE``/``FAILING``), None without one."""
    state = rcs_channel_state(app)
    return None if state is None else str(state["status"])


def rcs_description(app: Mapping[str, Any]) -> str:
    """Sinch's description of the RCS channel's state (``""`` when it gives none)."""
    state = rcs_channel_state(app)
    return "" if state is None else str(state["description"])


def progress(app: Mapping[str, Any], waited: float, timeout: float) -> str:
    """The progress report of a wait for the RCS channel of ``app`` (as last read)."""
    return (
        f"ConversationApp {app['id']}: waiting for Sinch to verify the RCS channel's credentials (status "
        f"{rcs_status(app)}; {waited:.0f} s so far, limit {timeout:g} s, set by channel_timeout)"
    )


def wait_for_channel(
    client: AppsClient,
    app: dict[str, Any],
    *,
    timeout: float,
    report: Report,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Waited[dict[str, Any]]:
    """Read the app until its RCS channel has left ``PENDING`` (no request when it already has, or when the
    app has no RCS channel), reporting progress; at most ``timeout`` seconds."""
    app_id = str(app["id"])
    return wait_until(
        lambda current: rcs_status(current) != PENDING,
        lambda: client.get_app(app_id),
        app,
        timeout=timeout,
        progress=lambda current, waited: progress(current, waited, timeout),
        report=report,
        sleep=sleep,
        clock=clock,
    )


def still_pending(app: Mapping[str, Any], waited: float, timeout: float) -> str:
    """The warning for an app recorded while its RCS channel is still ``PENDING``."""
    return (
        f"ConversationApp {app['id']}: Sinch had not verified the RCS channel's credentials after "
        f"{waited:.0f} s (the limit set by channel_timeout is {timeout:g} s). The app is recorded in the "
        "stack with rcs_channel_status PENDING; run `pulumi refresh` later to read Sinch's verdict (it warns "
        "if the channel is FAILING), or raise channel_timeout to wait longer."
    )


def failing(app: Mapping[str, Any], region: str) -> str:
    """What a FAILING RCS channel means: Sinch's description, and what to check."""
    description = rcs_description(app) or "(no description)"
    name = app.get("display_name")
    named = f" ({name!r}, region {region})" if isinstance(name, str) else f" (region {region})"
    return f"The RCS channel of app {app['id']}{named} is FAILING. Sinch says: {description} {WHAT_TO_CHECK}"


def remove_failed(client: AppsClient, app: Mapping[str, Any], region: str) -> NoReturn:
    """Delete the app a create just made whose RCS channel is FAILING, then raise ``AppChannelError`` with
    Sinch's description, what to check, and whether anything is left in Sinch (and how to delete it)."""
    app_id = str(app["id"])
    try:
        client.delete_app(app_id)
    except ConversationNotFoundError:
        pass  # gone already: nothing is left either
    except SinchError as error:
        raise AppChannelError(
            f"{failing(app, region)}\nThis create made the app, and deleting it again failed ({error}): it "
            f"exists in Sinch, outside the stack. {by_hand(client.base_url, client.project_id, app_id)} Then "
            "fix the cause and run `pulumi up` again."
        ) from error
    raise AppChannelError(
        f"{failing(app, region)}\nThis create made the app and has deleted it again, so nothing is left in "
        "Sinch: fix the cause and run `pulumi up` again."
    )
