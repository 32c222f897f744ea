"""``python -m bench --quick`` keeps working: every benchmark runs and the JSON has every figure.

Nothing here judges a figure (the benchmarks report them; timings are never asserted).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.stack import REPO_ROOT

pytestmark = pytest.mark.slow

EXPECTED_GROUPS = {
    "Serialized provider",
    "HTTP per operation",
    "Connections",
    "Provider CPU per operation (plugin process, full sender)",
    "up and preview, 50 ms API latency (stub API, plugin's 4 threads)",
    "Sender creates, 50 ms API latency, 16 at a time (stub API)",
    "Memory of a long-lived plugin process",
    "Emulator CPU per request (a test double's cost, not the provider's)",
    "Cold start",
}


def test_quick_benchmark_run_prints_the_table_and_writes_every_figure(tmp_path: Path) -> None:
    output = tmp_path / "results.json"

    completed = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--output", str(output)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert "Machine:" in completed.stdout
    document = json.loads(output.read_text())
    assert document["mode"] == "quick"
    assert {"cpu", "cores", "python", "os"} <= set(document["machine"])
    groups = {result["group"] for result in document["results"]}
    assert groups == EXPECTED_GROUPS
    for result in document["results"]:
        assert result["value"] not in (None, ""), result
        assert result["name"] in completed.stdout
