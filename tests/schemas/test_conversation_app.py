"""``ConversationAppSchema``: what a ConversationApp declaration may hold, and the message, at its path, for
everything it may not."""

from __future__ import annotations

import copy
import functools
from typing import Any

import pytest
from hypothesis import given

from schemas import UNKNOWN
from schemas.conversation_apps import ConversationAppSchema, load_conversation_app
from schemas.conversation_apps.app import INPUT_NAMES, PROVIDER_OPTIONS, RCS_FIELDS, channel_timeout
from schemas.conversation_apps.constants import CHANNELS
from tests.schemas import helpers
from tests.schemas.conversation_examples import ENTRIES, EVERY_SETTING, LINE, SMS
from tests.schemas.helpers import load_or_problems
from tests.schemas.strategies import PROFILE, junk, mutated

TOKEN = " rcs-token with spaces kept "


def app(**changes: Any) -> dict[str, Any]:
    """A valid declaration with an RCS sender, plus ``changes``."""
    return {
        "displayName": "ACME Parcel",
        "rcsSenderId": "cf11794a-6a5e-4a12-b103-da79bd378bf1",
        "rcsSenderRegion": "EU",
        "rcsClaimedIdentity": "acme_parcel_agent",
        "rcsToken": TOKEN,
        **changes,
    }


def without(data: dict[str, Any], *names: str) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in names}


# Loading with this schema fails with these (path, message) pairs, or with just this one.
errors = functools.partial(helpers.errors, schema=ConversationAppSchema())
only_error = functools.partial(helpers.only_error, schema=ConversationAppSchema())


# --- the whole declaration ----------------------------------------------------------------------------------


def test_a_declaration_with_a_sender_loads_with_the_region_of_the_sender() -> None:
    loaded = load_conversation_app(app(displayName="  ACME Parcel "))

    assert loaded == {**app(), "region": "EU"}
    assert loaded["rcsToken"] == TOKEN  # kept exactly
    assert channel_timeout(loaded) == 300 == PROVIDER_OPTIONS["channelTimeout"]


def test_every_setting_loads_as_declared() -> None:
    assert load_conversation_app(app(region="EU", **EVERY_SETTING)) == app(region="EU", **EVERY_SETTING)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("retentionPolicy", {"retention_type": "PERSIST_RETENTION_POLICY", "ttl_days": 1}),
        ("retentionPolicy", {"ttl_days": 3650}),
        ("dispatchRetentionPolicy", {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 0}),
        ("deliveryReportBasedFallback", {"delivery_report_waiting_time": 10}),
        ("deliveryReportBasedFallback", {"delivery_report_waiting_time": 259200}),
        ("messageRetrySettings", {"retry_duration": 30}),
        ("messageRetrySettings", {"retry_duration": 3600}),
        ("callbackSettings", {"secret_for_overridden_callback_urls": " " + "s" * 255}),
        ("channelTimeout", 0.5),
        ("channelTimeout", 3600),
    ],
)
def test_the_limits_of_each_range_are_accepted(field: str, value: Any) -> None:
    assert load_conversation_app(app(**{field: value}))[field] == value


def test_an_app_without_a_sender_needs_a_region_and_another_channel() -> None:
    assert load_conversation_app({"displayName": "SMS app", "region": "US", "channelCredentials": [SMS]}) == {
        "displayName": "SMS app",
        "region": "US",
        "channelCredentials": [SMS],
    }
    problems = errors({"displayName": "x"})
    assert [path for path, _ in problems] == ["channelCredentials", "region"]
    assert problems[0][1].startswith("An app needs at least one channel credential")
    assert problems[1][1] == (
        "Missing data for required field: the app's region (EU, US or BR). With rcs_sender it defaults to "
        "the sender's region."
    )


def test_no_credential_at_all_is_refused_saying_the_api_requires_one() -> None:
    path, message = only_error({"displayName": "x", "region": "EU", "channelCredentials": []})

    assert path == "channelCredentials"
    assert message == (
        "An app needs at least one channel credential (the API requires one): pass an RcsSender as "
        "rcs_sender, or list the app's channels in channel_credentials."
    )


