"""The floor of the provider benchmark: a dynamic provider that does nothing but what no provider avoids.

Every gRPC call to ``python -m pulumi.dynamic`` pays the SDK's own work: decoding the request's
properties, finding the (cached) provider, encoding the answer. ``FloorProvider`` adds nothing to that
for Check and Diff, and for Create, Read and Update only one bare keep-alive ``requests`` request to the
stub API (``BENCH_FLOOR_URL`` in the plugin's environment) with a body of the same size as the real
provider's. So the real provider's CPU over this one's, for the same call with the same payload, is what
the provider's own work costs.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable, Mapping
from typing import Any, Final

import requests
from pulumi.dynamic import (
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    ResourceProvider,
    UpdateResult,
)

from provider.rcs_senders.properties import CREATION_ONLY, TABLE

URL_VARIABLE: Final = "BENCH_FLOOR_URL"
PROJECT_PATH: Final = "/v1/projects/floor/rcs/senders"
_SERVER_FIELDS: Final = frozenset(["id", "details"])
_DETAILS: Final = ("brand", "testNumbers", "countries", "questionnaire")

_session = requests.Session()


def _send(method: str, path: str, body: Any = None) -> dict[str, Any]:
    data = None if body is None else json.dumps(body)
    headers = {"Authorization": "Bearer floor", "Content-Type": "application/json"}
    answer = _session.request(method, os.environ[URL_VARIABLE] + path, data=data, headers=headers, timeout=30)
    answer.raise_for_status()
    return dict(answer.json())


def _outputs(props: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    return {**props, **{key: value for key, value in answer.items() if key not in _SERVER_FIELDS}}


def _details(props: dict[str, Any]) -> dict[str, Any]:
    return {key: props[key] for key in _DETAILS if key in props}


class FloorProvider(ResourceProvider):
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult(news, [])

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        body = {**{key: props[key] for key in CREATION_ONLY}, "details": _details(props)}
        answer = _send("POST", PROJECT_PATH, body)
        return CreateResult(str(answer["id"]), _outputs(props, answer))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        answer = _send("GET", f"{PROJECT_PATH}/{id_}")
        return ReadResult(id_, _outputs(props, answer))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        changed = {key: value for key, value in news.items() if olds.get(key) != value}
        answer = _send("PATCH", f"{PROJECT_PATH}/{id_}", {"details": _details(changed)})
        return UpdateResult(_outputs(news, answer))


class FloorSender(Resource):
    """A resource of the floor provider with an ``RcsSender``'s properties: its inputs and every output
    (the program's SDK makes one Output per property, and waits for every one of them)."""

    def __init__(self, name: str, props: dict[str, Any]) -> None:
        super().__init__(FloorProvider(), name, dict.fromkeys(TABLE.state_to_python) | props, None)


def floor_program(declarations: Mapping[str, Mapping[str, Any]]) -> Callable[[], None]:
    """A program declaring one ``FloorSender`` per (resource name -> declaration, state shape)."""
    frozen = {name: copy.deepcopy(dict(declaration)) for name, declaration in declarations.items()}

    def program() -> None:
        for name, declaration in frozen.items():
            FloorSender(name, copy.deepcopy(declaration))

    return program
