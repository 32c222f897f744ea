"""``AppsClient`` against the fake Conversation API: each operation's request, the create never repeated once
it may have been applied, the PATCH retried, answers checked, channel secrets never in an error text."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from sinch_conversation import AppsClient, ConversationApiError, ulid_time
from sinch_provisioning.errors import OutcomeUnknownError, UnexpectedResponseError
from tests.client.conftest import RecordingSleep
from tests.client.conversation.fake import FakeConversation, error_body
from tests.client.loopback import Exchange, LoopbackServer
from tests.conftest import TEST_PROJECT_ID

APPS_PATH = f"/conversation/eu/v1/projects/{TEST_PROJECT_ID}/apps"
RCS_TOKEN = "rcs-bearer-token-8d2e61c4"
SMS_TOKEN = "sms-api-token-0b7f93aa"
CALLBACK_SECRET = "callback-secret-51ce"


def app_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "display_name": "ACME Parcel",
        "channel_credentials": [
            {"channel": "RCS", "static_bearer": {"claimed_identity": "acme-agent-auth", "token": RCS_TOKEN}},
            {"channel": "SMS", "static_bearer": {"claimed_identity": "service-plan", "token": SMS_TOKEN}},
        ],
        "callback_settings": {"secret_for_overridden_callback_urls": CALLBACK_SECRET},
    }
    body.update(changes)
    return body


def requests_to(server: LoopbackServer, method: str, path: str) -> int:
    return sum(1 for seen in server.seen if (seen.method, seen.path) == (method, path))


def answering(status: int, body: Any) -> Callable[[Exchange], bool]:
    def fault(exchange: Exchange) -> bool:
        exchange.json(status, body)
        return True

    return fault


def test_create_get_list_update_delete(apps: AppsClient, server: LoopbackServer) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    made = apps.create_app(app_body())
    created_at = ulid_time(made["id"])
    assert created_at is not None
    assert before <= created_at <= datetime.now(UTC)
    assert apps.get_app(made["id"])["display_name"] == "ACME Parcel"
    assert [app["id"] for app in apps.list_apps()] == [made["id"]]

    renamed = apps.update_app(made["id"], {"display_name": "ACME Parcel EU"}, ["display_name"])
    assert renamed["display_name"] == "ACME Parcel EU"
    assert renamed["channel_credentials"] == app_body()["channel_credentials"]  # not named: kept

    apps.delete_app(made["id"])
    assert apps.list_apps() == []
    [post] = [seen for seen in server.seen if seen.method == "POST" and seen.path == APPS_PATH]
    assert json.loads(post.body) == app_body()
    assert post.headers["Content-Type"] == "application/json"


def test_the_update_mask_names_the_replaced_fields_comma_joined(
    apps: AppsClient, server: LoopbackServer
) -> None:
    made = apps.create_app(app_body())
    body = {"display_name": "Renamed", "channel_credentials": app_body()["channel_credentials"][:1]}
    apps.update_app(made["id"], body, ["display_name", "channel_credentials"])
    [patch] = [seen for seen in server.seen if seen.method == "PATCH"]
    assert patch.path == f"{APPS_PATH}/{made['id']}"
    assert patch.query == {"update_mask": "display_name,channel_credentials"}
    assert json.loads(patch.body) == body


@pytest.mark.parametrize(
    ("mask", "refusal"),
    [
        ("display_name", "a list of field names, not one string"),
        ([], "at least one field"),
        (["display_name", "display_name"], "names a field twice"),
        (["display_name,channel_credentials"], "no commas"),
        ([""], "no commas"),
    ],
)
def test_an_update_mask_that_cannot_be_meant_is_refused_before_sending(
    apps: AppsClient, server: LoopbackServer, mask: Any, refusal: str
) -> None:
    with pytest.raises(ValueError, match="update_mask") as refused:
        apps.update_app("01JABCDEFGHJKMNPQRSTVWXYZ0", {"display_name": "x"}, mask)
    assert refusal in str(refused.value)
    assert server.seen == []


def test_a_create_whose_answer_is_lost_is_not_sent_again(
    apps: AppsClient, server: LoopbackServer, fake: FakeConversation, sleeps: RecordingSleep
) -> None:
    apps.list_apps()  # the token is fetched before the clock starts

    def apply_then_lose(exchange: Exchange) -> bool:
        fake.apply(exchange)  # the app is made...
        exchange.hang_up()  # ...and its answer lost
        return True

    fake.faults.append(apply_then_lose)
    before = datetime.now(UTC)
    with pytest.raises(OutcomeUnknownError) as unknown:
        apps.create_app(app_body())
    error = unknown.value
    assert (error.operation, error.method, error.path, error.status) == (
        "create_app",
        "POST",
        APPS_PATH,
        None,
    )
    assert before <= error.sent_at <= datetime.now(UTC)
    assert requests_to(server, "POST", APPS_PATH) == 1
    assert sleeps.delays == []
    [made] = fake.apps.values()  # it was applied: the caller must find it (made after sent_at)
    made_at = ulid_time(made["id"])
    assert made_at is not None
    assert made_at >= error.sent_at.replace(microsecond=error.sent_at.microsecond // 1000 * 1000)  # in ms
    assert RCS_TOKEN not in str(error)


def test_a_5xx_on_create_is_an_unknown_outcome_carrying_the_apis_error(
    apps: AppsClient, server: LoopbackServer, fake: FakeConversation, sleeps: RecordingSleep
) -> None:
    fake.faults.append(answering(503, error_body(503, "UNAVAILABLE", "Try again later")))
    with pytest.raises(OutcomeUnknownError) as unknown:
        apps.create_app(app_body())
    assert unknown.value.status == 503
    assert isinstance(unknown.value.api_error, ConversationApiError)
    assert unknown.value.api_error.status_name == "UNAVAILABLE"
    assert requests_to(server, "POST", APPS_PATH) == 1
    assert sleeps.delays == []


def test_a_patch_is_retried_like_a_get(
    apps: AppsClient, server: LoopbackServer, fake: FakeConversation, sleeps: RecordingSleep
) -> None:
    made = apps.create_app(app_body())
    fake.faults += [
        answering(503, error_body(503, "UNAVAILABLE", "busy")),
        answering(502, error_body(502, "UNAVAILABLE", "busy")),
    ]
    renamed = apps.update_app(made["id"], {"display_name": "Renamed"}, ["display_name"])
    assert renamed["display_name"] == "Renamed"
    assert requests_to(server, "PATCH", f"{APPS_PATH}/{made['id']}") == 3
    assert len(sleeps.delays) == 2


@pytest.mark.parametrize(
    ("operation", "answer", "problem"),
    [
        ("create_app", {"display_name": "no id"}, "not an app: 'id' is missing"),
        ("get_app", {"id": ""}, "not an app: 'id' is an empty string"),
        ("list_apps", {"apps": [{"id": "01JABCDEFGHJKMNPQRSTVWXYZ0"}, {"id": 7}]}, "apps[1]: not an app"),
        ("list_apps", {"apps": {"id": "x"}}, "the answer has no 'apps' list ('apps' is an object)"),
        ("update_app", ["not", "an", "object"], "expected a JSON object"),
    ],
)
def test_an_answer_that_is_not_an_app_is_not_data(
    apps: AppsClient, fake: FakeConversation, operation: str, answer: Any, problem: str
) -> None:
    fake.faults.append(answering(200, answer))
    calls: dict[str, Callable[[], object]] = {
        "create_app": lambda: apps.create_app(app_body()),
        "get_app": lambda: apps.get_app("01JABCDEFGHJKMNPQRSTVWXYZ0"),
        "list_apps": apps.list_apps,
        "update_app": lambda: apps.update_app(
            "01JABCDEFGHJKMNPQRSTVWXYZ0", {"display_name": "x"}, ["display_name"]
        ),
    }
    with pytest.raises(UnexpectedResponseError) as raised:
        calls[operation]()
    assert raised.value.operation == operation
    assert raised.value.path.startswith(APPS_PATH)  # the path as sent, as an API error names it
    assert problem in str(raised.value)
    assert raised.value.applied is (operation == "create_app")


def test_a_listing_without_its_list_is_empty(apps: AppsClient, fake: FakeConversation) -> None:
    fake.faults.append(answering(200, {}))  # proto3 JSON leaves an empty list out
    assert apps.list_apps() == []


def test_no_error_text_holds_a_channel_secret_the_server_echoes(
    apps: AppsClient, fake: FakeConversation
) -> None:
    def echo(exchange: Exchange) -> bool:
        sent = exchange.request.body.decode()
        exchange.json(400, error_body(400, "INVALID_ARGUMENT", f"bad body: {sent}", [json.loads(sent)]))
        return True

    fake.faults.append(echo)
    with pytest.raises(ConversationApiError) as raised:
        apps.create_app(app_body())
    text = f"{raised.value} {raised.value.details} {raised.value.message}"
    for secret in (RCS_TOKEN, SMS_TOKEN, CALLBACK_SECRET, "acme-agent-auth"):
        assert secret not in text
    assert "[REDACTED]" in text
    assert raised.value.status_name == "INVALID_ARGUMENT"
