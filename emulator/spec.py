"""The contracts the emulator is judged by, read once: the RCS and the Webhooks parts of the Sinch
Provisioning API and the apps-and-webhooks slice of the Conversation API (``spec/*.openapi.yaml``), and one
JSON Schema validator per operation parameter, request body, response and webhook event body, built from them
at first use.

How the Provisioning documents are read, where a literal reading would reject what they document as valid:

- every ``oneOf`` is evaluated as ``anyOf``: the RCS document's ``oneOf`` variants overlap (a verification
  answer with a ``phone`` matches both the US and the non-US variant; the legacy US answers require nothing
  and so match everything), so strict ``oneOf`` rejects payloads the API documents as valid;
- the Webhooks PATCH body (``WebhookUpdateWebhookInputDto``) declares ``target`` and ``secret``
  ``type: object`` while giving them string keywords (``format``, ``maxLength``) and sending plain strings in
  its examples: both are read as strings;
- ``format: url`` is checked (an absolute URL: a scheme and a host), ``format: email`` as JSON Schema's
  format checker does (it contains an ``@``); other formats (``hex``, ``timestamp``...) are not checked.

The Conversation document (OpenAPI 3.0.2) is read as the readings in its header say (its header numbers
them; ``_read_conversation`` applies those that change a schema):

- the channel credential's ``oneOf`` of 11 kinds, none of which requires anything (so no request can match
  exactly one), becomes a choice by ``channel`` (``CREDENTIAL_KINDS``): for each channel an ``if`` (the
  entry's ``channel`` is it) ``then`` (its kind's object is required and valid, the other kinds' objects are
  not allowed); an entry must carry ``channel``. ``line_enterprise_credentials`` needs exactly one of
  ``line_japan`` and ``line_thailand``. This is plain JSON Schema, so ``component_violations`` judges the
  project's own request bodies by the same reading;
- objects are closed: a property no schema of the object declares is refused (``propertyNames``, as a
  protobuf gateway refuses unknown fields); declared read-only ones are accepted (and ignored by the
  handlers);
- the limits its prose states are keywords (``PROSE_LIMITS``: ``ttl_days``, ``retry_duration``,
  ``callback_secret``, a webhook's ``target``);
- every operation may answer 404 in the wrapped error form (``runtimeError``), and the deletes' 200 is the
  empty object ``{}``;
- parameters and responses are read through their ``$ref``s, path-level parameters included; an array query
  parameter with ``explode: false`` (``update_mask``) is one comma-separated value.

Nothing here knows about the provider, its schemas or Pulumi.
"""

from __future__ import annotations

import copy
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
CONVERSATION = "conversation"
DOCUMENT_FILES: Mapping[str, str] = {
    RCS: "rcs-provisioning.openapi.yaml",
    WEBHOOKS: "webhooks-provisioning.openapi.yaml",
    CONVERSATION: "conversation-apps-webhooks.openapi.yaml",
}
PROVISIONING_DOCUMENTS = (
    RCS,
    WEBHOOKS,
)  # served at the root; the Conversation API under /conversation/{region}
HTTP_METHODS = ("get", "put", "post", "delete", "patch")

# Which credential object each channel of a Conversation API app takes (reading 1 of the document's header),
# as Sinch's SDKs bind them; LINE takes either of its two.
CREDENTIAL_KINDS: Mapping[str, tuple[str, ...]] = {
    "SMS": ("static_bearer",),
    "RCS": ("static_bearer",),
    "WHATSAPP": ("static_bearer",),
    "VIBERBM": ("static_bearer",),
    "MESSENGER": ("static_token",),
    "MMS": ("mms_credentials",),
    "KAKAOTALK": ("kakaotalk_credentials",),
    "KAKAOTALKCHAT": ("kakaotalkchat_credentials",),
    "TELEGRAM": ("telegram_credentials",),
    "LINE": ("line_credentials", "line_enterprise_credentials"),
    "WECHAT": ("wechat_credentials",),
    "INSTAGRAM": ("instagram_credentials",),
    "APPLEBC": ("applebc_credentials",),
}
# Limits the Conversation document states in prose only (reading 8), as keywords: (schema, property) -> them.
PROSE_LIMITS: Mapping[tuple[str, str], Mapping[str, int]] = {
    ("RetentionPolicy", "ttl_days"): {"minimum": 1, "maximum": 3650},
    ("DispatchRetentionPolicy", "ttl_days"): {"minimum": 0, "maximum": 7},
    ("MessageRetrySettings", "retry_duration"): {"minimum": 30, "maximum": 3600},
    ("ChannelCredentialsCommonTypes", "callback_secret"): {"maxLength": 256},
    ("Webhook", "target"): {"maxLength": 742},
}
_NOT_FOUND_RESPONSE = "404NotFound"  # the response component reading 3 adds
# The schema of a property that must not be there ({"not": {}}: no value is valid; not the boolean schema
# `false`, whose errors jsonschema reports without the property's path). validation.py words its failure.
NOT_ALLOWED: Mapping[str, Any] = {"not": {}}

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
    if name == CONVERSATION:
        _read_conversation(relaxed)
    return relaxed


