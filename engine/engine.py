"""`Engine`: the Pulumi engine for one stack (preview, up, refresh, destroy, import) against real plugins.

The step logic follows the engine (`pkg/resource/deploy/step_generator.go`, `step.go`, `providers/
registry.go`, `default_providers.go`, `provider_plugin.go`, 3.2xx): provider resources (default and explicit)
are checked, diffed and configured like the engine's registry does, one plugin process per provider
instance; Check and Diff run one registration at a time (the step generator is sequential), while Create,
Update, Read and Delete run in parallel (up to `parallel`, the step executor). Deletes run after the program
finished without failures, dependents first (a provider after the resources it manages).
`engine/README.md` lists what is and is not modelled.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from engine.engine_service import EngineService
from engine.paths import PropertyPathError, apply_ignore_changes
from engine.plugin import (
    DYNAMIC_PACKAGE,
    DiffChanges,
    DiffResult,
    PluginError,
    PluginProcess,
)
from engine.program import (
    Invocation,
    InvocationResult,
    InvokeError,
    Program,
    ProgramError,
    Registration,
    RegistrationOptions,
    RegistrationResult,
    run_program,
)
from engine.project import read_plugin_folder, read_project
from engine.providers import (
    ProviderRegistry,
    ProviderUnavailableError,
    default_provider_name,
    provider_type,
    reference,
)
from engine.report import OperationKind, OperationReport, ResourceReport
from engine.state import ResourceState, StackState, is_provider_type, parse_provider_reference
from engine.steps import (
    delete_schedule,
    imported_replace_error,
    protected_delete_error,
    protected_replace_error,
    record_plugin_error,
    settle_diff,
    show_diff,
)
from engine.urns import make_urn, parse_urn
from engine.values import UNKNOWN_SENTINEL, PropertyMap, Secret, mark_secret_outputs, reveal_map

_IMPORT: Final = (
    "import is not supported: a Python dynamic provider's Read fails without state "
    "(KeyError: '__provider'), as with `pulumi import`"
)
_Failure = (PluginError, ProviderUnavailableError)


class OperationFailedError(AssertionError):
    """Raised by `OperationReport`-returning calls when asked to insist on success (`check=True`)."""


@dataclass
class _Plan:
    """What the step generator decided for one registration."""

    kind: Literal["create", "same", "update", "replace"]
    inputs: PropertyMap
    old: ResourceState | None = None
    delete_before_replace: bool = False


class _Operation:
    """What every operation has: its report, the engine service its plugins log to, and its providers."""

    def __init__(self, engine: Engine, kind: OperationKind, parallel: int | None) -> None:
        self.engine = engine
        self.report = OperationReport(kind)
        self.parallel = max(1, parallel if parallel is not None else engine.parallel)
        self.service = EngineService(engine.state.stack_urn)
        self.old = engine.state.copy()
        self.providers = ProviderRegistry(self._launch, self.old.providers)

    def _launch(self, package: str, provider_urn: str) -> PluginProcess:
        return self.engine.start_plugin(package, provider_urn, self.service)

    def plugin_of(self, resource: ResourceState) -> PluginProcess:
        """The configured plugin of the provider that manages `resource` (as recorded in its state)."""
        state = self.engine.state
        ref = resource.provider or state.provider_reference
        fallback = None
        if ref == state.provider_reference and self.old.provider_config is None:  # a state made by hand
            fallback = ResourceState(
                urn=state.provider_urn, type=provider_type(DYNAMIC_PACKAGE), id=state.provider_id
            )
            fallback.inputs = self.engine.config_args()
        return self.providers.plugin_for(ref, fallback)

    def close(self) -> None:
        self.report.add_plugins(self.providers.close())
        self.report.diagnostics = self.service.entries()
        self.service.stop()
        self.engine.plugin_stderr_history.append(self.report.plugin_stderr)

    # -- deletes -----------------------------------------------------------------------------------------

    def delete_step(self, resource: ResourceState, report: ResourceReport, *, preview: bool) -> bool:
        """`DeleteStep.Apply`: the provider's Delete, unless in preview, or the resource is read (external),
        retained on delete, or a provider resource (deleting one only shuts its plugin down). False when the
        Delete failed (the error is on `report`)."""
        if preview or resource.external or resource.retain_on_delete or resource.is_provider:
            return True
        try:
            plugin = self.plugin_of(resource)
            plugin.delete(resource.id, resource.urn, resource.outputs, resource.inputs)
        except PluginError as error:
            record_plugin_error(report, error)
            return False
        except ProviderUnavailableError as error:
            report.error = str(error)
            return False
        return True

    def run_deletes(
        self, condemned: list[tuple[ResourceState, bool]], *, preview: bool
    ) -> list[ResourceState]:
        """Delete steps for `(resource, replaced)` pairs in reverse dependency order, each antichain in
        parallel; the resources deleted (or that would be, in preview). Stops after a layer with a failure."""
        replaced = {id(r): flag for r, flag in condemned}

        def delete(resource: ResourceState) -> bool:
            report = self.row(resource.urn)
            if not replaced[id(resource)]:
                report.op = "discard" if resource.external else "delete"
                if resource.protect:
                    report.error = protected_delete_error(resource.urn)
                    return False
            return self.delete_step(resource, report, preview=preview)

        deleted: list[ResourceState] = []
        for layer in delete_schedule([r for r, _ in condemned]):
            with ThreadPoolExecutor(max_workers=self.parallel, thread_name_prefix="engine-delete") as pool:
                results = list(pool.map(delete, layer))
            deleted.extend(r for r, ok in zip(layer, results, strict=True) if ok)
            if not all(results):
                break
        return deleted

    def row(self, urn: str) -> ResourceReport:
        """The report row of `urn`; a default provider's (`IsDefaultProvider`: a provider whose name starts
        with `default`) is hidden, as the CLI hides its steps."""
        parsed = parse_urn(urn)
        hidden = is_provider_type(parsed.type) and parsed.name.startswith("default")
        return self.report.for_urn(urn, hidden=hidden)


class _Deployment(_Operation):
    """One preview, up or import: the registration handler (step generator and executor), then deletes."""

    def __init__(
        self, engine: Engine, kind: OperationKind, parallel: int | None, *, planned_import: bool = False
    ) -> None:
        super().__init__(engine, kind, parallel)
        self.preview = kind == "preview"
        self.planned_import = planned_import
        """`pulumi import`: the imported resource takes the inputs Read returned; nothing is deleted."""
        self.olds: dict[str, ResourceState] = {r.urn: r for r in self.old.all_states() if not r.delete}
        self.news: dict[str, ResourceState] = {}
        self.seen: set[str] = set()
        self.failed: set[str] = set()
        self.replaced: list[ResourceState] = []
        """Old halves of create-before-delete replacements, deleted after the program."""
        self.deleted_first: set[str] = set()
        """URNs whose old resource a delete-before-replace deleted during the program."""
        self.deleted_ids: set[int] = set()
        self.default_refs: dict[tuple[str, str], str | None] = {}
        self.gen_lock = threading.Lock()
        self.state_lock = threading.Lock()
        self.default_lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(self.parallel)

    # -- program side ------------------------------------------------------------------------------------

    def run(self, program: Program) -> OperationReport:
        try:
            try:
                self.report.program = run_program(
                    program,
                    preview=self.preview,
                    resource_handler=self.handle,
                    invoke_handler=self.invoke,
                    config=self.engine.config,
                    secret_keys=sorted(self.engine.secret_config_keys),
                    project=self.engine.project,
                    stack=self.engine.stack,
                    organization=self.engine.organization,
                    parallel=self.parallel,
                    root_directory=self.engine.project_file.directory,
                )
                program_ok = True
            except ProgramError as error:
                self.report.add_error(f"the program failed: {error}")
                self.report.program_traceback = error.traceback_text
                program_ok = False
            self.finish(program_ok)
        finally:
            self.close()
        return self.report

    def finish(self, program_ok: bool) -> None:
        if program_ok and not self.failed and not self.planned_import:
            self._delete_phase()
        if not self.preview:
            self._commit(program_ok)

    def handle(self, registration: Registration) -> RegistrationResult:
        with self.state_lock:
            duplicate = registration.urn in self.seen
            self.seen.add(registration.urn)
            blocked = bool(self._dependencies(registration) & self.failed)
        if duplicate:
            self.report.add_error(f"Duplicate resource URN '{registration.urn}'; try giving it a unique name")
            return RegistrationResult(status="failed")
        report = self.row(registration.urn)
        if not registration.custom:
            report.error = "component resources are not modelled by this engine"
            return self._fail(registration)
        if blocked:
            report.op = "same" if registration.urn in self.olds else "create"
            if registration.kind == "read":
                report.op = "read"
            report.skipped = True
            return self._fail(registration, status="skipped")
        if is_provider_type(registration.type):
            with self.gen_lock:
                return self._register_provider(registration, report)
        ref = self._provider_ref(registration, report)
        if ref is None:
            return self._fail(registration)
        if registration.kind == "read":
            with self.slots:
                return self._read(registration, report, ref)
        options = registration.options
        old = self.olds.get(registration.urn)
        old_import_id = (old.import_id or old.id) if old is not None else ""
        if options.import_id and (old is None or old.external or old_import_id != options.import_id):
            return self._import(registration, report, ref)
        with self.gen_lock:
            plan = self._generate(registration, report, ref)
        if plan is None:
            return self._fail(registration)
        with self.slots:
            return self._apply(plan, registration, report, ref)

    def invoke(self, invocation: Invocation) -> InvocationResult:
        """A provider function (`Invoke`), served by its explicit provider or its package's default one (in
        preview too, with `preview=true`); the plugin's error fails the call in the program."""
        ref = invocation.provider or self._default_provider(invocation.package, invocation.version)
        if ref is None:
            raise InvokeError(
                f"the default provider for package '{invocation.package}' failed: see its error"
            )
        try:
            plugin = self.providers.plugin_for(ref)
            result, failures = plugin.invoke(invocation.token, invocation.args, preview=self.preview)
        except PluginError as error:
            raise InvokeError(error.message) from None
        except ProviderUnavailableError as error:
            raise InvokeError(str(error)) from None
        return InvocationResult(result=result, failures=tuple((f.property, f.reason) for f in failures))

    @staticmethod
    def _dependencies(registration: Registration) -> set[str]:
        urns = registration.all_dependencies()
        if registration.provider:
            urns.add(parse_provider_reference(registration.provider)[0])
        return urns

    def _fail(
        self, registration: Registration, status: Literal["failed", "skipped"] = "failed"
    ) -> RegistrationResult:
        with self.state_lock:
            self.failed.add(registration.urn)
        return RegistrationResult(status=status)

    # -- providers ---------------------------------------------------------------------------------------

    def _provider_ref(self, registration: Registration, report: ResourceReport) -> str | None:
        """The provider reference of a custom resource: its explicit provider, or its package's default
        provider (registered on first use, as `defaultProviders.handleRequest` does)."""
        if registration.provider:
            return registration.provider
        package, version = registration.package, registration.version
        ref = self._default_provider(package, version)
        if ref is None:
            name = default_provider_name(version)
            report.error = f"the default provider for package '{package}' ({name}) failed: see its error"
        return ref

    def _default_provider(self, package: str, version: str) -> str | None:
        """The reference of the package's default provider, registered on first use; None if that failed."""
        with self.default_lock:
            if (package, version) not in self.default_refs:
                self.default_refs[(package, version)] = self._register_default_provider(package, version)
            return self.default_refs[(package, version)]

    def _register_default_provider(self, package: str, version: str) -> str | None:
        name = default_provider_name(version)
        type_ = provider_type(package)
        urn = make_urn(self.engine.stack, self.engine.project, "", type_, name)
        inputs = self.engine.package_config(package)
        if version:
            inputs["version"] = version
        registration = Registration(
            kind="register", urn=urn, type=type_, name=name, custom=True, parent="", raw_inputs=inputs
        )
        with self.state_lock:
            self.seen.add(urn)
        with self.gen_lock:
            result = self._register_provider(registration, self.row(urn))
        return reference(urn, result.id) if result.status == "ok" else None

    def _register_provider(self, registration: Registration, report: ResourceReport) -> RegistrationResult:
        """A provider resource's steps, as the registry runs them: a plugin of its own checks the config
        (`CheckConfig`), an existing provider is diffed (`DiffConfig`; unknown: old outputs against the new
        inputs), then the instance is configured as what it became: create (a new UUID; unknown in a
        preview), same or update (its id), replace (a new instance and id; the old one is deleted after the
        program, after the resources it managed)."""
        urn, package = registration.urn, registration.package
        old = self.olds.get(urn)
        report.op = "create" if old is None else "same"
        instance = self.providers.new_instance(urn, package)
        try:
            plugin = instance.plugin()
            news = registration.raw_inputs
            if old is not None:
                news = apply_ignore_changes(news, old.inputs, registration.options.ignore_changes)
            checked = plugin.check_config(urn, old.inputs if old is not None else {}, news)
        except PluginError as error:
            record_plugin_error(report, error)
            return self._fail(registration)
        except (ProviderUnavailableError, PropertyPathError) as error:
            report.error = str(error)
            return self._fail(registration)
        if checked.failures:
            report.check_failures = list(checked.failures)
            return self._fail(registration)
        inputs = dict(checked.inputs)
        if "version" in registration.raw_inputs and "version" not in inputs:
            inputs["version"] = registration.raw_inputs["version"]
        id_ = UNKNOWN_SENTINEL if self.preview else str(uuid.uuid4())
        if old is not None:
            try:
                diff = plugin.diff_config(urn, old.inputs, old.outputs, inputs, allow_unknowns=self.preview)
            except PluginError as error:
                record_plugin_error(report, error)
                return self._fail(registration)
            if diff.changes is DiffChanges.UNKNOWN:
                same = reveal_map(old.outputs) == reveal_map(inputs)
                diff = DiffResult(DiffChanges.NONE if same else DiffChanges.SOME)
            if diff.changes is DiffChanges.SOME:
                show_diff(report, diff, old.inputs, inputs)
                report.op = "update"
                if diff.replace:
                    report.op = "replace"
                    report.replaces = list(diff.replaces)
                    if registration.options.protect and old.protect:
                        report.error = protected_replace_error(urn)
                        if not self.preview:
                            return self._fail(registration)
            if report.op != "replace":
                id_ = old.id
        if report.op == "replace":  # a fresh plugin for the replacement, as the engine's Check loads one
            instance.stop()
            instance = self.providers.new_instance(urn, package)
        try:
            instance.configure(inputs, id_)
        except PluginError as error:
            record_plugin_error(report, error)
            return self._fail(registration)
        except ProviderUnavailableError as error:
            report.error = str(error)
            return self._fail(registration)
        self.providers.publish(instance)
        if report.op == "replace" and old is not None:
            condemned = old.copy()
            condemned.delete = True
            with self.state_lock:
                self.replaced.append(condemned)
        state = self._state(registration, id_, inputs, dict(inputs), provider="")
        with self.state_lock:
            self.news[urn] = state
        report.inputs, report.outputs = state.inputs, state.outputs
        return RegistrationResult(id=id_, outputs=state.outputs)

    def _plugin(self, ref: str, report: ResourceReport) -> PluginProcess | None:
        try:
            return self.providers.plugin_for(ref)
        except ProviderUnavailableError as error:
            report.error = str(error)
            return None

    # -- step generation (sequential) --------------------------------------------------------------------

    def _check(
        self,
        plugin: PluginProcess,
        registration: Registration,
        report: ResourceReport,
        olds: PropertyMap,
        news: PropertyMap,
    ) -> PropertyMap | None:
        try:
            checked = plugin.check(registration.urn, olds, news, allow_unknowns=self.preview)
        except PluginError as error:
            record_plugin_error(report, error)
            return None
        if checked.failures:
            report.check_failures = list(checked.failures)
            return None
        return checked.inputs

    def _generate(self, registration: Registration, report: ResourceReport, ref: str) -> _Plan | None:
        options = registration.options
        plugin = self._plugin(ref, report)
        if plugin is None:
            return None
        old = self.olds.get(registration.urn)
        if old is None or old.external:  # a resource only read so far (`.get()`) and now declared: created
            report.op = "create"
            checked = self._check(plugin, registration, report, {}, registration.raw_inputs)
            return None if checked is None else _Plan("create", checked)
        report.op = "same"  # refined below; shown if a step fails first
        try:
            inputs = apply_ignore_changes(registration.raw_inputs, old.inputs, options.ignore_changes)
        except PropertyPathError as error:
            report.error = str(error)
            return None
        checked = self._check(plugin, registration, report, old.inputs, inputs)
        if checked is None:
            return None
        try:
            diff = self._provider_changed(old, ref)
        except PluginError as error:
            record_plugin_error(report, error)
            return None
        if diff is None:
            diff = self._diff(plugin, registration, report, old, checked)
        if diff is None:
            return None
        return self._plan_from_diff(plugin, registration, report, old, checked, diff)

    def _plan_from_diff(
        self,
        plugin: PluginProcess,
        registration: Registration,
        report: ResourceReport,
        old: ResourceState,
        checked: PropertyMap,
        diff: DiffResult,
    ) -> _Plan | None:
        options = registration.options
        if diff.unavailable:
            report.warnings.append(diff.unavailable)
        if diff.changes is DiffChanges.NONE:
            return _Plan("same", checked, old=old)
        show_diff(report, diff, old.inputs, checked)
        if not diff.replace:
            report.op = "update" if report.op != "import" else report.op
            return _Plan("update", checked, old=old)
        report.replaces = list(diff.replaces) or [
            key for key, kind in (diff.detailed_diff or {}).items() if kind.endswith("-replace")
        ]
        if options.protect and old.protect:
            report.error = protected_replace_error(old.urn)
            if not self.preview:
                return None
        if options.import_id:
            message = imported_replace_error(report.replaces, old.inputs, checked)
            if not self.preview:
                report.error = message
                return None
            report.warnings.append(message)
        checked_again = self._check(plugin, registration, report, {}, registration.raw_inputs)
        if checked_again is None:
            return None
        delete_first = diff.delete_before_replace
        if options.delete_before_replace is not None:
            delete_first = options.delete_before_replace
        report.delete_before_replace = delete_first
        return _Plan("replace", checked_again, old=old, delete_before_replace=delete_first)

    def _provider_changed(self, old: ResourceState, ref: str) -> DiffResult | None:
        """`providerChanged`: a resource moved to another provider instance (or to a replaced one) is
        replaced if the new provider's DiffConfig of the old provider's config against its own asks for a
        replacement; None when it stays (raises `PluginError`)."""
        if not old.provider or old.provider == ref:
            return None
        old_provider = self.olds.get(parse_provider_reference(old.provider)[0])
        new_provider = self.news.get(parse_provider_reference(ref)[0])
        if old_provider is None or new_provider is None:
            return None
        try:
            plugin = self.providers.plugin_for(ref)
        except ProviderUnavailableError:
            return None
        diff = plugin.diff_config(
            new_provider.urn, old_provider.inputs, old_provider.outputs, new_provider.inputs
        )
        if not diff.replace:
            return None
        return DiffResult(DiffChanges.SOME, replaces=("provider",))

    def _diff(
        self,
        plugin: PluginProcess,
        registration: Registration,
        report: ResourceReport,
        old: ResourceState,
        news: PropertyMap,
    ) -> DiffResult | None:
        options = registration.options
        try:
            diff = plugin.diff(
                old.id,
                old.urn,
                old.outputs,
                news,
                old.inputs,
                allow_unknowns=self.preview,
                ignore_changes=options.ignore_changes,
            )
        except PluginError as error:
            record_plugin_error(report, error)
            return None
        return settle_diff(diff, old.inputs, news, options.replace_on_changes)

    # -- step execution (parallel) -----------------------------------------------------------------------

    def _state(
        self,
        registration: Registration,
        id_: str,
        inputs: PropertyMap,
        outputs: PropertyMap,
        *,
        provider: str,
        external: bool = False,
    ) -> ResourceState:
        options = registration.options
        return ResourceState(
            urn=registration.urn,
            type=registration.type,
            id=id_,
            inputs=inputs,
            outputs=mark_secret_outputs(outputs, options.additional_secret_outputs),
            parent=registration.parent,
            provider=provider,
            protect=options.protect,
            external=external,
            retain_on_delete=options.retain_on_delete,
            dependencies=list(registration.dependencies),
            property_dependencies={k: list(v) for k, v in registration.property_dependencies.items()},
            additional_secret_outputs=list(options.additional_secret_outputs),
            import_id=options.import_id,
        )

    def _succeed(
        self,
        registration: Registration,
        report: ResourceReport,
        inputs: PropertyMap,
        id_: str,
        outputs: PropertyMap,
        ref: str,
    ) -> RegistrationResult:
        state = self._state(
            registration, id_, inputs, outputs, provider=ref, external=registration.kind == "read"
        )
        with self.state_lock:
            self.news[state.urn] = state
        report.inputs = state.inputs
        report.outputs = state.outputs
        return RegistrationResult(id=state.id, outputs=state.outputs)

    def _apply(
        self, plan: _Plan, registration: Registration, report: ResourceReport, ref: str
    ) -> RegistrationResult:
        if report.op != "import":
            report.op = plan.kind
        old = plan.old
        timeouts = registration.options.custom_timeouts
        if plan.kind == "same":
            assert old is not None
            return self._succeed(registration, report, plan.inputs, old.id, old.outputs, ref)
        plugin = self._plugin(ref, report)
        if plugin is None:
            return self._fail(registration)
        try:
            if plan.kind == "update":
                assert old is not None
                outputs = plugin.update(
                    old.id,
                    old.urn,
                    old.outputs,
                    plan.inputs,
                    old.inputs,
                    preview=self.preview,
                    timeout=timeouts.update,
                    ignore_changes=registration.options.ignore_changes,
                )
                return self._succeed(registration, report, plan.inputs, old.id, outputs, ref)
            if plan.kind == "replace" and plan.delete_before_replace and not self.preview:
                assert old is not None
                if not self.delete_step(old, report, preview=False):
                    return self._fail(registration)
                with self.state_lock:
                    self.deleted_first.add(old.urn)
            created = plugin.create(
                registration.urn, plan.inputs, preview=self.preview, timeout=timeouts.create
            )
        except PluginError as error:
            record_plugin_error(report, error)
            return self._fail(registration)
        if not created.id and not self.preview:
            report.error = f"plugin returned empty resource.ID from create '{registration.urn}'"
            return self._fail(registration)
        if plan.kind == "replace" and not plan.delete_before_replace:
            assert old is not None
            condemned = old.copy()
            condemned.delete = True
            with self.state_lock:
                self.replaced.append(condemned)
        return self._succeed(registration, report, plan.inputs, created.id, created.outputs, ref)

    def _read(self, registration: Registration, report: ResourceReport, ref: str) -> RegistrationResult:
        """`ReadStep.Apply` (`.get()` / `opts.id`): runs in preview too."""
        report.op = "read"
        old = self.olds.get(registration.urn)
        if old is not None and not old.external:
            report.error = "a managed resource turned into a read (`.get()`, `id=`) is not modelled"
            return self._fail(registration)
        if registration.id == UNKNOWN_SENTINEL:
            return RegistrationResult(id="", outputs={})
        plugin = self._plugin(ref, report)
        if plugin is None:
            return self._fail(registration)
        try:
            read = plugin.read(
                registration.id, registration.urn, registration.raw_inputs, registration.raw_inputs
            )
        except PluginError as error:
            record_plugin_error(report, error)
            return self._fail(registration)
        if not read.id:
            report.error = f"resource '{registration.id}' does not exist"
            return self._fail(registration)
        return self._succeed(registration, report, dict(registration.raw_inputs), read.id, read.outputs, ref)

    def _import(self, registration: Registration, report: ResourceReport, ref: str) -> RegistrationResult:
        """`ImportStep.Apply`, then the step generator goes on with the imported resource as the old one:
        `Read(id)` with no inputs and no state (in preview too), then `Check(olds=the inputs read, news=the
        program's)` and `Diff`: no change leaves the imported state, a change updates it (a replacement is
        refused while the program names the id). `pulumi import` (`planned_import`) takes the inputs read
        as the declaration: Check failures become warnings and nothing else runs."""
        report.op = "import"
        options = registration.options
        import_id = options.import_id
        plugin = self._plugin(ref, report)
        if plugin is None:
            return self._fail(registration)
        if plugin.package == DYNAMIC_PACKAGE:
            report.error = _IMPORT
            return self._fail(registration)
        with self.slots:
            try:
                read = plugin.read(import_id, registration.urn, None, None)
            except PluginError as error:
                record_plugin_error(report, error)
                return self._fail(registration)
        if not read.outputs_given:
            report.error = f"resource '{import_id}' does not exist"
            return self._fail(registration)
        if read.inputs is None:
            report.error = (
                "provider does not support importing resources; please try updating the "
                f"'{plugin.package}' plugin"
            )
            return self._fail(registration)
        imported = self._state(registration, read.id or import_id, read.inputs, read.outputs, provider=ref)
        old = self.olds.get(registration.urn)
        if old is not None:  # an import replacing what was there: the old one goes after the program
            condemned = old.copy()
            condemned.delete = True
            with self.state_lock:
                self.replaced.append(condemned)
        if self.planned_import:
            with self.gen_lock:
                checked = self._check(plugin, registration, report, imported.inputs, imported.inputs)
            if checked is None and report.check_failures:
                report.warnings.extend(f"{f.property}: {f.reason}" for f in report.check_failures)
                report.check_failures = []
            return self._record(report, imported)
        with self.gen_lock:
            try:
                inputs = apply_ignore_changes(
                    registration.raw_inputs, imported.inputs, options.ignore_changes
                )
            except PropertyPathError as error:
                report.error = str(error)
                return self._fail(registration)
            checked = self._check(plugin, registration, report, imported.inputs, inputs)
            if checked is None:
                return self._fail(registration)
            diff = self._diff(plugin, registration, report, imported, checked)
            plan = (
                None
                if diff is None
                else self._plan_from_diff(plugin, registration, report, imported, checked, diff)
            )
        if plan is None:
            return self._fail(registration)
        if plan.kind == "same":
            return self._record(report, imported)
        with self.slots:
            return self._apply(plan, registration, report, ref)

    def _record(self, report: ResourceReport, state: ResourceState) -> RegistrationResult:
        with self.state_lock:
            self.news[state.urn] = state
        report.inputs, report.outputs = state.inputs, state.outputs
        return RegistrationResult(id=state.id, outputs=state.outputs)

    # -- after the program -------------------------------------------------------------------------------

    def _delete_phase(self) -> None:
        condemned = [(r, r.delete) for r in self.old.all_states() if r.delete or r.urn not in self.seen]
        condemned.extend((r, True) for r in self.replaced)
        if condemned:
            deleted = self.run_deletes(condemned, preview=self.preview)
            self.deleted_ids = {id(r) for r in deleted}

    def _commit(self, program_ok: bool) -> None:
        """Write the new state: what succeeded, old states where steps failed or did not run."""
        news = dict(self.news)
        kept: list[ResourceState] = []
        for resource in self.old.all_states():
            if not resource.delete and resource.urn in news:
                kept.append(news.pop(resource.urn))
            elif id(resource) in self.deleted_ids:
                continue
            elif resource.delete or resource.urn not in self.deleted_first:
                kept.append(resource)
        kept.extend(news.values())
        kept.extend(r for r in self.replaced if id(r) not in self.deleted_ids)
        state = self.engine.state
        state.replace_all(kept)
        if program_ok and self.report.program is not None:
            state.stack_outputs = dict(self.report.program.exports)


