"""Listing senders and activities: following page tokens to the end, every filter, search and sort."""

from __future__ import annotations

import itertools

import pytest

from emulator.clock import ManualClock
from emulator.server import EmulatorServer
from sinch_provisioning.errors import SinchApiError
from sinch_provisioning.rcs_senders import SinchRcsClient
from tests.client.conftest import ClientFactory
from tests.client.support import LIST_SENDERS, assert_requests_valid, minimal_sender, requests_for
from tests.conftest import TEST_PROJECT_ID, EmulatorFactory

NAMES = ["Delta", "alpha", "Charlie", "bravo", "Echo", "Alpine", "golf"]


@pytest.fixture
def sender_ids(client: SinchRcsClient) -> list[str]:
    return [client.create_sender(minimal_sender(name))["id"] for name in NAMES]


def test_all_pages_are_followed(
    client: SinchRcsClient, emulator: EmulatorServer, sender_ids: list[str]
) -> None:
    listed = client.list_senders(page_size=3)
    assert [sender["id"] for sender in listed] == sender_ids  # the emulator lists by creation by default
    assert requests_for(emulator, "RcsSendersController_listSenders_v1") == 3
    assert_requests_valid(emulator)


def test_the_iterator_fetches_a_page_only_when_needed(
    client: SinchRcsClient, emulator: EmulatorServer, sender_ids: list[str]
) -> None:
    senders = client.iter_senders(page_size=3)
    assert requests_for(emulator, LIST_SENDERS) == 0
    first_three = list(itertools.islice(senders, 3))
    assert [sender["id"] for sender in first_three] == sender_ids[:3]
    assert requests_for(emulator, LIST_SENDERS) == 1
    assert [sender["id"] for sender in senders] == sender_ids[3:]
    assert requests_for(emulator, LIST_SENDERS) == 3


def test_one_page(client: SinchRcsClient, sender_ids: list[str]) -> None:
    first = client.list_senders_page(page_size=5)
    assert first["totalSize"] == 7
    assert len(first["senders"]) == 5
    rest = client.list_senders_page(page_size=5, page_token=first["nextPageToken"])
    assert [sender["id"] for sender in first["senders"] + rest["senders"]] == sender_ids
    assert "nextPageToken" not in rest


def test_search_is_partial_and_case_insensitive(
    client: SinchRcsClient, emulator: EmulatorServer, sender_ids: list[str]
) -> None:
    names = [sender["details"]["brand"]["name"] for sender in client.list_senders(search="ALP")]
    assert sorted(names) == ["Alpine", "alpha"]
    assert_requests_valid(emulator)


@pytest.mark.filterwarnings("ignore:filterSenderName parameter is deprecated")  # the emulator's validator
def test_deprecated_name_filter_still_works_with_a_warning(
    client: SinchRcsClient, sender_ids: list[str]
) -> None:
    with pytest.warns(DeprecationWarning, match="use search instead") as warned:
        listed = client.list_senders(filter_sender_name="charlie")
    assert [sender["details"]["brand"]["name"] for sender in listed] == ["Charlie"]
    with pytest.warns(DeprecationWarning, match="use search instead") as warned_page:
        page = client.list_senders_page(filter_sender_name="charlie")
    with pytest.warns(DeprecationWarning, match="use search instead") as warned_iterator:
        iterator = client.iter_senders(filter_sender_name="charlie")
    assert page["senders"] == list(iterator) == listed
    # Attributed to the caller's line, where Python's default filters show a DeprecationWarning (the
    # emulator's validator, in this process, warns about the parameter too).
    caught = [*warned, *warned_page, *warned_iterator]
    ours = [warning for warning in caught if "use search instead" in str(warning.message)]
    assert [warning.filename for warning in ours] == [__file__] * 3


def test_filter_by_sender_ids(
    client: SinchRcsClient, emulator: EmulatorServer, sender_ids: list[str]
) -> None:
    wanted = [sender_ids[1], sender_ids[4]]
    assert [sender["id"] for sender in client.list_senders(filter_sender_ids=wanted)] == wanted
    assert [sender["id"] for sender in client.list_senders(filter_sender_ids=sender_ids[2])] == [
        sender_ids[2]
    ]
    assert_requests_valid(emulator)


