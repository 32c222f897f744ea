"""``ConversationWebhookSchema`` and ``schemas.conversation_webhooks.api``: what a ConversationWebhook
declaration may hold, the messages for what it may not, and the bodies, masks and rebuilt declarations."""

from __future__ import annotations

import copy
import functools
from typing import Any

import pytest
from hypothesis import given
from marshmallow import ValidationError

from schemas import UNKNOWN
from schemas.conversation_webhooks import (
    INPUT_NAMES,
    SUBSCRIBABLE_TRIGGERS,
    TRIGGERS,
    ConversationWebhookSchema,
    load_conversation_webhook,
)
from schemas.conversation_webhooks.api import (
    UpdateNotPossible,
    changed_fields,
    create_body,
    update_body,
    webhook_from_api,
)
from tests.schemas import helpers
from tests.schemas.fake_conversation import APP_ID, webhook_answer
from tests.schemas.helpers import load_or_problems
from tests.schemas.strategies import PROFILE, junk, mutated

TARGET = "https://hooks.acme.example/sinch/conversation"
SECRET = " conversation-webhook-secret-7f3a "
CREDENTIALS = {
    "client_id": "acme-client",
    "client_secret": "oauth-client-secret",
    "endpoint": "https://auth.acme.example/oauth2/token",
}


def declaration(**changes: Any) -> dict[str, Any]:
    return {
        "appId": APP_ID,
        "region": "EU",
        "target": TARGET,
        "triggers": ["MESSAGE_DELIVERY", "MESSAGE_INBOUND"],
        "secret": SECRET,
        **changes,
    }


def loaded(**changes: Any) -> dict[str, Any]:
    value: dict[str, Any] = load_conversation_webhook(declaration(**changes))
    return value


# Loading with this schema fails with these (path, message) pairs, or with just this one.
errors = functools.partial(helpers.errors, schema=ConversationWebhookSchema())
only_error = functools.partial(helpers.only_error, schema=ConversationWebhookSchema())


# --- the declaration ----------------------------------------------------------------------------------------


def test_a_valid_declaration_loads_as_declared_with_the_target_stripped() -> None:
    full = declaration(clientCredentials={**CREDENTIALS, "scope": "callbacks", "token_request_type": "FORM"})

    assert load_conversation_webhook({**full, "target": f" {TARGET}  "}) == full
    assert load_conversation_webhook(full)["secret"] == SECRET  # kept exactly


def test_app_region_target_triggers_and_secret_are_required_the_secret_saying_why() -> None:
    problems = dict(errors({}))

    assert set(problems) == {"appId", "region", "target", "triggers", "secret"}
    assert problems["appId"] == "Missing data for required field."
    assert problems["region"].startswith("Missing data for required field: the app's region (EU, US or BR)")
    assert problems["secret"] == (
        "Missing data for required field: Sinch signs each callback with the secret, and without one your "
        "endpoint cannot tell Sinch's callbacks from forged ones (the API makes it optional; this provider "
        "does not). Make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'."
    )


@pytest.mark.parametrize(
    "target",
    [
        TARGET,
        "https://hooks.acme.example:8443/sinch?source=rcs",
        "http://127.0.0.1:8080/callbacks",
        "http://localhost:9000/callbacks",
        "https://203.0.113.7/callbacks",
        "https://conversation-api-docs.example.com/x",
        "https://eu.conversation.api.sinch.com.example.com/x",
    ],
)
def test_targets_that_are_accepted(target: str) -> None:
    assert load_conversation_webhook(declaration(target=target))["target"] == target


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("hooks.acme.example/sinch", "Not a valid URL: use an absolute https:// address"),
        ("http://hooks.acme.example/sinch", "Plain http is accepted only to this machine"),
        ("https://user:pass@hooks.acme.example/sinch", "Must not contain a user name or password"),
        (
            "https://hooks.acme.example/sinch?token=abc",
            "Must not carry a secret in its query string ('token')",
        ),
        (
            "https://hooks.acme.example/sinch?a=1&API_KEY=abc",
            "Must not carry a secret in its query string ('API_KEY')",
        ),
        ("https://conversation-api.eu1.sinch.com/hook", "Must not be on a conversation-api.*.sinch.com host"),
        (
            "https://CONVERSATION-API.us1.Sinch.com./hook",
            "Must not be on a conversation-api.*.sinch.com host",
        ),
        (
            "https://rcs-adapter.eu1.conversation-api.int.prod.sinch.com/adapter/v1/app/callback",
            "Must not be on a conversation-api.*.sinch.com host",
        ),
        ("", "Must not be empty."),
    ],
)
def test_targets_that_are_refused_say_why(target: str, message: str) -> None:
    path, text = only_error(declaration(target=target))

    assert path == "target"
    assert text.startswith(message), text
    assert "abc" not in text