def test_display_name_is_required_not_empty_and_at_most_255_characters() -> None:
    assert only_error(without(app(), "displayName")) == ("displayName", "Missing data for required field.")
    assert only_error(app(displayName="  ")) == ("displayName", "Must not be empty.")
    assert load_conversation_app(app(displayName="a" * 255))["displayName"] == "a" * 255
    assert only_error(app(displayName="a" * 256)) == (
        "displayName",
        "Must be at most 255 characters long (got 256).",
    )
    assert only_error(app(displayName=5)) == ("displayName", "Not a valid string.")


# --- region and the sender ----------------------------------------------------------------------------------


def test_a_region_other_than_the_senders_is_refused_on_region_naming_both() -> None:
    path, message = only_error(app(region="US"))

    assert path == "region"
    assert message == (
        "The app's region is US, but its RCS sender is in EU: the app must be in the sender's region. Sinch "
        "would accept the app, and its RCS channel would then fail (no messages, no delivery reports). "
        "Declare region 'EU', or leave region out (it defaults to the sender's)."
    )


def test_regions_are_case_sensitive_with_the_closest_value() -> None:
    assert only_error(app(region="eu")) == ("region", "Must be one of: BR, EU, US. Did you mean 'EU'?")
    assert only_error(app(rcsSenderRegion="EUR", region="EU")) == (
        "rcsSenderRegion",
        "Must be one of: BR, EU, US. Did you mean 'EU'?",
    )
    assert only_error(app(region="Mars")) == ("region", "Must be one of: BR, EU, US.")


def test_an_unknown_region_on_either_side_is_never_a_mismatch() -> None:
    assert load_conversation_app(app(region=UNKNOWN))["region"] is UNKNOWN
    assert load_conversation_app(app(rcsSenderRegion=UNKNOWN, region="US"))["region"] == "US"
    assert load_conversation_app(app(rcsSenderRegion=UNKNOWN))["region"] is UNKNOWN


@pytest.mark.parametrize("present", [("rcsToken",), ("rcsSenderId", "rcsSenderRegion", "rcsClaimedIdentity")])
def test_the_four_rcs_fields_come_together(present: tuple[str, ...]) -> None:
    data = {"displayName": "x", "region": "EU", "channelCredentials": [SMS]}
    data.update({name: app()[name] for name in present})
    missing = sorted({"rcsSenderId", "rcsSenderRegion", "rcsClaimedIdentity", "rcsToken"} - set(present))

    assert errors(data) == [
        (
            name,
            f"Required with {', '.join(present)}: the four rcs* fields come together, from the RcsSender "
            "passed as rcs_sender (its id, region, authName and authToken).",
        )
        for name in missing
    ]


def test_the_rcs_credentials_must_not_be_empty_and_the_sender_id_is_a_path_segment() -> None:
    assert only_error(app(rcsToken="")) == ("rcsToken", "Must not be empty.")
    assert only_error(app(rcsClaimedIdentity="")) == ("rcsClaimedIdentity", "Must not be empty.")
    path, message = only_error(app(rcsSenderId="../x"))
    assert (path, message.split(":")[0]) == ("rcsSenderId", "Not a valid sender id")
    assert only_error(app(rcsToken="t" * 4097)) == (
        "rcsToken",
        "Must be at most 4096 characters long (got 4097).",
    )


# --- channel credentials ------------------------------------------------------------------------------------


@pytest.mark.parametrize("channel", sorted(ENTRIES))
def test_every_channel_but_rcs_takes_its_credential_kind(channel: str) -> None:
    entry = copy.deepcopy(ENTRIES[channel])

    assert load_conversation_app(app(channelCredentials=[entry]))["channelCredentials"] == [entry]


def test_every_channel_of_the_contract_has_an_example_entry() -> None:
    assert set(ENTRIES) | {"RCS"} == set(CHANNELS)


