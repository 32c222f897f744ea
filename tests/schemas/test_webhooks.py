"""``WebhookSchema``: what a ProvisioningWebhook declaration may hold, the messages for what it may not, and
comparison with what the API holds (``schemas.webhooks.api``)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from marshmallow import ValidationError

from schemas import UNKNOWN, flatten_errors
from schemas.webhooks import TRIGGERS, WebhookSchema, changed_fields, same_triggers, webhook_from_api
from tests.schemas.helpers import load_or_problems
from tests.schemas.strategies import PROFILE, junk, mutated

TARGET = "https://events.example.com/sinch"
SECRET = "s3cr3t-with-enough-entropy-4b7d"


def declaration(**changes: Any) -> dict[str, Any]:
    return {"target": TARGET, "secret": SECRET, "triggers": ["RCS_SENDER_STATUS_UPDATED"], **changes}


def errors(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as raised:
        WebhookSchema().load(data)
    return flatten_errors(raised.value.messages)


def test_a_valid_declaration_loads_as_declared_with_the_target_stripped() -> None:
    loaded = WebhookSchema().load(declaration(target=f"  {TARGET} ", webhookId="01HZX4C8Q2W6M3N5P7R9T1V3X5"))

    assert loaded == declaration(webhookId="01HZX4C8Q2W6M3N5P7R9T1V3X5")


def test_target_secret_and_triggers_are_required() -> None:
    assert errors({}) == [
        ("secret", "Missing data for required field."),
        ("target", "Missing data for required field."),
        ("triggers", "Missing data for required field."),
    ]


@pytest.mark.parametrize(
    "target",
    [
        "https://events.example.com/sinch",
        "https://events.example.com:8443/hooks/sinch?source=rcs",
        "http://127.0.0.1:8080/events",
        "http://localhost:9000/events",
        "http://[::1]:9000/events",
        "https://203.0.113.7/events",
    ],
)
def test_targets_that_are_accepted(target: str) -> None:
    assert WebhookSchema().load(declaration(target=target))["target"] == target


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("events.example.com/sinch", "Not a valid URL: use an absolute https:// address"),
        ("ftp://events.example.com/sinch", "Not a valid URL"),
        ("https://events/sinch", "Not a valid URL"),
        ("https://events.example.com:70000/sinch", "Not a valid URL"),
        ("https://events.example.com/a b", "Not a valid URL"),
        (
            "http://events.example.com/sinch",
            "Plain http is accepted only to this machine (127.0.0.1, localhost or ::1",
        ),
        ("http://127.0.0.2/sinch", "Plain http is accepted only to this machine"),
        ("http://10.0.0.5/sinch", "Plain http is accepted only to this machine"),
        ("https://user:pass@events.example.com/sinch", "Must not contain a user name or password"),
        ("", "Must not be empty."),
        (42, "Not a valid string."),
    ],
)
def test_targets_that_are_refused_say_why(target: Any, message: str) -> None:
    [(path, text)] = errors(declaration(target=target))
    assert path == "target"
    assert text.startswith(message), text


@pytest.mark.parametrize(
    "target",
    [
        "https://events.example.com/sinch?token=abc123",
        "https://events.example.com/sinch?source=rcs&secret=abc123",
        "https://events.example.com/sinch?KEY=abc123",
        "https://events.example.com/sinch?Password=abc123",
        "https://events.example.com/sinch?signature=abc123",
        "https://events.example.com/sinch?sig=abc123",
        "https://events.example.com/sinch?auth=abc123",
        "https://events.example.com/sinch?access_token=abc123",
        "https://events.example.com/sinch?api_key=abc123",
        "https://events.example.com/sinch?apiKey=abc123",
        "https://events.example.com/sinch?Access-Token=abc123",
        "https://events.example.com/sinch?to%6Ben=abc123",
    ],
)
def test_a_secret_in_the_query_string_is_refused_like_userinfo_without_showing_it(target: str) -> None:
    [(path, message)] = errors(declaration(target=target))

    assert path == "target"
    assert message.startswith("Must not carry a secret in its query string (")
    assert "the target is kept and shown in plain text" in message
    assert "abc123" not in message


def test_query_parameters_that_only_contain_a_secret_word_are_accepted() -> None:
    for target in (
        "https://events.example.com/sinch?source=rcs&keyword=x",
        "https://events.example.com/sinch?monkey=1&tokens=2",
        "https://events.example.com/token/secret?sort=key",
    ):
        assert WebhookSchema().load(declaration(target=target))["target"] == target


def test_the_target_is_at_most_742_characters() -> None:
    base = "https://events.example.com/"
    assert WebhookSchema().load(declaration(target=base + "a" * (742 - len(base))))
    assert errors(declaration(target=base + "a" * (743 - len(base)))) == [
        ("target", "Must be at most 742 characters long (got 743).")
    ]


def test_the_secret_is_1_to_128_characters_kept_exactly_and_never_echoed() -> None:
    assert WebhookSchema().load(declaration(secret=" spaced secret "))["secret"] == " spaced secret "
    assert WebhookSchema().load(declaration(secret="x" * 128))["secret"] == "x" * 128
    assert errors(declaration(secret="y" * 129)) == [
        ("secret", "Must be at most 128 characters long (got 129).")
    ]
    assert errors(declaration(secret="")) == [("secret", "Must not be empty.")]
    assert errors(declaration(secret=None)) == [("secret", "Field may not be null.")]


def test_triggers_need_at_least_one_known_name_with_did_you_mean() -> None:
    assert errors(declaration(triggers=[])) == [("triggers", "Must have at least 1 item.")]
    assert errors(declaration(triggers=["RCS_SENDER_STATUS_UPDATED", "RCS_SENDR_COMMENT_ADDED"])) == [
        ("triggers[1]", "Not a webhook trigger. Did you mean 'RCS_SENDER_COMMENT_ADDED'?")
    ]
    assert errors(declaration(triggers=["rcs_sender_status_updated"])) == [
        ("triggers[0]", "Not a webhook trigger. Did you mean 'RCS_SENDER_STATUS_UPDATED'?")
    ]
    [(path, message)] = errors(declaration(triggers=["SOMETHING"]))
    assert path == "triggers[0]"
    assert message == f"Not a webhook trigger. Must be one of: {', '.join(TRIGGERS)}."
    assert errors(declaration(triggers="ALL")) == [("triggers", "Not a valid list.")]


def test_a_duplicate_trigger_names_both_indexes() -> None:
    triggers = ["RCS_SENDER_STATUS_UPDATED", "RCS_SENDER_COMMENT_ADDED", "RCS_SENDER_STATUS_UPDATED"]

    assert errors(declaration(triggers=triggers)) == [
        ("triggers[2]", "Duplicate: RCS_SENDER_STATUS_UPDATED is already listed at triggers[0].")
    ]


def test_all_combined_with_other_triggers_says_why() -> None:
    [(path, message)] = errors(declaration(triggers=["RCS_SENDER_STATUS_UPDATED", "ALL"]))

    assert path == "triggers"
    assert "ALL already receives every event" in message
    assert "Sinch says not to combine it" in message
    assert WebhookSchema().load(declaration(triggers=["ALL"]))["triggers"] == ["ALL"]


def test_unknown_fields_suggest_the_closest_name() -> None:
    assert errors(declaration(trigger=["ALL"])) == [("trigger", "Unknown field. Did you mean 'triggers'?")]
    assert errors(declaration(webhook_id="x")) == [("webhook_id", "Unknown field. Did you mean 'webhookId'?")]


def test_webhook_id_is_a_path_segment() -> None:
    [(path, message)] = errors(declaration(webhookId="../senders"))
    assert path == "webhookId"
    assert message.startswith("Not a valid webhook id")


def test_unknown_passes_through_at_any_depth() -> None:
    assert WebhookSchema().load(UNKNOWN) is UNKNOWN
    loaded = WebhookSchema().load({"target": UNKNOWN, "secret": UNKNOWN, "triggers": UNKNOWN})
    assert loaded == {"target": UNKNOWN, "secret": UNKNOWN, "triggers": UNKNOWN}
    items = WebhookSchema().load(declaration(triggers=[UNKNOWN, "RCS_SENDER_STATUS_UPDATED", UNKNOWN]))
    assert items["triggers"] == [UNKNOWN, "RCS_SENDER_STATUS_UPDATED", UNKNOWN]
    # An unknown item might be anything: ALL beside it is judged when it is known.
    assert WebhookSchema().load(declaration(triggers=["ALL", UNKNOWN]))["triggers"] == ["ALL", UNKNOWN]
    assert WebhookSchema().load(declaration(webhookId=UNKNOWN))["webhookId"] is UNKNOWN


@PROFILE
@given(junk())
def test_junk_never_makes_the_schema_raise_anything_but_a_validation_error(value: Any) -> None:
    load_or_problems(WebhookSchema(), value)


@PROFILE
@given(mutated(declaration(webhookId="wh-1")))
def test_a_mutated_declaration_loads_or_fails_with_paths(value: Any) -> None:
    problems = load_or_problems(WebhookSchema(), value)
    assert all(message != SECRET for _, message in problems)


def test_triggers_compare_as_sets_and_unknown_differs_from_everything() -> None:
    both = ["RCS_SENDER_STATUS_UPDATED", "RCS_SENDER_COMMENT_ADDED"]
    old = WebhookSchema().load(declaration(triggers=both))
    reordered = {**old, "triggers": ["RCS_SENDER_COMMENT_ADDED", "RCS_SENDER_STATUS_UPDATED"]}

    assert changed_fields(old, reordered) == []
    assert changed_fields(old, {**old, "triggers": ["RCS_SENDER_COMMENT_ADDED"]}) == ["triggers"]
    assert changed_fields(old, {**old, "secret": "rotated-secret-0123456789"}) == ["secret"]
    assert changed_fields(old, {**old, "target": UNKNOWN, "triggers": [UNKNOWN]}) == ["target", "triggers"]
    assert changed_fields({}, old) == ["target", "secret", "triggers"]
    assert not same_triggers(["ALL"], ["ALL", "ALL"])


def test_a_webhook_from_the_api_rebuilds_to_its_declaration_or_shows_the_drift() -> None:
    declared = {"target": TARGET, "triggers": ["RCS_SENDER_STATUS_UPDATED", "RCS_SENDER_COMMENT_ADDED"]}
    api = {
        "id": "wh-1",
        "projectId": "p",
        "target": TARGET,
        "triggers": ["RCS_SENDER_COMMENT_ADDED", "RCS_SENDER_STATUS_UPDATED"],
    }

    assert webhook_from_api(api, declared) == declared  # the declared order is kept
    drifted = {**api, "target": "https://other.example.com/x", "triggers": ["ALL"]}
    assert webhook_from_api(drifted, declared) == {
        "target": "https://other.example.com/x",
        "triggers": ["ALL"],
    }
    assert webhook_from_api(api, None) == {"target": TARGET, "triggers": api["triggers"]}
