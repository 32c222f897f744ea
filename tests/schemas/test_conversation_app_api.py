"""``schemas.conversation_apps.api``: the create and update bodies, the update mask, the declaration rebuilt
from what Sinch holds (round trips through ``tests.schemas.fake_conversation``, which does not use
``schemas``), and the channel states."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import ValidationError

from schemas import UNKNOWN
from schemas.conversation_apps import load_conversation_app
from schemas.conversation_apps.api import (
    API_FIELDS,
    UpdateNotPossible,
    app_from_api,
    changed_fields,
    channel_states,
    create_body,
    rcs_channel_state,
    update_body,
)
from tests.schemas.conversation_examples import ENTRIES, EVERY_SETTING
from tests.schemas.fake_conversation import APP_ID, app_answer, apply_app_update
from tests.schemas.strategies import PROFILE

SENDER = {
    "rcsSenderId": "cf11794a-6a5e-4a12-b103-da79bd378bf1",
    "rcsSenderRegion": "EU",
    "rcsClaimedIdentity": "acme_parcel_agent",
    "rcsToken": "rcs-token-0123",
}
SMS = {"channel": "SMS", "static_bearer": {"claimed_identity": "service-plan", "token": "sms-token"}}
MESSENGER = {"channel": "MESSENGER", "static_token": {"token": "fb-token"}, "callback_secret": "cb-secret"}
LINE = {
    "channel": "LINE",
    "line_credentials": {"token": "line-token", "secret": "line-secret", "is_default": True},
}
LINE_2 = {
    "channel": "LINE",
    "credential_ordinal_number": 1,
    "line_enterprise_credentials": {"line_japan": {"token": "jp-token", "secret": "jp-secret"}},
}
RCS_ENTRY = {
    "channel": "RCS",
    "static_bearer": {"claimed_identity": "acme_parcel_agent", "token": "rcs-token-0123"},
}


def declared(**changes: Any) -> dict[str, Any]:
    """A loaded declaration: the ACME sender's app, plus ``changes``."""
    loaded: dict[str, Any] = load_conversation_app({"displayName": "ACME Parcel", **SENDER, **changes})
    return loaded


DECLARATIONS: dict[str, Callable[[], dict[str, Any]]] = {
    "sender only": lambda: declared(),
    "sender and channels": lambda: declared(channelCredentials=[SMS, MESSENGER, LINE, LINE_2]),
    "every setting": lambda: declared(channelCredentials=[SMS], channelTimeout=60, **EVERY_SETTING),
    "defaults declared": lambda: declared(
        processingMode="DISPATCH", retentionPolicy={}, smartConversation={"enabled": False}
    ),
    "no sender": lambda: load_conversation_app(
        {"displayName": "SMS only", "region": "US", "channelCredentials": [SMS]}
    ),
}


# --- create -------------------------------------------------------------------------------------------------


def test_the_create_body_has_the_rcs_entry_first_then_the_declared_channels_and_settings() -> None:
    body = create_body(declared(channelCredentials=[SMS, MESSENGER], channelTimeout=60, **EVERY_SETTING))

    assert body == {
        "display_name": "ACME Parcel",
        "channel_credentials": [RCS_ENTRY, SMS, MESSENGER],
        "processing_mode": "CONVERSATION",
        "conversation_metadata_report_view": "FULL",
        "retention_policy": {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 30},
        "dispatch_retention_policy": {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 7},
        "callback_settings": {"secret_for_overridden_callback_urls": "dr-secret"},
        "delivery_report_based_fallback": {"enabled": True, "delivery_report_waiting_time": 60},
        "message_retry_settings": {"retry_duration": 600},
        "smart_conversation": {"enabled": True},
    }
    assert set(body) <= set(API_FIELDS)


def test_the_create_body_of_an_app_without_settings_or_sender_holds_only_what_was_declared() -> None:
    assert create_body(declared()) == {"display_name": "ACME Parcel", "channel_credentials": [RCS_ENTRY]}
    no_sender = load_conversation_app(
        {"displayName": "SMS only", "region": "US", "channelCredentials": [SMS]}
    )
    assert create_body(no_sender) == {"display_name": "SMS only", "channel_credentials": [SMS]}


def test_the_create_body_is_a_copy() -> None:
    app = declared(channelCredentials=[copy.deepcopy(SMS)])
    body = create_body(app)
    body["channel_credentials"][1]["static_bearer"]["token"] = "changed"

    assert app["channelCredentials"][0]["static_bearer"]["token"] == "sms-token"


