"""The Conversation API's connection: a regional URL from a template, and one line (token, pool, secrets)
shared with the Provisioning connection it is made beside."""

from __future__ import annotations

import pickle
import re

import pytest

from sinch_conversation import (
    AppsClient,
    AppWebhooksClient,
    ConversationAuthenticationError,
    ConversationConnection,
    ConversationNotFoundError,
    conversation_url,
)
from sinch_conversation.connection import DEFAULT_URL_TEMPLATE, conversation_region
from sinch_provisioning.auth import BasicAuth, access_key_auth
from sinch_provisioning.connection import Connection
from sinch_provisioning.errors import SinchApiError
from sinch_provisioning.rcs_senders import SinchRcsClient
from tests.client.conversation.fake import FakeConversation, error_body
from tests.client.loopback import Exchange, LoopbackServer
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET, TEST_PROJECT_ID


@pytest.mark.parametrize(
    ("url", "region", "expanded"),
    [
        (DEFAULT_URL_TEMPLATE, "EU", "https://eu.conversation.api.sinch.com"),
        (DEFAULT_URL_TEMPLATE, "us", "https://us.conversation.api.sinch.com"),
        (DEFAULT_URL_TEMPLATE, " Br ", "https://br.conversation.api.sinch.com"),
        ("http://127.0.0.1:8080/conversation/{region}/", "EU", "http://127.0.0.1:8080/conversation/eu"),
        ("https://conversation.example/proxy", "US", "https://conversation.example/proxy"),  # used as it is
        ("http://localhost:9/{region}", "br", "http://localhost:9/br"),
    ],
)
def test_a_template_is_expanded_with_the_lower_case_region(url: str, region: str, expanded: str) -> None:
    assert conversation_url(url, region) == expanded


@pytest.mark.parametrize(
    ("url", "region", "refusal"),
    [
        ("http://{region}.conversation.example", "EU", "plain http to another machine"),
        ("http://192.168.1.10/{region}", "EU", "plain http to another machine"),
        ("ftp://{region}.example", "EU", "must be an http(s) URL"),
        ("https://{region}.{zone}.example", "EU", "a placeholder other than {region}"),
        ("", "EU", "a URL or a template"),
        (DEFAULT_URL_TEMPLATE, "APAC", "region must be one of eu, us, br"),
        (DEFAULT_URL_TEMPLATE, "", "region must be one of eu, us, br"),
    ],
)
def test_a_url_or_region_that_cannot_be_used_is_refused(url: str, region: str, refusal: str) -> None:
    with pytest.raises(ValueError, match=re.escape(refusal)):
        conversation_url(url, region)


def test_the_region_is_kept_as_the_host_writes_it() -> None:
    assert conversation_region("EU") == "eu"
    with ConversationConnection(TEST_PROJECT_ID, BasicAuth("k", "key-secret-7"), region="US") as connection:
        assert connection.region == "us"
        assert connection.base_url == "https://us.conversation.api.sinch.com"
        assert "key-secret-7" not in repr(connection)


def test_one_token_and_one_pool_serve_both_apis(
    connection: Connection, eu: ConversationConnection, fake: FakeConversation, server: LoopbackServer
) -> None:
    senders, apps = SinchRcsClient(connection), AppsClient(eu)
    assert senders.get_sender("s1")["id"] == "s1"
    made = apps.create_app({"display_name": "ACME Parcel", "channel_credentials": []})
    assert apps.get_app(made["id"]) == made
    assert [app["id"] for app in apps.list_apps()] == [made["id"]]

    assert len(fake.tokens) == 1  # one token request, for calls to both APIs
    bearer = {seen.headers["Authorization"] for seen in server.seen if seen.path != "/oauth2/token"}
    assert bearer == {f"Bearer {fake.tokens[0]}"}
    assert eu.auth is connection.auth
    assert (eu.timeout, eu.retry) == (connection.timeout, connection.retry)
    assert eu.project_id == connection.project_id


def test_a_region_beside_another_shares_the_line_too(
    connection: Connection, eu: ConversationConnection, template: str, fake: FakeConversation
) -> None:
    us = ConversationConnection.beside(eu, region="us", url=template)
    made = AppsClient(eu).create_app({"display_name": "EU app", "channel_credentials": []})
    assert AppsClient(us).list_apps() == []  # an app lives in the region it was made in
    assert us.region == "us"
    assert us.base_url.endswith("/conversation/us")
    assert len(fake.tokens) == 1
    assert made["id"] in fake.apps


