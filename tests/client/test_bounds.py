"""Bounds on a misbehaving server: endless pages.

Each server here misbehaves on purpose (on 127.0.0.1, and stops by itself); each test asserts the bound a
user notices: the listing ends.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from sinch_provisioning.errors import UnexpectedResponseError
from tests.client.conftest import ClientFactory, ServeFactory
from tests.client.loopback import Exchange


def a_sender() -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "state": "IN_TEST",
        "region": "EU",
        "billingCategory": "CONVERSATIONAL",
        "useCase": "OTP",
    }


def test_a_server_that_keeps_paging_is_not_followed_for_ever(
    serve: ServeFactory, loopback_client: ClientFactory
) -> None:
    def endless(exchange: Exchange) -> None:
        exchange.json(200, {"senders": [a_sender()], "nextPageToken": str(uuid.uuid4())})

    server = serve(endless)
    client = loopback_client(server.url)
    with pytest.raises(UnexpectedResponseError) as raised:
        client.list_senders(max_pages=5)
    assert raised.value.operation == "list_senders"
    assert "the server kept paging: still a nextPageToken after 5 pages" in str(raised.value)
    assert len(server.seen) == 5
    iterator = client.iter_senders(max_pages=3)
    assert len([next(iterator) for _ in range(3)]) == 3  # the pages before the cap are still served
    with pytest.raises(UnexpectedResponseError, match="kept paging"):
        next(iterator)
