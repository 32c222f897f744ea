"""Which spec operation a method and path name: the routing table, read from the spec's ``paths``."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from emulator.spec import spec_document

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Route:
    """One spec path: its template and the operation id for each method it has."""

    template: str
    operations: Mapping[str, str]  # upper-case method -> operationId

    @property
    def parts(self) -> list[str]:
        return self.template.strip("/").split("/")

    @property
    def allowed(self) -> tuple[str, ...]:
        return tuple(sorted(self.operations))


@dataclass(frozen=True)
class Match:
    """A path that names a spec route; ``operation_id`` is None when the route lacks the method."""

    route: Route
    operation_id: str | None
    params: Mapping[str, str]


@functools.cache
def routes() -> tuple[Route, ...]:
    """Every path of the spec with its operations."""
    out = []
    for template, item in spec_document()["paths"].items():
        operations = {
            method.upper(): operation["operationId"]
            for method, operation in item.items()
            if method in HTTP_METHODS
        }
        out.append(Route(template, operations))
    return tuple(out)


@functools.cache
def operation_ids() -> frozenset[str]:
    return frozenset(op for route in routes() for op in route.operations.values())


@functools.cache
def _operations_with_body() -> frozenset[str]:
    return frozenset(
        operation["operationId"]
        for item in spec_document()["paths"].values()
        for method, operation in item.items()
        if method in HTTP_METHODS and "requestBody" in operation
    )


def takes_body(operation_id: str) -> bool:
    """Whether the spec gives the operation a request body (launch, for one, has none: a body is ignored)."""
    return operation_id in _operations_with_body()


def match(method: str, segments: Sequence[str]) -> Match | None:
    """The route whose template fits the decoded path ``segments``, or None for a path the API lacks."""
    for route in routes():
        params = _fit(route.parts, segments)
        if params is not None:
            return Match(route, route.operations.get(method.upper()), params)
    return None


def _fit(template_parts: Sequence[str], segments: Sequence[str]) -> dict[str, str] | None:
    if len(template_parts) != len(segments):
        return None
    params: dict[str, str] = {}
    for expected, actual in zip(template_parts, segments, strict=True):
        if expected.startswith("{") and expected.endswith("}"):
            if not actual:
                return None
            params[expected[1:-1]] = actual
        elif expected != actual:
            return None
    return params