def test_an_rcs_entry_is_refused_saying_rcs_comes_from_the_sender() -> None:
    rcs = {"channel": "RCS", "static_bearer": {"claimed_identity": "a", "token": "b"}}

    assert only_error(app(channelCredentials=[SMS, rcs])) == (
        "channelCredentials[1].channel",
        "RCS comes from rcs_sender: pass the RcsSender as rcs_sender, and the app's RCS channel gets the "
        "sender's authName and authToken. List only the app's other channels here.",
    )


def test_a_missing_credential_field_is_reported_at_its_full_path() -> None:
    broken = {"channel": "SMS", "static_bearer": {"claimed_identity": "plan"}}

    assert errors(app(channelCredentials=[ENTRIES["MESSENGER"], broken])) == [
        ("channelCredentials[1].static_bearer.token", "Missing data for required field.")
    ]
    assert only_error(
        app(channelCredentials=[{"channel": "SMS", "static_bearer": {"claimed_identity": "p", "token": ""}}])
    ) == (
        "channelCredentials[0].static_bearer.token",
        "Must not be empty.",
    )


def test_the_kind_is_chosen_by_the_channel() -> None:
    assert only_error(app(channelCredentials=[{"channel": "SMS"}])) == (
        "channelCredentials[0].static_bearer",
        "Missing data for required field: SMS entries hold their credentials in static_bearer, for example "
        '{"static_bearer": {"claimed_identity": "...", "token": "..."}}.',
    )
    assert only_error(
        app(
            channelCredentials=[
                {
                    "channel": "MESSENGER",
                    "static_token": {"token": "x"},
                    "static_bearer": SMS["static_bearer"],
                }
            ]
        )
    ) == (
        "channelCredentials[0].static_bearer",
        "Not a credential for MESSENGER: MESSENGER entries hold static_token.",
    )
    assert only_error(app(channelCredentials=[{"channel": "LINE"}])) == (
        "channelCredentials[0]",
        "LINE entries hold their credentials in line_credentials or line_enterprise_credentials: give one.",
    )
    both = {**LINE, "line_enterprise_credentials": {"line_japan": {"token": "t", "secret": "s"}}}
    assert only_error(app(channelCredentials=[both])) == (
        "channelCredentials[0].line_enterprise_credentials",
        "Give line_credentials or line_enterprise_credentials, not both: an entry holds one credential.",
    )


def test_a_misspelt_kind_gets_the_closest_name_and_no_second_message() -> None:
    entry = {"channel": "SMS", "static_baerer": {"claimed_identity": "p", "token": "t"}}

    assert errors(app(channelCredentials=[entry])) == [
        ("channelCredentials[0].static_baerer", "Unknown field. Did you mean 'static_bearer'?")
    ]


def test_channels_are_case_sensitive_with_the_closest_name() -> None:
    path, message = only_error(app(channelCredentials=[{**SMS, "channel": "sms"}]))

    assert path == "channelCredentials[0].channel"
    assert message == f"Must be one of: {', '.join(CHANNELS)}. Did you mean 'SMS'?"
    assert only_error(app(channelCredentials=[{"static_bearer": SMS["static_bearer"]}])) == (
        "channelCredentials[0].channel",
        "Missing data for required field.",
    )


def test_line_enterprise_credentials_hold_one_region() -> None:
    japan = {"channel": "LINE", "line_enterprise_credentials": {"line_japan": {"token": "t", "secret": "s"}}}
    assert load_conversation_app(app(channelCredentials=[japan]))["channelCredentials"] == [japan]
    assert only_error(app(channelCredentials=[{"channel": "LINE", "line_enterprise_credentials": {}}])) == (
        "channelCredentials[0].line_enterprise_credentials",
        "Needs the keys of one region: line_japan or line_thailand, each {token, secret}.",
    )
    two = {"line_japan": {"token": "t", "secret": "s"}, "line_thailand": {"token": "t", "secret": "s"}}
    assert only_error(app(channelCredentials=[{"channel": "LINE", "line_enterprise_credentials": two}])) == (
        "channelCredentials[0].line_enterprise_credentials.line_thailand",
        "Give line_japan or line_thailand, not both: an entry holds one region's keys.",
    )