def test_bodies_are_built_from_known_values_only() -> None:
    with pytest.raises(ValueError, match=r"channelCredentials\[0\].static_bearer.token is not known yet"):
        create_body(
            declared(
                channelCredentials=[{**SMS, "static_bearer": {"claimed_identity": "p", "token": UNKNOWN}}]
            )
        )
    with pytest.raises(ValueError, match="display_name is not known yet"):
        update_body(declared(), declared(displayName=UNKNOWN))
    with pytest.raises(ValueError, match=r"channel_credentials\[1\] is not known yet"):
        update_body(declared(), declared(channelCredentials=UNKNOWN))
    with pytest.raises(ValueError, match="retention_policy is not known yet"):
        update_body(declared(), declared(retentionPolicy=UNKNOWN))
    assert update_body(declared(), declared(channelTimeout=UNKNOWN)) is None  # a provider option


# --- update -------------------------------------------------------------------------------------------------


def test_a_display_name_change_is_one_field_and_keeps_the_credentials() -> None:
    assert update_body(declared(), declared(displayName="ACME Parcel EU")) == (
        {"display_name": "ACME Parcel EU"},
        ["display_name"],
    )


@pytest.mark.parametrize(
    "change",
    [
        {"rcsToken": "rotated-token"},
        {"rcsClaimedIdentity": "other_agent"},
        {"rcsSenderId": "0b7c2d5e-6a5e-4a12-b103-da79bd378bf1"},
        {
            "channelCredentials": [
                {**SMS, "static_bearer": {"claimed_identity": "service-plan", "token": "new"}},
                MESSENGER,
            ]
        },
        {"channelCredentials": [MESSENGER, SMS]},  # the order is the channel priority
        {"channelCredentials": [SMS]},
    ],
    ids=["token", "identity", "sender id", "sms token", "priority", "removed channel"],
)
def test_any_credential_change_sends_every_credential_rcs_first(change: dict[str, Any]) -> None:
    old = declared(channelCredentials=[SMS, MESSENGER])
    new = declared(**{"channelCredentials": [SMS, MESSENGER], **change})

    body, mask = update_body(old, new) or ({}, [])

    assert mask == ["channel_credentials"]
    assert body["channel_credentials"][0]["channel"] == "RCS"
    assert body == {"channel_credentials": create_body(new)["channel_credentials"]}


def test_nothing_sinch_holds_changed_is_none() -> None:
    app = declared(channelCredentials=[SMS], **EVERY_SETTING)

    assert update_body(app, copy.deepcopy(app)) is None
    assert update_body(app, {**app, "channelTimeout": 30}) is None  # a provider option only
    assert update_body(declared(), declared(processingMode="DISPATCH", retentionPolicy={})) is None
    explicit = declared(channelCredentials=[{**SMS, "credential_ordinal_number": 0, "callback_secret": ""}])
    assert update_body(declared(channelCredentials=[SMS]), explicit) is None
    assert changed_fields(declared(channelCredentials=[SMS]), explicit) == []


def test_a_changed_setting_is_sent_whole_with_its_defaults_and_a_removed_one_as_its_default() -> None:
    old = declared(retentionPolicy={"ttl_days": 30}, processingMode="CONVERSATION")

    assert update_body(old, declared(retentionPolicy={"ttl_days": 60}, processingMode="CONVERSATION")) == (
        {"retention_policy": {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 60}},
        ["retention_policy"],
    )
    assert update_body(old, declared()) == (
        {
            "retention_policy": {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 180},
            "processing_mode": "DISPATCH",
        },
        ["retention_policy", "processing_mode"],
    )


def test_the_mask_names_exactly_the_changed_fields_in_one_order() -> None:
    old = declared(channelCredentials=[SMS])
    new = declared(
        displayName="Renamed",
        channelCredentials=[SMS, MESSENGER],
        smartConversation={"enabled": True},
        messageRetrySettings={"retry_duration": 60},
    )

    body, mask = update_body(old, new) or ({}, [])

    assert mask == ["display_name", "channel_credentials", "smart_conversation", "message_retry_settings"]
    assert list(body) == mask
    assert mask == [field for field in API_FIELDS if field in mask]


def test_a_region_change_cannot_be_an_update() -> None:
    with pytest.raises(UpdateNotPossible) as raised:
        update_body(
            load_conversation_app({"displayName": "x", "region": "EU", "channelCredentials": [SMS]}),
            load_conversation_app({"displayName": "x", "region": "US", "channelCredentials": [SMS]}),
        )
    [(path, message)] = raised.value.problems
    assert path == "region"
    assert message.startswith("Cannot be changed by an update: a Conversation API app stays in the region")


