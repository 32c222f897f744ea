"""Creates of the same sender: running at once, yet never handing one Sinch sender to two resources.

Two resources may declare the same sender (the same identity, :mod:`schemas.rcs_senders.identity`).
Their create POSTs may run at the same time: each answered create knows its own sender. The danger is a
create whose answer is lost: the provider then looks for the sender the attempt made among the project's
recent senders holding that identity, and must not take one that another resource got, or is about to get,
from an answer. So, per identity:

- an attempt (a POST in flight) holds the identity *shared*; any number run at once;
- every sender a resource got is *claimed* the moment it is known (answered, adopted or reconciled);
- a reconciliation holds the identity *exclusively*: it waits until no attempt of that identity is in
  flight, so every answered sibling has claimed its sender, and new attempts wait until it is done. The
  unclaimed senders it then finds were made by attempts whose answers were lost, which are identical
  declarations still waiting for their sender: taking any of them is right.

This holds for the threads of one plugin process and, where the platform has ``fcntl`` (Linux, macOS), for
every plugin process of the same user on this machine (two stacks, two terminals): the shared/exclusive
hold is an ``flock`` on a file per identity and the claims are a file beside it, both in
``$TMPDIR/sinch-rcs-pulumi-<uid>/creates/``. Stacks on *other* machines creating the same sender in the
same second, with a lost answer, cannot be told apart by any client: the docs say so.

Memory: an identity's in-process entry exists only while an attempt or reconciliation of it runs; claims
are kept for ``CLAIM_RETENTION`` (they only matter for senders created within the reconciliation's
look-back), so nothing grows with the number of resources a long-lived plugin has served.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Final

if sys.platform != "win32":
    import fcntl

from provider.rcs_senders.errors import SenderCreateError

# Claims older than this are forgotten (the reconciliation looks back two minutes).
CLAIM_RETENTION: Final = 600.0
# How long a reconciliation waits for the identity's attempts in other processes to finish.
EXCLUSIVE_WAIT: Final = 600.0
_POLL: Final = 0.05
# Whether creates are coordinated across the processes of this machine (needs flock: not on Windows).
MACHINE_WIDE: Final[bool] = sys.platform != "win32"


class _Identity:
    """One identity's in-process state: attempts in flight, a reconciliation running or waiting."""

    def __init__(self) -> None:
        self.attempts = 0
        self.reconciling = False
        self.waiting_reconciliations = 0


