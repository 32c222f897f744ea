"""The contracts the emulator is judged by, read once: the RCS and the Webhooks parts of the Sinch
Provisioning API (``spec/*.openapi.yaml``), and one JSON Schema validator per operation parameter, request
body, response and webhook event body, built from them at first use.

How the documents are read, where a literal reading would reject what they document as valid:

- every ``oneOf`` is evaluated as ``anyOf``: the RCS document's ``oneOf`` variants overlap (a verification
  answer with a ``phone`` matches both the US and the non-US variant; the legacy US answers require nothing
  and so match everything), so strict ``oneOf`` rejects payloads the API documents as valid;
- the Webhooks PATCH body (``WebhookUpdateWebhookInputDto``) declares ``target`` and ``secret``
  ``type: object`` while giving them string keywords (``format``, ``maxLength``) and sending plain strings in
  its examples: both are read as strings;
- ``format: url`` is checked (an absolute URL: a scheme and a host), ``format: email`` as JSON Schema's
  format checker does (it contains an ``@``); other formats (``hex``, ``timestamp``...) are not checked.

Nothing here knows about the provider, its schemas or Pulumi.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]

# The documents: spec/ in a checkout; emulator/openapi/ in an installed wheel (pyproject.toml copies them).
_PACKAGED = Path(__file__).resolve().parent / "openapi"
SPEC_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parent.parent / "spec"
RCS = "rcs"
WEBHOOKS = "webhooks"
DOCUMENT_FILES: Mapping[str, str] = {
    RCS: "rcs-provisioning.openapi.yaml",
    WEBHOOKS: "webhooks-provisioning.openapi.yaml",
}
HTTP_METHODS = ("get", "put", "post", "delete", "patch")

# A jsonschema validator (jsonschema ships no type stubs): ``iter_errors(instance)``.
Validator = Any


def _is_email(value: object) -> bool:
    return not isinstance(value, str) or "@" in value


def _is_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return bool(parts.scheme and parts.netloc)


FORMATS = FormatChecker(formats=())
FORMATS.checks("email")(_is_email)
FORMATS.checks("url")(_is_url)


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
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out or "(body)"

    def __str__(self) -> str:
        return f"{self.dotted}: {self.message}"


# --- the documents ------------------------------------------------------------------------------------


def _one_of_as_any_of(node: Any) -> Any:
    if isinstance(node, dict):
        return {("anyOf" if key == "oneOf" else key): _one_of_as_any_of(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_one_of_as_any_of(item) for item in node]
    return node


@functools.cache
def document(name: str) -> Mapping[str, Any]:
    """One spec document as a plain mapping, read as the module docstring says."""
    with (SPEC_DIR / DOCUMENT_FILES[name]).open(encoding="utf-8") as handle:
        # The C (libyaml) safe loader gives the same document as yaml.safe_load, about ten times faster.
        raw = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loaders
    relaxed: dict[str, Any] = _one_of_as_any_of(raw)
    patch_schema = relaxed["components"]["schemas"].get("WebhookUpdateWebhookInputDto")
    if patch_schema is not None:
        for field in ("target", "secret"):
            patch_schema["properties"][field]["type"] = "string"
    return relaxed


def spec_document() -> Mapping[str, Any]:
    """The RCS document (``rcs-provisioning.openapi.yaml``)."""
    return document(RCS)


# --- schemas and validators ---------------------------------------------------------------------------


class _Inliner:
    """Schemas with every local ``$ref`` replaced by its target (once per target), so that validation does
    no reference lookups: about twice as fast as resolving them through a registry on every request."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self._doc = doc
        self._done: dict[str, Any] = {}

    def __call__(self, node: Any, trail: tuple[str, ...] = ()) -> Any:
        if isinstance(node, list):
            return [self(item, trail) for item in node]
        if not isinstance(node, dict):
            return node
        out = {key: self(value, trail) for key, value in node.items() if key != "$ref"}
        ref = node.get("$ref")
        if ref is None:
            return out
        target = self._target(ref, trail)
        return {"allOf": [target], **out} if out else target

    def _target(self, ref: str, trail: tuple[str, ...]) -> Any:
        if ref in trail:
            raise ValueError(f"recursive schema reference {ref}")
        if ref not in self._done:
            node: Any = self._doc
            for part in ref.removeprefix("#/").split("/"):
                node = node[part]
            self._done[ref] = self(node, (*trail, ref))
        return self._done[ref]


@functools.cache
def _inliner(name: str) -> _Inliner:
    return _Inliner(document(name))


def validator(doc: str, schema: Mapping[str, Any]) -> Validator:
    """A validator for ``schema`` (a part of document ``doc``), its references inlined."""
    return Draft202012Validator(_inliner(doc)(schema), format_checker=FORMATS)


def _component_document(name: str) -> str:
    for doc in DOCUMENT_FILES:
        if name in document(doc)["components"]["schemas"]:
            return doc
    raise KeyError(f"no component schema named {name!r} in spec/")


@functools.cache
def _component_validator(name: str) -> Validator:
    doc = _component_document(name)
    return validator(doc, {"$ref": f"#/components/schemas/{name}"})


def iter_violations(check: Validator, instance: Any) -> Iterator[SchemaViolation]:
    for error in check.iter_errors(instance):
        yield SchemaViolation(tuple(error.absolute_path), error.message)


def component_violations(name: str, instance: Any) -> list[SchemaViolation]:
    """Every way ``instance`` breaks the component schema ``name`` of either document (empty when valid)."""
    return sorted(iter_violations(_component_validator(name), instance), key=lambda v: (v.dotted, v.message))


