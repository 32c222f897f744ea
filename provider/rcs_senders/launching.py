"""Launching a sender: waiting (visibly) for Sinch to provision it, then the launch, whose outcome is read
back from Sinch when its answer is lost.

Google provisions a new sender's agent asynchronously (``IN_PROGRESS`` for seconds to minutes); Sinch
refuses to launch it before. The wait (:func:`provider.core.waiting.wait_until`, shared with the other
resources that wait) reports its progress every 30 seconds (what it waits for, how long so
far, the limit: ``provisioning_timeout`` on the resource, since dynamic providers receive no custom
timeouts). The launch POST may be repeated safely, so the client retries it on transient
failures; when its outcome is still unknown (no answer, an answer that is not a sender, a 5xx) the sender
is read: LAUNCHING or LAUNCHED means the launch happened.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Final

from provider.core.waiting import Report, wait_until
from provider.rcs_senders.errors import SenderLaunchError
from provider.rcs_senders.properties import LAUNCHED_STATES
from sinch_provisioning.errors import SinchApiError, SinchConnectionError, SinchError, UnexpectedResponseError
from sinch_provisioning.rcs_senders import SinchRcsClient

DEFAULT_PROVISIONING_TIMEOUT: Final = 600.0
_NOT_PROVISIONED: Final = ("IN_PROGRESS", "DRAFT")


def wait_until_provisioned(
    client: SinchRcsClient,
    sender: dict[str, Any],
    *,
    timeout: float,
    report: Report,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> dict[str, Any]:
    """Poll until the sender has left ``IN_PROGRESS``; report progress; ``TimeoutError`` past ``timeout``
    (the shared wait: :func:`provider.core.waiting.wait_until`)."""
    sender_id = str(sender["id"])

    def progress(current: dict[str, Any], waited: float) -> str:
        return (
            f"RcsSender {sender_id}: waiting for Sinch to provision the sender before launching it "
            f"(state {current.get('state')}; {waited:.0f} s so far, limit {timeout:.0f} s, set by "
            "provisioning_timeout)"
        )

    waited = wait_until(
        lambda current: current.get("state") not in _NOT_PROVISIONED,
        lambda: client.get_sender(sender_id),
        sender,
        timeout=timeout,
        progress=progress,
        report=report,
        sleep=sleep,
        clock=clock,
    )
    if not waited.finished:
        raise TimeoutError(
            f"Sender {sender_id} is still {waited.value.get('state')} after {waited.waited:.0f} s (the limit "
            f"set by provisioning_timeout is {timeout:.0f} s); it cannot be launched until Sinch has "
            "provisioned it. Run `pulumi up` again later to launch it, or raise provisioning_timeout."
        )
    return waited.value


def launch(
    client: SinchRcsClient, sender: dict[str, Any], *, timeout: float, report: Report
) -> dict[str, Any]:
    """Wait for provisioning, launch, and return the sender as Sinch holds it after the launch."""
    sender = wait_until_provisioned(client, sender, timeout=timeout, report=report)
    sender_id = str(sender["id"])
    try:
        return client.launch_sender(sender_id)
    except (SinchConnectionError, UnexpectedResponseError) as unknown:
        return _launched_anyway(client, sender_id, unknown)
    except SinchApiError as error:
        if error.status >= 500:
            return _launched_anyway(client, sender_id, error)
        raise SenderLaunchError(f"Sinch refused to launch sender {sender_id}: {error}") from error


def _launched_anyway(client: SinchRcsClient, sender_id: str, unknown: SinchError) -> dict[str, Any]:
    """The sender after a launch whose outcome is unknown, if it did launch; else ``SenderLaunchError``."""
    try:
        current = client.get_sender(sender_id)
    except SinchError as error:
        raise SenderLaunchError(
            f"The launch of sender {sender_id} may or may not have happened: its answer was lost ({unknown}) "
            f"and reading the sender failed too ({error}). Run `pulumi refresh` to see its state, then "
            "`pulumi up` again."
        ) from error
    if current.get("state") in LAUNCHED_STATES:
        return current
    raise SenderLaunchError(
        f"Launching sender {sender_id} failed ({unknown}); Sinch shows it {current.get('state')}, not "
        "launched. Run `pulumi up` again to launch it."
    ) from unknown
