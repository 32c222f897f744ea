"""The Conversation API's apps in the emulator, over HTTP: regions, ids, credentials and the RCS channel's
verdict, the link to the sender, update_mask, errors in the wrapped shape. Every answer is judged by the
spec in strict mode (the ``emulator`` fixture fails a test whose answers break it)."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests

from emulator.clock import ManualClock
from emulator.ids import ULID, ulid_milliseconds
from emulator.server import EmulatorServer
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID, EmulatorFactory
from tests.emulator.support import (
    MINIMAL,
    Api,
    ConversationApi,
    access_token,
    rcs_entry,
    rcs_state,
    rpc_error,
    rpc_message,
)

SMS = {"channel": "SMS", "static_bearer": {"claimed_identity": "service-plan", "token": "sms-token"}}
MESSENGER = {"channel": "MESSENGER", "static_token": {"token": "facebook-token"}}


def clients(server: EmulatorServer) -> tuple[Api, ConversationApi]:
    return Api(server.url), ConversationApi(server.conversation_url)


def delayed(factory: EmulatorFactory, channel_delay: float) -> tuple[ManualClock, Api, ConversationApi]:
    """An emulator whose RCS credentials are judged ``channel_delay`` seconds after they change, on a
    ManualClock, and clients for it."""
    clock = ManualClock()
    return (clock, *clients(factory(clock=clock, channel_delay=channel_delay)))


def test_the_api_is_served_per_region_on_the_emulators_one_port(
    emulator: EmulatorServer, conversation: ConversationApi
) -> None:
    assert emulator.conversation_url == f"http://127.0.0.1:{emulator.port}/conversation/{{region}}"
    for region in ("eu", "us", "br"):
        response = conversation.request("GET", "/apps", region)
        assert (response.status_code, response.json()) == (200, {"apps": []})

    unknown = conversation.request("GET", "/apps", "xx")
    assert rpc_error(unknown) == (404, "NOT_FOUND")
    assert "eu, us and br" in rpc_message(unknown)
    assert rpc_error(conversation.request("GET", "/nothing")) == (404, "NOT_FOUND")
    wrong_method = conversation.request("PUT", "/apps")
    assert rpc_error(wrong_method) == (405, "UNIMPLEMENTED")
    assert wrong_method.headers["Allow"] == "GET, POST"


def test_the_provisioning_apis_token_and_keys_authenticate_it(emulator: EmulatorServer) -> None:
    token = access_token(emulator.url)
    url = emulator.conversation_url.format(region="eu") + f"/v1/projects/{TEST_PROJECT_ID}/apps"

    bearer = requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    basic = requests.get(url, auth=(TEST_KEY_ID, TEST_KEY_SECRET), timeout=10)
    wrong = requests.get(url, auth=(TEST_KEY_ID, "wrong"), timeout=10)
    emulator.expire_tokens()
    expired = requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10)

    assert (bearer.status_code, basic.status_code) == (200, 200)
    assert rpc_error(wrong) == (401, "UNAUTHENTICATED")
    assert rpc_error(expired) == (401, "UNAUTHENTICATED")


def test_create_answers_200_with_a_ulid_made_by_the_emulators_clock(
    emulator_factory: EmulatorFactory,
) -> None:
    clock = ManualClock(1_750_000_000.123)
    server = emulator_factory(clock=clock)
    _, conversation = clients(server)

    first = conversation.create_app(SMS, display_name="First")
    second = conversation.create_app(SMS, display_name="Second")  # the same millisecond
    clock.advance(1)
    third = conversation.create_app(SMS, display_name="Third")

    ids = [app["id"] for app in (first, second, third)]
    assert all(ULID.match(app_id) for app_id in ids)
    assert [ulid_milliseconds(app_id) for app_id in ids] == [1_750_000_000_123] * 2 + [1_750_000_001_123]
    assert ids == sorted(ids)
    listed = conversation.request("GET", "/apps").json()["apps"]
    assert [app["id"] for app in listed] == ids  # in creation order
    assert first["display_name"] == "First"


def test_a_manual_clock_starts_at_the_real_time_so_new_ids_look_new(
    emulator_factory: EmulatorFactory,
) -> None:
    # A provider tells its own lost create by the id's time against its own clock: with a clock started
    # years ago every new app would look older than the create that made it.
    before = int(time.time() * 1000)
    _, conversation = clients(emulator_factory(clock=ManualClock()))

    made = ulid_milliseconds(conversation.create_app(SMS, display_name="Now")["id"])

    assert before <= made <= int(time.time() * 1000)


def test_an_app_answers_with_its_credentials_states_and_the_default_settings(
    conversation: ConversationApi,
) -> None:
    app = conversation.create_app(SMS, MESSENGER)

    assert app["channel_credentials"] == [
        {**SMS, "credential_ordinal_number": 0, "state": {"status": "ACTIVE"}},
        {**MESSENGER, "credential_ordinal_number": 0, "state": {"status": "ACTIVE"}},
    ]
    assert app["processing_mode"] == "DISPATCH"
    assert app["conversation_metadata_report_view"] == "NONE"
    assert app["retention_policy"] == {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 180}
    assert app["dispatch_retention_policy"] == {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 0}
    assert app["message_retry_settings"] == {"retry_duration": 3600}
    assert app["rate_limits"] == {"inbound": 25, "outbound": 25, "webhooks": 25}
    assert conversation.app(app["id"]) == app


def test_an_app_lives_in_the_region_that_created_it(conversation: ConversationApi) -> None:
    app = conversation.create_app(SMS, region="us")

    assert conversation.request("GET", f"/apps/{app['id']}", "us").status_code == 200
    for region in ("eu", "br"):
        assert rpc_error(conversation.request("GET", f"/apps/{app['id']}", region)) == (404, "NOT_FOUND")
        assert rpc_error(conversation.request("DELETE", f"/apps/{app['id']}", region)) == (404, "NOT_FOUND")
        assert conversation.request("GET", "/apps", region).json() == {"apps": []}


def test_unknown_ids_are_404_and_ids_that_are_not_ulids_400(conversation: ConversationApi) -> None:
    unknown = conversation.request("GET", "/apps/01ARZ3NDEKTSV4RRFFQ69G5FAV")
    malformed = conversation.request("GET", "/apps/not-an-id")

    assert rpc_error(unknown) == (404, "NOT_FOUND")
    assert rpc_error(malformed) == (400, "INVALID_ARGUMENT")
    assert "not a ULID" in rpc_message(malformed)


@pytest.mark.sends_invalid_requests
def test_a_credential_is_judged_by_the_kind_its_channel_takes(conversation: ConversationApi) -> None:
    wrong_kind = conversation.request(
        "POST", "/apps", json={"display_name": "x", "channel_credentials": [{**MESSENGER, "channel": "RCS"}]}
    )
    no_channel = conversation.request(
        "POST", "/apps", json={"display_name": "x", "channel_credentials": [{"static_token": {"token": "t"}}]}
    )
    no_name = conversation.request("POST", "/apps", json={"channel_credentials": [SMS]})
    twice = conversation.request(
        "POST", "/apps", json={"display_name": "x", "channel_credentials": [SMS, SMS]}
    )
    unknown = conversation.request(
        "POST", "/apps", json={"display_name": "x", "displayName": "x", "channel_credentials": [SMS]}
    )

    assert rpc_error(wrong_kind) == (400, "INVALID_ARGUMENT")
    assert "channel_credentials[0].static_bearer: 'static_bearer' is a required property" in rpc_message(
        wrong_kind
    )
    assert "channel_credentials[0].static_token: is not allowed here" in rpc_message(wrong_kind)
    assert "channel_credentials[0].channel: 'channel' is a required property" in rpc_message(no_channel)
    assert "display_name: 'display_name' is a required property" in rpc_message(no_name)
    assert rpc_error(twice) == (400, "INVALID_ARGUMENT")
    assert "more than one SMS entry" in rpc_message(twice)
    assert rpc_message(unknown) == "displayName: is not a field of this object"
    assert conversation.request("GET", "/apps").json() == {"apps": []}


def test_the_rcs_channel_goes_active_with_the_senders_credentials_and_links_the_sender(
    emulator_factory: EmulatorFactory,
) -> None:
    clock, api, conversation = delayed(emulator_factory, 30)
    sender = api.create()

    app = conversation.create_app(rcs_entry(sender), SMS)
    assert rcs_state(app) == {"status": "PENDING"}
    assert app["channel_credentials"][1]["state"] == {"status": "ACTIVE"}
    assert "conversationApiAppDetails" not in api.sender(sender["id"])

    clock.advance(30)
    linked = api.sender(sender["id"])  # read before the app: the verdict is due whatever is read first
    assert linked["conversationApiAppDetails"] == {
        "id": app["id"],
        "projectId": TEST_PROJECT_ID,
        "region": "EU",
        "channelStatus": "ACTIVE",
    }
    assert linked["conversationApiApp"] == app["id"]
    assert rcs_state(conversation.app(app["id"])) == {"status": "ACTIVE"}
    other = api.create()
    found = api.get("/senders", params={"filterConversationApiAppId": app["id"]}).json()["senders"]
    assert [item["id"] for item in found] == [sender["id"]] != [other["id"]]


def test_with_no_channel_delay_the_create_answer_already_has_the_verdict(
    emulator: EmulatorServer, api: Api, conversation: ConversationApi
) -> None:
    sender = api.create()
    app = conversation.create_app(rcs_entry(sender))
    assert rcs_state(app) == {"status": "ACTIVE"}
    assert api.sender(sender["id"])["conversationApiAppDetails"]["id"] == app["id"]
    assert emulator.senders(TEST_PROJECT_ID)[0]["conversationApiAppDetails"]["channelStatus"] == "ACTIVE"


def failing(conversation: ConversationApi, entry: dict[str, Any], region: str = "eu") -> str:
    state = rcs_state(conversation.create_app(entry, region=region))
    assert state["status"] == "FAILING"
    return str(state["description"])


def test_a_wrong_token_an_unknown_identity_or_a_sender_of_another_region_fail_saying_which(
    api: Api, conversation: ConversationApi
) -> None:
    sender = api.create()
    us_sender = api.create({**MINIMAL, "region": "US"})
    wrong_token = rcs_entry({**sender, "authToken": "not-the-token"})
    unknown = rcs_entry({**sender, "authName": "nobody"})

    assert (
        failing(conversation, wrong_token) == f"token is not the authToken of the RCS sender {sender['id']}."
    )
    assert "is not the authName of any RCS sender of this project" in failing(conversation, unknown)
    assert failing(conversation, rcs_entry(us_sender)) == (
        f"The RCS sender {us_sender['id']} is in region US, this app in EU: an app's RCS channel needs a "
        "sender of the app's own region."
    )
    assert rcs_state(conversation.create_app(rcs_entry(us_sender), region="us"))["status"] == "ACTIVE"
    assert "conversationApiAppDetails" not in api.sender(sender["id"])


def test_a_sender_of_another_project_is_not_found(
    emulator: EmulatorServer, conversation: ConversationApi
) -> None:
    elsewhere = Api(emulator.url, project="another-project")
    sender = elsewhere.create()
    assert "not the authName" in failing(conversation, rcs_entry(sender))


def test_a_changed_rcs_credential_is_judged_again_and_an_unchanged_one_keeps_its_state(
    emulator_factory: EmulatorFactory,
) -> None:
    clock, api, conversation = delayed(emulator_factory, 10)
    first, second = api.create(), api.create()
    app = conversation.create_app(rcs_entry(first))
    clock.advance(10)
    path = f"/apps/{app['id']}"

    same = conversation.request(
        "PATCH",
        path,
        params={"update_mask": "channel_credentials"},
        json={"channel_credentials": [rcs_entry(first), SMS]},
    )
    assert [c["state"]["status"] for c in same.json()["channel_credentials"]] == ["ACTIVE", "ACTIVE"]

    changed = conversation.request(
        "PATCH",
        path,
        params={"update_mask": "channel_credentials"},
        json={"channel_credentials": [rcs_entry(second)]},
    )
    assert rcs_state(changed.json()) == {"status": "PENDING"}
    assert "conversationApiAppDetails" not in api.sender(first["id"])  # its credential left the app
    clock.advance(10)
    assert api.sender(second["id"])["conversationApiAppDetails"]["id"] == app["id"]


def test_removing_the_rcs_credential_or_deleting_the_app_unlinks_the_sender(
    api: Api, conversation: ConversationApi
) -> None:
    sender = api.create()
    app = conversation.create_app(rcs_entry(sender), SMS)
    removed = conversation.request(
        "PATCH",
        f"/apps/{app['id']}",
        params={"update_mask": "channel_credentials"},
        json={"channel_credentials": [SMS]},
    )
    assert removed.status_code == 200
    assert "conversationApiAppDetails" not in api.sender(sender["id"])

    again = conversation.create_app(rcs_entry(sender))
    assert api.sender(sender["id"])["conversationApiAppDetails"]["id"] == again["id"]
    deleted = conversation.request("DELETE", f"/apps/{again['id']}")
    assert (deleted.status_code, deleted.json()) == (200, {})
    assert "conversationApiAppDetails" not in api.sender(sender["id"])
    assert rpc_error(conversation.request("GET", f"/apps/{again['id']}")) == (404, "NOT_FOUND")


def test_update_mask_applies_the_named_fields_whole_and_keeps_the_rest(
    api: Api, conversation: ConversationApi
) -> None:
    sender = api.create()
    app = conversation.create_app(
        rcs_entry(sender),
        SMS,
        retention_policy={"retention_type": "PERSIST_RETENTION_POLICY", "ttl_days": 30},
    )
    path = f"/apps/{app['id']}"

    renamed = conversation.request(
        "PATCH",
        path,
        params={"update_mask": "display_name"},
        json={"display_name": "Renamed", "processing_mode": "CONVERSATION", "channel_credentials": [SMS]},
    ).json()
    assert renamed["display_name"] == "Renamed"
    assert renamed["processing_mode"] == "DISPATCH"  # in the body, not in the mask: ignored
    assert renamed["channel_credentials"] == app["channel_credentials"]  # kept, RCS first
    assert renamed["retention_policy"] == {"retention_type": "PERSIST_RETENTION_POLICY", "ttl_days": 30}

    nested = conversation.request(
        "PATCH", path, params={"update_mask": "retention_policy"}, json={"retention_policy": {"ttl_days": 90}}
    ).json()
    assert nested["retention_policy"] == {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 90}  # whole

    cleared = conversation.request(
        "PATCH", path, params={"update_mask": "retention_policy,display_name"}, json={"display_name": "Again"}
    ).json()
    assert cleared["retention_policy"] == {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 180}
    assert cleared["display_name"] == "Again"

    no_mask = conversation.request(
        "PATCH",
        path,
        json={"processing_mode": "CONVERSATION", "channel_credentials": [SMS, rcs_entry(sender)]},
    ).json()
    assert no_mask["processing_mode"] == "CONVERSATION"
    assert [c["channel"] for c in no_mask["channel_credentials"]] == ["SMS", "RCS"]  # the list replaced whole
    assert no_mask["display_name"] == "Again"
    assert conversation.app(app["id"]) == no_mask


@pytest.mark.sends_invalid_requests
def test_update_mask_names_top_level_fields_of_the_body_only(conversation: ConversationApi) -> None:
    app = conversation.create_app(SMS)
    path = f"/apps/{app['id']}"

    unknown = conversation.request("PATCH", path, params={"update_mask": "display_name,colour"}, json={})
    nested = conversation.request("PATCH", path, params={"update_mask": "retention_policy.ttl_days"}, json={})
    out_of_range = conversation.request("PATCH", path, json={"message_retry_settings": {"retry_duration": 5}})

    assert rpc_error(unknown) == (400, "INVALID_ARGUMENT")
    assert rpc_message(unknown).startswith("update_mask names colour: paths must be top-level fields")
    assert rpc_error(nested) == (400, "INVALID_ARGUMENT")
    assert rpc_error(out_of_range) == (400, "INVALID_ARGUMENT")
    assert "retry_duration: 5 is less than the minimum of 30" in rpc_message(out_of_range)
    assert conversation.app(app["id"]) == app


def test_answers_echo_the_secrets_they_hold_unless_told_to_mask_them(
    emulator_factory: EmulatorFactory,
) -> None:
    echoing = clients(emulator_factory())[1]
    masking = clients(emulator_factory(mask_conversation_secrets=True))[1]
    settings: dict[str, Any] = {
        "callback_settings": {"secret_for_overridden_callback_urls": "callback-secret"}
    }

    echoed = echoing.create_app(SMS, **settings)
    masked = masking.create_app(SMS, **settings)

    assert echoed["channel_credentials"][0]["static_bearer"]["token"] == "sms-token"
    assert echoed["callback_settings"] == settings["callback_settings"]
    assert masked["channel_credentials"][0]["static_bearer"] == {
        "claimed_identity": "service-plan",
        "token": "",
    }
    assert masked["callback_settings"] == {"secret_for_overridden_callback_urls": ""}
    assert masking.app(masked["id"]) == masked


def test_the_python_control_api_shows_apps_and_their_regions(
    emulator: EmulatorServer, conversation: ConversationApi
) -> None:
    eu = conversation.create_app(SMS)
    br = conversation.create_app(SMS, region="br")

    assert emulator.apps(TEST_PROJECT_ID) == [eu, br]
    assert emulator.apps(TEST_PROJECT_ID, "br") == [br]
    assert emulator.app_regions(TEST_PROJECT_ID) == {eu["id"]: "EU", br["id"]: "BR"}
    assert emulator.apps("another-project") == []
