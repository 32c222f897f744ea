"""The serialized provider (``__provider``) that Pulumi stores in every resource's inputs and outputs.

``serialized_provider()`` runs a one-sender program under the harness's monitor and returns the value the
SDK sent; ``python -m bench.serialized_provider`` prints it as JSON, so that two separate processes (with
different hash seeds) can be compared byte for byte.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from typing import Final

from bench.results import Measurement
from bench.workload import REPO_ROOT, minimal_declaration, senders_program
from engine.program import Registration, RegistrationResult, run_program

GROUP: Final = "Serialized provider"
# What "small" means: a provider pickled by reference (not by value) is a few hundred bytes.
SMALL_BYTES: Final = 500


def serialized_provider() -> str:
    """The ``__provider`` value the SDK registers for an ``RcsSender`` (base64 of the dill pickle)."""
    seen: list[str] = []

    def handler(registration: Registration) -> RegistrationResult:
        value = registration.serialized_provider
        if value is not None:
            seen.append(value)
        return RegistrationResult(id="", outputs={})

    run_program(
        senders_program({"probe": minimal_declaration()}),
        preview=True,
        resource_handler=handler,
        project="sinch-rcs-senders",
        stack="bench",
        root_directory=REPO_ROOT,
    )
    if len(seen) != 1:
        raise RuntimeError(f"expected one serialized provider from the probe program, got {len(seen)}")
    return seen[0]


def serialized_in_child(hash_seed: str) -> str:
    """``serialized_provider()`` in a separate Python process with ``PYTHONHASHSEED=hash_seed``."""
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    # The command is this interpreter running our own module; nothing comes from outside.
    completed = subprocess.run(
        [sys.executable, "-m", "bench.serialized_provider"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"the serialization probe failed ({completed.returncode}):\n{completed.stderr}")
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"the serialization probe printed nothing usable:\n{completed.stdout}")
    provider = json.loads(lines[-1])["provider"]
    assert isinstance(provider, str)
    return provider


def measure() -> list[Measurement]:
    first = serialized_in_child("1")
    second = serialized_in_child("2")
    size = len(first)
    pickled = len(base64.b64decode(first))
    return [
        Measurement(
            GROUP,
            "__provider size",
            size,
            "bytes",
            target=f"< {SMALL_BYTES} bytes (pickled by reference)",
            met=size < SMALL_BYTES,
            note=f"base64 text; the dill pickle itself is {pickled} bytes. State holds it twice per "
            "resource (inputs and outputs).",
            detail={"base64_bytes": size, "pickle_bytes": pickled},
        ),
        Measurement(
            GROUP,
            "identical in two separate runs",
            first == second,
            target="identical",
            met=first == second,
            note="two program runs in separate processes with PYTHONHASHSEED 1 and 2",
        ),
    ]


def main() -> None:
    print(json.dumps({"provider": serialized_provider()}))


if __name__ == "__main__":
    main()
