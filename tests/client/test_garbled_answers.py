"""Garbled answers are never data: each answer the provider relies on is checked for the shape it needs.

A ``201 {}`` to a create, a refresh answered ``200 {}``, ``"id": null``, a ``state`` that is an object: each
ends in ``UnexpectedResponseError`` naming the operation and what was wrong, instead of becoming a sender
with ``region: None`` (which the next preview would plan to replace) or a ``KeyError: 'id'``.
A token endpoint answering with an HTML page is an error of its own kind: no create was sent.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from emulator.server import EmulatorServer
from sinch_provisioning.errors import (
    OutcomeUnknownError,
    TokenResponseError,
    UnexpectedResponseError,
)
from sinch_provisioning.rcs_senders import SinchRcsClient
from tests.client.conftest import ClientFactory, ServeFactory
from tests.client.loopback import Exchange
from tests.client.support import CREATE_SENDER, minimal_sender, requests_for, stored_senders

SENDER_ID = "cf11794a-6a5e-4a12-b103-da79bd378bf1"
A_SENDER = {
    "id": SENDER_ID,
    "state": "IN_TEST",
    "region": "EU",
    "billingCategory": "CONVERSATIONAL",
    "useCase": "OTP",
}


def answering(status: int, body: Any) -> Any:
    def app(exchange: Exchange) -> None:
        exchange.json(status, body)

    return app


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({}, "not a sender: 'id' is missing; 'state' is missing; 'region' is missing"),
        (A_SENDER | {"id": None}, "'id' is null, not a non-empty string"),
        (A_SENDER | {"id": ""}, "'id' is an empty string, not a non-empty string"),
        (A_SENDER | {"state": {"name": "IN_TEST"}}, "'state' is an object, not a string"),
        (A_SENDER | {"region": None}, "'region' is null, not a string"),
        ([A_SENDER], "expected a JSON object, got application/json holding a list"),
    ],
)
def test_a_create_answered_with_something_that_is_not_a_sender(
    serve: ServeFactory, loopback_client: ClientFactory, body: Any, problem: str
) -> None:
    server = serve(answering(201, body))
    client = loopback_client(server.url)
    with pytest.raises(UnexpectedResponseError) as raised:
        client.create_sender(minimal_sender("Acme"))
    error = raised.value
    assert (error.operation, error.method, error.status, error.applied) == (
        "create_sender",
        "POST",
        201,
        True,
    )
    assert problem in str(error)
    assert "check what exists before sending it again" in str(error)
    assert len(server.seen) == 1  # a create answered 2xx was applied: never sent again


@pytest.mark.parametrize(
    ("call", "operation"),
    [
        (lambda client: client.get_sender(SENDER_ID), "get_sender"),
        (lambda client: client.update_sender(SENDER_ID, {"details": {}}), "update_sender"),
        (lambda client: client.launch_sender(SENDER_ID), "launch_sender"),
    ],
)
@pytest.mark.parametrize("body", [{}, A_SENDER | {"region": None, "useCase": None, "billingCategory": 7}])
def test_a_refresh_answered_with_an_empty_sender_is_not_data(
    serve: ServeFactory, loopback_client: ClientFactory, call: Any, operation: str, body: Any
) -> None:
    server = serve(answering(200, body))
    client = loopback_client(server.url)
    with pytest.raises(UnexpectedResponseError) as raised:
        call(client)
    assert raised.value.operation == operation
    assert raised.value.applied is False
    assert "'region' is" in str(raised.value)


def test_a_listed_sender_without_an_id_is_not_data(
    serve: ServeFactory, loopback_client: ClientFactory
) -> None:
    page = {"totalSize": 2, "pageSize": 100, "senders": [A_SENDER, A_SENDER | {"id": None}]}
    server = serve(answering(200, page))
    client = loopback_client(server.url)
    with pytest.raises(UnexpectedResponseError) as listed:
        client.list_senders()
    assert listed.value.operation == "list_senders"
    assert "senders[1] of page 1: not a sender: 'id' is null" in str(listed.value)
    with pytest.raises(UnexpectedResponseError) as one_page:
        client.list_senders_page()
    assert "senders[1]: not a sender: 'id' is null" in str(one_page.value)


@pytest.mark.parametrize(
    ("page", "problem"),
    [
        ({"senders": "none"}, "page 1 has no 'senders' list ('senders' is a string)"),
        ({"totalSize": 0}, "page 1 has no 'senders' list ('senders' is null)"),
        ({"senders": [A_SENDER], "nextPageToken": 42}, "a nextPageToken that is a number"),
        ({"senders": [A_SENDER], "nextPageToken": "t" * 5000}, "a nextPageToken that is a string of no use"),
    ],
)
def test_a_page_must_hold_its_list_and_a_usable_token(
    serve: ServeFactory, loopback_client: ClientFactory, page: dict[str, Any], problem: str
) -> None:
    server = serve(answering(200, page))
    with pytest.raises(UnexpectedResponseError) as raised:
        loopback_client(server.url).list_senders()
    assert problem in str(raised.value)
    assert len(server.seen) == 1


def test_a_page_token_that_comes_back_stops_the_listing(
    serve: ServeFactory, loopback_client: ClientFactory
) -> None:
    tokens = itertools.cycle(["a", "b"])
    server = serve(lambda exchange: exchange.json(200, {"senders": [], "nextPageToken": next(tokens)}))
    with pytest.raises(UnexpectedResponseError, match="a page token it had returned before"):
        loopback_client(server.url).list_senders()
    assert len(server.seen) == 3


def test_a_create_answered_by_a_gateway_page_says_it_was_applied(
    client: SinchRcsClient, emulator: EmulatorServer
) -> None:
    emulator.faults.script("garbled_after", operation="createSender")
    with pytest.raises(UnexpectedResponseError) as raised:
        client.create_sender(minimal_sender("Acme"))
    error = raised.value
    assert (error.operation, error.applied) == ("create_sender", True)
    assert "expected a JSON object, got text/html" in error.problem
    assert len(stored_senders(emulator)) == 1
    assert requests_for(emulator, CREATE_SENDER) == 1


def test_a_token_endpoint_answering_with_a_page_is_no_unknown_create(
    client_factory: ClientFactory, emulator: EmulatorServer
) -> None:
    """The create was never sent: the caller must not go looking for a sender it may have made."""
    client = client_factory()
    emulator.faults.script("garbled_after", operation="oauth2Token")
    with pytest.raises(TokenResponseError) as raised:
        client.create_sender(minimal_sender("Acme"))
    error = raised.value
    assert not isinstance(error, UnexpectedResponseError | OutcomeUnknownError)
    assert error.token_url == f"{emulator.url}/oauth2/token"
    assert error.status == 200
    assert str(error).startswith(f"The Sinch auth server at {emulator.url}/oauth2/token answered HTTP 200 ")
    assert "the answer is not a JSON object but text/html" in str(error)
    assert "No API request was sent." in str(error)
    assert requests_for(emulator, CREATE_SENDER) == 0
    assert stored_senders(emulator) == []


@pytest.mark.parametrize(
    ("token_answer", "problem"),
    [
        ({"token_type": "bearer", "expires_in": 3600}, "access_token is missing"),
        ({"access_token": None}, "access_token is null"),
        ({"access_token": "t0ken-value", "token_type": "mac"}, "token_type is 'mac', not bearer"),
        ({"access_token": "t0ken-value", "expires_in": "soon"}, "expires_in is a string"),
    ],
)
def test_a_token_answer_without_a_usable_token(
    serve: ServeFactory, loopback_client: ClientFactory, token_answer: dict[str, Any], problem: str
) -> None:
    server = serve(answering(200, token_answer))
    client = loopback_client(server.url, auth_method="oauth2", auth_url=f"{server.url}/oauth2/token?x=1")
    with pytest.raises(TokenResponseError) as raised:
        client.get_sender(SENDER_ID)
    assert problem in str(raised.value)
    assert raised.value.token_url == f"{server.url}/oauth2/token"  # no query
    assert [seen.path for seen in server.seen] == ["/oauth2/token"]