def _exactly_one_of(keys: tuple[str, ...]) -> dict[str, Any]:
    """Keywords requiring exactly one of ``keys`` (one key: that key), so that a failure names the key:
    ``anyOf`` of each required (the request path reports the closest variant), and ``if`` one is there
    ``then`` the others are not allowed. (Not ``oneOf``: its failure message repeats the whole object,
    secrets included.)"""
    if len(keys) == 1:
        return {"required": list(keys)}
    return {
        "anyOf": [{"required": [key]} for key in keys],
        "allOf": [
            {
                "if": {"required": [key]},
                "then": {"properties": {other: NOT_ALLOWED for other in keys if other != key}},
            }
            for key in keys
        ],
    }


_COMPOSITIONS = ("allOf", "anyOf", "oneOf")


def _parts(doc: Mapping[str, Any], items: list[Any]) -> list[bool]:
    """For each schema of a composition: whether it is a part of a larger object, i.e. another of the
    schemas declares properties (``allOf: [Webhook, {required: [app_id]}]`` leaves ``Webhook`` whole)."""
    declared = [bool(_declared(doc, item)) for item in items]
    return [any(flag for other, flag in enumerate(declared) if other != index) for index in range(len(items))]


def _composed_refs(doc: Mapping[str, Any], node: Any) -> Iterator[str]:
    """The ``$ref`` of every schema that is a part of a larger object in some composition (``allOf``...)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _COMPOSITIONS:
                for item, part in zip(value, _parts(doc, value), strict=True):
                    if part and isinstance(item, dict) and "$ref" in item:
                        yield item["$ref"]
            yield from _composed_refs(doc, value)
    elif isinstance(node, list):
        for item in node:
            yield from _composed_refs(doc, item)


def _declared(doc: Mapping[str, Any], node: Any) -> set[str]:
    """Every property name an object schema declares, its composition parts' (through ``$ref``) included."""
    if not isinstance(node, dict):
        return set()
    if "$ref" in node:
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return _declared(doc, target)
    names = set(node.get("properties") or {})
    for key in _COMPOSITIONS:
        for item in node.get(key) or []:
            names |= _declared(doc, item)
    return names


def _close(doc: Mapping[str, Any], node: Any, part: bool = False) -> None:
    """Refuse property names an object schema does not declare (its parts' included), at every level, with
    ``propertyNames`` (validation.py words the failure); a part of a larger object stays open (its siblings
    declare the rest), and so does every part of it that is an object."""
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in _COMPOSITIONS:
            for item, of_larger in zip(value, _parts(doc, value), strict=True):
                _close(doc, item, part=part or of_larger)
        elif key == "properties":
            for sub in value.values():
                _close(doc, sub)
        elif key == "items":
            _close(doc, value)
    if not part and node.get("type") == "object" and ("properties" in node or "allOf" in node):
        node["propertyNames"] = {"enum": sorted(_declared(doc, node))}


