"""`Engine`: plays the Pulumi engine for one stack: preview, up, refresh and destroy against the real plugin.

The step logic follows the engine (`pkg/resource/deploy/step_generator.go`, `step.go`,
`provider_plugin.go`, 3.2xx): Check and Diff run one registration at a time (the step generator is
sequential), while Create, Update, Read and Delete run in parallel (up to `parallel`, the step executor).
Deletes run after the program finished successfully, in reverse dependency order. See
`engine/README.md` for what is and is not modelled.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final, Literal

from engine.paths import (
    PropertyPathError,
    apply_ignore_changes,
    changed_keys,
    diff_paths,
    parse_path,
)
from engine.plugin import (
    DiffChanges,
    DiffResult,
    PluginError,
    PluginProcess,
)
from engine.program import (
    Program,
    ProgramError,
    Registration,
    RegistrationResult,
    run_program,
)
from engine.project import read_project
from engine.report import OperationKind, OperationReport, ResourceReport
from engine.state import ResourceState, StackState, now_iso
from engine.values import (
    UNKNOWN,
    UNKNOWN_SENTINEL,
    PropertyMap,
    Secret,
    mark_secret_outputs,
)

_INTERNAL_KEYS: Final = ("__provider",)


class OperationFailedError(AssertionError):
    """Raised by `OperationReport`-returning calls when asked to insist on success (`check=True`)."""


def _protected_delete_error(urn: str) -> str:
    return (
        f'resource "{urn}" cannot be deleted\nbecause it is protected. To unprotect the resource, '
        "either remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`, "
        "or use the command:\n"
        f"`pulumi state unprotect '{urn}'`"
    )


def _protected_replace_error(urn: str) -> str:
    return (
        f'unable to replace resource "{urn}"\nas it is currently marked for protection. To unprotect the '
        "resource, remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`"
    )


def _record_plugin_error(report: ResourceReport, error: PluginError) -> None:
    report.error = error.message or str(error)
    report.error_details = error.details


def _show_changes(report: ResourceReport, olds: PropertyMap, news: PropertyMap) -> None:
    """The keys and paths the display shows as changed from `olds` to `news` (`__provider` left out)."""
    report.changed_keys = changed_keys(olds, news, ignore_keys=_INTERNAL_KEYS)
    report.changed_paths = diff_paths(olds, news, ignore_keys=_INTERNAL_KEYS)


def _path_contains(container: str, key: str) -> bool:
    """`PropertyPath.Contains` for replaceOnChanges: `*` matches everything, otherwise a prefix match."""
    outer = parse_path(container) if container != "*" else ["*"]
    inner = parse_path(key)
    if len(outer) > len(inner):
        return False
    return all(o == "*" or o == i for o, i in zip(outer, inner, strict=False))


def _topological(resources: list[ResourceState]) -> list[ResourceState]:
    """Stable order in which every resource comes after what it depends on (within the list)."""
    remaining = list(resources)
    placed: set[str] = set()
    present = {r.urn for r in resources}
    ordered: list[ResourceState] = []
    while remaining:
        progress = False
        for resource in list(remaining):
            deps = {d for d in resource.all_dependencies() if d in present and d != resource.urn}
            if deps <= placed:
                ordered.append(resource)
                placed.add(resource.urn)
                remaining.remove(resource)
                progress = True
        if not progress:  # a cycle cannot come from a program; keep the rest in their order
            ordered.extend(remaining)
            break
    return ordered


def _delete_schedule(condemned: list[ResourceState]) -> list[list[ResourceState]]:
    """The engine's `ScheduleDeletes`: antichains, dependents before what they depend on."""
    remaining = list(condemned)
    urns = {id(r): r.urn for r in condemned}
    rounds: list[list[ResourceState]] = []
    while remaining:
        remaining_urns = {urns[id(r)] for r in remaining}
        layer = [r for r in remaining if not (r.all_dependencies() - {r.urn}) & remaining_urns]
        if not layer:
            layer = list(remaining)
        rounds.append(layer)
        remaining = [r for r in remaining if all(r is not x for x in layer)]
    rounds.reverse()
    return rounds