class CreateLedger:
    """Shared/exclusive holds and claims per sender identity (see the module docstring)."""

    def __init__(self, directory: Path | None = None) -> None:
        self._chosen = directory  # else the default, found on first use (the environment may set TMPDIR)
        self._directory: Path | None = None
        self._looked = False
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._identities: dict[str, _Identity] = {}
        self._claims: dict[str, dict[str, float]] = {}

    @staticmethod
    def key(api_url: str, project_id: str, identity: str) -> str:
        """The ledger key of a sender identity in a project of the API at ``api_url``."""
        return hashlib.sha256(f"{api_url}\0{project_id}\0{identity}".encode()).hexdigest()[:32]

    # --- holds -----------------------------------------------------------------------------------------

    @contextmanager
    def attempt(self, key: str) -> Iterator[None]:
        """Hold ``key`` shared while a create POST is in flight (waits while a reconciliation runs)."""
        with self._changed:
            entry = self._identities.setdefault(key, _Identity())
            while entry.reconciling or entry.waiting_reconciliations:
                self._changed.wait()
            entry.attempts += 1
        try:
            with self._file_lock(key, exclusive=False):
                yield
        finally:
            with self._changed:
                entry.attempts -= 1
                self._forget_if_idle(key, entry)
                self._changed.notify_all()

    @contextmanager
    def reconciliation(self, key: str) -> Iterator[set[str]]:
        """Hold ``key`` exclusively; yields the ids already claimed for it (here and, where possible, by
        every process of this user on this machine)."""
        with self._changed:
            entry = self._identities.setdefault(key, _Identity())
            entry.waiting_reconciliations += 1
            while entry.reconciling or entry.attempts:
                self._changed.wait()
            entry.waiting_reconciliations -= 1
            entry.reconciling = True
        try:
            with self._file_lock(key, exclusive=True):
                yield self.claimed(key)
        finally:
            with self._changed:
                entry.reconciling = False
                self._forget_if_idle(key, entry)
                self._changed.notify_all()

    def _forget_if_idle(self, key: str, entry: _Identity) -> None:
        if not (entry.attempts or entry.reconciling or entry.waiting_reconciliations):
            self._identities.pop(key, None)

    # --- claims ----------------------------------------------------------------------------------------

    def claim(self, key: str, sender_id: str) -> None:
        """Record that a resource got ``sender_id``: no reconciliation of ``key`` will take it."""
        now = time.time()
        with self._lock:
            claims = self._claims.setdefault(key, {})
            claims[sender_id] = now
            for old in [sid for sid, at in claims.items() if now - at > CLAIM_RETENTION]:
                del claims[old]
            for idle in [k for k, c in self._claims.items() if not c]:
                del self._claims[idle]
        path = self._path(key, "claims")
        if path is not None:
            with _open_locked(path, exclusive=True) as handle:
                handle.write(f"{now:.3f} {sender_id}\n")

    def claimed(self, key: str) -> set[str]:
        """The ids claimed for ``key`` within ``CLAIM_RETENTION``."""
        now = time.time()
        with self._lock:
            ids = {sid for sid, at in self._claims.get(key, {}).items() if now - at <= CLAIM_RETENTION}
        path = self._path(key, "claims")
        if path is not None and path.exists():
            with _open_locked(path, exclusive=False) as handle:
                for line in handle.read().splitlines():
                    at, _, sender_id = line.partition(" ")
                    try:
                        fresh = now - float(at) <= CLAIM_RETENTION
                    except ValueError:
                        continue  # a torn line from a crashed process
                    if fresh and sender_id:
                        ids.add(sender_id)
        return ids

    # --- machine-wide files ----------------------------------------------------------------------------

    def _path(self, key: str, suffix: str) -> Path | None:
        if not self._looked:
            self._directory = self._chosen if self._chosen is not None else _default_directory()
            self._looked = True
        if self._directory is None:
            return None
        return self._directory / f"{key}.{suffix}"

    @contextmanager
    def _file_lock(self, key: str, *, exclusive: bool) -> Iterator[None]:
        path = self._path(key, "lock")
        if path is None:
            yield
            return
        with path.open("a", encoding="utf-8") as handle:
            if exclusive:
                _flock_within(handle, EXCLUSIVE_WAIT)
                self._prune_claims(key)
            else:
                fcntl.flock(handle, fcntl.LOCK_SH)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _prune_claims(self, key: str) -> None:
        """Rewrite the claims file without expired lines (done under the exclusive hold)."""
        path = self._path(key, "claims")
        if path is None or not path.exists():
            return
        now = time.time()
        with _open_locked(path, exclusive=True, mode="r+") as handle:
            kept = []
            for line in handle.read().splitlines():
                at, _, sender_id = line.partition(" ")
                try:
                    if now - float(at) <= CLAIM_RETENTION and sender_id:
                        kept.append(line)
                except ValueError:
                    continue
            handle.seek(0)
            handle.truncate()
            handle.write("".join(f"{line}\n" for line in kept))


def _default_directory() -> Path | None:
    if not MACHINE_WIDE:
        return None
    user = os.getuid() if hasattr(os, "getuid") else "user"
    directory = Path(tempfile.gettempdir()) / f"sinch-rcs-pulumi-{user}" / "creates"
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None  # no shared place: in-process only
    return directory


@contextmanager
def _open_locked(path: Path, *, exclusive: bool, mode: str = "a+") -> Iterator[IO[str]]:
    with path.open(mode, encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            handle.seek(0)
            yield handle
        finally:
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _flock_within(handle: IO[str], seconds: float) -> None:
    """An exclusive ``flock``, waiting at most ``seconds`` for other processes' attempts to finish."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise SenderCreateError(
                    "Another process on this machine has been creating the same sender for more than "
                    f"{seconds:.0f} s, so the outcome of this create cannot be checked safely. Nothing more "
                    "was sent; run `pulumi up` again once the other run has finished."
                ) from None
            time.sleep(_POLL)
