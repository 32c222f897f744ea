"""``DynamicProvider``: a resource's :class:`~provider.core.lifecycle.Lifecycle` served as a Pulumi dynamic
provider (``python -m pulumi.dynamic``).

A resource's provider class is one line of wiring: ``class RcsSenderProvider(DynamicProvider): lifecycle =
SenderLifecycle``. This class does the rest, the same for every resource:

- configuration: the provider object is pickled into every resource's state, so it must carry nothing:
  ``configure()`` (called by the plugin once per process, after unpickling) keeps the stack's ``sinch:*``
  settings in a :class:`~provider.runtime.ProviderRuntime` on the instance's ``__dict__``, never in the
  pickled state. Used outside the plugin (no ``configure()``), the runtime reads the environment only;
- values: Pulumi's unknowns and wrapped secrets become plain values on the way in
  (:mod:`provider.dynamic.values`) and unknowns go back on the way out; the table's secret outputs are
  marked by the resource class (``additional_secret_outputs``), since a dynamic plugin cannot return them;
- failures: every step runs under :func:`~provider.core.reporting.reporting` (one short message);
- diagnostics: the lifecycle's log is ``pulumi.log``, which the plugin prints to the CLI.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pulumi
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

from provider.core.lifecycle import Context, Lifecycle
from provider.core.reporting import reporting
from provider.dynamic.values import to_pulumi_values, to_schema_values
from provider.runtime import ProviderRuntime, runtime_for
from provider.settings import ALL_SETTINGS


class _PulumiLog:
    """The lifecycle's log in the dynamic plugin: ``pulumi.log`` (printed by the plugin to the CLI)."""

    def info(self, message: str) -> None:
        pulumi.log.info(message)

    def warn(self, message: str) -> None:
        pulumi.log.warn(message)


class DynamicProvider(ResourceProvider):
    """Serves ``lifecycle``. Subclasses set it; they are constructed with no arguments and pickle empty."""

    lifecycle: ClassVar[type[Lifecycle]]

    # Nothing secret is ever on the instance (tests check the pickled payload), so the serialized provider
    # need not be encrypted: that keeps each resource's state small and saves a crypto call per value.
    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        config = {setting.config_key: req.config.get(setting.config_key) for setting in ALL_SETTINGS}
        self.__dict__["_live"] = runtime_for(config)

    def _runtime(self) -> ProviderRuntime:
        runtime = self.__dict__.get("_live")
        if runtime is None:  # not configured (direct use outside the plugin): environment only
            runtime = self.__dict__.setdefault("_live", runtime_for({}))
        assert isinstance(runtime, ProviderRuntime)
        return runtime

    def _steps(self) -> Lifecycle:
        return self.lifecycle(Context(self._runtime(), _PulumiLog()))

    def _named(self, doing: str) -> str:
        return f"{doing} {self.lifecycle.table.a_resource}"

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        with reporting(self._named("Check of")):
            checked = self._steps().check(to_schema_values(_olds), to_schema_values(news))
            failures = [CheckFailure(path, reason) for path, reason in checked.failures]
            if checked.inputs is None:
                return CheckResult(news, failures)
            return CheckResult(to_pulumi_values(checked.inputs), failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        with reporting(self._named("Diff of")):
            planned = self._steps().diff(id_, to_schema_values(olds), to_schema_values(news))
            return DiffResult(
                changes=planned.changed,
                replaces=planned.replaces,
                delete_before_replace=planned.delete_before_replace,
            )

    def create(self, props: dict[str, Any]) -> CreateResult:
        with reporting(self._named("Creating")):
            created = self._steps().create(to_schema_values(props))
            return CreateResult(created.id, to_pulumi_values(created.outputs))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        with reporting(self._named("Reading")):
            recorded = to_schema_values(props)
            refreshed = self._steps().read(id_, recorded, self.lifecycle.table.declared(recorded))
            if refreshed is None:
                return ReadResult("", {})  # gone from Sinch: an empty id tells Pulumi to drop it
            return ReadResult(
                refreshed.id, to_pulumi_values(refreshed.outputs), to_pulumi_values(refreshed.inputs)
            )

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        with reporting(self._named("Updating")):
            outputs = self._steps().update(id_, to_schema_values(olds), to_schema_values(news))
            return UpdateResult(to_pulumi_values(outputs))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        with reporting(self._named("Deleting")):
            self._steps().delete(id_, to_schema_values(props))