class _ProviderSession:
    """The default `pulumi-python` provider of one operation: one plugin process, started on first use."""

    def __init__(
        self,
        engine: Engine,
        args: PropertyMap,
        *,
        registering: bool,
        old_args: PropertyMap | None,
    ) -> None:
        self._engine = engine
        self._args = args
        self._registering = registering
        self._old_args = old_args
        self._lock = threading.Lock()
        self._plugin: PluginProcess | None = None
        self.supports_preview = False

    def get(self) -> PluginProcess:
        with self._lock:
            if self._plugin is None:
                plugin = PluginProcess(
                    self._engine.project_file.program_dir, env=self._engine.env, python=self._engine.python
                )
                self._plugin = plugin.start()
                urn = self._engine.state.provider_urn
                plugin.handshake()
                plugin.get_plugin_info()
                if self._registering:
                    plugin.check_config(urn, self._old_args or {}, self._args)
                    if self._old_args is not None:
                        plugin.diff_config(urn, self._old_args, self._old_args, self._args)
                configured = plugin.configure(self._args, urn=urn, id_=self._engine.state.provider_id)
                self.supports_preview = configured.supports_preview
            return self._plugin

    @property
    def started(self) -> bool:
        return self._plugin is not None

    def close(self, report: OperationReport) -> None:
        with self._lock:
            plugin = self._plugin
        if plugin is None:
            return
        plugin.stop()
        report.calls = plugin.calls()
        report.plugin_stderr = plugin.stderr_text()
        report.plugin_stdout = plugin.stdout_text()
        self._engine.plugin_stderr_history.append(report.plugin_stderr)


@dataclass
class _Plan:
    """What the step generator decided for one registration."""

    kind: Literal["create", "same", "update", "replace", "recreate", "take-ownership", "import"]
    inputs: PropertyMap
    old: ResourceState | None = None
    delete_before_replace: bool = False
    dependents: list[ResourceState] = field(default_factory=list)


def _delete_step(
    session: _ProviderSession, resource: ResourceState, report: ResourceReport, *, preview: bool
) -> bool:
    """`DeleteStep.Apply`: the provider's Delete, unless in preview, or the resource is read (external) or
    retained on delete. False when the Delete failed (the error is on `report`)."""
    if preview or resource.external or resource.retain_on_delete:
        return True
    try:
        session.get().delete(resource.id, resource.urn, resource.outputs, resource.inputs)
    except PluginError as error:
        _record_plugin_error(report, error)
        return False
    return True


class _Deletions:
    """Runs delete steps in reverse dependency order, antichains in parallel (shared by up and destroy)."""

    def __init__(
        self, session: _ProviderSession, report: OperationReport, *, preview: bool, parallel: int
    ) -> None:
        self._session = session
        self._report = report
        self._preview = preview
        self._parallel = parallel

    def run(self, condemned: list[tuple[ResourceState, bool]]) -> list[ResourceState]:
        """`(resource, replacing)` pairs; returns the resources deleted (or that would be, in preview)."""
        replacing = {id(r): flag for r, flag in condemned}
        deleting = {r.urn for r, _ in condemned}
        deleted: list[ResourceState] = []
        for layer in _delete_schedule([r for r, _ in condemned]):
            with ThreadPoolExecutor(
                max_workers=max(1, self._parallel), thread_name_prefix="harness-delete"
            ) as pool:
                results = list(pool.map(lambda r: self._delete(r, replacing[id(r)], deleting), layer))
            deleted.extend(r for r, ok in zip(layer, results, strict=True) if ok)
            if not all(results):
                break  # the step executor stops scheduling after a failed step
        return deleted

    def _delete(self, resource: ResourceState, replacing: bool, deleting: set[str]) -> bool:
        report = self._report.for_urn(resource.urn)
        if resource.external:
            step = "discard-replaced" if replacing else "discard"
        else:
            step = "delete-replaced" if replacing else "delete"
        if not replacing:
            report.op = "discard" if resource.external else "delete"
        report.steps.append(step)
        if not replacing and resource.protect:
            report.error = _protected_delete_error(resource.urn)
            return False
        if not resource.custom or (resource.deleted_with and resource.deleted_with in deleting):
            return True
        return _delete_step(self._session, resource, report, preview=self._preview)