def test_plain_http_elsewhere_says_what_a_callback_carries() -> None:
    assert only_error(declaration(target="http://hooks.acme.example/x"))[1] == (
        "Plain http is accepted only to this machine (127.0.0.1, localhost or ::1, as for the Sinch API "
        "URLs): every callback carries its signature and your customers' messages and contact details, so "
        "use https://."
    )


def test_the_target_is_at_most_742_characters() -> None:
    base = "https://hooks.acme.example/"
    assert load_conversation_webhook(declaration(target=base + "a" * (742 - len(base))))
    assert only_error(declaration(target=base + "a" * (743 - len(base)))) == (
        "target",
        "Must be at most 742 characters long (got 743).",
    )


def test_every_trigger_but_unspecified_can_be_subscribed_to() -> None:
    assert load_conversation_webhook(declaration(triggers=list(SUBSCRIBABLE_TRIGGERS)))["triggers"] == list(
        SUBSCRIBABLE_TRIGGERS
    )
    assert len(TRIGGERS) == 22
    assert set(TRIGGERS) - set(SUBSCRIBABLE_TRIGGERS) == {"UNSPECIFIED_TRIGGER"}


def test_triggers_need_at_least_one_known_name_with_did_you_mean() -> None:
    assert only_error(declaration(triggers=[])) == ("triggers", "Must have at least 1 item.")
    assert only_error(declaration(triggers=["MESSAGE_DELIVERY", "MESAGE_INBOUND"])) == (
        "triggers[1]",
        "Not a webhook trigger. Did you mean 'MESSAGE_INBOUND'?",
    )
    assert only_error(declaration(triggers=["message_delivery"])) == (
        "triggers[0]",
        "Not a webhook trigger. Did you mean 'MESSAGE_DELIVERY'?",
    )
    assert only_error(declaration(triggers=["SMART_CONVERSATIONS"])) == (
        "triggers[0]",
        "Not a webhook trigger. Did you mean 'SMART_CONVERSATION'?",
    )
    assert only_error(declaration(triggers=["XYZZY"])) == (
        "triggers[0]",
        f"Not a webhook trigger. Must be one of: {', '.join(SUBSCRIBABLE_TRIGGERS)}.",
    )


def test_unspecified_trigger_is_refused_with_the_contracts_reason() -> None:
    assert only_error(declaration(triggers=["MESSAGE_DELIVERY", "UNSPECIFIED_TRIGGER"])) == (
        "triggers[1]",
        'Not a trigger to subscribe to: the contract says of UNSPECIFIED_TRIGGER "Using this value will '
        'cause errors." List the triggers you want, for example MESSAGE_DELIVERY and MESSAGE_INBOUND.',
    )


def test_a_duplicate_trigger_names_the_first_index() -> None:
    assert only_error(declaration(triggers=["MESSAGE_DELIVERY", "MESSAGE_INBOUND", "MESSAGE_DELIVERY"])) == (
        "triggers[2]",
        "Duplicate: MESSAGE_DELIVERY is already listed at triggers[0].",
    )


def test_the_secret_is_1_to_256_characters_kept_exactly() -> None:
    assert load_conversation_webhook(declaration(secret="s" * 256))["secret"] == "s" * 256
    assert only_error(declaration(secret="s" * 257)) == (
        "secret",
        "Must be at most 256 characters long (got 257).",
    )
    assert only_error(declaration(secret="")) == ("secret", "Must not be empty.")
    assert only_error(declaration(secret=None)) == ("secret", "Field may not be null.")


def test_app_id_and_region() -> None:
    for app_id in ("../apps", "01HZX4C8Q2W6M3N5P7R9T1V3X", "01HZX4C8Q2W6M3N5P7R9T1V3XU"):
        path, message = only_error(declaration(appId=app_id))
        assert (path, message.split(":")[0]) == ("appId", "Not a valid app id")
    assert load_conversation_webhook(declaration(appId=APP_ID.lower()))["appId"] == APP_ID.lower()
    assert only_error(declaration(region="us")) == (
        "region",
        "Must be one of: BR, EU, US. Did you mean 'US'?",
    )
    assert only_error(declaration(app_id=APP_ID)) == (
        "app_id",
        "Unknown field. Did you mean 'appId' (the ConversationApp's id)?",
    )
    assert only_error(declaration(trigger=["MESSAGE_DELIVERY"])) == (
        "trigger",
        "Unknown field. Did you mean 'triggers'?",
    )


