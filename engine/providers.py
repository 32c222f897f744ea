"""Provider instances of one operation: the engine's provider registry (`pkg/resource/deploy/providers`).

Every custom resource is managed by a provider instance, named by its provider resource `pulumi:providers:
<pkg>` (a URN and a UUID id: the reference `<urn>::<id>` each resource records as `provider`). A program
declares explicit instances (`pulumi.ProviderResource`), or the engine makes the package's default provider
`pulumi:providers:<pkg>::default` from the stack config. Each instance is one plugin process of its own,
configured once with the instance's checked inputs: by the deployment that registers it (CheckConfig,
DiffConfig, then Configure), or, for a provider known only from state (refresh, destroy, the deletes of an
update), with the inputs recorded in state (the registry's `Same`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from typing import Any

from engine.plugin import PluginError, PluginInfo, PluginProcess, PluginStartError
from engine.state import PROVIDER_TYPE_PREFIX, ResourceState, parse_provider_reference
from engine.values import PropertyMap

Launcher = Callable[[str, str], PluginProcess]
"""Starts the plugin of a package (`package`, `provider urn`) and returns it started."""


class ProviderUnavailableError(RuntimeError):
    """A provider instance could not be had: no plugin for its package, the plugin did not start, its
    configuration failed, or a resource names a provider that neither the program nor the state holds."""


def provider_type(package: str) -> str:
    """`sinch` -> `pulumi:providers:sinch`, the type of the package's provider resources."""
    return PROVIDER_TYPE_PREFIX + package


def default_provider_name(version: str = "") -> str:
    """The default provider's name (`ProviderRequest.DefaultName`): `default`, or with a version
    `default_1_2_3` (pre-release and build parts appended the same way)."""
    if not version:
        return "default"
    return "default_" + "_".join(part for part in re.split(r"[.+\-]", version) if part)


def reference(urn: str, id_: str) -> str:
    return f"{urn}::{id_}"


class ProviderInstance:
    """One provider instance: its provider resource's URN and id, the checked inputs it was configured with,
    and the one plugin process that serves it (started on first use, configured once)."""

    def __init__(self, launch: Launcher, urn: str, package: str) -> None:
        self.urn = urn
        self.package = package
        self.id = ""
        self.inputs: PropertyMap = {}
        self._launch = launch
        self._lock = threading.Lock()
        self._plugin: PluginProcess | None = None
        self._configured = False
        self._failure: str | None = None

    @property
    def ref(self) -> str:
        return reference(self.urn, self.id)

    def plugin(self) -> PluginProcess:
        """The plugin process, started on first use (raises `ProviderUnavailableError`)."""
        with self._lock:
            if self._failure is not None:
                raise ProviderUnavailableError(self._failure)
            if self._plugin is None:
                try:
                    self._plugin = self._launch(self.package, self.urn)
                except (PluginStartError, ProviderUnavailableError) as error:
                    self._failure = str(error)
                    raise ProviderUnavailableError(self._failure) from None
            return self._plugin

    def configure(self, inputs: Mapping[str, Any], id_: str) -> None:
        """`Configure` with `inputs` as this instance with id `id_` (raises `PluginError`)."""
        plugin = self.plugin()
        with self._lock:
            self.id = id_
            self.inputs = dict(inputs)
            plugin.configure(self.inputs, urn=self.urn, id_=id_)
            self._configured = True

    def configured_plugin(self, state: ResourceState) -> PluginProcess:
        """The plugin, configured from `state` (the provider resource as recorded) unless it already is;
        a failure is kept and raised again for every later use, as `ProviderUnavailableError`."""
        plugin = self.plugin()
        with self._lock:
            if self._failure is not None:
                raise ProviderUnavailableError(self._failure)
            if not self._configured:
                try:
                    plugin.configure(state.inputs, urn=self.urn, id_=state.id)
                except PluginError as error:
                    self._failure = f"configuring provider '{self.urn}' failed: {error.message}"
                    raise ProviderUnavailableError(self._failure) from None
                self.id = state.id
                self.inputs = dict(state.inputs)
                self._configured = True
            return plugin

    def stop(self) -> PluginInfo | None:
        with self._lock:
            plugin = self._plugin
        if plugin is None:
            return None
        plugin.stop()
        return plugin.info()


class ProviderRegistry:
    """The provider instances of one operation, by reference; those of the old state are loaded on demand."""

    def __init__(self, launch: Launcher, old_providers: list[ResourceState]) -> None:
        self._launch = launch
        self._old = {reference(p.urn, p.id): p for p in old_providers if not p.delete}
        self._lock = threading.Lock()
        self._by_ref: dict[str, ProviderInstance] = {}
        self._instances: list[ProviderInstance] = []

    def new_instance(self, urn: str, package: str) -> ProviderInstance:
        """A fresh instance (a provider resource's Check starts a plugin of its own)."""
        instance = ProviderInstance(self._launch, urn, package)
        with self._lock:
            self._instances.append(instance)
        return instance

    def publish(self, instance: ProviderInstance) -> None:
        """Make a configured instance the one its reference names."""
        with self._lock:
            self._by_ref[instance.ref] = instance

    def old_state(self, ref: str) -> ResourceState | None:
        return self._old.get(ref)

    def plugin_for(self, ref: str, fallback: ResourceState | None = None) -> PluginProcess:
        """The configured plugin of the provider `ref` names: one this operation registered, or one of the
        old state (configured from its recorded inputs; `fallback` stands in for a provider the state lacks).
        Raises `ProviderUnavailableError`."""
        with self._lock:
            instance = self._by_ref.get(ref)
            state = self._old.get(ref, fallback)
            if instance is None and state is not None:
                urn, _ = parse_provider_reference(ref)
                instance = ProviderInstance(self._launch, urn, state.type.removeprefix(PROVIDER_TYPE_PREFIX))
                self._by_ref[ref] = instance
                self._instances.append(instance)
        if instance is None:
            raise ProviderUnavailableError(f"unknown provider '{ref}'")
        if state is not None and instance.id in ("", state.id):
            return instance.configured_plugin(state)
        return instance.plugin()

    def close(self) -> list[PluginInfo]:
        """Stop every plugin process; what each left, in start order."""
        with self._lock:
            instances = list(self._instances)
        return [info for info in (instance.stop() for instance in instances) if info is not None]