class _Deployment:
    """One preview or up: the registration handler (step generator + executor) and the delete phase."""

    def __init__(self, engine: Engine, kind: OperationKind) -> None:
        self.engine = engine
        self.preview = kind == "preview"
        self.report = OperationReport(kind)
        self.old = engine.state.copy()
        self.olds: dict[str, ResourceState] = {r.urn: r for r in self.old.resources if not r.delete}
        self.session = _ProviderSession(
            engine,
            engine.config_args(),
            registering=True,
            old_args=self.old.provider_config if self.old.resources else None,
        )
        self.news: dict[str, ResourceState] = {}
        self.seen: set[str] = set()
        self.failed: set[str] = set()
        self.replaced: list[ResourceState] = []
        self.dbr_deleted: dict[str, ResourceState] = {}
        self.gen_lock = threading.Lock()
        self.state_lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(max(1, engine.parallel))
        self.deleted_ids: set[int] = set()

    # -- program side ------------------------------------------------------------------------------------

    def run(self, program: Program) -> OperationReport:
        try:
            try:
                result = run_program(
                    program,
                    preview=self.preview,
                    resource_handler=self.handle,
                    config=self.engine.config,
                    secret_keys=sorted(self.engine.secret_config_keys),
                    project=self.engine.project,
                    stack=self.engine.stack,
                    organization=self.engine.organization,
                    parallel=self.engine.parallel,
                    root_directory=self.engine.project_file.directory,
                    timeout=self.engine.program_timeout,
                )
                self.report.program = result
                program_ok = True
            except ProgramError as error:
                self.report.add_error(f"the program failed: {error}")
                if error.traceback_text:
                    self.report.program_traceback = error.traceback_text
                program_ok = False
            if program_ok and not self.failed:
                self._delete_phase()
            if not self.preview:
                self._commit(program_ok)
        finally:
            self.session.close(self.report)
        return self.report

    def handle(self, registration: Registration) -> RegistrationResult:
        with self.state_lock:
            duplicate = registration.urn in self.seen
            self.seen.add(registration.urn)
            blocked = bool(registration.all_dependencies() & self.failed)
        if duplicate:
            self.report.add_error(f"Duplicate resource URN '{registration.urn}'; try giving it a unique name")
            return RegistrationResult(status="failed")
        if not registration.custom:
            return self._component(registration)
        report = self.report.for_urn(registration.urn)
        if blocked:
            return self._skip(registration, report)
        if registration.kind == "read":
            with self.slots:
                return self._read(registration, report)
        with self.gen_lock:
            plan = self._generate(registration, report)
        if plan is None:
            return self._fail(registration)
        with self.slots:
            return self._apply(plan, registration, report)

    def _skip(self, registration: Registration, report: ResourceReport) -> RegistrationResult:
        old = self.olds.get(registration.urn)
        report.op = "same" if old is not None else ("read" if registration.kind == "read" else "create")
        report.skipped = True
        return self._fail(registration, status="skipped")

    def _fail(
        self, registration: Registration, status: Literal["failed", "skipped"] = "failed"
    ) -> RegistrationResult:
        with self.state_lock:
            self.failed.add(registration.urn)
        return RegistrationResult(status=status)

    def _component(self, registration: Registration) -> RegistrationResult:
        old = self.olds.get(registration.urn)
        report = self.report.for_urn(registration.urn)
        report.op = (
            "create" if old is None else ("same" if old.inputs == registration.raw_inputs else "update")
        )
        report.steps.append(report.op)
        state = ResourceState(
            urn=registration.urn,
            type=registration.type,
            custom=False,
            inputs=dict(registration.raw_inputs),
            parent=registration.parent,
            dependencies=list(registration.dependencies),
            created=old.created if old else now_iso(),
        )
        with self.state_lock:
            self.news[registration.urn] = state
        return RegistrationResult()

    # -- step generation (sequential) --------------------------------------------------------------------

    def _plugin(self) -> PluginProcess:
        return self.session.get()

    def _check(
        self, registration: Registration, report: ResourceReport, olds: PropertyMap, news: PropertyMap
    ) -> PropertyMap | None:
        try:
            checked = self._plugin().check(registration.urn, olds, news, allow_unknowns=self.preview)
        except PluginError as error:
            _record_plugin_error(report, error)
            return None
        if checked.failures:
            report.check_failures = list(checked.failures)
            return None
        return checked.inputs

    def _generate(self, registration: Registration, report: ResourceReport) -> _Plan | None:
        urn = registration.urn
        options = registration.options
        old = self.olds.get(urn)
        report.op = "create" if old is None else "same"  # refined below; shown if a step fails first
        goal = registration.raw_inputs
        recreating = urn in self.dbr_deleted
        was_external = old is not None and old.external
        inputs = goal
        if old is not None:
            try:
                inputs = apply_ignore_changes(goal, old.inputs, options.ignore_changes)
            except PropertyPathError as error:
                report.error = str(error)
                return None

        if options.import_id and (
            old is None or old.external or (old.import_id or old.id) != options.import_id
        ):
            return _Plan("import", inputs, old=old)

        if recreating or was_external or old is None:
            checked = self._check(registration, report, {}, goal)
        else:
            checked = self._check(registration, report, old.inputs, inputs)
        if checked is None:
            return None
        if recreating:
            return _Plan("recreate", checked, old=self.dbr_deleted[urn])
        if was_external:
            return _Plan("take-ownership", checked, old=old)
        if old is None:
            return _Plan("create", checked)

        _show_changes(report, old.inputs, checked)
        diff = self._diff(registration, report, old, checked)
        if diff is None:
            return None
        report.diff = diff
        replaces = list(diff.replaces)
        if diff.changes is DiffChanges.SOME:
            replaces.extend(
                key
                for key in diff.changed_keys
                if key not in replaces and any(_path_contains(p, key) for p in options.replace_on_changes)
            )
        if diff.changes is not DiffChanges.SOME and not old.pending_replacement:
            report.changed_keys, report.changed_paths = [], []  # the CLI shows no diff for a same step
            return _Plan("same", checked, old=old)
        if not (replaces or diff.replace or old.pending_replacement):
            return _Plan("update", checked, old=old)
        report.replaces = replaces
        return self._plan_replacement(registration, report, old, diff)

    def _diff(
        self, registration: Registration, report: ResourceReport, old: ResourceState, news: PropertyMap
    ) -> DiffResult | None:
        ignore = registration.options.ignore_changes
        try:
            diff = self._plugin().diff(
                old.id,
                old.urn,
                old.outputs,
                news,
                old.inputs,
                allow_unknowns=self.preview,
                ignore_changes=ignore,
            )
        except PluginError as error:
            _record_plugin_error(report, error)
            return None
        if diff.changes is not DiffChanges.UNKNOWN:
            return diff
        # `diffResource`: the provider does not know; compare old and new inputs (every key, __provider too).
        processed = apply_ignore_changes(news, old.inputs, ignore)
        keys = tuple(change.path for change in changed_keys(old.inputs, processed))
        return replace(diff, changes=DiffChanges.SOME if keys else DiffChanges.NONE, changed_keys=keys)

    def _plan_replacement(
        self, registration: Registration, report: ResourceReport, old: ResourceState, diff: DiffResult
    ) -> _Plan | None:
        options = registration.options
        if options.protect and old.protect:
            report.error = _protected_replace_error(old.urn)
            if not self.preview:
                return None
        if options.import_id:
            message = (
                "previously-imported resources that still specify an ID may not be replaced; "
                "please remove the `import` declaration from your program"
            )
            if not self.preview:
                report.error = message
                return None
            report.warnings.append(message)
        checked = self._check(registration, report, {}, registration.raw_inputs)
        if checked is None:
            return None
        delete_first = diff.delete_before_replace
        if options.delete_before_replace is not None:
            delete_first = options.delete_before_replace
        dependents: list[ResourceState] = []
        if delete_first:
            found = self._dependent_replacements(old, report)
            if found is None:
                return None
            dependents = found
        return _Plan("replace", checked, old=old, delete_before_replace=delete_first, dependents=dependents)

    def _dependent_replacements(
        self, root: ResourceState, report: ResourceReport
    ) -> list[ResourceState] | None:
        """`calculateDependentReplacements`: dependents a delete-before-replace of `root` also replaces."""
        replace_set = {root.urn}
        depending = {root.urn}
        to_replace: list[ResourceState] = []
        for resource in self.old.resources:
            if resource.delete or resource.urn == root.urn or not (resource.all_dependencies() & depending):
                continue
            depending.add(resource.urn)
            if resource.urn in self.seen or not resource.custom or resource.external:
                continue
            inputs_for_diff: PropertyMap = {}
            has_dependency = False
            for key, value in resource.inputs.items():
                if set(resource.property_dependencies.get(key, [])) & replace_set:
                    value = UNKNOWN
                    has_dependency = True
                inputs_for_diff[key] = value
            if not has_dependency:
                continue
            try:
                diff = self._plugin().diff(
                    resource.id,
                    resource.urn,
                    resource.outputs,
                    inputs_for_diff,
                    resource.inputs,
                    allow_unknowns=True,
                )
            except PluginError as error:
                _record_plugin_error(report, error)
                return None
            if diff.replace:
                to_replace.append(resource)
                replace_set.add(resource.urn)
        return to_replace

    # -- step execution (parallel) -----------------------------------------------------------------------

    def _new_state(
        self, registration: Registration, plan: _Plan, id_: str, outputs: PropertyMap, *, created: str | None
    ) -> ResourceState:
        options = registration.options
        now = now_iso()
        return ResourceState(
            urn=registration.urn,
            type=registration.type,
            id=id_,
            inputs=plan.inputs,
            outputs=outputs,
            parent=registration.parent,
            provider=self.engine.state.provider_reference,
            protect=options.protect,
            retain_on_delete=options.retain_on_delete,
            dependencies=list(registration.dependencies),
            property_dependencies={k: list(v) for k, v in registration.property_dependencies.items()},
            additional_secret_outputs=list(options.additional_secret_outputs),
            ignore_changes=list(options.ignore_changes),
            import_id=options.import_id,
            deleted_with=options.deleted_with,
            created=created or now,
            modified=now,
        )

    def _succeed(self, state: ResourceState, report: ResourceReport) -> RegistrationResult:
        with self.state_lock:
            self.news[state.urn] = state
        report.inputs = state.inputs
        report.outputs = state.outputs
        return RegistrationResult(id=state.id, outputs=state.outputs)

    def _await_replacement(self, deleted: ResourceState) -> None:
        """Record a resource deleted for a delete-before-replace; it stays in state until replaced."""
        pending = deleted.copy()
        pending.pending_replacement = True
        with self.state_lock:
            self.dbr_deleted[deleted.urn] = pending

    def _condemn(self, old: ResourceState) -> None:
        """Keep a replaced resource's old state, to be deleted after the program (create-before-delete)."""
        pending = old.copy()
        pending.delete = True
        with self.state_lock:
            self.replaced.append(pending)

    def _secret_outputs(self, registration: Registration, outputs: PropertyMap) -> PropertyMap:
        marked, _missing = mark_secret_outputs(outputs, registration.options.additional_secret_outputs)
        return marked

    def _create(
        self, registration: Registration, report: ResourceReport, inputs: PropertyMap
    ) -> tuple[str, PropertyMap] | None:
        """Create (in preview: the inputs as outputs, unless the provider supports previews)."""
        if self.preview and not self.session.supports_preview:
            return "", dict(inputs)
        try:
            result = self._plugin().create(
                registration.urn, inputs, preview=self.preview, timeout=registration.options.create_timeout
            )
        except PluginError as error:
            _record_plugin_error(report, error)
            return None
        if not self.preview and not result.id:
            report.error = "provider did not return an ID from Create"
            return None
        return result.id, result.outputs

    def _apply(self, plan: _Plan, registration: Registration, report: ResourceReport) -> RegistrationResult:
        if plan.kind == "same":
            return self._apply_same(plan, registration, report)
        if plan.kind == "update":
            return self._apply_update(plan, registration, report)
        if plan.kind == "import":
            return self._apply_import(plan, registration, report)
        if plan.kind == "replace" and plan.delete_before_replace:
            return self._apply_delete_before_replace(plan, registration, report)
        report.op = {"create": "create", "take-ownership": "create"}.get(plan.kind, "replace")
        report.steps.extend(
            {
                "create": ["create"],
                "replace": ["create-replacement", "replace"],
                "recreate": ["replace", "create-replacement"],
                "take-ownership": ["create-replacement", "replace"],
            }[plan.kind]
        )
        created = self._create(registration, report, plan.inputs)
        if created is None:
            return self._fail(registration)
        id_, outputs = created
        state = self._new_state(
            registration, plan, id_, self._secret_outputs(registration, outputs), created=None
        )
        if plan.kind in ("replace", "take-ownership") and plan.old is not None:
            self._condemn(plan.old)
        if plan.kind == "recreate":
            with self.state_lock:
                self.dbr_deleted.pop(registration.urn, None)
        return self._succeed(state, report)

    def _apply_same(
        self, plan: _Plan, registration: Registration, report: ResourceReport
    ) -> RegistrationResult:
        assert plan.old is not None
        report.op = "same"
        report.steps.append("same")
        state = self._new_state(registration, plan, plan.old.id, plan.old.outputs, created=plan.old.created)
        state.modified = plan.old.modified
        return self._succeed(state, report)

    def _apply_update(
        self, plan: _Plan, registration: Registration, report: ResourceReport
    ) -> RegistrationResult:
        old = plan.old
        assert old is not None
        report.op = "update"
        report.steps.append("update")
        if self.preview and not self.session.supports_preview:
            outputs = dict(plan.inputs)
        else:
            try:
                outputs = self._plugin().update(
                    old.id,
                    old.urn,
                    old.outputs,
                    plan.inputs,
                    old.inputs,
                    preview=self.preview,
                    timeout=registration.options.update_timeout,
                    ignore_changes=registration.options.ignore_changes,
                )
            except PluginError as error:
                _record_plugin_error(report, error)
                return self._fail(registration)
        state = self._new_state(
            registration, plan, old.id, self._secret_outputs(registration, outputs), created=old.created
        )
        return self._succeed(state, report)

    def _apply_delete_before_replace(
        self, plan: _Plan, registration: Registration, report: ResourceReport
    ) -> RegistrationResult:
        old = plan.old
        assert old is not None
        report.op = "replace"
        for dependent in reversed(plan.dependents):
            dependent_report = self.report.for_urn(dependent.urn)
            dependent_report.op = "replace"
            dependent_report.steps.append("delete-replaced")
            if dependent.protect:
                message = (
                    f'unable to replace resource "{dependent.urn}" as part of replacing "{old.urn}" as it is '
                    "currently marked for protection"
                )
                dependent_report.error = message
                report.error = message
                return self._fail(registration)
            if not _delete_step(self.session, dependent, dependent_report, preview=self.preview):
                report.error = f"could not delete dependent {dependent.urn} before replacing {old.urn}"
                return self._fail(registration)
            self._await_replacement(dependent)
        report.steps.append("delete-replaced")
        if not old.pending_replacement and not _delete_step(self.session, old, report, preview=self.preview):
            return self._fail(registration)
        self._await_replacement(old)
        report.steps.extend(["replace", "create-replacement"])
        created = self._create(registration, report, plan.inputs)
        if created is None:
            return self._fail(registration)
        id_, outputs = created
        state = self._new_state(
            registration, plan, id_, self._secret_outputs(registration, outputs), created=None
        )
        with self.state_lock:
            self.dbr_deleted.pop(old.urn, None)
        return self._succeed(state, report)

    def _apply_import(
        self, plan: _Plan, registration: Registration, report: ResourceReport
    ) -> RegistrationResult:
        """`ImportStep.Apply`: Read with no inputs and no state, then Check and Diff against the program."""
        urn = registration.urn
        import_id = registration.options.import_id
        replacing = plan.old is not None and not plan.old.external
        report.op = "import-replacement" if replacing else "import"
        report.steps.append(report.op)
        try:
            read = self._plugin().read(import_id, urn, None, None)
        except PluginError as error:
            _record_plugin_error(report, error)
            return self._fail(registration)
        if not read.id:
            report.error = f"resource '{import_id}' does not exist"
            return self._fail(registration)
        if read.inputs is None:
            report.error = (
                "provider does not support importing resources; "
                "please try updating the 'pulumi-python' plugin"
            )
            return self._fail(registration)
        try:
            inputs = apply_ignore_changes(plan.inputs, read.inputs, registration.options.ignore_changes)
        except PropertyPathError as error:
            report.error = str(error)
            return self._fail(registration)
        with self.gen_lock:
            checked = self._check(registration, report, read.inputs, inputs)
            if checked is None:
                return self._fail(registration)
            imported = ResourceState(
                urn=urn, type=registration.type, id=read.id, inputs=read.inputs, outputs=read.outputs
            )
            diff = self._diff(registration, report, imported, checked)
        if diff is None:
            return self._fail(registration)
        report.diff = diff
        _show_changes(report, read.inputs, checked)
        if diff.changes is not DiffChanges.NONE:
            message = f"inputs to import do not match the existing resource: {list(diff.changed_keys)}"
            if not self.preview:
                report.error = message
                return self._fail(registration)
            report.warnings.append(message + "; importing this resource will fail")
        state = self._new_state(
            registration,
            replace(plan, inputs=checked),
            read.id,
            self._secret_outputs(registration, read.outputs),
            created=None,
        )
        if replacing and plan.old is not None:
            self._condemn(plan.old)
        return self._succeed(state, report)

    def _read(self, registration: Registration, report: ResourceReport) -> RegistrationResult:
        """`ReadStep.Apply` (`.get()` / `opts.id`): runs in preview too."""
        urn = registration.urn
        old = self.olds.get(urn)
        replacing = old is not None and not old.external and old.id != registration.id
        report.op = "read-replacement" if replacing else "read"
        report.steps.append(report.op)
        id_ = registration.id
        if id_ == UNKNOWN_SENTINEL:
            return RegistrationResult(id="", outputs={})
        try:
            read = self._plugin().read(id_, urn, registration.raw_inputs, registration.raw_inputs)
        except PluginError as error:
            _record_plugin_error(report, error)
            return self._fail(registration)
        if not read.id:
            report.error = f"resource '{id_}' does not exist"
            return self._fail(registration)
        outputs = self._secret_outputs(registration, read.outputs)
        state = ResourceState(
            urn=urn,
            type=registration.type,
            id=read.id,
            inputs=dict(registration.raw_inputs),
            outputs=outputs,
            parent=registration.parent,
            provider=self.engine.state.provider_reference,
            external=True,
            dependencies=list(registration.dependencies),
            additional_secret_outputs=list(registration.options.additional_secret_outputs),
            created=old.created if old else now_iso(),
            modified=now_iso(),
        )
        if replacing and old is not None:
            self._condemn(old)
        return self._succeed(state, report)

    # -- after the program -------------------------------------------------------------------------------

    def _delete_phase(self) -> None:
        condemned: list[tuple[ResourceState, bool]] = []
        for resource in self.old.resources:
            if resource.delete:
                condemned.append((resource, True))
            elif resource.urn not in self.seen and resource.urn not in self.dbr_deleted:
                condemned.append((resource, False))
        condemned.extend((resource, True) for resource in self.replaced)
        if not condemned:
            return
        deletions = _Deletions(self.session, self.report, preview=self.preview, parallel=self.engine.parallel)
        deleted = deletions.run(condemned)
        self.deleted_ids = {id(r) for r in deleted}

    def _commit(self, program_ok: bool) -> None:
        """Write the new state: what succeeded, old states where steps failed or did not run."""
        deleted = self.deleted_ids
        kept: list[ResourceState] = []
        placed: set[str] = set()
        for resource in self.old.resources:
            if resource.delete:
                if id(resource) not in deleted:
                    kept.append(resource)
                continue
            if resource.urn in self.news:
                if resource.urn not in placed:
                    kept.append(self.news[resource.urn])
                    placed.add(resource.urn)
                continue
            if resource.urn in self.dbr_deleted:
                # Deleted for a delete-before-replace whose replacement did not happen: it stays pending
                # replacement if the program still declares it, and is gone otherwise.
                if resource.urn in self.seen:
                    kept.append(self.dbr_deleted[resource.urn])
                continue
            if id(resource) in deleted:
                continue
            kept.append(resource)
        kept.extend(state for urn, state in self.news.items() if urn not in placed)
        kept.extend(r for r in self.replaced if id(r) not in deleted)
        new_state = self.engine.state
        new_state.replace_resources(_topological(kept))
        if program_ok and self.report.program is not None:
            new_state.stack_outputs = dict(self.report.program.exports)
            for urn, outputs in self.report.program.component_outputs.items():
                component = new_state.get(urn)
                if component is not None:
                    component.outputs = outputs
        has_custom = any(r.custom for r in new_state.resources)
        if self.session.started or not has_custom:
            new_state.provider_config = self.engine.config_args() if has_custom else None