def test_changed_fields_compare_as_the_api_does_and_unknown_differs_from_everything() -> None:
    app = declared(channelCredentials=[SMS], retentionPolicy={"ttl_days": 30})

    assert changed_fields(app, copy.deepcopy(app)) == []
    assert (
        changed_fields(
            app, {**app, "retentionPolicy": {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 30}}
        )
        == []
    )
    assert changed_fields(app, {**app, "channelTimeout": 300}) == []
    assert changed_fields(app, {**app, "channelTimeout": 30, "displayName": "y"}) == [
        "displayName",
        "channelTimeout",
    ]
    assert changed_fields(declared(), {**declared(), "channelCredentials": []}) == []
    assert changed_fields(app, {**app, "rcsToken": UNKNOWN, "retentionPolicy": {"ttl_days": UNKNOWN}}) == [
        "rcsToken",
        "retentionPolicy",
    ]
    assert changed_fields(app, {**app, "channelCredentials": [UNKNOWN]}) == ["channelCredentials"]
    assert changed_fields({}, declared()) == ["displayName", "region", *SENDER]


# --- from the API -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("masked", [False, True], ids=["secrets shown", "secrets masked"])
@pytest.mark.parametrize("name", sorted(DECLARATIONS))
def test_an_app_rebuilt_from_its_answer_is_its_declaration(name: str, masked: bool) -> None:
    app = DECLARATIONS[name]()
    answer = app_answer(create_body(app), masked=masked)

    rebuilt = app_from_api(answer, app, region=app["region"])

    assert rebuilt == app
    assert list(rebuilt) == [key for key in app if key in rebuilt]  # declaration order
    assert changed_fields(app, rebuilt) == []
    assert update_body(rebuilt, app) is None


