"""The stack state the engine keeps between operations, and its checkpoint rendering.

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

DEFAULT_PROVIDER_TYPE: Final = "pulumi:providers:pulumi-python"


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class ResourceState:
    """One resource in state (the engine's `resource.State`; every one is a custom resource)."""

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

    def all_dependencies(self) -> set[str]:
        """Parent, dependencies and property dependencies: what must outlive this resource."""
        return dependency_urns(self.parent, self.dependencies, self.property_dependencies)

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
    """The resources of one stack, in the order they were first recorded."""

    def __init__(self, project: str, stack: str, organization: str = "organization") -> None:
        self.project = project
        self.stack = stack
        self.organization = organization
        self.resources: list[ResourceState] = []
        self.stack_outputs: PropertyMap = {}
        self.provider_config: PropertyMap | None = None
        """The default provider's inputs: the stack config at the last `up` (secrets wrapped)."""
        self.provider_id = str(uuid.uuid4())
        self._mac_key = secrets.token_bytes(32)

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

    def get(self, urn: str) -> ResourceState | None:
        for resource in self.resources:
            if resource.urn == urn and not resource.delete:
                return resource
        return None

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
        twin.stack_outputs = copy.deepcopy(self.stack_outputs)
        twin.provider_config = copy.deepcopy(self.provider_config)
        return twin

    def replace_resources(self, resources: Iterable[ResourceState]) -> None:
        self.resources = list(resources)

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
        }
        rendered.update({k: v for k, v in optional.items() if v or k == "type"})
        return rendered

    def checkpoint(self, *, show_secrets: bool = False) -> dict[str, Any]:
        """The state as `pulumi stack export` renders it (secrets encrypted; `show_secrets`: in plain text,
        as `pulumi stack export --show-secrets` writes them, e.g. for fixtures of real state)."""
        resources: list[dict[str, Any]] = []
        if self.resources or self.stack_outputs:
            resources.append(
                {
                    "urn": self.stack_urn,
                    "custom": False,
                    "type": STACK_TYPE,
                    "outputs": self._render_map(self.stack_outputs, show_secrets),
                }
            )
        if self.provider_config is not None and self.resources:
            config = self._render_map(self.provider_config, show_secrets)
            resources.append(
                {
                    "urn": self.provider_urn,
                    "custom": True,
                    "id": self.provider_id,
                    "type": DEFAULT_PROVIDER_TYPE,
                    "inputs": config,
                    "outputs": config,
                }
            )
        resources.extend(self._render_resource(r, show_secrets) for r in self.resources)
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
    default provider's config; the stack resource's outputs)."""
    state = StackState(project, stack)
    for entry in checkpoint["deployment"]["resources"]:
        if entry["type"] == STACK_TYPE:
            state.stack_outputs = _read_value(entry.get("outputs", {}))
        elif entry["type"] == DEFAULT_PROVIDER_TYPE:
            state.provider_config = _read_value(entry.get("inputs", {}))
            state.provider_id = entry["id"]
        else:
            state.resources.append(
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
                )
            )
    return state