def test_filter_by_conversation_app(
    client: SinchRcsClient, emulator: EmulatorServer, sender_ids: list[str]
) -> None:
    emulator.link_conversation_app(TEST_PROJECT_ID, sender_ids[3], "01HAPPIDXYZ")
    listed = client.list_senders(filter_conversation_api_app_id="01HAPPIDXYZ")
    assert [sender["id"] for sender in listed] == [sender_ids[3]]
    assert_requests_valid(emulator)


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        ("ASC", sorted(NAMES, key=str.lower)),
        ("DESC", sorted(NAMES, key=str.lower, reverse=True)),
    ],
)
def test_sort_by_name(
    client: SinchRcsClient,
    emulator: EmulatorServer,
    sender_ids: list[str],
    direction: str,
    expected: list[str],
) -> None:
    listed = client.list_senders(sort_column="NAME", sort_direction=direction, page_size=2)  # type: ignore[arg-type]
    assert [sender["details"]["brand"]["name"] for sender in listed] == expected
    assert_requests_valid(emulator)


def test_filter_by_states(emulator_factory: EmulatorFactory, client_factory: ClientFactory) -> None:
    clock = ManualClock()
    server = emulator_factory(clock=clock, provisioning_delay=60)
    client = client_factory(server=server)
    # Created at the same (manual) instant: the emulator breaks the tie by id.
    provisioned = sorted(client.create_sender(minimal_sender(name))["id"] for name in ("One", "Two"))
    clock.advance(61)
    in_progress = client.create_sender(minimal_sender("Three"))["id"]

    assert [sender["id"] for sender in client.list_senders(filter_states="IN_PROGRESS")] == [in_progress]
    assert [sender["id"] for sender in client.list_senders(filter_states=["IN_TEST"])] == provisioned
    both = client.list_senders(filter_states=["IN_TEST", "IN_PROGRESS"], sort_column="CREATED", page_size=1)
    assert [sender["id"] for sender in both] == [*provisioned, in_progress]
    assert client.list_senders(filter_states=["LAUNCHED"]) == []
    assert_requests_valid(server)


@pytest.mark.sends_invalid_requests
def test_a_state_the_api_does_not_know(client: SinchRcsClient) -> None:
    with pytest.raises(SinchApiError) as refused:
        client.list_senders(filter_states=["SLEEPING"])
    assert (refused.value.status, refused.value.error_code) == (400, "invalid_filter_states")


@pytest.mark.parametrize("page_size", [0, 101, -1, True, 5.0, "5"])
def test_page_size_outside_the_api_range(client: SinchRcsClient, page_size: int) -> None:
    """One rule for every listing (senders, activities, webhooks): a whole number in the API's range."""
    with pytest.raises(ValueError, match="page_size must be between 1 and 100"):
        client.list_senders(page_size=page_size)
    with pytest.raises(ValueError, match="page_size must be between 1 and 100"):
        client.list_senders_page(page_size=page_size)


def test_sender_activities_across_pages(client: SinchRcsClient, emulator: EmulatorServer) -> None:
    sender_id = client.create_sender(minimal_sender("Acme"))["id"]
    for index in range(4):
        client.create_sender_comment(sender_id, f"note {index}")
    everything = client.list_sender_activities(sender_id, page_size=100)
    paged = client.list_sender_activities(sender_id, page_size=2)
    assert paged == everything
    assert len(everything) >= 5  # created + 4 comments
    pages = requests_for(emulator, "RcsSendersController_listActivities_v1") - 1
    assert pages == -(-len(everything) // 2)
    assert [item["comment"] for item in paged if item["type"] == "COMMENT_ADDED"] == [
        "note 3",
        "note 2",
        "note 1",
        "note 0",
    ]
    assert_requests_valid(emulator)


def test_account_activities_across_pages(client: SinchRcsClient, emulator: EmulatorServer) -> None:
    for index in range(3):
        client.create_account_comment(f"account note {index}")
    assert client.list_account_activities(page_size=1) == client.list_account_activities()
    assert len(client.list_account_activities(page_size=1)) == 3
    assert_requests_valid(emulator)