def enum(name: str) -> list[str]:
    """The values of an enum component schema (RCS document)."""
    values: list[str] = list(spec_document()["components"]["schemas"][name]["enum"])
    return values


# --- operations -----------------------------------------------------------------------------------------


def _raw_operations(doc: str) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """(path template, method, operation object) of every operation of a document."""
    for template, item in document(doc)["paths"].items():
        for method, raw in item.items():
            if method in HTTP_METHODS:
                yield template, method, raw


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "path" or "query"
    required: bool
    kind: str | None  # the schema's type: "array" and "number" values are read as such from a query
    check: Validator


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    template: tuple[str, ...]
    document: str
    parameters: tuple[Parameter, ...]
    body: Validator | None  # None: the operation takes no body (one sent is ignored)
    responses: Mapping[int, Validator | None]  # by status; None: no content


def _parameter(doc: str, raw: Mapping[str, Any]) -> Parameter:
    schema = typed = _inliner(doc)(raw["schema"])
    while "type" not in typed and typed.get("allOf"):
        typed = typed["allOf"][0]
    check = Draft202012Validator(schema, format_checker=FORMATS)
    return Parameter(raw["name"], raw["in"], bool(raw.get("required")), typed.get("type"), check)


def _json_validator(doc: str, content: Mapping[str, Any] | None) -> Validator | None:
    media = (content or {}).get("application/json")
    return None if media is None else validator(doc, media.get("schema", {}))


@functools.cache
def operations() -> tuple[Operation, ...]:
    """Every operation of both documents."""
    return tuple(
        Operation(
            operation_id=raw["operationId"],
            method=method.upper(),
            template=tuple(template.strip("/").split("/")),
            document=doc,
            parameters=tuple(_parameter(doc, item) for item in raw.get("parameters", [])),
            body=_json_validator(doc, (raw.get("requestBody") or {}).get("content")),
            responses={
                int(status): _json_validator(doc, response.get("content"))
                for status, response in raw["responses"].items()
            },
        )
        for doc in DOCUMENT_FILES
        for template, method, raw in _raw_operations(doc)
    )


@dataclass(frozen=True)
class Match:
    """A path of the spec: the operation for the request's method (None if it has none), the path
    parameters, and the methods the path has."""

    operation: Operation | None
    params: Mapping[str, str]
    allowed: tuple[str, ...]


def match(method: str, segments: tuple[str, ...]) -> Match | None:
    """The operation a method and decoded path segments name, or None for a path the API lacks."""
    found: dict[str, Operation] = {}
    params: dict[str, str] = {}
    for operation in operations():
        fitted = _fit(operation.template, segments)
        if fitted is not None:
            found[operation.method], params = operation, fitted
    return Match(found.get(method.upper()), params, tuple(sorted(found))) if found else None


def _fit(template: tuple[str, ...], segments: tuple[str, ...]) -> dict[str, str] | None:
    if len(template) != len(segments):
        return None
    params: dict[str, str] = {}
    for expected, actual in zip(template, segments, strict=True):
        if expected.startswith("{") and actual:
            params[expected[1:-1]] = actual
        elif expected != actual:
            return None
    return params


def response_example(operation_id: str, status: int) -> Any:
    """The value of the first example of an operation's response (RCS document)."""
    for _, _, raw in _raw_operations(RCS):
        if raw["operationId"] == operation_id:
            examples = raw["responses"][str(status)]["content"]["application/json"]["examples"]
            return next(iter(examples.values()))["value"]
    raise KeyError(operation_id)


@dataclass(frozen=True)
class ErrorWords:
    """What the API answers for one error code: HTTP status, message and resolution."""

    status: int
    message: str
    resolution: str


@functools.cache
def error_words(doc: str) -> Mapping[str, ErrorWords]:
    """Every error code a document's examples show, with the example's status, message and resolution."""
    found: dict[str, ErrorWords] = {}
    for _, _, raw in _raw_operations(doc):
        for status, response in raw["responses"].items():
            for media in (response.get("content") or {}).values():
                for example in (media.get("examples") or {}).values():
                    value = example.get("value")
                    if isinstance(value, dict) and "errorCode" in value:
                        words = ErrorWords(int(status), value["message"], value["resolution"])
                        found.setdefault(value["errorCode"], words)
    return found


@dataclass(frozen=True)
class Callback:
    """A webhook event the RCS document declares (a ``callbacks`` entry): its body and header checks."""

    body: Validator
    headers: Mapping[str, Validator]


@functools.cache
def callbacks() -> Mapping[str, Callback]:
    """The declared event bodies by event type (the ``type`` of each callback's example)."""
    found: dict[str, Callback] = {}
    for _, _, raw in _raw_operations(RCS):
        for callback in (raw.get("callbacks") or {}).values():
            for expression in callback.values():
                post = expression["post"]
                media = post["requestBody"]["content"]["application/json"]
                headers = {
                    parameter["name"]: validator(RCS, parameter["schema"])
                    for parameter in post.get("parameters", [])
                    if parameter["in"] == "header"
                }
                found[media["example"]["type"]] = Callback(validator(RCS, media["schema"]), headers)
    return found


def warm_up() -> None:
    """Read everything now, so that the first request is not slow and a broken spec fails the start."""
    operations()
    callbacks()
    for doc in DOCUMENT_FILES:
        error_words(doc)
