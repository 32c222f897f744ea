"""End to end: a ProvisioningWebhook declared with Pulumi receives the events of an RcsSender of the same
stack, signed by the emulator, and ``verify_webhook_signature`` accepts exactly those, in a small receiver
on this machine, before and after the secret is rotated through Pulumi."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pulumi
import pytest

from emulator.server import EmulatorServer
from provider import ProvisioningWebhook, RcsSender
from sinch_provisioning.webhook_events import (
    SignatureMismatchError,
    WebhookEvent,
    verify_webhook_signature,
)
from tests.provider.support import direct_client, eu_sender
from tests.provider.webhook_support import (
    COMMENTS,
    ROTATED_SECRET,
    SECRET,
    STATUS,
    Received,
    Receiver,
    engine_for,
)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as started:
        yield started


def events_of(received: list[Received], secret: str | list[str]) -> list[WebhookEvent]:
    return [verify_webhook_signature(secret, item.body, item.headers) for item in received]


def stack_program(target: str, secret: str) -> Callable[[], None]:
    def program() -> None:
        hook = ProvisioningWebhook("events", target=target, secret=secret, triggers=[STATUS, COMMENTS])
        RcsSender("sender", **eu_sender(), opts=pulumi.ResourceOptions(depends_on=[hook]))

    return program


def test_the_senders_events_reach_the_webhook_signed_with_its_secret(
    emulator: EmulatorServer, receiver: Receiver
) -> None:
    engine = engine_for(emulator)

    engine.up(stack_program(receiver.url(), SECRET), check=True)

    sender = engine.state.by_name("sender")
    received = receiver.wait_for(lambda got: len(got) >= 1)[:1]  # the sender's first status change
    [event] = events_of(received, SECRET)
    assert received[0].path == "/sinch/events"
    assert event.type == STATUS
    assert event.sender_id == sender.id
    assert event.fields["currentState"] == "IN_TEST"
    token = str(sender.plain_outputs["authToken"])
    assert event.payload is not None
    assert event.payload["authToken"] == token  # the body carries it...
    assert token not in repr(event)  # ...and printing the event does not show it
    body, headers = received[0].body, received[0].headers
    with pytest.raises(SignatureMismatchError):
        verify_webhook_signature("not-the-webhook-secret", body, headers)
    with pytest.raises(SignatureMismatchError):
        verify_webhook_signature(SECRET, body.replace(b"IN_TEST", b"LAUNCHED"), headers)


def test_after_a_rotation_through_pulumi_events_are_signed_with_the_new_secret(
    emulator: EmulatorServer, receiver: Receiver
) -> None:
    engine = engine_for(emulator)
    engine.up(stack_program(receiver.url(), SECRET), check=True)
    receiver.wait_for(lambda got: len(got) >= 1)
    sender_id = engine.state.by_name("sender").id

    report = engine.up(stack_program(receiver.url(), ROTATED_SECRET), check=True)
    assert report.resource("events").op == "update"
    with direct_client(emulator) as reviewer:  # Sinch's reviewers comment on the sender
        reviewer.create_sender_comment(sender_id, "Please upload a larger logo.")

    received = receiver.wait_for(lambda got: len(got) >= 2)
    comment = received[-1]
    [event] = events_of([comment], ROTATED_SECRET)
    assert event.type == COMMENTS
    assert event.fields["comment"] == "Please upload a larger logo."
    with pytest.raises(SignatureMismatchError):
        verify_webhook_signature(SECRET, comment.body, comment.headers)
    # A receiver that accepts both secrets during the rotation verifies the old and the new deliveries.
    assert [item.type for item in events_of(received, [SECRET, ROTATED_SECRET])] == [STATUS, COMMENTS]
