"""Unit tests of the provider's pure pieces: settings resolution, timestamps, unknown values, pickling.

The behaviour these pieces give a user is proven through the plugin elsewhere; these pin the details.
"""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

import pytest
from pulumi.output import Unknown

import schemas
from provider.dynamic.values import to_pulumi_values, to_schema_values
from provider.rcs_senders.recognise import parse_timestamp
from provider.runtime import ProviderRuntime
from provider.sender_provider import RcsSenderProvider
from provider.settings import ProviderSettings, SettingsError

FULL = {"sinch:projectId": "p", "sinch:keyId": "k", "sinch:keySecret": "s"}


def test_stack_config_wins_over_the_environment() -> None:
    settings = ProviderSettings.resolve(FULL, {"SINCH_PROJECT_ID": "from-env", "SINCH_AUTH_METHOD": "basic"})

    assert settings.project_id == "p"
    assert settings.auth_method == "basic"
    assert settings.provisioning_url == "https://provisioning.api.sinch.com"
    assert settings.auth_url == "https://auth.sinch.com/oauth2/token"


def test_blank_config_values_fall_back_to_the_environment() -> None:
    settings = ProviderSettings.resolve(FULL | {"sinch:projectId": "  "}, {"SINCH_PROJECT_ID": "env-project"})

    assert settings.project_id == "env-project"


def test_every_missing_setting_is_named_once() -> None:
    with pytest.raises(SettingsError) as raised:
        ProviderSettings.resolve({}, {})

    assert str(raised.value) == (
        "Missing Sinch settings; set each of these:\n"
        "  - sinch:projectId (`pulumi config set sinch:projectId <value>`, or the environment variable "
        "SINCH_PROJECT_ID)\n"
        "  - sinch:keyId (`pulumi config set sinch:keyId <value>`, or the environment variable "
        "SINCH_KEY_ID)\n"
        "  - sinch:keySecret (`pulumi config set --secret sinch:keySecret`, which prompts for the value, or "
        "the environment variable SINCH_KEY_SECRET)"
    )


def test_the_conversation_url_is_a_region_template_or_one_url_and_one_connection_serves_both_apis() -> None:
    default = ProviderSettings.resolve(FULL, {})
    assert default.conversation_url == "https://{region}.conversation.api.sinch.com"
    template = "http://127.0.0.1:8080/conversation/{region}/"
    runtime = ProviderRuntime(FULL | {"sinch:conversationUrl": template})

    assert runtime.apps("EU").connection.base_url == "http://127.0.0.1:8080/conversation/eu"
    assert runtime.app_webhooks("br").connection.base_url == "http://127.0.0.1:8080/conversation/br"
    assert runtime.conversation("eu") is runtime.conversation("EU")  # one per region
    assert runtime.apps("US").auth is runtime.rcs_senders.auth  # one token cache for both APIs


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://conversation.example.com/{region}", "plain http"),
        ("https://{region}.example.com/{project}", "placeholder other than {region}"),
        ("conversation.api.sinch.com", "http(s) URL"),
    ],
)
def test_a_conversation_url_that_cannot_serve_every_region_is_a_settings_error(url: str, why: str) -> None:
    with pytest.raises(SettingsError, match=r"sinch:conversationUrl \(or SINCH_CONVERSATION_URL\)") as raised:
        ProviderSettings.resolve(FULL | {"sinch:conversationUrl": url}, {})

    assert why in str(raised.value)


def test_an_unknown_auth_method_lists_the_allowed_ones() -> None:
    with pytest.raises(SettingsError, match=r"is 'token'; allowed values: oauth2, basic\."):
        ProviderSettings.resolve(FULL | {"sinch:authMethod": "token"}, {})


@pytest.mark.parametrize(
    "url",
    ["http://provisioning.api.sinch.com", "ftp://127.0.0.1", "provisioning.api.sinch.com", "https://"],
)
def test_urls_must_be_https_or_plain_http_to_loopback(url: str) -> None:
    with pytest.raises(SettingsError, match="must be an https URL"):
        ProviderSettings.resolve(FULL | {"sinch:provisioningUrl": url}, {})


def test_plain_http_to_loopback_is_allowed_for_the_emulator() -> None:
    settings = ProviderSettings.resolve(FULL | {"sinch:provisioningUrl": "http://127.0.0.1:8080/"}, {})

    assert settings.provisioning_url == "http://127.0.0.1:8080"


def test_the_key_secret_is_not_in_the_settings_repr() -> None:
    assert "hunter2-secret" not in repr(
        ProviderSettings.resolve(FULL | {"sinch:keySecret": "hunter2-secret"}, {})
    )


def test_sinch_timestamps_parse_with_a_lowercase_t() -> None:
    assert parse_timestamp("2023-01-19t13:11:08.204Z") == datetime(2023, 1, 19, 13, 11, 8, 204000, tzinfo=UTC)
    assert parse_timestamp("2023-01-19T13:11:08Z") == datetime(2023, 1, 19, 13, 11, 8, tzinfo=UTC)
    assert parse_timestamp("yesterday") is None


def test_unknowns_cross_into_the_schemas_and_back_at_any_depth() -> None:
    unknown = Unknown()  # type: ignore[no-untyped-call]
    pulumi_side = {"brand": {"logoUrl": unknown, "emails": [unknown]}, "countries": unknown}

    schema_side = to_schema_values(pulumi_side)

    assert schema_side == {
        "brand": {"logoUrl": schemas.UNKNOWN, "emails": [schemas.UNKNOWN]},
        "countries": schemas.UNKNOWN,
    }
    back = to_pulumi_values(schema_side)
    assert isinstance(back["brand"]["logoUrl"], Unknown)
    assert isinstance(back["countries"], Unknown)


def test_the_provider_pickles_empty_and_its_runtime_refuses_to_be_pickled() -> None:
    provider = RcsSenderProvider()
    assert provider.__dict__ == {}
    assert len(pickle.dumps(provider)) < 100

    with pytest.raises(TypeError, match="never serialized"):
        pickle.dumps(ProviderRuntime(FULL))
