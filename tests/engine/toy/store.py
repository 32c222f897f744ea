"""The toy provider's "cloud": a JSON file under an exclusive file lock (safe across threads, processes)."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class ToyStore:
    """Things by id (each a flat dict of the thing's fields), plus an `apiKey` and `stats`."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock_path = self.path.with_name(self.path.name + ".lock")

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._lock_path.open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _load(self) -> dict[str, Any]:
        if not self.path.exists():
            return {"next": 1, "things": {}, "stats": {}, "apiKey": None}
        data: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        return data

    def _save(self, data: dict[str, Any]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)

    def transact(self, change: Callable[[dict[str, Any]], T]) -> T:
        """Run `change` on the whole document under the lock and save it."""
        with self._locked():
            data = self._load()
            result = change(data)
            self._save(data)
            return result

    def snapshot(self) -> dict[str, Any]:
        with self._locked():
            return self._load()

    def things(self) -> dict[str, dict[str, Any]]:
        things: dict[str, dict[str, Any]] = self.snapshot()["things"]
        return things

    def set_api_key(self, key: str | None) -> None:
        def change(data: dict[str, Any]) -> None:
            data["apiKey"] = key

        self.transact(change)

    def edit_thing(self, thing_id: str, **fields: Any) -> None:
        """Change a thing behind the provider's back (drift)."""

        def change(data: dict[str, Any]) -> None:
            data["things"][thing_id].update(fields)

        self.transact(change)

    def remove_thing(self, thing_id: str) -> None:
        def change(data: dict[str, Any]) -> None:
            del data["things"][thing_id]

        self.transact(change)
