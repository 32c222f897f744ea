"""`Engine`: plays the Pulumi engine for one stack: preview, up, refresh and destroy against the real plugin.

The step logic follows the engine (`pkg/resource/deploy/step_generator.go`, `step.go`,
`provider_plugin.go`, 3.2xx) for what a Python dynamic provider can meet: Check and Diff run one registration
at a time (the step generator is sequential), while Create, Update, Read and Delete run in parallel (up to
`parallel`, the step executor). Deletes run after the program finished without failures, dependents first.
`engine/README.md` lists what is and is not modelled.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from engine.paths import PropertyPathError, apply_ignore_changes, changed_keys, diff_paths
from engine.plugin import DiffChanges, DiffResult, PluginError, PluginProcess
from engine.program import Program, ProgramError, Registration, RegistrationResult, run_program
from engine.project import read_project
from engine.report import OperationKind, OperationReport, ResourceReport
from engine.state import ResourceState, StackState
from engine.values import UNKNOWN_SENTINEL, PropertyMap, Secret, mark_secret_outputs

_INTERNAL_KEYS: Final = ("__provider",)
_DIFF_UNKNOWN: Final = (
    "the provider's diff returned changes=None (DIFF_UNKNOWN); this engine does not model the engine's "
    "fallback of comparing old and new inputs: return changes=True or False"
)
_IMPORT: Final = (
    "import is not supported: a Python dynamic provider's Read fails without state "
    "(KeyError: '__provider'), as with `pulumi import`"
)


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


def _delete_schedule(condemned: list[ResourceState]) -> list[list[ResourceState]]:
    """The engine's `ScheduleDeletes`: antichains, dependents before what they depend on."""
    remaining = list(condemned)
    rounds: list[list[ResourceState]] = []
    while remaining:
        urns = {r.urn for r in remaining}
        layer = [r for r in remaining if not (r.all_dependencies() - {r.urn}) & urns] or remaining
        rounds.append(layer)
        remaining = [r for r in remaining if all(r is not x for x in layer)]
    rounds.reverse()
    return rounds


class _ProviderSession:
    """The default `pulumi-python` provider of one operation: one plugin process, started on first use and
    configured with `args` (the stack config)."""

    def __init__(self, engine: Engine, args: PropertyMap) -> None:
        self._engine = engine
        self._args = args
        self._lock = threading.Lock()
        self._plugin: PluginProcess | None = None

    def get(self) -> PluginProcess:
        with self._lock:
            if self._plugin is None:
                directory = self._engine.project_file.directory
                self._plugin = PluginProcess(directory, env=self._engine.env, warm=self._engine.warm_plugins)
                self._plugin.start()
                state = self._engine.state
                self._plugin.configure(self._args, urn=state.provider_urn, id_=state.provider_id)
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

    kind: Literal["create", "same", "update", "replace"]
    inputs: PropertyMap
    old: ResourceState | None = None
    delete_before_replace: bool = False


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


def _run_deletes(
    session: _ProviderSession,
    report: OperationReport,
    condemned: list[tuple[ResourceState, bool]],
    *,
    preview: bool,
    parallel: int,
) -> list[ResourceState]:
    """Delete steps for `(resource, replaced)` pairs in reverse dependency order, each antichain in
    parallel; the resources deleted (or that would be, in preview). Stops after a layer with a failure."""
    replaced = {id(r): flag for r, flag in condemned}

    def delete(resource: ResourceState) -> bool:
        resource_report = report.for_urn(resource.urn)
        if not replaced[id(resource)]:
            resource_report.op = "discard" if resource.external else "delete"
            if resource.protect:
                resource_report.error = _protected_delete_error(resource.urn)
                return False
        return _delete_step(session, resource, resource_report, preview=preview)

    deleted: list[ResourceState] = []
    for layer in _delete_schedule([r for r, _ in condemned]):
        with ThreadPoolExecutor(max_workers=max(1, parallel), thread_name_prefix="engine-delete") as pool:
            results = list(pool.map(delete, layer))
        deleted.extend(r for r, ok in zip(layer, results, strict=True) if ok)
        if not all(results):
            break
    return deleted


