"""The stack state the engine keeps between operations, and its checkpoint rendering.

Custom resources are in `StackState.resources`; provider resources (`pulumi:providers:<pkg>`, default and
explicit, each with its UUID id and checked configuration as inputs and outputs) in `StackState.providers`.
`StackState.checkpoint_json()` renders the state as `pulumi stack export` would (deployment version 3), with
every secret replaced by the engine's encrypted form `{"4dab...": "1b47...", "ciphertext": "v1:..."}`. The
ciphertext is an opaque keyed digest: it reveals nothing of the value.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import hashlib
import hmac
import json
import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from engine.urns import STACK_TYPE, Urn, dependency_urns, parse_urn
from engine.values import (
    SECRET_SIG,
    SIG_KEY,
    PropertyMap,
    Secret,
    contains_secrets,
    copy_value,
    reveal,
    reveal_map,
)

PROVIDER_TYPE_PREFIX: Final = "pulumi:providers:"
DEFAULT_PROVIDER_TYPE: Final = "pulumi:providers:pulumi-python"
"""The type of the default provider of Python dynamic resources."""


def is_provider_type(type_: str) -> bool:
    return type_.startswith(PROVIDER_TYPE_PREFIX)


def parse_provider_reference(reference: str) -> tuple[str, str]:
    """`<provider urn>::<provider id>` -> (urn, id), as a resource's `provider` records it."""
    urn, separator, id_ = reference.rpartition("::")
    if not separator or not urn.startswith("urn:pulumi:"):
        raise ValueError(f"not a provider reference: {reference!r}")
    return urn, id_


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class ResourceState:
    """One resource in state (the engine's `resource.State`; every one is a custom resource, and a provider
    resource is one whose type is `pulumi:providers:<pkg>`)."""

    urn: str
    type: str
    id: str = ""
    inputs: PropertyMap = field(default_factory=dict)
    outputs: PropertyMap = field(default_factory=dict)
    parent: str = ""
    provider: str = ""
    protect: bool = False
    external: bool = False
    """Read with `.get()` / `opts.id`: never deleted, only forgotten."""
    delete: bool = False
    """Pending deletion: the old half of a create-before-delete replacement."""
    retain_on_delete: bool = False
    dependencies: list[str] = field(default_factory=list)
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
    additional_secret_outputs: list[str] = field(default_factory=list)
    import_id: str = ""
    """The id the resource was imported with (`import_`): the engine imports again only if it changes."""

    @property
    def name(self) -> str:
        return parse_urn(self.urn).name

    @property
    def plain_inputs(self) -> PropertyMap:
        return reveal_map(self.inputs)

    @property
    def plain_outputs(self) -> PropertyMap:
        return reveal_map(self.outputs)

    @property
    def secret_outputs(self) -> list[str]:
        """Top-level output names that are (or contain) secrets."""
        return sorted(key for key, value in self.outputs.items() if contains_secrets(value))

    @property
    def provider_urn(self) -> str:
        """The URN of the provider resource that manages this one ("" for none)."""
        return parse_provider_reference(self.provider)[0] if self.provider else ""

    @property
    def is_provider(self) -> bool:
        return is_provider_type(self.type)

    def all_dependencies(self) -> set[str]:
        """Parent, dependencies, property dependencies and provider: what must outlive this resource."""
        urns = dependency_urns(self.parent, self.dependencies, self.property_dependencies)
        if self.provider:
            urns.add(self.provider_urn)
        return urns

    def copy(self) -> ResourceState:
        return dataclasses.replace(
            self,
            inputs=copy_value(self.inputs),
            outputs=copy_value(self.outputs),
            dependencies=list(self.dependencies),
            property_dependencies={key: list(urns) for key, urns in self.property_dependencies.items()},
            additional_secret_outputs=list(self.additional_secret_outputs),
        )


