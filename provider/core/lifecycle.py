"""``Lifecycle``: what a resource does at each step Pulumi takes, in plain values, for any front end.

Every resource implements one :class:`Lifecycle` subclass (in its ``provider.py``): ``check``, ``diff``,
``create``, ``read``, ``update``, ``delete``. Values are plain Python: a value Pulumi does not know yet is
``schemas.UNKNOWN``, secrets arrive unwrapped (the front end marks the outputs in the resource's
:class:`~provider.core.properties.PropertyTable` secret on the way out). A front end (the dynamic provider,
:mod:`provider.dynamic`; the native plugin, :mod:`provider.native`) converts Pulumi's values in and out,
builds one lifecycle per call with a :class:`Context`, and reports failures the same way
(:mod:`provider.core.reporting`).

What the engine guarantees, and each lifecycle honours:

- ``pulumi preview`` calls only ``check`` and ``diff`` (the dynamic form): both are local, no request, and
  tolerate unknown values;
- ``diff`` and ``update`` receive the old *outputs*, so the outputs echo the normalised declaration plus
  what Sinch generated (:meth:`PropertyTable.record`);
- one front-end object serves many operations at once, so a lifecycle keeps nothing between calls and
  everything it shares (the runtime, the ledger) is thread-safe.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final, Protocol

from marshmallow import ValidationError

import schemas
from provider.core.errors import InputError, weak_secret_warning
from provider.core.properties import PropertyTable
from provider.runtime import ProviderRuntime

# At most this many check failures are shown one by one; the rest are counted.
MAX_CHECK_FAILURES: Final = 30

Problems = list[tuple[str, str]]
Values = dict[str, Any]


class Log(Protocol):
    """Where a lifecycle's progress and warnings go (the engine's diagnostics)."""

    def info(self, message: str) -> None: ...

    def warn(self, message: str) -> None: ...


@dataclass(frozen=True)
class Context:
    """What a lifecycle gets from its front end for one call."""

    runtime: ProviderRuntime
    log: Log
    urn: str | None = None
    """The resource's URN, where the front end knows it (the native plugin's Check does)."""


@dataclass(frozen=True)
class Checked:
    """The result of ``check``: the normalised inputs (None when they do not load) and the failures."""

    inputs: Values | None
    failures: Problems = field(default_factory=list)


@dataclass(frozen=True)
class Planned:
    """The result of ``diff``: whether anything changes, which changed keys replace the object."""

    changed: bool
    replaces: list[str] = field(default_factory=list)
    delete_before_replace: bool = False
    changed_keys: list[str] = field(default_factory=list)
    """The top-level inputs that changed (a front end that can show a detailed diff uses them)."""


@dataclass(frozen=True)
class Created:
    """The result of ``create``: the object's id and the outputs to record."""

    id: str
    outputs: Values


@dataclass(frozen=True)
class Refreshed:
    """The result of ``read``: the object as Sinch holds it, as outputs and as the inputs that declare it."""

    id: str
    outputs: Values
    inputs: Values


class Lifecycle(ABC):
    """One resource's steps: ``class SenderLifecycle(Lifecycle, table=TABLE)``, implementing every step;
    one instance per call."""

    table: ClassVar[PropertyTable]

    def __init_subclass__(cls, *, table: PropertyTable | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if table is not None:
            cls.table = table

    def __init__(self, context: Context) -> None:
        self.context = context
        self.runtime = context.runtime
        self.log = context.log

    @abstractmethod
    def check(self, olds: Values, news: Values) -> Checked:
        """Load ``news`` (the program's inputs); ``olds``: the recorded inputs, empty for a new resource."""

    @abstractmethod
    def diff(self, id_: str, olds: Values, news: Values) -> Planned:
        """What changes from the recorded outputs ``olds`` to the checked inputs ``news``."""

    @abstractmethod
    def create(self, inputs: Values) -> Created:
        """Create (or adopt) the object the checked ``inputs`` declare."""

    @abstractmethod
    def read(self, id_: str, outputs: Values, inputs: Values) -> Refreshed | None:
        """The object ``id_`` as Sinch holds it, or None when it is gone. ``outputs`` and ``inputs`` are
        what the stack recorded: both empty for an import (only the id is known)."""

    @abstractmethod
    def update(self, id_: str, olds: Values, news: Values) -> Values:
        """Apply the change from the recorded outputs ``olds`` to ``news``; the outputs to record."""

    @abstractmethod
    def delete(self, id_: str, outputs: Values) -> None:
        """Delete the object (or, where Sinch cannot, say what remains)."""

    # --- shared by the steps ------------------------------------------------------------------------

    @property
    def project(self) -> str | None:
        """The configured project id, when it is set (for messages; preview needs no settings)."""
        return self.runtime.project_id()

    def declared(self, props: Mapping[str, Any]) -> Values:
        return self.table.declared(props)

    def checked_webhook(self, load: Callable[[Any], Any], news: Values, signs: str) -> Checked:
        """``check`` of a webhook resource: ``news`` loaded by ``load``, and a warning when the signing
        secret is shorter than Sinch advises (``signs``: what Sinch signs with it, ``event``...)."""
        result = checked(load, self.declared(news))
        if result.inputs is not None:
            warning = weak_secret_warning(self.table.resource, result.inputs, signs)
            if warning is not None:
                self.log.warn(warning)
        return result


def bounded(problems: Sequence[tuple[str, str]]) -> Problems:
    """At most ``MAX_CHECK_FAILURES`` problems, the rest counted in a last one."""
    if len(problems) <= MAX_CHECK_FAILURES:
        return list(problems)
    kept = list(problems[:MAX_CHECK_FAILURES])
    first_left_out = problems[MAX_CHECK_FAILURES][0]
    more = len(problems) - MAX_CHECK_FAILURES
    return [*kept, (first_left_out, f"And {more:,} more problems from here on; fix the ones above first.")]


def checked(load: Callable[[Any], Any], declared: Mapping[str, Any]) -> Checked:
    """``declared`` as ``load`` (the resource's schema) normalises it, for check: unknowns pass, and each
    problem is a failure at its path (``Checked(None, failures)``)."""
    try:
        loaded: Values = load(dict(declared))
    except ValidationError as error:
        return Checked(None, schemas.flatten_errors(error.messages))
    return Checked(loaded)


def load_declared(load: Callable[[Any], Any], declared: Mapping[str, Any], table: PropertyTable) -> Values:
    """``declared`` as ``load`` (the resource's schema) normalises it, for create and update, which never
    see unknowns; :class:`InputError` when it does not load (Check normally reported it first)."""
    try:
        loaded: Values = load(dict(declared))
    except ValidationError as error:
        raise InputError(table.resource, schemas.flatten_errors(error.messages)) from None
    return loaded
