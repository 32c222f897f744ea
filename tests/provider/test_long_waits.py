"""A create that waits for Sinch to provision the sender before launching it says so as it goes, and its
limit is ``provisioning_timeout`` on the resource (dynamic providers receive no custom timeouts)."""

from __future__ import annotations

import pytest

from provider.rcs_senders.launching import wait_until_provisioned
from tests.conftest import EmulatorFactory
from tests.provider.support import direct_client, engine_for, one_sender, stored


def test_the_wait_before_a_launch_is_reported_and_the_launch_follows(
    emulator_factory: EmulatorFactory,
) -> None:
    emulator = emulator_factory(provisioning_delay=1.5)
    engine = engine_for(emulator)

    report = engine.up(one_sender(launch=True), check=True)

    sender_id = engine.state.by_name("sender").id
    assert f"info: RcsSender {sender_id}: waiting for Sinch to provision the sender before launching it" in (
        report.plugin_stderr
    )
    assert "limit 600 s, set by provisioning_timeout" in report.plugin_stderr
    assert stored(emulator)[0]["state"] in ("LAUNCHING", "LAUNCHED")


def test_past_provisioning_timeout_the_sender_is_kept_unlaunched_and_the_warning_says_why(
    emulator_factory: EmulatorFactory,
) -> None:
    emulator = emulator_factory(provisioning_delay=600)
    engine = engine_for(emulator)

    report = engine.up(one_sender(launch=True, provisioning_timeout=1), check=True)

    outputs = engine.state.by_name("sender").plain_outputs
    assert outputs["launch"] is False
    assert outputs["state"] == "IN_PROGRESS"
    assert "was created but not launched" in report.plugin_stderr
    assert "(the limit set by provisioning_timeout is 1 s)" in report.plugin_stderr
    assert len(stored(emulator)) == 1


def test_progress_is_reported_every_30_seconds_with_the_time_so_far(
    emulator_factory: EmulatorFactory,
) -> None:
    """The cadence, on a clock the test drives: a report when the wait starts, then one per 30 s."""
    emulator = emulator_factory(provisioning_delay=10_000)
    with direct_client(emulator) as sinch:
        sender = sinch.create_sender({"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"})
        now = [0.0]
        reports: list[str] = []

        def sleep(seconds: float) -> None:
            now[0] += seconds

        with pytest.raises(TimeoutError, match=r"still IN_PROGRESS after 9[0-9] s"):
            wait_until_provisioned(
                sinch, sender, timeout=100, report=reports.append, sleep=sleep, clock=lambda: now[0]
            )

    # At the start, then at the first poll past each 30 s (polls back off to every 15 s).
    assert [report.split("; ")[1].split(" s so far")[0] for report in reports] == ["0", "30", "60", "90"]
    assert all("limit 100 s" in report for report in reports)