def test_closing_a_connection_made_beside_closes_nothing(
    connection: Connection, template: str, fake: FakeConversation
) -> None:
    with ConversationConnection.beside(connection, region="eu", url=template) as eu:
        AppsClient(eu).list_apps()
    assert SinchRcsClient(connection).get_sender("s1")["id"] == "s1"
    assert AppsClient.beside(connection, region="eu", url=template).list_apps() == []


def test_a_secret_registered_through_one_is_scrubbed_by_the_other(
    connection: Connection, eu: ConversationConnection, fake: FakeConversation
) -> None:
    token = "rcs-channel-token-93be2f"

    def echo(exchange: Exchange) -> bool:
        exchange.json(400, {"errorCode": "invalid_input", "message": f"token {token} refused"})
        return True

    AppsClient(eu).create_app(
        {"display_name": "A", "channel_credentials": [{"static_bearer": {"token": token}}]}
    )
    fake.faults.append(echo)
    with pytest.raises(SinchApiError) as raised:
        SinchRcsClient(connection).get_sender("s1")  # the Provisioning API echoing what it never received
    assert token not in str(raised.value)
    assert "[REDACTED]" in str(raised.value)


def test_a_conversation_connection_of_its_own(server: LoopbackServer, template: str) -> None:
    basic = access_key_auth(TEST_KEY_ID, TEST_KEY_SECRET, "basic")
    with AppWebhooksClient(
        ConversationConnection(TEST_PROJECT_ID, basic, region="EU", url=template), owns_connection=True
    ) as hooks:
        assert hooks.region == "eu"
        with pytest.raises(ConversationNotFoundError) as missing:
            hooks.list_webhooks("01JABCDEFGHJKMNPQRSTVWXYZ0")
        assert "Nothing was found on the EU host" in str(missing.value)
    oauth2 = access_key_auth(TEST_KEY_ID, TEST_KEY_SECRET, auth_url=f"{server.url}/oauth2/token")
    with ConversationConnection(TEST_PROJECT_ID, oauth2, region="br", url=template) as brazil:
        assert AppsClient(brazil).list_apps() == []


def test_connections_and_clients_are_never_pickled(eu: ConversationConnection) -> None:
    for obj in (eu, AppsClient(eu), AppWebhooksClient(eu)):
        with pytest.raises(TypeError, match="holds credentials and cannot be pickled"):
            pickle.dumps(obj)


def test_the_error_body_helper_is_the_apis_wrapped_form() -> None:
    assert error_body(404, "NOT_FOUND", "x") == {
        "error": {"code": 404, "message": "x", "status": "NOT_FOUND", "details": []}
    }


def test_a_token_the_conversation_api_refuses_is_replaced_for_both_apis(
    connection: Connection, eu: ConversationConnection, fake: FakeConversation, server: LoopbackServer
) -> None:
    apps = AppsClient(eu)
    apps.list_apps()

    def refuse(exchange: Exchange) -> bool:
        exchange.json(401, error_body(401, "UNAUTHENTICATED", "Request had invalid credentials."))
        return True

    fake.faults.append(refuse)
    assert apps.list_apps() == []  # retried once with a fresh token
    assert SinchRcsClient(connection).get_sender("s1")["id"] == "s1"
    assert len(fake.tokens) == 2
    assert server.seen[-1].headers["Authorization"] == f"Bearer {fake.tokens[1]}"


def test_refused_credentials_are_an_authentication_error(
    eu: ConversationConnection, fake: FakeConversation
) -> None:
    def refuse(exchange: Exchange) -> bool:
        exchange.json(401, error_body(401, "UNAUTHENTICATED", "Request had invalid credentials."))
        return True

    fake.faults += [refuse, refuse]
    with pytest.raises(ConversationAuthenticationError) as raised:
        AppsClient(eu).list_apps()
    assert raised.value.status_name == "UNAUTHENTICATED"
    assert f"The access key {TEST_KEY_ID!r} was refused" in str(raised.value)