def _read_conversation(doc: dict[str, Any]) -> None:
    """Apply the readings of the Conversation document's header that change a schema (module docstring)."""
    schemas = doc["components"]["schemas"]
    # Reading 10: objects are closed (before reading 1 rewrites the credential kinds it reads the names of).
    parts = set(_composed_refs(doc, doc))
    for name, schema in schemas.items():
        _close(doc, schema, part=f"#/components/schemas/{name}" in parts)
    # Reading 1: the credential kind is chosen by `channel` (every oneOf is an anyOf by now).
    variants: dict[str, str] = {}
    for option in schemas["ChannelCredentialsTypes"]["anyOf"]:
        ref = option["$ref"]
        (key,) = schemas[ref.rsplit("/", 1)[1]]["properties"]
        variants[key] = ref
    channels = set(schemas["ConversationChannel"]["enum"])
    bound = {key for keys in CREDENTIAL_KINDS.values() for key in keys}
    if channels != set(CREDENTIAL_KINDS) or bound != set(variants):
        raise ValueError(
            "the Conversation document's channels or credential kinds changed: "
            f"channels {sorted(channels ^ set(CREDENTIAL_KINDS))}, kinds {sorted(bound ^ set(variants))}"
        )
    rules = []
    for channel, keys in CREDENTIAL_KINDS.items():
        one = _exactly_one_of(keys)
        then: dict[str, Any] = {
            **one,
            "allOf": [*({"$ref": variants[key]} for key in keys), *one.get("allOf", [])],
            "properties": dict.fromkeys(sorted(set(variants) - set(keys)), NOT_ALLOWED),
        }
        rules.append(
            {"if": {"properties": {"channel": {"const": channel}}, "required": ["channel"]}, "then": then}
        )
    schemas["ChannelCredentialsTypes"] = {"type": "object", "required": ["channel"], "allOf": rules}
    enterprise = schemas["LineEnterpriseCredentialsField"]["properties"]["line_enterprise_credentials"]
    one = _exactly_one_of(("line_japan", "line_thailand"))
    enterprise["allOf"][0] = {**one, "allOf": [*enterprise["allOf"][0]["anyOf"], *one["allOf"]]}
    # Reading 8: the limits stated in prose.
    for (schema, field), limits in PROSE_LIMITS.items():
        schemas[schema]["properties"][field].update(limits)
    # Readings 3 and 4: a 404 in the wrapped form everywhere, and the deletes' 200 is {}.
    doc["components"]["responses"][_NOT_FOUND_RESPONSE] = {
        "description": "Not found: an unknown id, an app of another region, an unknown endpoint (reading 3).",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/runtimeError"}}},
    }
    for item in doc["paths"].values():
        for method, raw in item.items():
            if method not in HTTP_METHODS:
                continue
            raw["responses"].setdefault("404", {"$ref": f"#/components/responses/{_NOT_FOUND_RESPONSE}"})
            if method == "delete" and "content" not in raw["responses"]["200"]:
                raw["responses"]["200"]["content"] = {
                    "application/json": {"schema": {"type": "object", "maxProperties": 0}}
                }


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
def _component_validator(name: str, doc: str | None = None) -> Validator:
    return validator(doc or _component_document(name), {"$ref": f"#/components/schemas/{name}"})


def iter_violations(check: Validator, instance: Any) -> Iterator[SchemaViolation]:
    for error in check.iter_errors(instance):
        yield SchemaViolation(tuple(error.absolute_path), error.message)


def component_violations(name: str, instance: Any, doc: str | None = None) -> list[SchemaViolation]:
    """Every way ``instance`` breaks the component schema ``name`` (empty when valid): of document ``doc``,
    or of the first document that has a schema of that name (``RCS``, ``WEBHOOKS``, ``CONVERSATION``)."""
    check = _component_validator(name, doc)
    return sorted(iter_violations(check, instance), key=lambda v: (v.dotted, v.message))


def writable_properties(name: str, doc: str = CONVERSATION) -> frozenset[str]:
    """The top-level properties of a component schema that a client may send (those not ``readOnly``)."""
    schema = _inliner(doc)({"$ref": f"#/components/schemas/{name}"})
    return frozenset(field for field, sub in _properties(schema).items() if not sub.get("readOnly"))


def component_defaults(name: str, doc: str = CONVERSATION) -> dict[str, Any]:
    """The ``default`` of each property of a component schema that declares one (through ``$ref`` and
    ``allOf``), e.g. ``{"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 180}`` for
    ``RetentionPolicy``."""
    schema = _inliner(doc)({"$ref": f"#/components/schemas/{name}"})
    found: dict[str, Any] = {}
    for field, sub in _properties(schema).items():
        default = _default(sub)
        if default is not None:
            found[field] = default
    return found