class StackState:
    """The resources of one stack, in the order they were first recorded, and their provider resources."""

    def __init__(self, project: str, stack: str, organization: str = "organization") -> None:
        self.project = project
        self.stack = stack
        self.organization = organization
        self.resources: list[ResourceState] = []
        self.providers: list[ResourceState] = []
        self.stack_outputs: PropertyMap = {}
        self._dynamic_provider_id = str(uuid.uuid4())
        self._mac_key = secrets.token_bytes(32)

    # -- the default provider of Python dynamic resources --------------------------------------------------

    def _dynamic_provider(self) -> ResourceState | None:
        urn = self.provider_urn
        return next((p for p in self.providers if p.urn == urn and not p.delete), None)

    @property
    def provider_config(self) -> PropertyMap | None:
        """The inputs of the dynamic resources' default provider (`pulumi:providers:pulumi-python::default`):
        the stack config at the last `up` (secrets wrapped); None while there is none. Setting it records
        that provider (or drops it, with None)."""
        provider = self._dynamic_provider()
        return provider.inputs if provider is not None else None

    @provider_config.setter
    def provider_config(self, config: PropertyMap | None) -> None:
        provider = self._dynamic_provider()
        if config is None:
            self.providers = [p for p in self.providers if p is not provider]
            return
        if provider is None:
            provider = ResourceState(urn=self.provider_urn, type=DEFAULT_PROVIDER_TYPE, id=self.provider_id)
            self.providers.insert(0, provider)
        provider.inputs = copy_value(dict(config))
        provider.outputs = copy_value(dict(config))

    @property
    def provider_id(self) -> str:
        provider = self._dynamic_provider()
        return provider.id if provider is not None else self._dynamic_provider_id

    @provider_id.setter
    def provider_id(self, id_: str) -> None:
        self._dynamic_provider_id = id_
        provider = self._dynamic_provider()
        if provider is not None:
            provider.id = id_

    # -- queries -----------------------------------------------------------------------------------------

    @property
    def stack_urn(self) -> str:
        return str(Urn(self.stack, self.project, STACK_TYPE, f"{self.project}-{self.stack}"))

    @property
    def provider_urn(self) -> str:
        return str(Urn(self.stack, self.project, DEFAULT_PROVIDER_TYPE, "default"))

    @property
    def provider_reference(self) -> str:
        return f"{self.provider_urn}::{self.provider_id}"

    def live(self) -> list[ResourceState]:
        """Resources not pending deletion."""
        return [r for r in self.resources if not r.delete]

    def all_states(self) -> list[ResourceState]:
        """Provider resources, then the other resources (the order a checkpoint lists them in)."""
        return [*self.providers, *self.resources]

    def get(self, urn: str) -> ResourceState | None:
        for resource in self.all_states():
            if resource.urn == urn and not resource.delete:
                return resource
        return None

    def provider(self, reference: str) -> ResourceState | None:
        """The provider resource a `provider` reference (`urn::id`) names, if it is in state."""
        urn, id_ = parse_provider_reference(reference)
        return next((p for p in self.providers if p.urn == urn and p.id == id_), None)

    def provider_by_name(self, name: str, package: str | None = None) -> ResourceState:
        """The provider resource named `name` (`default`, or an explicit provider's name)."""
        matches = [
            p
            for p in self.providers
            if p.name == name
            and not p.delete
            and (package is None or p.type == PROVIDER_TYPE_PREFIX + package)
        ]
        if len(matches) != 1:
            found = ", ".join(p.urn for p in matches) or "none"
            raise KeyError(f"expected one provider named {name!r} in state, found {found}")
        return matches[0]

    def by_name(self, name: str, type_: str | None = None) -> ResourceState:
        matches = [
            r
            for r in self.live()
            if r.name == name and (type_ is None or r.type == type_ or r.type.endswith(type_))
        ]
        if len(matches) != 1:
            found = ", ".join(r.urn for r in matches) or "none"
            raise KeyError(f"expected one resource named {name!r} in state, found {found}")
        return matches[0]

    def __contains__(self, name: object) -> bool:
        return any(r.name == name or r.urn == name for r in self.live())

    def names(self) -> list[str]:
        return [r.name for r in self.live()]

    def copy(self) -> StackState:
        twin = copy.copy(self)
        twin.resources = [r.copy() for r in self.resources]
        twin.providers = [p.copy() for p in self.providers]
        twin.stack_outputs = copy_value(self.stack_outputs)
        return twin

    def replace_resources(self, resources: Iterable[ResourceState]) -> None:
        """Replace the custom resources (the provider resources stay)."""
        self.resources = list(resources)

    def replace_all(self, states: Iterable[ResourceState]) -> None:
        """Replace provider and custom resources alike (each goes to its list, in the given order)."""
        states = list(states)
        self.providers = [s for s in states if s.is_provider]
        self.resources = [s for s in states if not s.is_provider]

    # -- checkpoint --------------------------------------------------------------------------------------

    def _ciphertext(self, value: Any) -> str:
        plain = json.dumps(reveal(value), sort_keys=True, separators=(",", ":")).encode()
        digest = hmac.new(self._mac_key, plain, hashlib.sha256).digest()
        return "v1:" + base64.b64encode(digest[:12]).decode() + ":" + base64.b64encode(digest[12:]).decode()

    def _render_value(self, value: Any, show_secrets: bool = False) -> Any:
        if isinstance(value, Secret):
            if show_secrets:  # as `pulumi stack export --show-secrets` writes it
                return {SIG_KEY: SECRET_SIG, "plaintext": json.dumps(reveal(value.value))}
            return {SIG_KEY: SECRET_SIG, "ciphertext": self._ciphertext(value.value)}
        if isinstance(value, dict):
            return {k: self._render_value(v, show_secrets) for k, v in value.items()}
        if isinstance(value, list):
            return [self._render_value(v, show_secrets) for v in value]
        return value

    def _render_map(self, props: Mapping[str, Any], show_secrets: bool = False) -> dict[str, Any]:
        return {k: self._render_value(v, show_secrets) for k, v in props.items()}

    def _render_resource(self, resource: ResourceState, show_secrets: bool) -> dict[str, Any]:
        rendered: dict[str, Any] = {"urn": resource.urn, "custom": True}
        optional: dict[str, Any] = {
            "delete": resource.delete,
            "id": resource.id,
            "type": resource.type,
            "inputs": self._render_map(resource.inputs, show_secrets),
            "outputs": self._render_map(resource.outputs, show_secrets),
            "parent": resource.parent,
            "protect": resource.protect,
            "external": resource.external,
            "dependencies": resource.dependencies,
            "provider": resource.provider,
            "propertyDependencies": resource.property_dependencies,
            "additionalSecretOutputs": resource.additional_secret_outputs,
            "retainOnDelete": resource.retain_on_delete,
            "importID": resource.import_id,
        }
        rendered.update({k: v for k, v in optional.items() if v or k == "type"})
        return rendered

    def checkpoint(self, *, show_secrets: bool = False) -> dict[str, Any]:
        """The state as `pulumi stack export` renders it (secrets encrypted; `show_secrets`: in plain text,
        as `pulumi stack export --show-secrets` writes them, e.g. for fixtures of real state)."""
        resources: list[dict[str, Any]] = []
        if self.resources or self.providers or self.stack_outputs:
            resources.append(
                {
                    "urn": self.stack_urn,
                    "custom": False,
                    "type": STACK_TYPE,
                    "outputs": self._render_map(self.stack_outputs, show_secrets),
                }
            )
        resources.extend(self._render_resource(r, show_secrets) for r in self.all_states())
        return {
            "version": 3,
            "deployment": {
                "manifest": {"time": now_iso(), "magic": "harness", "version": "harness"},
                "secrets_providers": {"type": "passphrase", "state": {"salt": "v1:harness"}},
                "resources": resources,
            },
        }

    def checkpoint_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.checkpoint(), indent=indent, sort_keys=False)


