"""``ulid_time``: the creation time a ULID id carries, and None for anything that is not a ULID."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import sinch_conversation
import sinch_provisioning
from sinch_provisioning.ids import ulid_time
from sinch_provisioning.webhooks import WebhooksClient
from tests.client.conftest import ClientFactory
from tests.client.conversation.fake import ulid

# A ULID Sinch made: the contact id in the Conversation API callback of the Node SDK's signing test vector
# (tests/client/test_webhook_events.py), in an event accepted at 2021-10-18T17:49:13.813615Z.
SINCH_ULID = "01FJA8B466Y0R2GNXD78MD9SM1"


def test_the_time_of_a_ulid_sinch_made() -> None:
    assert ulid_time(SINCH_ULID) == datetime(2021, 10, 18, 17, 49, 13, 798_000, tzinfo=UTC)
    assert ulid_time(SINCH_ULID.lower()) == ulid_time(SINCH_ULID)


def test_the_time_goes_round_to_the_millisecond() -> None:
    for moment in (datetime(1970, 1, 1, tzinfo=UTC), datetime(2026, 3, 4, 5, 6, 7, 891_000, tzinfo=UTC)):
        milliseconds = int(moment.timestamp() * 1000)
        assert ulid_time(ulid(milliseconds)) == moment


@pytest.mark.parametrize(
    "value",
    [
        "",
        SINCH_ULID[:-1],  # 25 characters
        SINCH_ULID + "0",  # 27
        "01W4FFL35P4NC4K35CONVAPP001",  # L, O: not in the canonical alphabet (a mock's id, not a ULID)
        "01FJA8B466Y0R2GNXD78MD9SMU",  # U
        "01FJA8B466Y0R2GNXD78MD9SM-",
        "8ZZZZZZZZZZZZZZZZZZZZZZZZZ",  # more than 128 bits
        "7ZZZZZZZZZZZZZZZZZZZZZZZZZ",  # a ULID, but of the year 10889: past what a datetime holds
        "cf11794a-6a5e-4a12-b103-da79bd378bf1",  # a sender's id (a UUID)
        None,
        26,
    ],
)
def test_anything_else_is_none(value: object) -> None:
    assert ulid_time(value) is None  # type: ignore[arg-type]


def test_both_clients_export_it() -> None:
    assert sinch_provisioning.ulid_time is ulid_time
    assert sinch_conversation.ulid_time is ulid_time


def test_a_provisioning_webhook_id_carries_its_creation_time(client_factory: ClientFactory) -> None:
    webhooks = WebhooksClient(client_factory().connection)
    before = datetime.now(UTC)
    made = webhooks.create_webhook(
        target="https://events.example.com/sinch", secret="s" * 32, triggers=["ALL"]
    )
    made_at = ulid_time(made["id"])
    assert made_at is not None
    assert before.replace(microsecond=before.microsecond // 1000 * 1000) <= made_at <= datetime.now(UTC)