class Engine:
    """The Pulumi engine for one stack of the project in `project_dir`, without the CLI.

    `config` uses the CLI's keys (`sinch:keyId`; a key without namespace belongs to the project);
    `secret_config_keys` are those set with `pulumi config set --secret`. `plugins` maps a package name to the
    folder of its native Python plugin (`{"sinch": Path("plugin")}`: a folder with `PulumiPlugin.yaml`
    `runtime: python` and `__main__.py`); resources of type `<pkg>:...` and providers `pulumi:providers:<pkg>`
    are served by it. Python dynamic resources (`pulumi-python`) need no entry.
    """

    def __init__(
        self,
        project_dir: str | Path,
        *,
        config: Mapping[str, str] | None = None,
        secret_config_keys: Iterable[str] = (),
        env: Mapping[str, str] | None = None,
        parallel: int = 16,
        stack: str = "dev",
        organization: str = "organization",
        warm_plugins: bool | None = None,
        refresh_option: bool = False,
        plugins: Mapping[str, str | os.PathLike[str]] | None = None,
    ) -> None:
        self.project_file = read_project(project_dir)
        # Warm plugin starts (engine.warm_start) only where the modules a warm parent imported are the
        # project's own: the folder this engine lives in. Any other project starts cold, as the CLI does.
        own = self.project_file.directory.resolve() == Path(__file__).resolve().parents[1]
        self.warm_plugins = own if warm_plugins is None else warm_plugins
        # Honour Pulumi.yaml's `options: refresh: always` (a refresh before preview, up and destroy), as
        # the CLI does. Off unless asked: tests count the requests of each step on its own.
        self.refresh_first = refresh_option and self.project_file.refresh_always
        self.project = self.project_file.name
        self.stack = stack
        self.organization = organization
        self.env = dict(env or {})
        self.parallel = parallel
        self.plugins: dict[str, Path] = {
            package: read_plugin_folder(folder).directory for package, folder in (plugins or {}).items()
        }
        self.config: dict[str, str] = {}
        self.secret_config_keys: set[str] = set()
        secret = {self._key(k) for k in secret_config_keys}
        for key, value in (config or {}).items():
            self.set_config(key, value, secret=self._key(key) in secret)
        missing = secret - set(self.config)
        if missing:
            raise KeyError(f"secret config keys without a value: {sorted(missing)}")
        self.state = StackState(self.project, stack, organization)
        self.history: list[OperationReport] = []
        self.plugin_stderr_history: list[str] = []
        self.schemas: dict[str, dict[str, Any]] = {}
        """Package schemas fetched with `get_schema`, by package."""

    # -- configuration -----------------------------------------------------------------------------------

    def _key(self, key: str) -> str:
        return key if ":" in key else f"{self.project}:{key}"

    def set_config(self, key: str, value: str, *, secret: bool = False) -> None:
        """`pulumi config set [--secret] key value`."""
        full = self._key(key)
        self.config[full] = value
        if secret:
            self.secret_config_keys.add(full)
        else:
            self.secret_config_keys.discard(full)

    def config_args(self) -> PropertyMap:
        """The dynamic default provider's inputs: the whole stack config, secret values marked secret."""
        return {
            key: Secret(value) if key in self.secret_config_keys else value
            for key, value in sorted(self.config.items())
        }

    def package_config(self, package: str) -> PropertyMap:
        """A package's default provider inputs (`Target.GetPackageConfig`): for `pulumi-python` the whole
        stack config, keys with their namespace; for any other package only the keys of its namespace,
        without it (`sinch:keyId` -> `keyId`). Secure values are marked secret."""
        if package == DYNAMIC_PACKAGE:
            return self.config_args()
        prefix = f"{package}:"
        return {
            key.removeprefix(prefix): Secret(value) if key in self.secret_config_keys else value
            for key, value in sorted(self.config.items())
            if key.startswith(prefix)
        }

    # -- plugins -----------------------------------------------------------------------------------------

    def start_plugin(
        self, package: str, provider_urn: str = "", service: EngineService | None = None
    ) -> PluginProcess:
        """Start the plugin serving `package` (the dynamic-provider plugin for `pulumi-python`, else the
        folder `plugins` names), as the engine starts one per provider instance: native plugins get the engine
        service's address as their argument and, as every provider plugin does, `PULUMI_CONFIG` (the
        package's stack config, JSON, namespace stripped). Raises `ProviderUnavailableError`."""
        directory = self.project_file.directory
        if package == DYNAMIC_PACKAGE:
            plugin = PluginProcess(directory, env=self.env, warm=self.warm_plugins, provider_urn=provider_urn)
        else:
            folder = self.plugins.get(package)
            if folder is None:
                raise ProviderUnavailableError(
                    f"no resource plugin '{package}' is known to this engine: pass "
                    f"Engine(..., plugins={{'{package}': <the plugin's folder>}})"
                )
            prefix = f"{package}:"
            config = {
                k.removeprefix(prefix): v for k, v in sorted(self.config.items()) if k.startswith(prefix)
            }
            plugin = PluginProcess(
                directory,
                env={**self.env, "PULUMI_CONFIG": json.dumps(config)},
                warm=self.warm_plugins,
                plugin_dir=folder,
                package=package,
                engine_address=service.address if service is not None else "",
                provider_urn=provider_urn,
            )
        return plugin.start()

    def get_schema(self, package: str, version: int = 0) -> dict[str, Any]:
        """`pulumi package get-schema`: start the package's plugin, ask `GetSchema`, keep the schema (also in
        `schemas`) and return it parsed."""
        service = EngineService()
        try:
            plugin = self.start_plugin(package, "", service)
            try:
                schema = json.loads(plugin.get_schema(version))
            finally:
                plugin.stop()
        finally:
            service.stop()
        if not isinstance(schema, dict):
            raise ValueError(f"the '{package}' plugin's schema is not a JSON object")
        self.schemas[package] = schema
        return schema

    # -- operations --------------------------------------------------------------------------------------

    def _finish(self, report: OperationReport, check: bool) -> OperationReport:
        self.history.append(report)
        if check and not report.ok:
            raise OperationFailedError(report.summary() + "\n" + report.errors_text())
        return report

    def preview(
        self, program: Program, *, check: bool = False, parallel: int | None = None
    ) -> OperationReport:
        """`pulumi preview`: Check (and Diff for existing resources), Read for `.get()` and imports, Create
        and Update with `preview=true` for plugins that support previews; nothing else."""
        self._refresh_first()
        return self._finish(_Deployment(self, "preview", parallel).run(program), check)

    def up(self, program: Program, *, check: bool = False, parallel: int | None = None) -> OperationReport:
        """`pulumi up --yes [--parallel N]`."""
        self._refresh_first()
        return self._finish(_Deployment(self, "up", parallel).run(program), check)

    def import_resource(
        self,
        type_: str,
        name: str,
        id_: str,
        *,
        provider: str | None = None,
        check: bool = False,
        parallel: int | None = None,
    ) -> OperationReport:
        """`pulumi import --yes TYPE NAME ID [--provider name=urn]`: Read the resource by id alone and record
        it with the inputs Read returned (Check failures are warnings); the rest of the stack is kept as it
        is. `provider` names a provider resource already in state (its name or URN); without it, the
        package's default provider (configured from the stack config). What to declare in the program is in
        the report row's `inputs`."""
        ref = ""
        if provider is not None:
            found = [p for p in self.state.providers if provider in (p.urn, p.name)]
            if len(found) != 1:
                raise KeyError(f"expected one provider {provider!r} in state, found {len(found)}")
            ref = reference(found[0].urn, found[0].id)
        deployment = _Deployment(self, "import", parallel, planned_import=True)
        urn = make_urn(self.stack, self.project, "", type_, name)
        registration = Registration(
            kind="register",
            urn=urn,
            type=type_,
            name=name,
            custom=True,
            parent="",
            raw_inputs={},
            options=RegistrationOptions(import_id=id_),
            provider=ref,
        )
        try:
            if urn in deployment.olds:
                deployment.report.add_error(f"resource '{urn}' already exists")
            else:
                deployment.handle(registration)
            deployment.finish(program_ok=not deployment.report.errors)
        finally:
            deployment.close()
        return self._finish(deployment.report, check)

    def _refresh_first(self) -> None:
        if self.refresh_first and self.state.resources:
            self.refresh(check=True)

    def refresh(self, *, check: bool = False, parallel: int | None = None) -> OperationReport:
        """`pulumi refresh --yes`: Read every resource, each provider configured from its state."""
        operation = _Operation(self, "refresh", parallel)
        report = operation.report
        targets = list(self.state.resources)
        for resource in targets:
            report.for_urn(resource.urn).op = "refresh"  # rows in state order
        try:
            with ThreadPoolExecutor(
                max_workers=operation.parallel, thread_name_prefix="engine-refresh"
            ) as pool:
                results = list(
                    pool.map(lambda r: self._refresh_one(operation, report.for_urn(r.urn), r), targets)
                )
        finally:
            operation.close()
        self.state.replace_resources(new for new in results if new is not None)
        return self._finish(report, check)

    def _refresh_one(
        self, operation: _Operation, report: ResourceReport, old: ResourceState
    ) -> ResourceState | None:
        """`RefreshStep.Apply`: Read; an empty id drops the resource; then Diff inverted, for display."""
        try:
            plugin = operation.plugin_of(old)
            read = plugin.read(old.id, old.urn, old.outputs, old.inputs)
        except PluginError as error:
            record_plugin_error(report, error)
            return old
        except ProviderUnavailableError as error:
            report.error = str(error)
            return old
        if not read.id:
            report.outcome = "delete"
            return None
        new = old.copy()
        new.id = read.id
        new.inputs = read.inputs if read.inputs is not None else old.inputs
        new.outputs = mark_secret_outputs(read.outputs, old.additional_secret_outputs)
        if old.external:
            show_diff(report, None, old.outputs, new.outputs)
            report.outcome = "update" if report.changed_paths else "same"
            return new
        try:
            diff = plugin.diff(new.id, new.urn, new.outputs, old.inputs, new.inputs, allow_unknowns=False)
        except PluginError as error:
            record_plugin_error(report, error)
            return new
        diff = settle_diff(diff, new.inputs, old.inputs)
        report.outcome = "update" if diff.changes is DiffChanges.SOME else "same"
        show_diff(report, None, old.inputs, new.inputs)
        return new

    def destroy(self, *, check: bool = False, parallel: int | None = None) -> OperationReport:
        """`pulumi destroy --yes`: Delete everything in reverse dependency order (providers last), each
        provider configured from its state."""
        self._refresh_first()
        operation = _Operation(self, "destroy", parallel)
        condemned = [(r, r.delete) for r in self.state.all_states()]
        try:
            deleted = operation.run_deletes(condemned, preview=False)
        finally:
            operation.close()
        gone = {id(r) for r in deleted}
        self.state.replace_all(r for r in self.state.all_states() if id(r) not in gone)
        if not self.state.resources:
            self.state.stack_outputs = {}
        return self._finish(operation.report, check)