def test_a_channel_listed_twice_is_refused_naming_the_first_index() -> None:
    again = {"channel": "SMS", "static_bearer": {"claimed_identity": "other", "token": "other"}}

    assert only_error(app(channelCredentials=[SMS, ENTRIES["MESSENGER"], again])) == (
        "channelCredentials[2].channel",
        "Duplicate: SMS is already listed at channelCredentials[0]: an app holds one credential per channel "
        "(only LINE entries may repeat, each with its own credential_ordinal_number).",
    )


def test_line_entries_are_told_apart_by_their_ordinal_number_and_one_is_the_default() -> None:
    default = {"channel": "LINE", "line_credentials": {"token": "a", "secret": "b", "is_default": True}}
    second = {**LINE, "credential_ordinal_number": 1}
    assert len(load_conversation_app(app(channelCredentials=[default, second]))["channelCredentials"]) == 2

    assert only_error(app(channelCredentials=[default, LINE])) == (
        "channelCredentials[1].credential_ordinal_number",
        "Duplicate: a LINE entry with credential_ordinal_number 0 is already listed at "
        "channelCredentials[0]: give each LINE entry its own credential_ordinal_number (0 to 255).",
    )
    assert only_error(app(channelCredentials=[LINE, second])) == (
        "channelCredentials",
        "With 2 LINE entries, exactly one must be the default (is_default true in its line_credentials or "
        "line_enterprise_credentials); 0 are.",
    )


def test_the_ordinal_number_is_0_to_255_and_other_than_0_for_line_only() -> None:
    assert only_error(app(channelCredentials=[{**LINE, "credential_ordinal_number": 256}])) == (
        "channelCredentials[0].credential_ordinal_number",
        "Must be a whole number from 0 to 255 (got 256).",
    )
    assert only_error(app(channelCredentials=[{**LINE, "credential_ordinal_number": 1.5}]))[1] == (
        "Must be a whole number from 0 to 255 (got 1.5)."
    )
    assert load_conversation_app(app(channelCredentials=[{**SMS, "credential_ordinal_number": 0}]))
    assert only_error(app(channelCredentials=[{**SMS, "credential_ordinal_number": 2}])) == (
        "channelCredentials[0].credential_ordinal_number",
        "Only LINE entries take a credential_ordinal_number other than 0: Sinch sets it to 0 for every other "
        "channel (SMS here). Leave it out.",
    )


def test_the_callback_secret_is_kept_exactly_and_at_most_256_characters() -> None:
    entry = {**SMS, "callback_secret": " " + "s" * 255}
    assert load_conversation_app(app(channelCredentials=[entry]))["channelCredentials"] == [entry]
    assert only_error(app(channelCredentials=[{**SMS, "callback_secret": "s" * 257}])) == (
        "channelCredentials[0].callback_secret",
        "Must be at most 256 characters long (got 257).",
    )


def test_read_only_fields_of_an_answer_are_refused_saying_so() -> None:
    entry = {**SMS, "state": {"status": "ACTIVE"}}

    assert only_error(app(channelCredentials=[entry])) == (
        "channelCredentials[0].state",
        "Read-only: Sinch reports state; a declaration gives the credentials only.",
    )


