"""The official RCS Provisioning API contract, loaded once, and the validators built from it.

The emulator judges every request and (in strict mode) every response it gives by this document, and the
tests use the same validators to prove that what our client sends and what our schemas serialise is
what Sinch accepts. Nothing here knows about our client, our schemas or Pulumi: a bug shared by both
sides of a test must not be able to hide behind shared code.

One documented deviation from a literal reading of the document: every ``oneOf`` is evaluated as
``anyOf``. The spec's ``oneOf`` variants overlap (a verification answer with a ``phone`` matches both the
US and the non-US variant; the legacy US answers require nothing and so match everything), so strict
``oneOf`` rejects payloads the API documents as valid. The RCS notes (section 9) say to treat
the variants as documentation; this is how.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema_path import SchemaPath
from openapi_core import OpenAPI
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

# The documents: spec/ in a checkout; emulator/openapi/ in an installed wheel (pyproject.toml copies them).
_PACKAGED = Path(__file__).resolve().parent / "openapi"
SPEC_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parent.parent / "spec"
SPEC_PATH = SPEC_DIR / "rcs-provisioning.openapi.yaml"
SPEC_URI = "urn:sinch:rcs-provisioning"


@dataclass(frozen=True)
class SchemaViolation:
    """One way in which a document breaks a schema: where (JSON path parts) and what."""

    path: tuple[str | int, ...]
    message: str

    @property
    def dotted(self) -> str:
        """The location as ``details.brand.emails[0].address`` (the form the real API reports)."""
        out = ""
        for part in self.path:
            if isinstance(part, int):
                out += f"[{part}]"
            else:
                out += f".{part}" if out else part
        return out or "(body)"

    def __str__(self) -> str:
        return f"{self.dotted}: {self.message}"


def _one_of_as_any_of(node: Any) -> Any:
    if isinstance(node, dict):
        return {("anyOf" if key == "oneOf" else key): _one_of_as_any_of(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_one_of_as_any_of(item) for item in node]
    return node


@functools.cache
def spec_document() -> Mapping[str, Any]:
    """The spec as a plain mapping, with ``oneOf`` read as ``anyOf`` (see the module docstring)."""
    with SPEC_PATH.open(encoding="utf-8") as handle:
        # The C (libyaml) safe loader gives the same document as yaml.safe_load, about ten times faster.
        raw = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loaders
    relaxed: Mapping[str, Any] = _one_of_as_any_of(raw)
    return relaxed


@functools.cache
def openapi() -> OpenAPI:
    """An ``openapi_core.OpenAPI`` for request and response validation against the whole spec."""
    return OpenAPI(SchemaPath.from_dict(copy.deepcopy(dict(spec_document())), base_uri=SPEC_URI))


@functools.cache
def _registry() -> Registry[Any]:
    resource: Resource[Any] = Resource.from_contents(dict(spec_document()), default_specification=DRAFT202012)
    # with_resources (typed) rather than with_resource (unannotated, so Any to mypy): same call underneath.
    return Registry().with_resources([(SPEC_URI, resource)])


@functools.cache
def _component_validator(name: str) -> OAS31Validator:
    if name not in spec_document()["components"]["schemas"]:
        raise KeyError(f"no component schema named {name!r} in {SPEC_PATH.name}")
    schema = {"$ref": f"{SPEC_URI}#/components/schemas/{name}"}
    return OAS31Validator(schema, registry=_registry(), format_checker=oas31_format_checker)


def component_violations(name: str, instance: Any) -> list[SchemaViolation]:
    """Every way ``instance`` breaks the component schema ``name`` (empty when it is valid)."""
    return sorted(_iter_violations(name, instance), key=lambda v: (v.dotted, v.message))


def _iter_violations(name: str, instance: Any) -> Iterator[SchemaViolation]:
    for error in _component_validator(name).iter_errors(instance):
        yield SchemaViolation(tuple(error.absolute_path), error.message)


def component_names() -> list[str]:
    """The names of all component schemas (``RcsSenderInputDto``, ...)."""
    return sorted(spec_document()["components"]["schemas"])
