"""`ToyProvider`: a small but complete dynamic provider used to test the engine harness itself.

Inputs: `label` (required string), `size` (integer >= 0, default 1), `kind` ("small"/"large", changing it
replaces), `note` (any string), `replaceStrategy` ("delete-first" asks for delete-before-replace), `failOn`
("create"/"update"/"delete": that step raises), `rendezvous` (N: create waits until N creates run at once).
Outputs add `arn`, `token` (meant to be a secret output) and `version`.

Configuration: `toy:storePath` (the JSON "cloud"), `toy:apiKey` (must match the store's key when the store
has one), and `<project>:greeting` (read through the project namespace, so it needs `PULUMI_PROJECT`).
"""

from __future__ import annotations

import secrets
import sys
import threading
from typing import Any, ClassVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from pulumi.output import Unknown

from tests.engine.toy.store import ToyStore

INPUT_KEYS = ("label", "size", "kind", "note", "replaceStrategy", "failOn", "rendezvous")
REPLACE_KEYS = ("kind",)
KINDS = ("small", "large")


class ToyError(Exception):
    """An error the toy provider reports to the engine."""


def _is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


class ToyProvider(ResourceProvider):
    """Holds nothing at construction: the store and key come from `configure()` inside the plugin."""

    _store: ToyStore | None = None
    _api_key: str | None = None
    _greeting: str | None = None

    _lock: ClassVar[threading.Lock] = threading.Lock()
    _in_flight: ClassVar[int] = 0
    _barriers: ClassVar[dict[int, threading.Barrier]] = {}

    def configure(self, req: ConfigureRequest) -> None:
        path = req.config.get("toy:storePath")
        self._store = ToyStore(path) if path else None
        self._api_key = req.config.get("toy:apiKey")
        self._greeting = req.config.get("greeting")

    def _require_store(self) -> ToyStore:
        if self._store is None:
            raise ToyError("toy:storePath is not configured")
        expected = self._store.snapshot().get("apiKey")
        if expected is not None and self._api_key != expected:
            raise ToyError("toy:apiKey does not match the store's key")
        return self._store

    # -- check / diff ------------------------------------------------------------------------------------

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        failures: list[CheckFailure] = []
        label = news.get("label")
        if label is None:
            failures.append(CheckFailure("label", "label is required"))
        elif not _is_unknown(label) and (not isinstance(label, str) or not label.strip()):
            failures.append(CheckFailure("label", "label must be a non-empty string"))
        size = news.get("size", 1)
        if not _is_unknown(size):
            if isinstance(size, bool) or not isinstance(size, (int, float)) or size < 0 or size != int(size):
                failures.append(CheckFailure("size", "size must be an integer >= 0"))
            else:
                size = int(size)
        kind = news.get("kind", "small")
        if not _is_unknown(kind) and kind not in KINDS:
            failures.append(CheckFailure("kind", f"kind must be one of {', '.join(KINDS)}"))
        inputs = {k: v for k, v in news.items() if k in INPUT_KEYS}
        inputs["size"] = size
        inputs["kind"] = kind
        if self._greeting is not None:
            inputs["greeting"] = self._greeting
        return CheckResult(inputs, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = [key for key in INPUT_KEYS if _is_unknown(news.get(key)) or olds.get(key) != news.get(key)]
        replaces = [key for key in changed if key in REPLACE_KEYS]
        return DiffResult(
            changes=bool(changed),
            replaces=replaces,
            delete_before_replace=news.get("replaceStrategy") == "delete-first",
        )

    # -- CRUD --------------------------------------------------------------------------------------------

    def _wait_for_rendezvous(self, size: int) -> None:
        with ToyProvider._lock:
            barrier = ToyProvider._barriers.setdefault(size, threading.Barrier(size, timeout=30))
        barrier.wait()

    def create(self, props: dict[str, Any]) -> CreateResult:
        store = self._require_store()
        if props.get("failOn") == "create":
            raise ToyError(f"create refused for {props.get('label')}")
        with ToyProvider._lock:
            ToyProvider._in_flight += 1
            in_flight = ToyProvider._in_flight
        try:
            store.transact(lambda data: _record_concurrency(data, in_flight))
            if props.get("rendezvous"):
                self._wait_for_rendezvous(int(props["rendezvous"]))
            fields = {k: v for k, v in props.items() if k in INPUT_KEYS}

            def insert(data: dict[str, Any]) -> str:
                thing_id = f"toy-{data['next']:04d}"
                data["next"] += 1
                data["things"][thing_id] = {
                    **fields,
                    "arn": f"toy::{thing_id}",
                    "token": f"tok-{thing_id}-{secrets.token_hex(8)}",
                    "version": 1,
                }
                return thing_id

            thing_id = store.transact(insert)
        finally:
            with ToyProvider._lock:
                ToyProvider._in_flight -= 1
        print(f"toy: created {thing_id} ({props.get('label')})", file=sys.stderr, flush=True)
        return CreateResult(thing_id, self._outputs(store.things()[thing_id], props))

    def _outputs(self, thing: dict[str, Any], props: dict[str, Any]) -> dict[str, Any]:
        outputs = dict(thing)
        if "greeting" in props:
            outputs["greeting"] = props["greeting"]
        return outputs

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        store = self._require_store()
        thing = store.things().get(id_)
        if thing is None:
            return ReadResult("", {})
        inputs = {k: v for k, v in thing.items() if k in INPUT_KEYS}
        if self._greeting is not None:
            inputs["greeting"] = self._greeting
        return ReadResult(id_, self._outputs(thing, props), inputs=inputs)

    def update(self, id_: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        store = self._require_store()
        if news.get("failOn") == "update":
            raise ToyError(f"update refused for {news.get('label')}")
        fields = {k: v for k, v in news.items() if k in INPUT_KEYS}

        def change(data: dict[str, Any]) -> None:
            thing = data["things"].get(id_)
            if thing is None:
                raise ToyError(f"thing {id_} does not exist")
            for key in INPUT_KEYS:
                thing.pop(key, None)
            thing.update(fields)
            thing["version"] += 1

        store.transact(change)
        return UpdateResult(self._outputs(store.things()[id_], news))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        store = self._require_store()
        if props.get("failOn") == "delete":
            raise ToyError(f"delete refused for {props.get('label')}")

        def change(data: dict[str, Any]) -> None:
            data["things"].pop(id_, None)

        store.transact(change)


def _record_concurrency(data: dict[str, Any], in_flight: int) -> None:
    stats = data.setdefault("stats", {})
    stats["creates"] = stats.get("creates", 0) + 1
    stats["maxConcurrentCreates"] = max(stats.get("maxConcurrentCreates", 0), in_flight)