@pytest.mark.parametrize(
    ("credentials", "path", "message"),
    [
        (
            {"client_id": "c", "client_secret": "s"},
            "clientCredentials.endpoint",
            "Missing data for required field.",
        ),
        ({**CREDENTIALS, "client_secret": ""}, "clientCredentials.client_secret", "Must not be empty."),
        (
            {**CREDENTIALS, "endpoint": "http://auth.acme.example/token"},
            "clientCredentials.endpoint",
            "Plain http is accepted only to this machine (127.0.0.1, localhost or ::1, as for the Sinch API "
            "URLs): Sinch sends the client secret to it, so use https://.",
        ),
        (
            {**CREDENTIALS, "endpoint": "auth"},
            "clientCredentials.endpoint",
            "Not a valid URL: use an absolute https:// address, for example https://auth.example.com/token.",
        ),
        (
            {**CREDENTIALS, "scope": "s" * 1025},
            "clientCredentials.scope",
            "Must be at most 1024 characters long (got 1025).",
        ),
        (
            {**CREDENTIALS, "response_type": "r" * 65},
            "clientCredentials.response_type",
            "Must be at most 64 characters long (got 65).",
        ),
        (
            {**CREDENTIALS, "token_request_type": "basic"},
            "clientCredentials.token_request_type",
            "Must be one of: BASIC, FORM. Did you mean 'BASIC'?",
        ),
        (
            {**CREDENTIALS, "clientSecret": "x"},
            "clientCredentials.clientSecret",
            "Unknown field. Did you mean 'client_secret'?",
        ),
    ],
)
def test_client_credentials_say_what_is_wrong(credentials: dict[str, Any], path: str, message: str) -> None:
    assert only_error(declaration(clientCredentials=credentials)) == (path, message)


def test_client_credentials_at_their_limits_load() -> None:
    credentials = {
        **CREDENTIALS,
        "endpoint": "http://127.0.0.1:8080/token",
        "scope": "s" * 1024,
        "response_type": "r" * 64,
    }

    assert (
        load_conversation_webhook(declaration(clientCredentials=credentials))["clientCredentials"]
        == credentials
    )


@pytest.mark.parametrize(
    "path",
    [
        ("appId",),
        ("region",),
        ("target",),
        ("triggers",),
        ("triggers", 1),
        ("secret",),
        ("clientCredentials",),
        ("clientCredentials", "client_secret"),
        ("clientCredentials", "endpoint"),
    ],
    ids=lambda path: ".".join(map(str, path)),
)
def test_unknown_passes_through_at_any_depth(path: tuple[str | int, ...]) -> None:
    data = declaration(clientCredentials=dict(CREDENTIALS))
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = UNKNOWN

    result: Any = ConversationWebhookSchema().load(data)
    for key in path:
        result = result[key]
    assert result is UNKNOWN
    assert ConversationWebhookSchema().load(UNKNOWN) is UNKNOWN


@PROFILE
@given(junk())
def test_junk_never_makes_the_schema_raise_anything_but_a_validation_error(value: Any) -> None:
    load_or_problems(ConversationWebhookSchema(), value)


@PROFILE
@given(mutated(declaration(clientCredentials=dict(CREDENTIALS))))
def test_a_mutated_declaration_loads_or_fails_with_paths_never_showing_a_secret(value: Any) -> None:
    problems = load_or_problems(ConversationWebhookSchema(), value)
    assert all(
        SECRET.strip() not in message and "oauth-client-secret" not in message for _, message in problems
    )


def test_the_input_names_are_the_state_names_in_declaration_order() -> None:
    assert INPUT_NAMES == ("appId", "region", "target", "triggers", "secret", "clientCredentials")


# --- the API ------------------------------------------------------------------------------------------------


def test_the_create_body_always_sends_target_type_http() -> None:
    assert create_body(loaded()) == {
        "app_id": APP_ID,
        "target": TARGET,
        "target_type": "HTTP",
        "triggers": ["MESSAGE_DELIVERY", "MESSAGE_INBOUND"],
        "secret": SECRET,
    }
    assert create_body(loaded(clientCredentials=CREDENTIALS))["client_credentials"] == CREDENTIALS
    with pytest.raises(ValueError, match="secret is not known yet"):
        create_body(loaded(secret=UNKNOWN))