# --- settings -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "path", "message"),
    [
        (
            "processingMode",
            "dispatch",
            "processingMode",
            "Must be one of: CONVERSATION, DISPATCH. Did you mean 'DISPATCH'?",
        ),
        (
            "conversationMetadataReportView",
            "Full",
            "conversationMetadataReportView",
            "Must be one of: NONE, FULL. Did you mean 'FULL'?",
        ),
        (
            "retentionPolicy",
            {"retention_type": "CONVERSATION_EXPIRE"},
            "retentionPolicy.retention_type",
            "Must be one of: MESSAGE_EXPIRE_POLICY, CONVERSATION_EXPIRE_POLICY, PERSIST_RETENTION_POLICY. "
            "Did you mean 'CONVERSATION_EXPIRE_POLICY'?",
        ),
        (
            "retentionPolicy",
            {"ttl_days": 0},
            "retentionPolicy.ttl_days",
            "Must be a whole number of days from 1 to 3,650 (got 0).",
        ),
        (
            "retentionPolicy",
            {"ttl_days": 3651},
            "retentionPolicy.ttl_days",
            "Must be a whole number of days from 1 to 3,650 (got 3651).",
        ),
        ("retentionPolicy", {"ttl_days": "30"}, "retentionPolicy.ttl_days", "Not a valid number."),
        (
            "dispatchRetentionPolicy",
            {"retention_type": "CONVERSATION_EXPIRE_POLICY"},
            "dispatchRetentionPolicy.retention_type",
            "Must be MESSAGE_EXPIRE_POLICY: the only retention type in dispatch mode.",
        ),
        (
            "dispatchRetentionPolicy",
            {"ttl_days": 8},
            "dispatchRetentionPolicy.ttl_days",
            "Must be a whole number of days from 0 to 7 (got 8).",
        ),
        (
            "dispatchRetentionPolicy",
            {"ttl_days": -1},
            "dispatchRetentionPolicy.ttl_days",
            "Must be a whole number of days from 0 to 7 (got -1).",
        ),
        (
            "deliveryReportBasedFallback",
            {"delivery_report_waiting_time": 9},
            "deliveryReportBasedFallback.delivery_report_waiting_time",
            "Must be a whole number of seconds from 10 to 259,200 (got 9).",
        ),
        (
            "deliveryReportBasedFallback",
            {"delivery_report_waiting_time": 259201},
            "deliveryReportBasedFallback.delivery_report_waiting_time",
            "Must be a whole number of seconds from 10 to 259,200 (got 259201).",
        ),
        (
            "deliveryReportBasedFallback",
            {"enabled": "true"},
            "deliveryReportBasedFallback.enabled",
            "Not a valid boolean: use true or false.",
        ),
        (
            "messageRetrySettings",
            {"retry_duration": 29},
            "messageRetrySettings.retry_duration",
            "Must be a whole number of seconds from 30 to 3,600 (got 29).",
        ),
        (
            "messageRetrySettings",
            {"retry_duration": 3601},
            "messageRetrySettings.retry_duration",
            "Must be a whole number of seconds from 30 to 3,600 (got 3601).",
        ),
        (
            "smartConversation",
            {"enabled": 1},
            "smartConversation.enabled",
            "Not a valid boolean: use true or false.",
        ),
        (
            "callbackSettings",
            {"secret_for_overridden_callback_urls": "s" * 257},
            "callbackSettings.secret_for_overridden_callback_urls",
            "Must be at most 256 characters long (got 257).",
        ),
        ("callbackSettings", "secret", "callbackSettings", "Not a valid object."),
        ("channelTimeout", 0, "channelTimeout", "Must be more than 0 and at most 3,600 seconds (got 0)."),
        (
            "channelTimeout",
            3601,
            "channelTimeout",
            "Must be more than 0 and at most 3,600 seconds (got 3601).",
        ),
        ("channelTimeout", True, "channelTimeout", "Not a valid number."),
    ],
)
def test_a_bad_setting_says_what_is_wrong_and_what_is_allowed(
    field: str, value: Any, path: str, message: str
) -> None:
    assert only_error(app(**{field: value})) == (path, message)


def test_numbers_from_pulumi_floats_load_as_ints() -> None:
    loaded = load_conversation_app(app(messageRetrySettings={"retry_duration": 600.0}, channelTimeout=60.0))

    assert loaded["messageRetrySettings"] == {"retry_duration": 600}
    assert isinstance(loaded["messageRetrySettings"]["retry_duration"], int)
    assert loaded["channelTimeout"] == 60


def test_unknown_keys_get_the_closest_name_at_every_level() -> None:
    assert only_error(app(display_name="x")) == ("display_name", "Unknown field. Did you mean 'displayName'?")
    assert only_error(app(retentionPolicy={"ttlDays": 30})) == (
        "retentionPolicy.ttlDays",
        "Unknown field. Did you mean 'ttl_days'?",
    )
    assert only_error(app(channelCredentials=[{**SMS, "callbackSecret": "x"}])) == (
        "channelCredentials[0].callbackSecret",
        "Unknown field. Did you mean 'callback_secret'?",
    )
    assert only_error(app(rcs_sender="s")) == (
        "rcs_sender",
        "Unknown field: the declaration holds the RCS sender as rcsSenderId, rcsSenderRegion, "
        "rcsClaimedIdentity and rcsToken (the resource fills them from rcs_sender).",
    )


