"""Who holds which Sinch object: creates that run at once never hand one object to two resources.

Two resources may declare the same object (two identical sender declarations; two webhooks for one
target, in two stacks). Their create POSTs may run at the same time: each answered create knows its own
object. The danger is a create whose answer is lost: the provider then looks for the object the attempt
made (:mod:`provider.core.lost_create`) and must not take one that another resource got, or is about to
get, from an answer. So, per *identity* (what a resource's recogniser says tells its objects apart: a
sender's declaration, a webhook's target), :class:`ClaimLedger` keeps:

- an attempt (a POST in flight) holds the identity *shared*; any number run at once;
- every object a resource got is *claimed* the moment it is known (answered, adopted or recognised);
- a recognition holds the identity *exclusively*: it waits until no attempt of that identity is in
  flight, so every answered sibling has claimed its object, and new attempts wait until it is done. The
  unclaimed objects it then finds that were made since its attempt was sent were made by attempts whose
  answers were lost, which are identical declarations still waiting for their object: taking any is right.

This holds for the threads of one plugin process and, where the platform has ``fcntl`` (Linux, macOS), for
every plugin process of the same user on this machine (two stacks, two terminals): the shared/exclusive
hold is an ``flock`` on a file per identity and the claims are a file beside it, both in
``$TMPDIR/sinch-rcs-pulumi-<uid>/creates/``. Stacks on *other* machines are kept apart by the recognisers'
rule that nothing made before the attempt was sent is ever taken; two of them creating the same object in
the same instant, each with a lost answer, cannot be told apart by any client: the docs say so.

:class:`Holdings` is the in-process half: the ids the resources served by this process hold, either
*taken* by a create (adopted, or recognised) or *recorded* in a resource's state (seen by diff, read,
update). One id is never both, and never taken twice: two resources of one stack cannot adopt one object.

Memory: an identity's in-process entry exists only while an attempt or recognition of it runs; claims
are kept for ``CLAIM_RETENTION`` (they only matter for objects created within a recognition's look-back),
so nothing grows with the number of resources a long-lived plugin has served.
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
from typing import IO, Final, Literal

if sys.platform != "win32":
    import fcntl

from provider.core.errors import CreateError, OwnershipError

# Claims older than this are forgotten (recognition looks back a few minutes at most).
CLAIM_RETENTION: Final = 600.0
# How long a recognition waits for the identity's attempts in other processes to finish.
EXCLUSIVE_WAIT: Final = 600.0
_POLL: Final = 0.05
# Whether creates are coordinated across the processes of this machine (needs flock: not on Windows).
MACHINE_WIDE: Final[bool] = sys.platform != "win32"


class _Identity:
    """One identity's in-process state: attempts in flight, a recognition running or waiting."""

    def __init__(self) -> None:
        self.attempts = 0
        self.recognising = False
        self.waiting_recognitions = 0