class Engine:
    """The Pulumi engine for one stack of the project in `project_dir`, without the CLI.

    `config` uses the CLI's keys (`sinch:keyId`; a key without namespace belongs to the project);
    `secret_config_keys` are those set with `pulumi config set --secret`.
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
        python: str | None = None,
        program_timeout: float = 600.0,
        state: StackState | None = None,
    ) -> None:
        self.project_file = read_project(project_dir)
        self.project = self.project_file.name
        self.stack = stack
        self.organization = organization
        self.env = dict(env or {})
        self.parallel = parallel
        self.python = python
        self.program_timeout = program_timeout
        self.config: dict[str, str] = {}
        self.secret_config_keys: set[str] = set()
        for key, value in (config or {}).items():
            self.set_config(key, value, secret=self._key(key) in {self._key(k) for k in secret_config_keys})
        for key in secret_config_keys:
            if self._key(key) not in self.config:
                raise KeyError(f"secret config key {key!r} has no value")
        self.state = state or StackState(self.project, stack, organization)
        self.history: list[OperationReport] = []
        self.plugin_stderr_history: list[str] = []

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
        """The default provider's inputs: the whole stack config, secret values marked secret."""
        return {
            key: Secret(value) if key in self.secret_config_keys else value
            for key, value in sorted(self.config.items())
        }

    # -- operations --------------------------------------------------------------------------------------

    def _finish(self, report: OperationReport, check: bool) -> OperationReport:
        self.history.append(report)
        if check and not report.ok:
            raise OperationFailedError(report.summary() + "\n" + report.errors_text())
        return report

    def preview(self, program: Program, *, check: bool = False) -> OperationReport:
        """`pulumi preview`: Check (and Diff for existing resources), Read for `.get()`; nothing else."""
        return self._finish(_Deployment(self, "preview").run(program), check)

    def up(self, program: Program, *, check: bool = False) -> OperationReport:
        """`pulumi up --yes`."""
        return self._finish(_Deployment(self, "up").run(program), check)

    def refresh(self, *, check: bool = False) -> OperationReport:
        """`pulumi refresh --yes`: Read every resource with the config recorded at the last up."""
        report = OperationReport("refresh")
        session = self._state_session()
        targets = [r for r in self.state.resources if r.custom and not r.pending_replacement]
        try:
            with ThreadPoolExecutor(
                max_workers=max(1, self.parallel), thread_name_prefix="harness-refresh"
            ) as pool:
                results = list(pool.map(lambda r: self._refresh_one(session, report, r), targets))
        finally:
            session.close(report)
        refreshed = {id(old): new for old, new in zip(targets, results, strict=True)}
        kept: list[ResourceState] = []
        for resource in self.state.resources:
            new = refreshed.get(id(resource), resource)
            if new is not None:
                kept.append(new)
        self.state.replace_resources(kept)
        return self._finish(report, check)

    def _state_session(self) -> _ProviderSession:
        args = self.state.provider_config if self.state.provider_config is not None else self.config_args()
        return _ProviderSession(self, args, registering=False, old_args=None)

    def _refresh_one(
        self, session: _ProviderSession, report: OperationReport, old: ResourceState
    ) -> ResourceState | None:
        rep = report.for_urn(old.urn)
        rep.op = "refresh"
        rep.steps.append("refresh")
        try:
            plugin = session.get()
            read = plugin.read(old.id, old.urn, old.outputs, old.inputs)
        except PluginError as error:
            _record_plugin_error(rep, error)
            return old
        if not read.id:
            rep.outcome = "delete"
            return None
        outputs, _missing = mark_secret_outputs(read.outputs, tuple(old.additional_secret_outputs))
        inputs = read.inputs if read.inputs is not None else old.inputs
        new = old.copy()
        new.id = read.id
        new.inputs = inputs
        new.outputs = outputs
        if inputs != old.inputs or outputs != old.outputs:
            new.modified = now_iso()
        if old.external:
            _show_changes(rep, old.outputs, outputs)
            rep.outcome = "update" if rep.changed_paths else "same"
            return new
        try:
            diff = plugin.diff(
                new.id,
                new.urn,
                outputs,
                old.inputs,
                inputs,
                allow_unknowns=False,
                ignore_changes=old.ignore_changes,
            )
        except PluginError as error:
            _record_plugin_error(rep, error)
            return new
        if diff.changes is DiffChanges.UNKNOWN:
            keys = changed_keys(inputs, apply_ignore_changes(old.inputs, inputs, tuple(old.ignore_changes)))
            diff = replace(
                diff,
                changes=DiffChanges.SOME if keys else DiffChanges.NONE,
                changed_keys=tuple(k.path for k in keys),
            )
        rep.diff = diff
        rep.outcome = "update" if diff.changes is DiffChanges.SOME else "same"
        _show_changes(rep, old.inputs, inputs)
        if rep.outcome == "update" and not rep.changed_paths:
            _show_changes(rep, old.outputs, outputs)
        return new

    def destroy(self, *, check: bool = False) -> OperationReport:
        """`pulumi destroy --yes`: Delete everything in reverse dependency order, with the config in state."""
        report = OperationReport("destroy")
        session = self._state_session()
        condemned = [(r, r.delete) for r in self.state.resources]
        try:
            deleted = _Deletions(session, report, preview=False, parallel=self.parallel).run(condemned)
        finally:
            session.close(report)
        gone = {id(r) for r in deleted}
        self.state.replace_resources(r for r in self.state.resources if id(r) not in gone)
        if not self.state.resources:
            self.state.stack_outputs = {}
            self.state.provider_config = None
        return self._finish(report, check)
