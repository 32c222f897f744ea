"""The 15 RCS operations: one handler per spec ``operationId``.

A handler gets a ``Call`` (the validated request, the time, the settings and the locked store) and returns
the reply, or raises ``ApiError`` for an answer in the API's error shape. Handlers check everything that
can fail before changing anything, so a refused request leaves no trace.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from emulator import questions
from emulator.activities import Activity, comment_reply, newest_first
from emulator.errors import ApiError
from emulator.launch import check_launch
from emulator.listing import list_senders
from emulator.pages import page_size_of, paginate
from emulator.senders import LOCKED_STATES, UPDATABLE_WHEN_LOCKED, Sender, leaf_paths
from emulator.store import Project, Session
from emulator.testers import Tester
from emulator.wire import WireReply

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

# What an invited tester's device is said to support once the invite is accepted.
DEVICE_FEATURES = (
    "ACTION_COMPOSE",
    "ACTION_CREATE_CALENDAR_EVENT",
    "ACTION_DIAL",
    "ACTION_OPEN_URL",
    "ACTION_SHARE_LOCATION",
    "ACTION_VIEW_LOCATION",
    "REVOCATION",
    "RICHCARD_CAROUSEL",
    "RICHCARD_STANDALONE",
)


@dataclass(frozen=True)
class Settings:
    """Behaviour knobs: seconds from create to ``IN_TEST`` and from launch to ``LAUNCHED``."""

    provisioning_delay: float = 0.0
    launch_delay: float = 0.0


@dataclass
class Call:
    """One validated API request, as a handler sees it."""

    operation_id: str
    params: Mapping[str, str]
    query: Mapping[str, Any]
    body: Any
    now: float
    settings: Settings
    session: Session

    @property
    def project(self) -> Project:
        return self.session.project(self.params["projectId"])

    def sender(self) -> Sender:
        """The sender named in the path (see ``find_sender``)."""
        return find_sender(self.session, self.params["projectId"], self.params["senderId"], self.now)


def find_sender(session: Session, project_id: str, sender_id: str, now: float) -> Sender:
    """The sender (timed transitions applied), or 400 ``invalid_id_format`` / 404 ``sender_not_found``."""
    if not UUID.match(sender_id):
        raise ApiError("invalid_id_format")
    sender = session.project(project_id).senders.get(sender_id.lower())
    if sender is None:
        raise ApiError("sender_not_found")
    return _advanced(session, sender, now)


def project_senders(session: Session, project_id: str, now: float) -> list[Sender]:
    """Every sender of a project in creation order, timed transitions applied."""
    return [_advanced(session, sender, now) for sender in session.project(project_id).senders.values()]


def _advanced(session: Session, sender: Sender, now: float) -> Sender:
    if sender.advance(now):
        session.changed()
    return sender


def _ok(payload: Any, status: int = 200) -> WireReply:
    return WireReply.json(status, payload)


def _activity_page(call: Call, activities: list[Activity], scope: str) -> WireReply:
    page = paginate(
        newest_first(activities), page_size_of(call.query.get("pageSize")), call.query.get("pageToken"), scope
    )
    return _ok(page.envelope("notifications", [activity.render() for activity in page.items]))


def _invited(sender: Sender, testers: list[Tester], now: float, what: str) -> None:
    if testers:
        numbers = ", ".join(tester.number for tester in testers)
        sender.record("EDITED", now, f"{what}: {numbers}.")


# --- account ------------------------------------------------------------------------------------------


def list_account_activities(call: Call) -> WireReply:
    return _activity_page(call, call.project.activities, f"account:{call.params['projectId']}")


def create_account_comment(call: Call) -> WireReply:
    comment = call.body["comment"]
    call.project.activities.append(Activity("COMMENT_ADDED", call.now, comment))
    call.session.changed()
    return _ok(comment_reply(comment, call.now), 201)


# --- questionnaire ----------------------------------------------------------------------------------


def get_questions(call: Call) -> WireReply:
    return _ok(
        questions.questionnaire(
            call.query.get("countries") or [],
            us_version=call.query.get("usQuestionnaireVersion"),
            brand_campaign_version=call.query.get("usQuestionnaireBrandCampaignVersion"),
        )
    )


# --- senders ------------------------------------------------------------------------------------------


def list_senders_handler(call: Call) -> WireReply:
    page = list_senders(project_senders(call.session, call.params["projectId"], call.now), call.query)
    return _ok(page.envelope("senders", [sender.render() for sender in page.items]))


def create_sender(call: Call) -> WireReply:
    body = call.body
    sender = Sender.create(call.params["projectId"], body, call.now, call.settings.provisioning_delay)
    numbers = (body.get("details") or {}).get("testNumbers") or []
    invited = sender.testers.invite(numbers, call.now)
    _invited(sender, invited, call.now, "Tester invites sent")
    project = call.project
    project.senders[sender.id] = sender
    project.activities.append(Activity("CREATED", call.now, f"Sender {sender.id} created."))
    call.session.changed()
    return _ok(sender.render(), 201)


def get_sender(call: Call) -> WireReply:
    return _ok(call.sender().render())


def update_sender(call: Call) -> WireReply:
    sender = call.sender()
    details = call.body["details"]
    changed = [f"details.{path}" for path in leaf_paths(details)]
    if not changed:
        raise ApiError("no_fields_to_update")
    if sender.state in LOCKED_STATES:
        refused = sorted({path for path in changed if _field_of(path) not in UPDATABLE_WHEN_LOCKED})
        if refused:
            raise ApiError(
                "fields_not_updatable",
                {"notUpdatableFields": refused, "currentState": [sender.state]},
            )
    invited: list[Tester] = []
    if "testNumbers" in details:
        invited = sender.testers.replace(details["testNumbers"] or [], call.now)
    version = call.query.get("usQuestionnaireVersion")
    if version is not None:
        sender.us_questionnaire_version = version
    sender.apply_patch(details, call.now, call.settings.launch_delay)
    sender.modified = call.now
    sender.record("EDITED", call.now, "Updated " + ", ".join(changed) + ".")
    _invited(sender, invited, call.now, "Tester invites sent")
    call.session.changed()
    return _ok(sender.render())


def _field_of(path: str) -> str:
    """``details.brand.name`` -> ``brand``: the field of ``details`` a changed path lies in."""
    return path.split(".")[1]


def list_sender_activities(call: Call) -> WireReply:
    sender = call.sender()
    return _activity_page(call, sender.activities, f"sender:{sender.id}")


def create_sender_comment(call: Call) -> WireReply:
    sender = call.sender()
    comment = call.body["comment"]
    sender.record("COMMENT_ADDED", call.now, comment)
    call.session.changed()
    return _ok(comment_reply(comment, call.now), 201)


def launch_sender(call: Call) -> WireReply:
    sender = call.sender()
    check_launch(sender)
    sender.start_launch(call.now, call.settings.launch_delay)
    call.session.changed()
    return _ok(sender.render())


# --- test numbers -------------------------------------------------------------------------------------


def add_test_numbers(call: Call) -> WireReply:
    sender = call.sender()
    invited = sender.testers.invite(call.body["testNumbers"], call.now)
    if invited:
        sender.modified = call.now
        _invited(sender, invited, call.now, "Tester invites sent")
        call.session.changed()
    return _ok({"testNumbers": sender.testers.render()})


def get_test_number(call: Call) -> WireReply:
    return _ok(call.sender().testers.get(call.params["testNumber"]).render())


def delete_test_number(call: Call) -> WireReply:
    sender = call.sender()
    number = call.params["testNumber"]
    sender.testers.remove(number)
    sender.modified = call.now
    sender.record("EDITED", call.now, f"Test number removed: {number}.")
    call.session.changed()
    return WireReply.empty(204)


def get_test_number_capabilities(call: Call) -> WireReply:
    tester = call.sender().testers.get(call.params["testNumber"])
    if tester.state == "DECLINED":
        raise ApiError("blocked_because_the_recipient_declined")
    if tester.state != "VERIFIED":
        raise ApiError("user_has_not_accepted_invite", {"currentState": [tester.state]})
    return _ok({"features": list(DEVICE_FEATURES)})


def retry_test_number(call: Call) -> WireReply:
    sender = call.sender()
    tester = sender.testers.retry(call.params["testNumber"], call.now)
    sender.modified = call.now
    _invited(sender, [tester], call.now, "Tester invite sent again")
    call.session.changed()
    return _ok(tester.render())


HANDLERS: Mapping[str, Callable[[Call], WireReply]] = {
    "RcsAccountsController_listActivities_v1": list_account_activities,
    "RcsAccountsController_createComment_v1": create_account_comment,
    "RcsQuestionnaireController_getQuestions_v1": get_questions,
    "RcsSendersController_listSenders_v1": list_senders_handler,
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
