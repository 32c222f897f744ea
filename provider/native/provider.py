"""``SinchProvider``: the ``sinch`` provider plugin, a ``pulumi.provider.experimental`` Provider on the same
lifecycles as the dynamic form.

One instance per plugin process, and the engine starts one process per provider instance (the default
provider, each explicit ``pulumi:providers:sinch``), so an instance has one configuration:

- configuration: CheckConfig judges the settings (:mod:`provider.native.config`) and marks ``keySecret``
  secret; Configure makes the instance's :class:`~provider.runtime.ProviderRuntime` from its inputs
  (missing ones fall back to the ``SINCH_*`` environment, as in the dynamic form) and answers that the
  plugin takes secrets and previews;
- resources: each ``sinch:index:<Type>`` is served by its resource's ``Lifecycle``
  (:mod:`provider.native.registry`), one per call, with a :class:`~provider.core.lifecycle.Context` holding
  the runtime, a log that reaches the engine at the resource's URN (:mod:`provider.native.engine_log`) and
  the URN; values are converted by :mod:`provider.native.values`: the table's secret outputs and every
  input that came secret go back secret;
- Check also rejects a second resource of this instance declaring a unique value (a webhook target) that
  another one declared, naming both URNs (:mod:`provider.native.declarations`);
- Diff answers the lifecycle's plan as a detailed diff (its changed keys, those that replace, and
  delete-before-replace);
- Read with only an id (an import) is the lifecycle's read with no outputs and no inputs, which rebuilds the
  declaration from what Sinch holds; an object that is not there fails the import;
- a preview's Create and Update send nothing: the declaration, with Sinch's outputs unknown (Create) or as
  recorded (Update);
- failures: every step runs under :func:`~provider.core.reporting.reporting`, whose one short message is
  what the servicer sends the engine (:mod:`provider.native.server`);
- concurrency: the server runs every RPC on one event loop, so each step runs in a thread pool of
  :data:`WORKERS` threads, as many as the connection pool holds connections: the engine's ``--parallel``
  operations run at once up to that bound, and no request waits for a connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final, TypeVar

import grpc
from pulumi.provider.experimental import provider as api
from pulumi.provider.experimental.property_value import PropertyValue

import schemas
from provider.core.errors import in_project
from provider.core.lifecycle import Context, Lifecycle, Planned
from provider.core.reporting import reporting
from provider.native.config import KEY_SECRET_INPUT, config_problems, settings_config
from provider.native.declarations import Declarations
from provider.native.engine_log import CallLog, EngineLog
from provider.native.errors import NativeError
from provider.native.functions import FUNCTIONS
from provider.native.registry import RESOURCES, NativeResource
from provider.native.schema import package_schema_json
from provider.native.values import plain_map, property_map, secret_keys
from provider.runtime import ProviderRuntime, runtime_for
from sinch_provisioning.connection import DEFAULT_POOL_SIZE

T = TypeVar("T")

WORKERS: Final = DEFAULT_POOL_SIZE
"""Steps that run at once: one pooled connection each (more would wait for a connection, or open one that
the pool then throws away)."""


class SinchProvider(api.Provider):
    """The ``sinch`` package's provider (see the module docstring)."""

    def __init__(self, engine: EngineLog | None = None, *, workers: int = WORKERS) -> None:
        self._engine = engine
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sinch-step")
        self._runtime: ProviderRuntime | None = None
        self._declarations = Declarations()

    # -- the package and its configuration -----------------------------------------------------------

    async def get_schema(self, request: api.GetSchemaRequest) -> api.GetSchemaResponse:
        return api.GetSchemaResponse(schema=package_schema_json())

    async def check_config(self, request: api.CheckRequest) -> api.CheckResponse:
        def check(_context: Context) -> api.CheckResponse:
            news = plain_map(request.new_inputs)
            failures = [api.CheckFailure(name, reason) for name, reason in config_problems(news)]
            inputs = dict(request.new_inputs)
            if KEY_SECRET_INPUT in inputs:
                inputs[KEY_SECRET_INPUT] = inputs[KEY_SECRET_INPUT].with_secret(True)
            return api.CheckResponse(inputs=inputs, failures=failures)

        return await self._step("Checking the sinch provider's configuration", request.urn, check)

    async def configure(self, request: api.ConfigureRequest) -> api.ConfigureResponse:
        def configure(_context: Context) -> api.ConfigureResponse:
            self._runtime = runtime_for(settings_config(plain_map(request.args)))
            return api.ConfigureResponse(
                accept_secrets=True, supports_preview=True, accept_resources=False, accept_outputs=False
            )

        return await self._step("Configuring the sinch provider", "", configure)

    async def invoke(self, request: api.InvokeRequest) -> api.InvokeResponse:
        function = FUNCTIONS.get(request.tok)
        if function is None:
            raise NativeError(f"The sinch package has no function {request.tok}.", grpc.StatusCode.NOT_FOUND)

        def call(context: Context) -> api.InvokeResponse:
            args = {key: value for key, value in plain_map(request.args).items() if value is not None}
            problems = function.problems(args)
            if problems:
                return api.InvokeResponse(
                    failures=[api.CheckFailure(path, reason) for path, reason in problems]
                )
            return api.InvokeResponse(return_value=property_map(function.call(context.runtime, args)))

        return await self._step(f"Calling {function.name}", "", call)

    # -- resources -----------------------------------------------------------------------------------

    async def check(self, request: api.CheckRequest) -> api.CheckResponse:
        resource = self._resource(request.type)

        def check(context: Context) -> api.CheckResponse:
            news = plain_map(request.new_inputs)
            checked = self._lifecycle(resource, context).check(plain_map(request.old_inputs), news)
            failures = list(checked.failures)
            inputs = news if checked.inputs is None else checked.inputs
            if checked.inputs is not None and not failures:
                failures = self._declarations.declare(resource, request.urn, checked.inputs)
            secret = _secret(resource, request.new_inputs)
            return api.CheckResponse(
                inputs=property_map(inputs, secret),
                failures=[api.CheckFailure(path, reason) for path, reason in failures],
            )

        return await self._step(f"Check of {resource.table.a_resource}", request.urn, check)

    async def diff(self, request: api.DiffRequest) -> api.DiffResponse:
        resource = self._resource(request.type)

        def diff(context: Context) -> api.DiffResponse:
            olds, news = plain_map(request.old_state), plain_map(request.new_inputs)
            planned = self._lifecycle(resource, context).diff(request.resource_id, olds, news)
            return _diff_response(resource, planned, olds, news)

        return await self._step(f"Diff of {resource.table.a_resource}", request.urn, diff)

    async def create(self, request: api.CreateRequest) -> api.CreateResponse:
        resource = self._resource(request.type)
        table = resource.table

        def create(context: Context) -> api.CreateResponse:
            inputs = plain_map(request.properties)
            secret = _secret(resource, request.properties)
            if request.preview:  # nothing is sent: Sinch's outputs are not known yet
                unknown = dict.fromkeys(table.outputs, schemas.UNKNOWN)
                return api.CreateResponse(properties=property_map({**inputs, **unknown}, secret))
            created = self._lifecycle(resource, context).create(inputs)
            return api.CreateResponse(
                resource_id=created.id, properties=property_map(created.outputs, secret)
            )

        return await self._step(f"Creating {table.a_resource}", request.urn, create)

    async def read(self, request: api.ReadRequest) -> api.ReadResponse:
        resource = self._resource(request.type)
        table = resource.table
        importing = not request.properties

        def read(context: Context) -> api.ReadResponse | None:
            outputs, inputs = plain_map(request.properties), plain_map(request.inputs)
            refreshed = self._lifecycle(resource, context).read(request.resource_id, outputs, inputs)
            if refreshed is None:
                return None
            secret = _secret(resource, request.properties, request.inputs)
            return api.ReadResponse(
                resource_id=refreshed.id,
                properties=property_map(refreshed.outputs, secret),
                inputs=property_map(refreshed.inputs, secret),
            )

        doing = f"Importing {table.a_resource}" if importing else f"Reading {table.a_resource}"
        answer = await self._step(doing, request.urn, read)
        if answer is not None:
            return answer
        if importing:  # the SDK would otherwise answer with the request: an import of nothing
            project = in_project(self._active_runtime().project_id())
            raise NativeError(
                f"{table.resource} {request.resource_id} does not exist in {project}: nothing to import. "
                "Check the id and the provider's project.",
                grpc.StatusCode.NOT_FOUND,
            )
        return api.ReadResponse()  # gone from Sinch: no id tells the engine to drop it

    async def update(self, request: api.UpdateRequest) -> api.UpdateResponse:
        resource = self._resource(request.type)
        table = resource.table

        def update(context: Context) -> api.UpdateResponse:
            olds, news = plain_map(request.olds), plain_map(request.news)
            secret = _secret(resource, request.news)
            if request.preview:  # nothing is sent: Sinch's outputs as recorded, the new declaration
                kept = {key: value for key, value in olds.items() if key not in table.inputs}
                return api.UpdateResponse(properties=property_map({**kept, **news}, secret))
            outputs = self._lifecycle(resource, context).update(request.resource_id, olds, news)
            return api.UpdateResponse(properties=property_map(outputs, secret))

        return await self._step(f"Updating {table.a_resource}", request.urn, update)

    async def delete(self, request: api.DeleteRequest) -> None:
        resource = self._resource(request.type)

        def delete(context: Context) -> None:
            self._lifecycle(resource, context).delete(request.resource_id, plain_map(request.properties))

        await self._step(f"Deleting {resource.table.a_resource}", request.urn, delete)

    # -- shared ----------------------------------------------------------------------------------------

    def _resource(self, type_: str) -> NativeResource:
        resource = RESOURCES.get(type_)
        if resource is None:
            known = ", ".join(sorted(RESOURCES))
            raise NativeError(
                f"The sinch package has no resource type {type_!r} (it serves {known}): is the program's "
                "SDK newer than this plugin?",
                grpc.StatusCode.NOT_FOUND,
            )
        return resource

    def _lifecycle(self, resource: NativeResource, context: Context) -> Lifecycle:
        return resource.lifecycle(context)

    def _active_runtime(self) -> ProviderRuntime:
        """The configured runtime; before Configure (or without it), the environment's."""
        if self._runtime is None:
            self._runtime = runtime_for({})
        return self._runtime

    async def _step(self, operation: str, urn: str, work: Callable[[Context], T]) -> T:
        """Run ``work`` in the pool, under ``reporting(operation)``, with this call's context."""
        loop = asyncio.get_running_loop()
        context = Context(self._active_runtime(), CallLog(self._engine, loop, urn), urn or None)

        def run() -> T:
            with reporting(operation):
                return work(context)

        return await loop.run_in_executor(self._pool, run)


