"""The 15 RCS operations (one handler per spec ``operationId``) and the webhook events they cause.

- Lists: ``pageSize`` 1-100 (default 50) and page tokens. Senders: ``filterStates`` (any of them),
  ``filterSenderIds`` (comma-separated), ``filterConversationApiAppId``, ``search`` (partial,
  case-insensitive, over brand name and id), ``filterSenderName`` (deprecated: partial, over brand name);
  ``sortColumn`` ``CREATED`` | ``MODIFIED`` | ``NAME`` | ``STATE`` and ``sortDirection`` ``ASC`` | ``DESC``,
  by default ``CREATED`` ascending (the spec declares no default; ties are broken by id: pages are stable).
- Activity logs, newest first: sender ``CREATED``, ``EDITED`` (an update, a launch request, a test-number
  change), ``TEST`` (provisioned), ``ACTIVE`` (launched), ``COMMENT_ADDED``; the account's comments.
- Events: ``RCS_SENDER_STATUS_UPDATED`` for every change of a sender's state,
  ``RCS_SENDER_OPERATOR_STATUS_UPDATED`` for every change of an operator's status,
  ``RCS_SENDER_COMMENT_ADDED`` and ``RCS_ACCOUNT_COMMENT_ADDED`` for comments. The sender in an event
  (``payload``) is the sender as it is after the change.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from emulator import questions
from emulator.clock import event_timestamp
from emulator.errors import ApiError
from emulator.operations import Call, Reply, page
from emulator.senders import (
    LOCKED_STATES,
    UPDATABLE_WHEN_LOCKED,
    Activity,
    Change,
    Sender,
    leaf_paths,
)
from emulator.spec import response_example
from emulator.store import Session

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
FILTERS = ("filterStates", "filterSenderIds", "filterConversationApiAppId", "search", "filterSenderName")
SORT_KEYS: Mapping[str, Callable[[Sender], Any]] = {
    "CREATED": lambda sender: sender.created,
    "MODIFIED": lambda sender: sender.modified,
    "NAME": lambda sender: sender.brand_name.casefold(),
    "STATE": lambda sender: sender.state,
}


# --- senders, their timed changes and their events ------------------------------------------------------


def announce(session: Session, sender: Sender, changes: Sequence[Change]) -> None:
    """Record that ``sender`` changed and publish an event for each state or operator status change (the
    sender in them rendered once, as the changes left it)."""
    if not changes:
        return
    session.changed()
    payload = functools.cache(sender.render)
    for change in changes:

        def body(change: Change = change) -> dict[str, Any]:
            return {"type": change.event, "payload": payload(), **change.fields()}

        session.publish(sender.project_id, change.event, body)


def find_sender(session: Session, project_id: str, sender_id: str, now: float) -> Sender:
    """The sender (timed changes applied), or 400 ``invalid_id_format`` / 404 ``sender_not_found``."""
    if not UUID.match(sender_id):
        raise ApiError("invalid_id_format")
    sender = session.project(project_id).senders.get(sender_id.lower())
    if sender is None:
        raise ApiError("sender_not_found")
    announce(session, sender, sender.advance(now))
    return sender


def advance_all(session: Session, now: float) -> None:
    """Apply every timed change that is due, in every project."""
    for project in session.projects():
        for sender in project.senders.values():
            announce(session, sender, sender.advance(now))


def _sender(call: Call) -> Sender:
    return find_sender(call.session, call.project_id, call.params["senderId"], call.now)


def _project_senders(call: Call) -> list[Sender]:
    senders = list(call.project.senders.values())
    for sender in senders:
        announce(call.session, sender, sender.advance(call.now))
    return senders


def _edited(call: Call, sender: Sender) -> None:
    sender.modified = call.now
    sender.record("EDITED", call.now)
    call.session.changed()


# --- account and questionnaire --------------------------------------------------------------------------


def _activities(call: Call, activities: list[Activity], scope: str) -> Reply:
    # Newest first; of entries with the same time, the one recorded later comes first.
    ordered = [
        item for _, item in sorted(enumerate(activities), key=lambda p: (p[1].created, p[0]), reverse=True)
    ]
    chunk, fields = page(call, ordered, scope, default_size=DEFAULT_PAGE_SIZE, max_size=MAX_PAGE_SIZE)
    return 200, {**fields, "notifications": [activity.render() for activity in chunk]}


def _comment(comment: str, now: float) -> Reply:
    return 201, {"type": "CREATED", "comment": comment, "created": event_timestamp(now)}


def list_account_activities(call: Call) -> Reply:
    return _activities(call, call.project.activities, f"account:{call.project_id}")


def create_account_comment(call: Call) -> Reply:
    comment = call.body["comment"]
    call.project.activities.append(Activity("COMMENT_ADDED", call.now, comment))
    call.session.changed()
    call.session.publish(
        call.project_id,
        "RCS_ACCOUNT_COMMENT_ADDED",
        lambda: {"type": "RCS_ACCOUNT_COMMENT_ADDED", "comment": comment},
    )
    return _comment(comment, call.now)


def get_questions(call: Call) -> Reply:
    return 200, questions.questionnaire(
        call.query.get("countries") or [],
        us_version=call.query.get("usQuestionnaireVersion"),
        brand_campaign_version=call.query.get("usQuestionnaireBrandCampaignVersion"),
    )


# --- senders ------------------------------------------------------------------------------------------


def _matches(sender: Sender, query: Mapping[str, Any]) -> bool:
    states = query.get("filterStates")
    ids = query.get("filterSenderIds")
    app_id = query.get("filterConversationApiAppId")
    search = (query.get("search") or "").casefold()
    name = (query.get("filterSenderName") or "").casefold()
    return (
        (not states or sender.state in states)
        and (not ids or sender.id in {part.strip() for part in ids.split(",")})
        and (not app_id or sender.conversation_app_id == app_id)
        and (not search or search in sender.brand_name.casefold() or search in sender.id)
        and (not name or name in sender.brand_name.casefold())
    )


def list_senders(call: Call) -> Reply:
    query = call.query
    chosen = [sender for sender in _project_senders(call) if _matches(sender, query)]
    key = SORT_KEYS[query.get("sortColumn") or "CREATED"]
    chosen.sort(
        key=lambda sender: (key(sender), sender.created, sender.id),
        reverse=query.get("sortDirection") == "DESC",
    )
    scope = json.dumps(
        {name: query.get(name) for name in (*FILTERS, "sortColumn", "sortDirection")}, sort_keys=True
    )
    chunk, fields = page(
        call,
        chosen,
        f"senders:{call.project_id}:{scope}",
        default_size=DEFAULT_PAGE_SIZE,
        max_size=MAX_PAGE_SIZE,
    )
    return 200, {**fields, "senders": [sender.render() for sender in chunk]}


def create_sender(call: Call) -> Reply:
    sender = Sender.create(call.project_id, call.body, call.now, call.settings.provisioning_delay)
    if sender.testers.invite((call.body.get("details") or {}).get("testNumbers") or [], call.now):
        sender.record("EDITED", call.now)
    call.project.senders[sender.id] = sender
    call.session.changed()
    announce(call.session, sender, sender.advance(call.now))
    return 201, sender.render()


def get_sender(call: Call) -> Reply:
    return 200, _sender(call).render()


def update_sender(call: Call) -> Reply:
    sender = _sender(call)
    details = call.body["details"]
    changed = [f"details.{path}" for path in leaf_paths(details)]
    if not changed:
        raise ApiError("no_fields_to_update")
    if sender.state in LOCKED_STATES:
        refused = sorted({path for path in changed if path.split(".")[1] not in UPDATABLE_WHEN_LOCKED})
        if refused:
            raise ApiError(
                "fields_not_updatable", {"notUpdatableFields": refused, "currentState": [sender.state]}
            )
    if "testNumbers" in details:
        sender.testers.replace(details["testNumbers"] or [], call.now)
    version = call.query.get("usQuestionnaireVersion")
    if version is not None:
        sender.us_questionnaire_version = version
    changes = sender.apply_patch(details, call.now, call.settings.launch_delay)
    _edited(call, sender)
    announce(call.session, sender, changes)
    return 200, sender.render()


def list_sender_activities(call: Call) -> Reply:
    sender = _sender(call)
    return _activities(call, sender.activities, f"sender:{sender.id}")


def create_sender_comment(call: Call) -> Reply:
    sender = _sender(call)
    comment = call.body["comment"]
    sender.record("COMMENT_ADDED", call.now, comment)
    call.session.changed()
    call.session.publish(
        call.project_id,
        "RCS_SENDER_COMMENT_ADDED",
        lambda: {"type": "RCS_SENDER_COMMENT_ADDED", "payload": sender.render(), "comment": comment},
    )
    return _comment(comment, call.now)


def launch_sender(call: Call) -> Reply:
    sender = _sender(call)
    changes = sender.start_launch(call.now, call.settings.launch_delay)
    announce(call.session, sender, changes)
    return 200, sender.render()


# --- test numbers -------------------------------------------------------------------------------------


def add_test_numbers(call: Call) -> Reply:
    sender = _sender(call)
    if sender.testers.invite(call.body["testNumbers"], call.now):
        _edited(call, sender)
    return 200, {"testNumbers": sender.testers.render()}


def get_test_number(call: Call) -> Reply:
    return 200, _sender(call).testers.get(call.params["testNumber"]).render()


def delete_test_number(call: Call) -> Reply:
    sender = _sender(call)
    sender.testers.remove(call.params["testNumber"])
    _edited(call, sender)
    return 204, None


def get_test_number_capabilities(call: Call) -> Reply:
    tester = _sender(call).testers.get(call.params["testNumber"])
    if tester.state == "DECLINED":
        raise ApiError("blocked_because_the_recipient_declined")
    if tester.state != "VERIFIED":
        raise ApiError("user_has_not_accepted_invite", {"currentState": [tester.state]})
    return 200, response_example("RcsSendersController_getTestNumberCapabilities_v1", 200)


def retry_test_number(call: Call) -> Reply:
    sender = _sender(call)
    tester = sender.testers.retry(call.params["testNumber"], call.now)
    _edited(call, sender)
    return 200, tester.render()


HANDLERS: Mapping[str, Callable[[Call], Reply]] = {
    "RcsAccountsController_listActivities_v1": list_account_activities,
    "RcsAccountsController_createComment_v1": create_account_comment,
    "RcsQuestionnaireController_getQuestions_v1": get_questions,
    "RcsSendersController_listSenders_v1": list_senders,
    "RcsSendersController_createSender_v1": create_sender,
    "RcsSendersController_getSender_v1": get_sender,
    "RcsSendersController_updateSender_v1": update_sender,
    "RcsSendersController_listActivities_v1": list_sender_activities,
    "RcsSendersController_createSenderComment_v1": create_sender_comment,
    "RcsSendersController_launchSender_v1": launch_sender,
    "RcsSendersController_addTestNumbers_v1": add_test_numbers,
    "RcsSendersController_getTestNumberState_v1": get_test_number,
    "RcsSendersController_deleteTestNumber_v1": delete_test_number,
    "RcsSendersController_getTestNumberCapabilities_v1": get_test_number_capabilities,
    "RcsSendersController_retryTestNumber_v1": retry_test_number,
}