class _Deployment:
    """One preview or up: the registration handler (step generator + executor) and the delete phase."""

    def __init__(self, engine: Engine, kind: OperationKind) -> None:
        self.engine = engine
        self.preview = kind == "preview"
        self.report = OperationReport(kind)
        self.old = engine.state.copy()
        self.olds: dict[str, ResourceState] = {r.urn: r for r in self.old.resources if not r.delete}
        self.session = _ProviderSession(engine, engine.config_args())
        self.news: dict[str, ResourceState] = {}
        self.seen: set[str] = set()
        self.failed: set[str] = set()
        self.replaced: list[ResourceState] = []
        """Old halves of create-before-delete replacements, deleted after the program."""
        self.deleted_first: set[str] = set()
        """URNs whose old resource a delete-before-replace deleted during the program."""
        self.deleted_ids: set[int] = set()
        self.gen_lock = threading.Lock()
        self.state_lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(max(1, engine.parallel))

    # -- program side ------------------------------------------------------------------------------------

    def run(self, program: Program) -> OperationReport:
        try:
            try:
                self.report.program = run_program(
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
                )
                program_ok = True
            except ProgramError as error:
                self.report.add_error(f"the program failed: {error}")
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
        report = self.report.for_urn(registration.urn)
        if not registration.custom:
            report.error = "component resources are not modelled by this engine"
            return self._fail(registration)
        if blocked:
            report.op = "same" if registration.urn in self.olds else "create"
            if registration.kind == "read":
                report.op = "read"
            report.skipped = True
            return self._fail(registration, status="skipped")
        if registration.kind == "read":
            with self.slots:
                return self._read(registration, report)
        with self.gen_lock:
            plan = self._generate(registration, report)
        if plan is None:
            return self._fail(registration)
        with self.slots:
            return self._apply(plan, registration, report)

    def _fail(
        self, registration: Registration, status: Literal["failed", "skipped"] = "failed"
    ) -> RegistrationResult:
        with self.state_lock:
            self.failed.add(registration.urn)
        return RegistrationResult(status=status)

    # -- step generation (sequential) --------------------------------------------------------------------

    def _check(
        self, registration: Registration, report: ResourceReport, olds: PropertyMap, news: PropertyMap
    ) -> PropertyMap | None:
        try:
            checked = self.session.get().check(registration.urn, olds, news, allow_unknowns=self.preview)
        except PluginError as error:
            _record_plugin_error(report, error)
            return None
        if checked.failures:
            report.check_failures = list(checked.failures)
            return None
        return checked.inputs

    def _generate(self, registration: Registration, report: ResourceReport) -> _Plan | None:
        options = registration.options
        if options.import_id:
            report.error = _IMPORT
            return None
        old = self.olds.get(registration.urn)
        if old is None or old.external:  # a resource only read so far (`.get()`) and now declared: created
            report.op = "create"
            checked = self._check(registration, report, {}, registration.raw_inputs)
            return None if checked is None else _Plan("create", checked)
        report.op = "same"  # refined below; shown if a step fails first
        try:
            inputs = apply_ignore_changes(registration.raw_inputs, old.inputs, options.ignore_changes)
        except PropertyPathError as error:
            report.error = str(error)
            return None
        checked = self._check(registration, report, old.inputs, inputs)
        if checked is None:
            return None
        diff = self._diff(report, old, checked)
        if diff is None:
            return None
        if diff.changes is DiffChanges.NONE:
            return _Plan("same", checked, old=old)
        _show_changes(report, old.inputs, checked)
        if not diff.replaces:
            return _Plan("update", checked, old=old)
        report.replaces = list(diff.replaces)
        if options.protect and old.protect:
            report.error = _protected_replace_error(old.urn)
            if not self.preview:
                return None
        checked = self._check(registration, report, {}, registration.raw_inputs)
        if checked is None:
            return None
        delete_first = diff.delete_before_replace
        if options.delete_before_replace is not None:
            delete_first = options.delete_before_replace
        return _Plan("replace", checked, old=old, delete_before_replace=delete_first)

    def _diff(self, report: ResourceReport, old: ResourceState, news: PropertyMap) -> DiffResult | None:
        try:
            diff = self.session.get().diff(
                old.id, old.urn, old.outputs, news, old.inputs, allow_unknowns=self.preview
            )
        except PluginError as error:
            _record_plugin_error(report, error)
            return None
        if diff.changes is DiffChanges.UNKNOWN:
            report.error = _DIFF_UNKNOWN
            return None
        return diff

    # -- step execution (parallel) -----------------------------------------------------------------------

    def _succeed(
        self,
        registration: Registration,
        report: ResourceReport,
        inputs: PropertyMap,
        id_: str,
        outputs: PropertyMap,
    ) -> RegistrationResult:
        options = registration.options
        state = ResourceState(
            urn=registration.urn,
            type=registration.type,
            id=id_,
            inputs=inputs,
            outputs=mark_secret_outputs(outputs, options.additional_secret_outputs),
            parent=registration.parent,
            provider=self.engine.state.provider_reference,
            protect=options.protect,
            external=registration.kind == "read",
            retain_on_delete=options.retain_on_delete,
            dependencies=list(registration.dependencies),
            property_dependencies={k: list(v) for k, v in registration.property_dependencies.items()},
            additional_secret_outputs=list(options.additional_secret_outputs),
        )
        with self.state_lock:
            self.news[state.urn] = state
        report.inputs = state.inputs
        report.outputs = state.outputs
        return RegistrationResult(id=state.id, outputs=state.outputs)

    def _apply(self, plan: _Plan, registration: Registration, report: ResourceReport) -> RegistrationResult:
        report.op = plan.kind
        old = plan.old
        if plan.kind == "same":
            assert old is not None
            return self._succeed(registration, report, plan.inputs, old.id, old.outputs)
        if self.preview:  # the plugin does not support previews: no Create or Update, the inputs are outputs
            id_ = old.id if old is not None and plan.kind == "update" else ""  # "": unknown to the program
            return self._succeed(registration, report, plan.inputs, id_, dict(plan.inputs))
        try:
            if plan.kind == "update":
                assert old is not None
                outputs = self.session.get().update(old.id, old.urn, old.outputs, plan.inputs, old.inputs)
                return self._succeed(registration, report, plan.inputs, old.id, outputs)
            if plan.kind == "replace" and plan.delete_before_replace:
                assert old is not None
                if not _delete_step(self.session, old, report, preview=False):
                    return self._fail(registration)
                with self.state_lock:
                    self.deleted_first.add(old.urn)
            created = self.session.get().create(registration.urn, plan.inputs)
        except PluginError as error:
            _record_plugin_error(report, error)
            return self._fail(registration)
        if not created.id:
            report.error = "provider did not return an ID from Create"
            return self._fail(registration)
        if plan.kind == "replace" and not plan.delete_before_replace:
            assert old is not None
            condemned = old.copy()
            condemned.delete = True
            with self.state_lock:
                self.replaced.append(condemned)
        return self._succeed(registration, report, plan.inputs, created.id, created.outputs)

    def _read(self, registration: Registration, report: ResourceReport) -> RegistrationResult:
        """`ReadStep.Apply` (`.get()` / `opts.id`): runs in preview too."""
        report.op = "read"
        old = self.olds.get(registration.urn)
        if old is not None and not old.external:
            report.error = "a managed resource turned into a read (`.get()`, `id=`) is not modelled"
            return self._fail(registration)
        if registration.id == UNKNOWN_SENTINEL:
            return RegistrationResult(id="", outputs={})
        try:
            read = self.session.get().read(
                registration.id, registration.urn, registration.raw_inputs, registration.raw_inputs
            )
        except PluginError as error:
            _record_plugin_error(report, error)
            return self._fail(registration)
        if not read.id:
            report.error = f"resource '{registration.id}' does not exist"
            return self._fail(registration)
        return self._succeed(registration, report, dict(registration.raw_inputs), read.id, read.outputs)

    # -- after the program -------------------------------------------------------------------------------

    def _delete_phase(self) -> None:
        condemned = [(r, r.delete) for r in self.old.resources if r.delete or r.urn not in self.seen]
        condemned.extend((r, True) for r in self.replaced)
        if condemned:
            deleted = _run_deletes(
                self.session, self.report, condemned, preview=self.preview, parallel=self.engine.parallel
            )
            self.deleted_ids = {id(r) for r in deleted}

    def _commit(self, program_ok: bool) -> None:
        """Write the new state: what succeeded, old states where steps failed or did not run."""
        news = dict(self.news)
        kept: list[ResourceState] = []
        for resource in self.old.resources:
            if not resource.delete and resource.urn in news:
                kept.append(news.pop(resource.urn))
            elif id(resource) in self.deleted_ids:
                continue
            elif resource.delete or resource.urn not in self.deleted_first:
                kept.append(resource)
        kept.extend(news.values())
        kept.extend(r for r in self.replaced if id(r) not in self.deleted_ids)
        state = self.engine.state
        state.replace_resources(kept)
        if program_ok and self.report.program is not None:
            state.stack_outputs = dict(self.report.program.exports)
        if self.session.started or not kept:
            state.provider_config = self.engine.config_args() if kept else None


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
        warm_plugins: bool | None = None,
        refresh_option: bool = False,
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
        self._refresh_first()
        return self._finish(_Deployment(self, "preview").run(program), check)

    def up(self, program: Program, *, check: bool = False) -> OperationReport:
        """`pulumi up --yes`."""
        self._refresh_first()
        return self._finish(_Deployment(self, "up").run(program), check)

    def _refresh_first(self) -> None:
        if self.refresh_first and self.state.resources:
            self.refresh(check=True)

    def _state_session(self) -> _ProviderSession:
        """Refresh and destroy configure the provider with the config recorded at the last up."""
        config = self.state.provider_config
        return _ProviderSession(self, config if config is not None else self.config_args())

    def refresh(self, *, check: bool = False) -> OperationReport:
        """`pulumi refresh --yes`: Read every resource with the config recorded at the last up."""
        report = OperationReport("refresh")
        session = self._state_session()
        targets = list(self.state.resources)
        for resource in targets:
            report.for_urn(resource.urn).op = "refresh"  # rows in state order
        try:
            with ThreadPoolExecutor(
                max_workers=max(1, self.parallel), thread_name_prefix="engine-refresh"
            ) as pool:
                results = list(
                    pool.map(lambda r: self._refresh_one(session, report.for_urn(r.urn), r), targets)
                )
        finally:
            session.close(report)
        self.state.replace_resources(new for new in results if new is not None)
        return self._finish(report, check)

    def _refresh_one(
        self, session: _ProviderSession, report: ResourceReport, old: ResourceState
    ) -> ResourceState | None:
        """`RefreshStep.Apply`: Read; an empty id drops the resource; then Diff inverted, for display."""
        try:
            plugin = session.get()
            read = plugin.read(old.id, old.urn, old.outputs, old.inputs)
        except PluginError as error:
            _record_plugin_error(report, error)
            return old
        if not read.id:
            report.outcome = "delete"
            return None
        new = old.copy()
        new.id = read.id
        new.inputs = read.inputs if read.inputs is not None else old.inputs
        new.outputs = mark_secret_outputs(read.outputs, old.additional_secret_outputs)
        if old.external:
            _show_changes(report, old.outputs, new.outputs)
            report.outcome = "update" if report.changed_paths else "same"
            return new
        try:
            diff = plugin.diff(new.id, new.urn, new.outputs, old.inputs, new.inputs, allow_unknowns=False)
        except PluginError as error:
            _record_plugin_error(report, error)
            return new
        if diff.changes is DiffChanges.UNKNOWN:
            report.error = _DIFF_UNKNOWN
            return new
        report.outcome = "update" if diff.changes is DiffChanges.SOME else "same"
        _show_changes(report, old.inputs, new.inputs)
        return new

    def destroy(self, *, check: bool = False) -> OperationReport:
        """`pulumi destroy --yes`: Delete everything in reverse dependency order, with the config in state."""
        self._refresh_first()
        report = OperationReport("destroy")
        session = self._state_session()
        condemned = [(r, r.delete) for r in self.state.resources]
        try:
            deleted = _run_deletes(session, report, condemned, preview=False, parallel=self.parallel)
        finally:
            session.close(report)
        gone = {id(r) for r in deleted}
        self.state.replace_resources(r for r in self.state.resources if id(r) not in gone)
        if not self.state.resources:
            self.state.stack_outputs = {}
            self.state.provider_config = None
        return self._finish(report, check)