def _apps() -> st.SearchStrategy[dict[str, Any]]:
    """Valid declarations: with or without the sender, some channels in any order, any settings."""
    entries = st.lists(st.sampled_from(sorted(set(ENTRIES) - {"LINE"})), unique=True, max_size=4).map(
        lambda channels: [copy.deepcopy(ENTRIES[channel]) for channel in channels]
    )
    settings = st.fixed_dictionaries(
        {},
        optional={
            "processingMode": st.sampled_from(["CONVERSATION", "DISPATCH"]),
            "conversationMetadataReportView": st.sampled_from(["NONE", "FULL"]),
            "retentionPolicy": st.fixed_dictionaries(
                {},
                optional={
                    "retention_type": st.sampled_from(["MESSAGE_EXPIRE_POLICY", "PERSIST_RETENTION_POLICY"]),
                    "ttl_days": st.integers(1, 3650),
                },
            ),
            "dispatchRetentionPolicy": st.fixed_dictionaries({}, optional={"ttl_days": st.integers(0, 7)}),
            "callbackSettings": st.fixed_dictionaries(
                {}, optional={"secret_for_overridden_callback_urls": st.sampled_from(["", "s", " s "])}
            ),
            "deliveryReportBasedFallback": st.fixed_dictionaries(
                {},
                optional={"enabled": st.booleans(), "delivery_report_waiting_time": st.integers(10, 259200)},
            ),
            "messageRetrySettings": st.fixed_dictionaries(
                {}, optional={"retry_duration": st.integers(30, 3600)}
            ),
            "smartConversation": st.fixed_dictionaries({}, optional={"enabled": st.booleans()}),
            "channelTimeout": st.integers(1, 3600),
        },
    )

    def build(parts: tuple[bool, list[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
        with_sender, channels, chosen = parts
        base: dict[str, Any] = {"displayName": "App", **(SENDER if with_sender else {"region": "BR"})}
        if channels or not with_sender:
            base["channelCredentials"] = channels or [copy.deepcopy(SMS)]
        loaded: dict[str, Any] = load_conversation_app({**base, **chosen})
        return loaded

    return st.tuples(st.booleans(), entries, settings).map(build)


@PROFILE
@given(_apps(), st.booleans())
def test_any_app_rebuilds_from_its_answer_and_an_update_between_two_apps_lands(
    app: dict[str, Any], masked: bool
) -> None:
    answer = app_answer(create_body(app), masked=masked)
    assert app_from_api(answer, app) == app

    other = {**app, "displayName": "Other", "processingMode": "CONVERSATION"}
    body, mask = update_body(app, other) or ({}, [])
    assert app_from_api(apply_app_update(answer, body, mask), other) == other


def test_an_app_declared_without_settings_shows_no_drift_while_sinch_reports_its_defaults() -> None:
    app = declared()
    answer = app_answer(create_body(app))
    assert answer["processing_mode"] == "DISPATCH"  # Sinch reports every default

    assert app_from_api(answer, app) == app


def test_the_rcs_token_is_never_drift_but_the_claimed_identity_is() -> None:
    app = declared()
    answer = app_answer(create_body(app))
    answer["channel_credentials"][0]["static_bearer"] = {
        "claimed_identity": "changed_agent",
        "token": "other",
    }

    rebuilt = app_from_api(answer, app)

    assert rebuilt == {**app, "rcsClaimedIdentity": "changed_agent"}
    assert update_body(rebuilt, app) == ({"channel_credentials": [RCS_ENTRY]}, ["channel_credentials"])


def test_drift_made_in_the_dashboard_is_shown_where_it_is_and_an_update_undoes_it() -> None:
    app = declared(channelCredentials=[SMS, MESSENGER], retentionPolicy={"ttl_days": 30})
    answer = app_answer(create_body(app))
    answer["display_name"] = "Renamed in the dashboard"
    answer["processing_mode"] = "CONVERSATION"
    answer["retention_policy"]["retention_type"] = "CONVERSATION_EXPIRE_POLICY"
    answer["message_retry_settings"] = {"retry_duration": 120}
    answer["channel_credentials"][1]["static_bearer"]["token"] = "sms-token-rotated"
    answer["channel_credentials"][2]["static_token"]["token"] = "********"  # masked: not drift
    answer["channel_credentials"].append(
        {"channel": "TELEGRAM", "telegram_credentials": {"token": "tg"}, "state": {"status": "ACTIVE"}}
    )

    rebuilt = app_from_api(answer, app)

    assert rebuilt == {
        **app,
        "displayName": "Renamed in the dashboard",
        "channelCredentials": [
            {**SMS, "static_bearer": {"claimed_identity": "service-plan", "token": "sms-token-rotated"}},
            MESSENGER,
            {"channel": "TELEGRAM", "telegram_credentials": {"token": "tg"}},
        ],
        "processingMode": "CONVERSATION",
        "retentionPolicy": {"retention_type": "CONVERSATION_EXPIRE_POLICY", "ttl_days": 30},
        "messageRetrySettings": {"retry_duration": 120},
    }
    assert changed_fields(rebuilt, app) == [
        "displayName",
        "channelCredentials",
        "processingMode",
        "retentionPolicy",
        "messageRetrySettings",
    ]
    body, mask = update_body(rebuilt, app) or ({}, [])
    assert mask == [
        "display_name",
        "channel_credentials",
        "retention_policy",
        "processing_mode",
        "message_retry_settings",
    ]
    assert app_from_api(apply_app_update(answer, body, mask), app) == app


def test_an_rcs_channel_removed_in_the_dashboard_shows_as_no_sender_fields() -> None:
    app = declared(channelCredentials=[SMS])
    answer = app_answer(create_body(app))
    del answer["channel_credentials"][0]

    rebuilt = app_from_api(answer, app)

    assert rebuilt == {"displayName": "ACME Parcel", "region": "EU", "channelCredentials": [SMS]}
    assert changed_fields(rebuilt, app) == list(SENDER)
    assert update_body(rebuilt, app) == (
        {"channel_credentials": [RCS_ENTRY, SMS]},
        ["channel_credentials"],
    )


def test_an_import_rebuilds_what_sinch_holds_in_the_given_region() -> None:
    app = declared(channelCredentials=[SMS], retentionPolicy={"ttl_days": 30})
    answer = app_answer(create_body(app))

    assert app_from_api(answer, None, region="EU") == {
        "displayName": "ACME Parcel",
        "region": "EU",
        "rcsClaimedIdentity": "acme_parcel_agent",
        "rcsToken": "rcs-token-0123",
        "channelCredentials": [SMS],
        "retentionPolicy": {"ttl_days": 30},
    }
    masked = app_from_api(app_answer(create_body(app), masked=True), None, region="EU")
    assert "rcsToken" not in masked
    with pytest.raises(ValueError, match="needs its region"):
        app_from_api(answer, None)
    with pytest.raises(ValidationError):
        app_from_api([], None, region="EU")  # type: ignore[arg-type]


def test_nulls_in_an_answer_count_as_absent() -> None:
    app = declared()
    answer = {
        **app_answer(create_body(app)),
        "message_retry_settings": None,
        "smart_conversation": {"enabled": None},
    }

    assert app_from_api(answer, app) == app


# --- channel states -----------------------------------------------------------------------------------------


def test_each_channels_state_and_the_rcs_one() -> None:
    answer = {
        "id": APP_ID,
        "channel_credentials": [
            {**RCS_ENTRY, "state": {"status": "FAILING", "description": "Invalid credentials"}},
            {**SMS, "state": {"status": "ACTIVE"}},
            {**MESSENGER},
        ],
    }

    assert channel_states(answer) == [
        {"channel": "RCS", "status": "FAILING", "description": "Invalid credentials"},
        {"channel": "SMS", "status": "ACTIVE", "description": ""},
        {"channel": "MESSENGER", "status": "PENDING", "description": ""},
    ]
    assert rcs_channel_state(answer) == {
        "channel": "RCS",
        "status": "FAILING",
        "description": "Invalid credentials",
    }
    assert rcs_channel_state({"channel_credentials": [SMS]}) is None
    assert channel_states({}) == []
