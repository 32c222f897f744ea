"""``ConversationApp``'s lifecycle on the Sinch Conversation API, and the dynamic provider that serves it.

Frozen class path: every stack that declares a ``ConversationApp`` records
``provider.conversation_apps.provider.ConversationAppProvider`` (Pulumi pickles the provider object by
reference to its class into each resource's state), from the first release on. Every later version must
resolve that path: never move or rename this module or the class; if the code moves, leave a re-export here.

Lifecycle (each step the fewest requests that do it; the app's region's host, ``runtime.apps(region)``):

- check / diff (:mod:`provider.conversation_apps.plan`): local, no request. An app in another region than
  its sender's is refused, naming both; a change of ``region`` replaces the app (create, then delete).
- create: 1 POST (:func:`~provider.core.lost_create.create_once`: a lost answer is recognised by
  :mod:`provider.conversation_apps.recognise`, never sent again blindly), then GETs until the RCS channel
  has left ``PENDING`` (:mod:`provider.conversation_apps.channel`): ``ACTIVE`` succeeds; ``FAILING`` deletes
  the app again and fails with Sinch's description and what to check; still ``PENDING`` after
  ``channel_timeout`` (or the reads failed): recorded with its status, and a warning.
- read (refresh): 1 GET. Drift is what Sinch holds, as a declaration (the RCS token is never drift: it
  cannot be read back as ours). A 404 drops the app only when the region's listing (1 more GET) answers
  and does not hold it, and the stack's project is the configured one: a wrong URL or project never makes
  a refresh forget apps. A FAILING channel is a warning.
- update: 1 PATCH whose ``update_mask`` names exactly the changed fields (``channel_credentials`` always
  whole, the RCS entry first), then, when the credentials changed (a replaced sender's new token), the wait
  for the channel again; ``FAILING`` fails the update (the app is the stack's: it is kept).
- delete: 1 DELETE; a 404 the listing confirms means done. The sender stays, unlinked; the app's webhooks
  go with it (Sinch deletes them).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from provider.conversation_apps import plan
from provider.conversation_apps.channel import (
    FAILING,
    failing,
    rcs_description,
    rcs_status,
    remove_failed,
    still_pending,
    wait_for_channel,
)
from provider.conversation_apps.errors import AppChannelError, AppGoneError, AppNotConfirmedGoneError
from provider.conversation_apps.properties import TABLE
from provider.conversation_apps.recognise import AppRecogniser
from provider.core.errors import InputError, in_project, unless_gone
from provider.core.lifecycle import Checked, Created, Lifecycle, Planned, Refreshed, Values, load_declared
from provider.core.lost_create import create_once
from provider.dynamic.provider import DynamicProvider
from schemas.conversation_apps import channel_timeout, load_conversation_app
from schemas.conversation_apps.api import (
    UpdateNotPossible,
    app_from_api,
    channel_states,
    create_body,
    update_body,
)
from sinch_conversation.apps import AppsClient
from sinch_conversation.connection import REGIONS
from sinch_conversation.errors import ConversationNotFoundError
from sinch_provisioning.errors import SinchError, SinchStatusError


class AppLifecycle(Lifecycle, table=TABLE):
    """The steps of a ``ConversationApp`` (see the module docstring)."""

    # --- check / diff: local only --------------------------------------------------------------------

    def check(self, olds: Values, news: Values) -> Checked:
        return plan.check(self.declared(news), warn=self.log.warn)

    def diff(self, id_: str, olds: Values, news: Values) -> Planned:
        return plan.diff(id_, olds, news, warn=self.log.warn)

    # --- create ----------------------------------------------------------------------------------------

    def create(self, inputs: Values) -> Created:
        declared = load_declared(load_conversation_app, self.declared(inputs), TABLE)
        region = str(declared["region"])
        client = self.runtime.apps(region)
        body = create_body(declared)
        made = create_once(AppRecogniser(client, declared), lambda: client.create_app(body))
        app = made.object
        if made.recognised:
            self.log.warn(
                f"ConversationApp: Sinch's answer to creating the app {declared['displayName']!r} was lost; "
                f"app {app['id']} holds this declaration and was made by this attempt, so it is this "
                "resource's."
            )
        # From here on the app exists, and Pulumi records nothing from a failed create: only a FAILING
        # channel fails the create, after deleting the app again.
        app = self._wait(client, declared, app, creating=True)
        return Created(str(app["id"]), self._outputs(declared, app, client))

    def _wait(
        self, client: AppsClient, declared: Values, app: dict[str, Any], *, creating: bool
    ) -> dict[str, Any]:
        """The app once its RCS channel has left PENDING, or as last seen when the limit or a failed read
        came first (warned). FAILING raises ``AppChannelError`` (a create deletes its app first)."""
        timeout = float(channel_timeout(declared))
        try:
            waited = wait_for_channel(client, app, timeout=timeout, report=self.log.info)
        except SinchError as error:
            self.log.warn(
                f"ConversationApp {app['id']}: reading the app for its RCS channel's verdict failed "
                f"({error}). The app is recorded with rcs_channel_status {rcs_status(app)}; run `pulumi "
                "refresh` later to read Sinch's verdict."
            )
            return app
        if not waited.finished:
            self.log.warn(still_pending(waited.value, waited.waited, timeout))
            return waited.value
        if rcs_status(waited.value) == FAILING:
            region = str(declared["region"])
            if creating:
                remove_failed(client, waited.value, region)
            raise AppChannelError(
                f"{failing(waited.value, region)}\nThis update changed the app's channel credentials and "
                "Sinch holds the new ones. Pulumi keeps the previous state after a failed update: run "
                "`pulumi refresh` before the next `pulumi up`, fix the cause, and run `pulumi up` again."
            )
        return waited.value

    # --- read ----------------------------------------------------------------------------------------

    def read(self, id_: str, outputs: Values, inputs: Values) -> Refreshed | None:
        recorded = TABLE.current_shape(outputs, id_=id_) if outputs else {}
        declared = self.declared(recorded)
        # An import or .get() knows only the id: the app is looked for in every region.
        regions = [str(declared["region"])] if "region" in declared else [r.upper() for r in REGIONS]
        for region in regions:
            client = self.runtime.apps(region)
            app = unless_gone(partial(client.get_app, id_), _not_found)
            if app is None:
                continue  # not in this region (or gone: confirmed below)
            declaration = app_from_api(app, declared or None, region=region)
            if not declared and "rcsClaimedIdentity" in declaration:
                declaration.update(self._linked_sender(id_))
            if rcs_status(app) == FAILING:
                self.log.warn(f"ConversationApp: {failing(app, region)}")
            return Refreshed(id_, self._outputs(declaration, app, client), declaration)
        self._confirm_gone(id_, recorded, regions)
        return None

    def _linked_sender(self, app_id: str) -> Values:
        """An import: the app's answer does not name the sender its RCS channel holds, but the sender names
        the app (``conversationApiAppDetails``, once Sinch linked them): ``rcsSenderId`` and
        ``rcsSenderRegion`` of the one sender linked to ``app_id`` (one listing), so that the program's
        ``rcs_sender`` declaration imports without a change; nothing when there is not exactly one."""
        linked = self.runtime.rcs_senders.list_senders(filter_conversation_api_app_id=app_id)
        if len(linked) != 1:
            return {}
        return {"rcsSenderId": str(linked[0]["id"]), "rcsSenderRegion": linked[0].get("region")}

    def _confirm_gone(self, app_id: str, recorded: Values, regions: list[str]) -> None:
        """Return when app ``app_id`` surely no longer exists: the stack's project is the configured one
        and each region's listing answers without it; ``AppNotConfirmedGoneError`` otherwise."""
        project = self.project
        recorded_project = recorded.get("projectId")
        if recorded_project and project and recorded_project != project:
            raise AppNotConfirmedGoneError(
                f"App {app_id} is recorded in Sinch project {recorded_project}, but the provider is "
                f"configured for project {project}, where Sinch does not know it. It is kept in the stack: "
                f"set sinch:projectId to {recorded_project} (or SINCH_PROJECT_ID) for this stack."
            )
        for region in regions:
            client = self.runtime.apps(region)
            try:
                listed = client.list_apps()
            except SinchError as error:
                raise AppNotConfirmedGoneError(
                    f"Sinch answered 404 for app {app_id} in region {region}, but listing the apps of "
                    f"{in_project(project)} there failed too ({error}), so it cannot be told whether the "
                    "app is gone or the Conversation API URL (sinch:conversationUrl) or project is wrong. "
                    "The app is kept in the stack; check the settings and run the command again."
                ) from error
            if any(str(app["id"]) == app_id for app in listed):
                raise AppNotConfirmedGoneError(
                    f"Sinch answered 404 for app {app_id} in region {region} but lists it there: it is kept "
                    "in the stack. Run the command again."
                )

    # --- update --------------------------------------------------------------------------------------

    def update(self, id_: str, olds: Values, news: Values) -> Values:
        recorded = TABLE.current_shape(olds, id_=id_)
        old = self.declared(recorded)
        new = load_declared(load_conversation_app, self.declared(news), TABLE)
        try:
            change = update_body(old, new)
        except UpdateNotPossible as impossible:  # a region change is a replacement (Diff): not here
            raise InputError(TABLE.resource, impossible.problems) from None
        if change is None:
            return TABLE.record(new, recorded)  # only provider options changed: nothing to send
        body, mask = change
        region = str(new["region"])
        client = self.runtime.apps(region)
        try:
            app = client.update_app(id_, body, mask)
        except ConversationNotFoundError as error:
            raise AppGoneError(id_, f"region {region} of {in_project(self.project)}") from error
        if "channel_credentials" in mask:
            app = self._wait(client, new, app, creating=False)
        return self._outputs(new, app, client)

    # --- delete --------------------------------------------------------------------------------------

    def delete(self, id_: str, outputs: Values) -> None:
        recorded = TABLE.current_shape(outputs, id_=id_)
        region = str(recorded["region"])
        try:
            self.runtime.apps(region).delete_app(id_)
        except ConversationNotFoundError:
            self._confirm_gone(id_, recorded, [region])  # gone already (deleted outside Pulumi): done
        sender = recorded.get("rcsSenderId")
        if sender:
            self.log.info(
                f"ConversationApp {id_} deleted, with its webhooks; RcsSender {sender} stays, no longer "
                "linked to it."
            )

    # --- shared ----------------------------------------------------------------------------------------

    def _outputs(self, declaration: Values, app: dict[str, Any], client: AppsClient) -> Values:
        """The declaration echoed (Diff and Update get it back as olds), Sinch's channel states, the
        project and the state version."""
        status = rcs_status(app)
        sinch: Values = {
            "rcsChannelStatus": status,
            "rcsChannelDescription": None if status is None else rcs_description(app),
            "channelStatuses": channel_states(app),
            "projectId": client.project_id,
        }
        return TABLE.record(declaration, sinch)


def _not_found(error: SinchStatusError) -> bool:
    """A 404 of the Conversation API: no such app on this region's host (confirmed by its listing)."""
    return isinstance(error, ConversationNotFoundError)


class ConversationAppProvider(DynamicProvider):
    """The dynamic provider behind ``ConversationApp``. Construct it with no arguments: it pickles empty.
    Its class path is recorded in every stack and is frozen (see the module docstring)."""

    lifecycle = AppLifecycle
