"""Run ``python -m emulator`` as a child process (for restart tests, benchmarks and the demo).

    with EmulatorProcess(["--state", str(path), "--key", "id:secret"]) as emulator:
        requests.get(emulator.url + "/v1/projects/p/rcs/senders", auth=("id", "secret"))

The URLs are read from the child's first two stdout lines (the Provisioning API's base URL, then the
Conversation API's template with ``{region}``). Its request log goes to ``log_path`` (a file, so that
a chatty emulator can never block on a full pipe; without one, a temporary file that is removed after a
clean stop and kept, for reading, after a failure). ``stop()`` sends SIGTERM and waits for a clean exit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class EmulatorProcessError(Exception):
    """The emulator process did not start, or did not stop cleanly."""


class EmulatorProcess:
    def __init__(
        self,
        args: Sequence[str] = (),
        *,
        python: str = sys.executable,
        log_path: str | Path | None = None,
        env: Mapping[str, str] | None = None,
        startup_timeout: float = 60.0,
    ) -> None:
        self.args = list(args)
        self.python = python
        self.log_path = Path(log_path) if log_path is not None else None
        self.env = dict(env) if env is not None else None
        self.startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._url: str | None = None
        self._conversation_url: str | None = None
        self._temporary_log = False

    def __repr__(self) -> str:
        return f"EmulatorProcess({self._url or 'not started'})"

    @property
    def url(self) -> str:
        if self._url is None:
            raise EmulatorProcessError("the emulator process is not running")
        return self._url

    @property
    def conversation_url(self) -> str:
        """The Conversation API's base URL template, ``http://127.0.0.1:PORT/conversation/{region}``."""
        if self._conversation_url is None:
            raise EmulatorProcessError("the emulator process is not running")
        return self._conversation_url

    @property
    def pid(self) -> int:
        if self._process is None:
            raise EmulatorProcessError("the emulator process is not running")
        return self._process.pid

    def start(self) -> str:
        """Start the child and return its base URL once it is serving."""
        if self._process is not None:
            raise EmulatorProcessError("the emulator process is already running")
        if self.log_path is None:
            handle, name = tempfile.mkstemp(prefix="emulator-", suffix=".log")
            os.close(handle)
            self.log_path = Path(name)
            self._temporary_log = True
        self._log = self.log_path.open("ab")
        env = dict(os.environ if self.env is None else self.env)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
        env.setdefault("PYTHONUNBUFFERED", "1")
        # The command is this interpreter running our own package; only the option list comes from the caller.
        self._process = subprocess.Popen(  # noqa: S603
            [self.python, "-m", "emulator", *self.args],
            stdout=subprocess.PIPE,
            stderr=self._log,
            stdin=subprocess.DEVNULL,
            cwd=PROJECT_ROOT,
            env=env,
        )
        url, conversation_url = self._url_lines(self._process)
        if not url.startswith("http://") or not conversation_url.endswith("/conversation/{region}"):
            self._kill()
            raise EmulatorProcessError(
                f"the emulator did not print its URLs (got {url!r}, {conversation_url!r}); see its log "
                f"{self.log_path}"
            )
        self._url, self._conversation_url = url, conversation_url
        return url

    def _url_lines(self, process: subprocess.Popen[bytes]) -> tuple[str, str]:
        """The first two stdout lines (empty strings for lines the child never printed)."""
        assert process.stdout is not None  # stdout=PIPE
        stdout = process.stdout
        result: list[bytes] = []

        def read() -> None:
            for _ in range(2):
                line = stdout.readline()
                result.append(line)
                if not line:
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(self.startup_timeout)
        if reader.is_alive():
            self._kill()
            raise EmulatorProcessError(
                f"the emulator printed no URLs within {self.startup_timeout}s; see its log {self.log_path}"
            )
        lines = [line.decode("utf-8", "replace").strip() for line in result] + ["", ""]
        return lines[0], lines[1]

    def stop(self, timeout: float = 15.0) -> int:
        """SIGTERM, then wait; returns the exit code (0 for a clean stop). Kills it if it hangs."""
        process = self._process
        if process is None:
            return 0
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._kill()
                raise EmulatorProcessError(
                    f"the emulator did not stop within {timeout}s and was killed"
                ) from None
        code = process.returncode
        self._cleanup()
        if code == 0 and self._temporary_log and self.log_path is not None:
            self.log_path.unlink(missing_ok=True)
            self.log_path = None
            self._temporary_log = False
        return code

    def _kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._cleanup()

    def _cleanup(self) -> None:
        if self._process is not None and self._process.stdout is not None:
            self._process.stdout.close()
        if self._log is not None:
            self._log.close()
        self._process = None
        self._log = None
        self._url = self._conversation_url = None

    def __enter__(self) -> EmulatorProcess:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