def test_the_input_names_are_the_state_names_in_declaration_order() -> None:
    assert INPUT_NAMES == (
        "displayName",
        "region",
        "rcsSenderId",
        "rcsSenderRegion",
        "rcsClaimedIdentity",
        "rcsToken",
        "channelCredentials",
        "processingMode",
        "conversationMetadataReportView",
        "retentionPolicy",
        "dispatchRetentionPolicy",
        "callbackSettings",
        "deliveryReportBasedFallback",
        "messageRetrySettings",
        "smartConversation",
        "channelTimeout",
    )
    assert PROVIDER_OPTIONS == {"channelTimeout": 300}


# --- UNKNOWN ------------------------------------------------------------------------------------------------

UNKNOWN_PLACES: list[tuple[str | int, ...]] = [
    ("displayName",),
    ("region",),
    ("rcsSenderId",),
    ("rcsToken",),
    ("channelCredentials",),
    ("channelCredentials", 0),
    ("channelCredentials", 0, "channel"),
    ("channelCredentials", 0, "static_bearer"),
    ("channelCredentials", 0, "static_bearer", "token"),
    ("channelCredentials", 1, "credential_ordinal_number"),
    ("channelCredentials", 1, "line_credentials", "is_default"),
    ("retentionPolicy",),
    ("retentionPolicy", "ttl_days"),
    ("deliveryReportBasedFallback", "enabled"),
    ("callbackSettings", "secret_for_overridden_callback_urls"),
    ("channelTimeout",),
]


def _with_unknown(path: tuple[str | int, ...]) -> tuple[dict[str, Any], Any]:
    data = app(
        channelCredentials=[copy.deepcopy(SMS), copy.deepcopy(LINE)],
        retentionPolicy={"ttl_days": 30},
        deliveryReportBasedFallback={"enabled": True},
        callbackSettings={"secret_for_overridden_callback_urls": "x"},
        channelTimeout=10,
    )
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = UNKNOWN
    return data, node


@pytest.mark.parametrize("path", UNKNOWN_PLACES, ids=lambda path: ".".join(map(str, path)))
def test_unknown_passes_through_at_any_depth(path: tuple[str | int, ...]) -> None:
    data, _parent = _with_unknown(path)
    loaded: Any = ConversationAppSchema().load(data)
    for key in path:
        loaded = loaded[key]
    assert loaded is UNKNOWN


def test_the_whole_declaration_and_the_whole_sender_may_be_unknown() -> None:
    assert ConversationAppSchema().load(UNKNOWN) is UNKNOWN
    unknown_sender = dict.fromkeys(RCS_FIELDS, UNKNOWN)
    assert load_conversation_app({"displayName": "x", **unknown_sender}) == {
        "displayName": "x",
        **unknown_sender,
        "region": UNKNOWN,
    }
    # An unknown entry or channel is never a duplicate, and an unknown list is a credential.
    assert load_conversation_app(app(channelCredentials=[SMS, {**SMS, "channel": UNKNOWN}, UNKNOWN]))
    assert load_conversation_app({"displayName": "x", "region": "EU", "channelCredentials": UNKNOWN})


# --- anything at all ----------------------------------------------------------------------------------------


@PROFILE
@given(junk())
def test_junk_never_makes_the_schema_raise_anything_but_a_validation_error(value: Any) -> None:
    load_or_problems(ConversationAppSchema(), value)


@PROFILE
@given(mutated(app(channelCredentials=[SMS, LINE], retentionPolicy={"ttl_days": 30}, channelTimeout=10)))
def test_a_mutated_declaration_loads_or_fails_with_paths_never_showing_a_secret(value: Any) -> None:
    problems = load_or_problems(ConversationAppSchema(), value)
    assert all(TOKEN not in message and "sms-token" not in message for _, message in problems)