def _read_value(value: Any) -> Any:
    if isinstance(value, dict) and value.get(SIG_KEY) == SECRET_SIG:
        if "plaintext" not in value:
            raise ValueError("an encrypted secret cannot be read back: export the state with --show-secrets")
        return Secret(_read_value(json.loads(value["plaintext"])))
    if isinstance(value, dict):
        return {k: _read_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_read_value(v) for v in value]
    return value


def state_from_checkpoint(checkpoint: Mapping[str, Any], project: str, stack: str) -> StackState:
    """A `StackState` from a `pulumi stack export --show-secrets` document (the custom resources and the
    provider resources; the stack resource's outputs)."""
    state = StackState(project, stack)
    for entry in checkpoint["deployment"]["resources"]:
        if entry["type"] == STACK_TYPE:
            state.stack_outputs = _read_value(entry.get("outputs", {}))
        else:
            target = state.providers if is_provider_type(entry["type"]) else state.resources
            target.append(
                ResourceState(
                    urn=entry["urn"],
                    type=entry["type"],
                    id=entry.get("id", ""),
                    inputs=_read_value(entry.get("inputs", {})),
                    outputs=_read_value(entry.get("outputs", {})),
                    parent=entry.get("parent", ""),
                    provider=entry.get("provider", ""),
                    protect=entry.get("protect", False),
                    external=entry.get("external", False),
                    delete=entry.get("delete", False),
                    retain_on_delete=entry.get("retainOnDelete", False),
                    dependencies=list(entry.get("dependencies", [])),
                    property_dependencies=dict(entry.get("propertyDependencies", {})),
                    additional_secret_outputs=list(entry.get("additionalSecretOutputs", [])),
                    import_id=entry.get("importID", ""),
                )
            )
    return state