def _secret(resource: NativeResource, *given: Mapping[str, PropertyValue]) -> set[str]:
    """The properties to send back secret: the table's secrets, and every one that came secret."""
    names = set(resource.table.secrets)
    for values in given:
        names |= secret_keys(values)
    return names


_KINDS: Final = {
    (False, "add"): api.PropertyDiffKind.ADD,
    (False, "delete"): api.PropertyDiffKind.DELETE,
    (False, "update"): api.PropertyDiffKind.UPDATE,
    (True, "add"): api.PropertyDiffKind.ADD_REPLACE,
    (True, "delete"): api.PropertyDiffKind.DELETE_REPLACE,
    (True, "update"): api.PropertyDiffKind.UPDATE_REPLACE,
}


def _diff_response(
    resource: NativeResource, planned: Planned, olds: Mapping[str, Any], news: Mapping[str, Any]
) -> api.DiffResponse:
    """The lifecycle's plan as the engine reads it: changed keys, each with its kind, and replacements."""
    if not planned.changed:
        return api.DiffResponse(changes=False)
    keys = list(dict.fromkeys([*planned.changed_keys, *planned.replaces]))
    declared_before = resource.table.declared(olds)
    detailed = {
        key: api.PropertyDiff(_KINDS[(key in planned.replaces, _change(key, declared_before, news))], True)
        for key in keys
    }
    return api.DiffResponse(
        changes=True,
        replaces=list(planned.replaces),
        diffs=keys,
        detailed_diff=detailed,
        delete_before_replace=planned.delete_before_replace,
    )


def _change(key: str, before: Collection[str], after: Mapping[str, Any]) -> str:
    if key not in before:
        return "add"
    if after.get(key) is None:
        return "delete"
    return "update"
