"""Shared pytest fixtures: a local Sinch Provisioning API emulator, started per test over real HTTP.

- ``emulator``: a fresh in-process emulator (function scope) that accepts only the test access key
  (``TEST_KEY_ID``/``TEST_KEY_SECRET``) and validates every request and response against the spec; the
  test fails at teardown if any response broke the spec, or any request did (unless the test is marked
  ``sends_invalid_requests``: it sends bad requests on purpose to see the emulator refuse them).
- ``emulator_factory``: start emulators with other options (``EmulatorServer`` keyword arguments, e.g.
  ``clock=ManualClock()``, ``launch_delay=60``, ``state_file=...``). Same defaults, same teardown check.

The spec is loaded once per process, so starting an emulator costs a few milliseconds.
"""

from __future__ import annotations

import multiprocessing.util
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from emulator.server import EmulatorServer
from engine import warm_start

TEST_PROJECT_ID = "5b8f2a63-1c4e-4f0a-9d7e-2a6c3b1e9f40"
TEST_KEY_ID = "test-key-id"
TEST_KEY_SECRET = "test-key-secret"

EmulatorFactory = Callable[..., EmulatorServer]

_worker_tmpdir: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, each worker gets a temporary directory of its own as ``TMPDIR`` (its plugins
    inherit it), so that what the provider keeps machine-wide there (the create ledger
    ``sinch-rcs-pulumi-<uid>/creates``, the failure log) is shared by the processes of one test, never
    by tests running at the same time on other workers."""
    global _worker_tmpdir
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        _cache_bytecode_outside_the_tree()
        return
    _worker_tmpdir = Path(tempfile.mkdtemp(prefix=f"sinch-rcs-pulumi-tests-{worker}-"))
    os.environ["TMPDIR"] = str(_worker_tmpdir)
    tempfile.tempdir = None  # computed again from TMPDIR


def _cache_bytecode_outside_the_tree() -> None:
    """The suite starts hundreds of Python processes (workers, plugins, emulators, programs). Where
    ``PYTHONDONTWRITEBYTECODE`` is set, each would compile the project's modules (and pytest rewrite the
    tests) again; a fifth of the suite's time on a fresh clone. So, before the workers start, the suite
    lets its processes keep bytecode, in a folder of its own under the temporary directory
    (``PYTHONPYCACHEPREFIX``), never in the tree. A ``PYTHONPYCACHEPREFIX`` already set is kept."""
    if not os.environ.pop("PYTHONDONTWRITEBYTECODE", None):
        return
    if not os.environ.get("PYTHONPYCACHEPREFIX"):
        cache = Path(tempfile.gettempdir()) / f"sinch-rcs-pulumi-tests-pycache-{os.getuid()}"
        os.environ["PYTHONPYCACHEPREFIX"] = str(cache)
    sys.dont_write_bytecode = False
    sys.pycache_prefix = os.environ["PYTHONPYCACHEPREFIX"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` (whole files of them: soaks, the wheel, the demo, the bench) run first, in
    their order, so that under ``--dist loadfile`` the longest files start at once and the short ones fill
    the workers around them, instead of one long file starting last and running alone."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _worker_tmpdir is not None:
        # multiprocessing (the engine's warm-start forkserver) keeps a folder in TMPDIR that its own exit
        # handler removes (exit priority -100); ours runs after it, so neither finds the other's gone.
        multiprocessing.util.Finalize(
            None, shutil.rmtree, args=(_worker_tmpdir,), kwargs={"ignore_errors": True}, exitpriority=-101
        )


def _fail_on_violations(servers: list[EmulatorServer], *, requests_too: bool) -> None:
    violations = [str(violation) for server in servers for violation in server.response_violations]
    if violations:
        pytest.fail(
            "the emulator gave responses that break the spec:\n" + "\n".join(violations),
            pytrace=False,
        )
    if requests_too:
        sent = [str(violation) for server in servers for violation in server.request_violations]
        if sent:
            pytest.fail("requests that break the spec were sent:\n" + "\n".join(sent), pytrace=False)


@pytest.fixture
def emulator_factory(request: pytest.FixtureRequest) -> Iterator[EmulatorFactory]:
    started: list[EmulatorServer] = []

    def start(**options: Any) -> EmulatorServer:
        options.setdefault("keys", {TEST_KEY_ID: TEST_KEY_SECRET})
        options.setdefault("validate_responses", True)
        server = EmulatorServer(**options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
    deliberate = request.node.get_closest_marker("sends_invalid_requests") is not None
    _fail_on_violations(started, requests_too=not deliberate)


@pytest.fixture
def emulator(emulator_factory: EmulatorFactory) -> EmulatorServer:
    return emulator_factory()


# Plugins the engine starts warm (engine.warm_start) are forked from a parent that imported these already.
warm_start.preload(["provider", "provider.native.server"])
