"""Plugin processes started warm: forked from a parent that has already imported Pulumi (and, if asked,
the project's provider modules), instead of a new interpreter importing them again for each command.

Each plugin is still a process of its own, fresh for every `pulumi` command as the CLI makes them: it is
forked from multiprocessing's fork server (a single-threaded process that only imports), then runs
``python -m pulumi.dynamic`` (``runpy``) with the project folder as its working directory and first on
``sys.path`` (or a native plugin: ``python <plugin folder> <engine address>``, the folder's ``__main__.py``
with the folder first on ``sys.path``, in the project folder), the command's environment, and its standard
output and error sent where the engine reads them. Nothing a provider does survives into the next plugin.
What differs from a cold start is only the time: a few hundredths of a second instead of about one (the
parent's heap is frozen for the garbage collector, ``engine._warm_parent``, so that no plugin copies all of
it in its first full collection). A project folder other than the engine's own (a user's, with an
installed package) needs a cold start: modules already imported would hide its own. A warm native plugin
also sees the parent's ``sys.path`` after its own folder (a cold ``python <folder>`` sees only the folder
and the interpreter's paths).
"""

from __future__ import annotations

import io
import multiprocessing
import multiprocessing.context
import os
import runpy
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Final

_PLUGIN_MODULES: Final = (
    "pulumi",
    "pulumi.dynamic.dynamic",
    "pulumi.runtime.proto.provider_pb2_grpc",
    "dill",
    "pulumi.provider.experimental.server",  # what a native Python plugin imports (grpc.aio)
)
_preloaded: list[str] = list(_PLUGIN_MODULES)
_context: multiprocessing.context.ForkServerContext | None = None


def preload(modules: Iterable[str]) -> None:
    """Have the warm parent import ``modules`` too (a provider's own packages); before the first start."""
    if _context is not None:
        raise RuntimeError("the warm parent has started: preload before the first plugin starts")
    _preloaded.extend(modules)


def _forkserver() -> multiprocessing.context.ForkServerContext:
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        # Then this module (what each start unpickles to find _run_plugin), and last the heap freeze.
        context.set_forkserver_preload([*_preloaded, __name__, "engine._warm_parent"])
        _context = context
    return _context


class WarmProcess:
    """A started plugin process, with what the engine uses of ``subprocess.Popen``."""

    def __init__(
        self,
        cwd: Path,
        env: Mapping[str, str],
        stderr: IO[bytes],
        *,
        plugin_dir: Path | None = None,
        argv: Iterable[str] = (),
    ) -> None:
        fifo_dir = Path(tempfile.mkdtemp(prefix="warm-plugin-"))
        fifo = fifo_dir / "stdout"
        os.mkfifo(fifo)
        folder = str(plugin_dir) if plugin_dir is not None else ""
        self._process = _forkserver().Process(
            target=_run_plugin,
            args=(str(cwd), dict(env), str(fifo), stderr.name, folder, list(argv)),
            daemon=False,
        )
        self._process.start()
        self.stdout: IO[bytes] = fifo.open("rb")  # returns once the plugin has opened its end
        fifo.unlink()
        fifo_dir.rmdir()

    @property
    def pid(self) -> int:
        pid = self._process.pid
        assert pid is not None  # started
        return pid

    def poll(self) -> int | None:
        return self._process.exitcode

    def wait(self, timeout: float | None = None) -> int:
        self._process.join(timeout)
        code = self._process.exitcode
        if code is None:
            raise subprocess.TimeoutExpired(f"warm plugin {self.pid}", timeout or 0)
        return code

    def send_signal(self, sig: int) -> None:
        """``SIGINT`` (the engine's polite stop) becomes ``SIGTERM``: in a forked plugin the process-wide
        SIGINT may land on one of gRPC's threads and never wake the main one; the plugin has nothing to
        save, and what it wrote is already in its files."""
        if self._process.exitcode is None:
            os.kill(self.pid, signal.SIGTERM if sig == signal.SIGINT else sig)

    def kill(self) -> None:
        self._process.kill()


def _run_plugin(
    cwd: str, env: dict[str, str], stdout_path: str, stderr_path: str, plugin_dir: str, argv: list[str]
) -> None:
    """In the forked process: become ``python -u -m pulumi.dynamic`` (or ``python <plugin_dir> *argv``)
    started in ``cwd`` with ``env``."""
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    tempfile.tempdir = None  # computed again from this environment (TMPDIR)
    if not plugin_dir:
        sys.path.insert(0, cwd)  # `-m`: the working directory comes first
    stdout = os.open(stdout_path, os.O_WRONLY)
    stderr = os.open(stderr_path, os.O_WRONLY | os.O_APPEND)
    os.dup2(stdout, 1)
    os.dup2(stderr, 2)
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), write_through=True)
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), write_through=True)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if plugin_dir:
        sys.argv = [plugin_dir, *argv]
        runpy.run_path(
            plugin_dir, run_name="__main__"
        )  # a folder: its __main__.py, the folder first on sys.path
        return
    runpy.run_module("pulumi.dynamic", run_name="__main__", alter_sys=True)
