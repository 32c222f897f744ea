"""What create, adoption and update send to Sinch for a sender: each request once, nothing twice.

- :func:`create_new`: one POST; a lost answer is recognised (:mod:`provider.rcs_senders.recognise`)
  instead of sent again, and identical declarations never share a sender (:mod:`provider.core.lost_create`).
- :func:`adopt`: ``sender_id`` given: read that sender, check what Sinch fixed at creation, apply the
  declared changes.
- :func:`apply_changes`: one PATCH with exactly what changed, then the test numbers through their own
  endpoints (a PATCH would re-send every number: a new invite each, using quota). Numbers already on the
  sender are not added again and numbers already gone are not removed, so a retried update sends nothing
  twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from provider.core.errors import adopting
from provider.core.lost_create import LEDGER, create_once
from provider.rcs_senders.errors import SenderAdoptionError, SenderChangeError
from provider.rcs_senders.properties import CREATION_ONLY, LAUNCHED_STATES
from provider.rcs_senders.recognise import SenderRecogniser
from schemas.rcs_senders.api import (
    UpdateNotPossible,
    create_body,
    sender_from_api,
    test_number_changes,
    update_body,
    us_questionnaire_version,
)
from sinch_provisioning.errors import NotFoundError, OutcomeUnknownError, SinchStatusError
from sinch_provisioning.rcs_senders import SinchRcsClient


def create_new(client: SinchRcsClient, declared: Mapping[str, Any]) -> dict[str, Any]:
    """POST the sender; if the answer was lost, find the sender the attempt made instead of sending again."""
    body = create_body(declared)
    return create_once(SenderRecogniser(client, declared), lambda: client.create_sender(body)).object


def adopt(client: SinchRcsClient, declared: Mapping[str, Any], *, project: str) -> dict[str, Any]:
    """The sender ``declared["senderId"]`` names, with the declared changes applied. ``project``: where to
    look, as messages say it (``Sinch project <id>``)."""
    sender_id = str(declared["senderId"])

    def explain(error: SinchStatusError) -> str | None:
        if not isinstance(error, NotFoundError) or error.error_code != "sender_not_found":
            return None
        return (
            f"senderId {sender_id!r}: no such sender in {project}. Check the id "
            "(python -m provider lookup lists the project's senders) or remove sender_id to create a new "
            "sender."
        )

    with adopting(SenderAdoptionError, explain):
        sender = client.get_sender(sender_id)
    current = sender_from_api(sender, declared=declared)
    mismatched = [key for key in CREATION_ONLY if current.get(key) != declared.get(key)]
    if mismatched:
        details = ", ".join(f"{key} is {current.get(key)!r} in Sinch" for key in mismatched)
        raise SenderAdoptionError(
            f"senderId {sender_id!r} cannot be adopted as declared: {details}, and these are fixed at "
            "creation. Declare the same values to adopt it, or remove sender_id to create a new sender."
        )
    adopted = apply_changes(client, sender_id, current, declared, sender)
    LEDGER.claim(SenderRecogniser(client, declared).key, sender_id)
    return adopted if adopted is not None else sender


def apply_changes(
    client: SinchRcsClient,
    sender_id: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    current: dict[str, Any] | None,
    *,
    state: str | None = None,
) -> dict[str, Any] | None:
    """PATCH what changed from ``old`` to ``new``, then add/remove test numbers; returns the sender after
    (``current`` when nothing was sent, None when nothing was sent and no ``current`` was given)."""
    if current is not None:
        state = current.get("state")
    try:
        body = update_body(old, new, launched=state in LAUNCHED_STATES)
    except UpdateNotPossible as impossible:
        raise SenderChangeError(sender_id, state, impossible.problems) from None
    if body is not None:
        current = client.update_sender(
            sender_id, body, us_questionnaire_version=us_questionnaire_version(new)
        )
    to_add, to_remove = test_number_changes(old, new)
    if not to_add and not to_remove:
        return current
    if current is None:
        current = client.get_sender(sender_id)
    on_sender = set(_test_numbers(current))
    for number in to_remove:
        if number in on_sender:
            try:
                client.delete_test_number(sender_id, number)
            except NotFoundError as error:
                if error.error_code != "user_is_not_tester_for_agent":
                    raise
                # already removed (for example by a retried request): the goal is reached
    missing = [number for number in to_add if number not in on_sender]
    if missing:
        _add_test_numbers(client, sender_id, missing)
    return client.get_sender(sender_id)


def _add_test_numbers(client: SinchRcsClient, sender_id: str, numbers: list[str]) -> None:
    try:
        client.add_test_numbers(sender_id, numbers)
    except OutcomeUnknownError:
        present = set(_test_numbers(client.get_sender(sender_id)))
        still_missing = [number for number in numbers if number not in present]
        if still_missing:
            client.add_test_numbers(sender_id, still_missing)


def _test_numbers(sender: Mapping[str, Any]) -> list[str]:
    details = sender.get("details") or {}
    numbers = list(details.get("testNumbers") or [])
    numbers += [str(item["number"]) for item in sender.get("testNumberStates") or [] if item.get("number")]
    return numbers
