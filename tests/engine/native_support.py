"""The `echo` native plugin (`fixtures/native_echo`) under the engine: its resource and provider classes as a
program declares them with the plain SDK, and an engine for a throwaway project that uses it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pulumi

from engine import CallRecord, Engine

PLUGIN = Path(__file__).parent / "fixtures" / "native_echo"
TOKEN = "t0ken-of-the-stack"


class Echo(pulumi.CustomResource):
    """`echo:index:Echo`, declared as a generated SDK would: inputs, and the outputs to read back as None."""

    greeting: pulumi.Output[str]
    signature: pulumi.Output[str]
    pid: pulumi.Output[float]

    def __init__(
        self,
        name: str,
        message: pulumi.Input[str],
        *,
        tag: str | None = None,
        unique: bool | None = None,
        delete_first: bool | None = None,
        password: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {
            "message": message,
            "tag": tag,
            "unique": unique,
            "deleteFirst": delete_first,
            "password": password,
            "greeting": None,
            "signature": None,
            "pid": None,
        }
        super().__init__("echo:index:Echo", name, props, opts)


class EchoProvider(pulumi.ProviderResource):
    """An explicit `pulumi:providers:echo` instance with its own configuration."""

    def __init__(
        self,
        name: str,
        *,
        store_dir: str,
        prefix: pulumi.Input[str] | None = None,
        token: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("echo", name, {"storeDir": store_dir, "prefix": prefix, "token": token}, opts)


def echo_engine(tmp_path: Path, **config: str) -> Engine:
    """An engine for a project in `tmp_path/project` whose stack config (`echo:*`) configures the default
    `echo` provider to keep its echoes in `tmp_path/store`; `config` adds or overrides `echo:` keys."""
    project = tmp_path / "project"
    project.mkdir(exist_ok=True)
    (project / "Pulumi.yaml").write_text("name: echo-test\nruntime: python\n")
    store(tmp_path).mkdir(exist_ok=True)
    settings = {"storeDir": str(store(tmp_path)), "prefix": "hello ", "token": TOKEN, **config}
    return Engine(
        project,
        config={f"echo:{key}": value for key, value in settings.items()},
        secret_config_keys=["echo:token"],
        plugins={"echo": PLUGIN},
        # The plugin imports only Pulumi: a warm start (forked from a parent that imported it) is the same
        # plugin, started in ~0.03 s instead of ~0.3 s.
        warm_plugins=True,
    )


def store(tmp_path: Path) -> Path:
    return tmp_path / "store"


def stored(tmp_path: Path) -> dict[str, dict[str, Any]]:
    """The echoes the plugin keeps, by id."""
    return {path.stem: json.loads(path.read_text()) for path in sorted(store(tmp_path).glob("*.json"))}


def echoes(**messages: str) -> Callable[[], None]:
    """A program declaring one `Echo` per (name -> message) with the default provider."""

    def program() -> None:
        for name, message in messages.items():
            Echo(name, message)

    return program


def most_at_once(calls: Iterable[CallRecord], rpcs: set[str]) -> int:
    """The largest number of calls to `rpcs` in flight at the same moment."""
    events = sorted(
        (tick, step)
        for call in calls
        if call.rpc in rpcs
        for tick, step in ((call.seq, 1), (call.finished, -1))
    )
    running = peak = 0
    for _, step in events:
        running += step
        peak = max(peak, running)
    return peak
