"""An update that fails half way: Pulumi keeps the old state (a dynamic provider cannot record what was
already applied), so the program refreshes before every update (Pulumi.yaml: ``options: refresh: always``)
and the error says so. Then reverting the program restores what Sinch holds, instead of showing nothing."""

from __future__ import annotations

from emulator.server import EmulatorServer
from engine import Engine
from tests.provider.support import REPO_ROOT, eu_sender, one_sender, sinch_config, stored


def test_a_reverted_program_after_a_failed_update_restores_sinch_with_refresh_always(
    emulator: EmulatorServer,
) -> None:
    engine = Engine(
        REPO_ROOT, config=sinch_config(emulator), secret_config_keys=["sinch:keySecret"], refresh_option=True
    )
    engine.up(one_sender(), check=True)
    original = eu_sender()["brand"]["description"]
    changed = eu_sender()["brand"] | {"description": "Half way"}
    emulator.faults.script("503", operation="addTestNumbers", count=10)

    failed = engine.up(one_sender(brand=changed, test_numbers=["+447700900001", "+447700900002"]))

    assert not failed.ok
    assert "run `pulumi refresh`" in (failed.resource("sender").error or "")
    assert stored(emulator)[0]["details"]["brand"]["description"] == "Half way"  # applied in Sinch
    emulator.faults.clear()

    reverted = engine.up(one_sender(), check=True)  # the program as before the failed update

    assert reverted.resource("sender").op == "update"  # the refresh saw what the failed update did
    assert stored(emulator)[0]["details"]["brand"]["description"] == original