def test_an_update_always_carries_the_target_and_names_exactly_what_changed() -> None:
    old = loaded()

    assert update_body(old, copy.deepcopy(old)) is None
    assert update_body(old, loaded(triggers=["MESSAGE_INBOUND", "MESSAGE_DELIVERY"])) is None  # a set
    assert update_body(old, loaded(secret="rotated-secret-0123456789")) == (
        {"target": TARGET, "secret": "rotated-secret-0123456789"},
        ["secret"],
    )
    assert update_body(old, loaded(target="https://new.acme.example/x", triggers=["MESSAGE_INBOUND"])) == (
        {"target": "https://new.acme.example/x", "triggers": ["MESSAGE_INBOUND"]},
        ["target", "triggers"],
    )
    assert update_body(old, loaded(clientCredentials=CREDENTIALS)) == (
        {"target": TARGET, "client_credentials": CREDENTIALS},
        ["client_credentials"],
    )
    # Removed: named in the mask, absent from the body.
    assert update_body(loaded(clientCredentials=CREDENTIALS), old) == (
        {"target": TARGET},
        ["client_credentials"],
    )
    with_basic = loaded(clientCredentials={**CREDENTIALS, "token_request_type": "BASIC", "scope": ""})
    assert update_body(loaded(clientCredentials=CREDENTIALS), with_basic) is None
    with pytest.raises(ValueError, match="triggers is not known yet"):
        update_body(old, loaded(triggers=UNKNOWN))


def test_another_app_or_region_cannot_be_an_update() -> None:
    with pytest.raises(UpdateNotPossible) as raised:
        update_body(loaded(), loaded(appId="01HZX4C8Q2W6M3N5P7R9T1V3X9", region="US"))

    assert [path for path, _ in raised.value.problems] == ["appId", "region"]


def test_changed_fields_compare_triggers_as_a_set_and_unknown_differs_from_everything() -> None:
    old = loaded()

    assert changed_fields(old, loaded(triggers=["MESSAGE_INBOUND", "MESSAGE_DELIVERY"])) == []
    assert changed_fields(old, loaded(secret="other", target=UNKNOWN)) == ["target", "secret"]
    assert changed_fields(old, loaded(triggers=[UNKNOWN, "MESSAGE_INBOUND"])) == ["triggers"]
    assert changed_fields(old, loaded(clientCredentials=CREDENTIALS)) == ["clientCredentials"]
    assert changed_fields({}, old) == list(INPUT_NAMES[:5])


@pytest.mark.parametrize("omit_secrets", [False, True], ids=["secrets shown", "secrets omitted"])
@pytest.mark.parametrize("credentials", [None, CREDENTIALS], ids=["no oauth", "oauth"])
def test_a_webhook_rebuilt_from_its_answer_is_its_declaration(omit_secrets: bool, credentials: Any) -> None:
    webhook = loaded(**({"clientCredentials": credentials} if credentials else {}))
    answer = webhook_answer(create_body(webhook), omit_secrets=omit_secrets)

    assert webhook_from_api(answer, webhook) == webhook
    assert update_body(webhook_from_api(answer, webhook), webhook) is None


def test_drift_is_shown_and_an_import_rebuilds_what_sinch_holds() -> None:
    webhook = loaded(triggers=["MESSAGE_DELIVERY", "MESSAGE_INBOUND"], clientCredentials=CREDENTIALS)
    answer = webhook_answer(create_body(webhook))
    answer["triggers"] = ["MESSAGE_INBOUND", "MESSAGE_DELIVERY"]  # another order: no drift
    assert webhook_from_api(answer, webhook) == webhook

    answer.update(triggers=["MESSAGE_INBOUND"], secret="rotated in the dashboard")
    answer["client_credentials"]["scope"] = "added"
    rebuilt = webhook_from_api(answer, webhook)
    assert changed_fields(rebuilt, webhook) == ["triggers", "secret", "clientCredentials"]

    imported = webhook_from_api(webhook_answer(create_body(loaded())), None, region="EU")
    assert imported == loaded()
    with pytest.raises(ValueError, match="needs its region"):
        webhook_from_api(answer, None)
    with pytest.raises(ValidationError):
        webhook_from_api("x", None, region="EU")  # type: ignore[arg-type]