def _properties(schema: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(schema.get("properties") or {})
    for part in schema.get("allOf") or []:
        out.update(_properties(part))
    return out


def _default(schema: Mapping[str, Any]) -> Any:
    if "default" in schema:
        return schema["default"]
    for part in schema.get("allOf") or []:
        found = _default(part)
        if found is not None:
            return found
    return None


def mask_passwords(name: str, instance: Any, doc: str = CONVERSATION) -> Any:
    """A copy of ``instance`` (valid for component ``name``) whose ``format: password`` strings are empty:
    what an emulator that does not echo secrets answers."""
    return _mask(_inliner(doc)({"$ref": f"#/components/schemas/{name}"}), copy.deepcopy(instance))


def _mask(schema: Any, value: Any) -> Any:
    if not isinstance(schema, Mapping):
        return value
    if schema.get("format") == "password" and isinstance(value, str):
        return ""
    for key in ("allOf", "anyOf", "oneOf"):
        for part in schema.get(key) or []:
            value = _mask(part, value)
    if "then" in schema:  # the credential kinds: each kind's own keys, so applying every `then` is safe
        value = _mask(schema["then"], value)
    if isinstance(value, dict):
        for field, sub in (schema.get("properties") or {}).items():
            if field in value:
                value[field] = _mask(sub, value[field])
    if isinstance(value, list) and "items" in schema:
        value = [_mask(schema["items"], item) for item in value]
    return value


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
    explode: bool = True  # an array: repeated keys (True) or one comma-separated value (False)


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    template: tuple[str, ...]
    document: str
    parameters: tuple[Parameter, ...]
    body: Validator | None  # None: the operation takes no body (one sent is ignored)
    responses: Mapping[int, Validator | None]  # by status; None: no content


def _resolved(doc: str, node: Mapping[str, Any]) -> Mapping[str, Any]:
    """A parameter, request body or response object, its ``$ref`` (to ``components``) followed."""
    while "$ref" in node:
        target: Any = document(doc)
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _parameter(doc: str, raw: Mapping[str, Any]) -> Parameter:
    schema = typed = _inliner(doc)(raw["schema"])
    while "type" not in typed and typed.get("allOf"):
        typed = typed["allOf"][0]
    check = Draft202012Validator(schema, format_checker=FORMATS)
    explode = bool(raw.get("explode", raw.get("style", "form") == "form"))
    return Parameter(raw["name"], raw["in"], bool(raw.get("required")), typed.get("type"), check, explode)


def _parameters(doc: str, template: str, raw: Mapping[str, Any]) -> tuple[Parameter, ...]:
    """The path item's parameters, then the operation's (which override one of the same name and place)."""
    chosen: dict[tuple[str, str], Mapping[str, Any]] = {}
    for item in [*document(doc)["paths"][template].get("parameters", []), *raw.get("parameters", [])]:
        parameter = _resolved(doc, item)
        chosen[(parameter["name"], parameter["in"])] = parameter
    return tuple(_parameter(doc, parameter) for parameter in chosen.values())


def _json_validator(doc: str, content: Mapping[str, Any] | None) -> Validator | None:
    media = (content or {}).get("application/json")
    return None if media is None else validator(doc, media.get("schema", {}))


@functools.cache
def operations() -> tuple[Operation, ...]:
    """Every operation of every document."""
    return tuple(
        Operation(
            operation_id=raw["operationId"],
            method=method.upper(),
            template=tuple(template.strip("/").split("/")),
            document=doc,
            parameters=_parameters(doc, template, raw),
            body=_json_validator(doc, _resolved(doc, raw.get("requestBody") or {}).get("content")),
            responses={
                int(status): _json_validator(doc, _resolved(doc, response).get("content"))
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


def match(
    method: str, segments: tuple[str, ...], documents: tuple[str, ...] = PROVISIONING_DOCUMENTS
) -> Match | None:
    """The operation of ``documents`` a method and decoded path segments name, or None for a path the API
    lacks."""
    found: dict[str, Operation] = {}
    params: dict[str, str] = {}
    for operation in operations():
        if operation.document not in documents:
            continue
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
    for name in ("AppResponse", "Webhook"):
        _component_validator(name, CONVERSATION)