class ClaimLedger:
    """Shared/exclusive holds and claims per identity (see the module docstring)."""

    def __init__(self, directory: Path | None = None) -> None:
        self._chosen = directory  # else the default, found on first use (the environment may set TMPDIR)
        self._directory: Path | None = None
        self._looked = False
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._identities: dict[str, _Identity] = {}
        self._claims: dict[str, dict[str, float]] = {}

    @staticmethod
    def key(kind: str, api_url: str, project_id: str, identity: str) -> str:
        """The ledger key of an identity of objects of ``kind`` in a project of the API at ``api_url``."""
        return hashlib.sha256(f"{kind}\0{api_url}\0{project_id}\0{identity}".encode()).hexdigest()[:32]

    # --- holds -----------------------------------------------------------------------------------------

    @contextmanager
    def attempt(self, key: str) -> Iterator[None]:
        """Hold ``key`` shared while a create POST is in flight (waits while a recognition runs)."""
        with self._changed:
            entry = self._identities.setdefault(key, _Identity())
            while entry.recognising or entry.waiting_recognitions:
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
    def recognition(self, key: str) -> Iterator[set[str]]:
        """Hold ``key`` exclusively; yields the ids already claimed for it (here and, where possible, by
        every process of this user on this machine)."""
        with self._changed:
            entry = self._identities.setdefault(key, _Identity())
            entry.waiting_recognitions += 1
            while entry.recognising or entry.attempts:
                self._changed.wait()
            entry.waiting_recognitions -= 1
            entry.recognising = True
        try:
            with self._file_lock(key, exclusive=True):
                yield self.claimed(key)
        finally:
            with self._changed:
                entry.recognising = False
                self._forget_if_idle(key, entry)
                self._changed.notify_all()

    def _forget_if_idle(self, key: str, entry: _Identity) -> None:
        if not (entry.attempts or entry.recognising or entry.waiting_recognitions):
            self._identities.pop(key, None)

    # --- claims ----------------------------------------------------------------------------------------

    def claim(self, key: str, object_id: str) -> None:
        """Record that a resource got ``object_id``: no recognition of ``key`` will take it."""
        now = time.time()
        with self._lock:
            claims = self._claims.setdefault(key, {})
            claims[object_id] = now
            for old in [sid for sid, at in claims.items() if now - at > CLAIM_RETENTION]:
                del claims[old]
            for idle in [k for k, c in self._claims.items() if not c]:
                del self._claims[idle]
        path = self._path(key, "claims")
        if path is not None:
            with _open_locked(path, exclusive=True) as handle:
                handle.write(f"{now:.3f} {object_id}\n")

    def claimed_here(self, key: str) -> set[str]:
        """The ids claimed for ``key`` within ``CLAIM_RETENTION`` by this process (its resources)."""
        now = time.time()
        with self._lock:
            return {sid for sid, at in self._claims.get(key, {}).items() if now - at <= CLAIM_RETENTION}

    def claimed(self, key: str) -> set[str]:
        """The ids claimed for ``key`` within ``CLAIM_RETENTION``, here and by every process of this user
        on this machine."""
        now = time.time()
        ids = self.claimed_here(key)
        path = self._path(key, "claims")
        if path is not None and path.exists():
            with _open_locked(path, exclusive=False) as handle:
                for line in handle.read().splitlines():
                    at, _, object_id = line.partition(" ")
                    try:
                        fresh = now - float(at) <= CLAIM_RETENTION
                    except ValueError:
                        continue  # a torn line from a crashed process
                    if fresh and object_id:
                        ids.add(object_id)
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
                at, _, object_id = line.partition(" ")
                try:
                    if now - float(at) <= CLAIM_RETENTION and object_id:
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
                raise CreateError(
                    "Another process on this machine has been creating the same object for more than "
                    f"{seconds:.0f} s, so the outcome of this create cannot be checked safely. Nothing more "
                    "was sent; run `pulumi up` again once the other run has finished."
                ) from None
            time.sleep(_POLL)


Holding = Literal["taken", "recorded"]


class Holdings:
    """The object ids the resources served by this process hold (see the module docstring).

    ``taken``: created or adopted by a create in this process. ``recorded``: a resource's recorded id,
    seen by diff, read or update. One id is never both, and never taken twice."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holding: dict[str, Holding] = {}

    def take(self, object_id: str, what: str) -> None:
        """Hand ``object_id`` to the resource being created; :class:`OwnershipError` naming ``what`` (the
        object, as messages name it) if another resource of this stack holds it."""
        with self._lock:
            if object_id not in self._holding:
                self._holding[object_id] = "taken"
                return
        raise OwnershipError(
            f"{what} cannot be managed by this resource: another resource of this stack already manages it, "
            "and one object cannot belong to two resources. Remove the id from one of the two declarations."
        )

    def record(self, object_id: str, what: str) -> None:
        """Note a resource's recorded id; :class:`OwnershipError` if a create of this process took it."""
        with self._lock:
            holding = self._holding.setdefault(object_id, "recorded")
        if holding == "taken":
            raise OwnershipError(
                f"{what} is recorded by this resource, and another resource of this stack took it in this "
                "run (adopted by its id). One object cannot belong to two resources: remove the id from the "
                "other declaration."
            )

    def taken_here(self, object_id: str) -> bool:
        """Whether a create of this process (an adoption, or a lost answer recognised) took the object."""
        with self._lock:
            return self._holding.get(object_id) == "taken"

    def holds(self, object_id: str) -> bool:
        """Whether a resource served by this process holds the object (taken or recorded)."""
        with self._lock:
            return object_id in self._holding

    def release(self, object_id: str) -> None:
        """Forget ``object_id`` (its resource is gone, or the create that took it failed)."""
        with self._lock:
            self._holding.pop(object_id, None)
