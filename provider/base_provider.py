"""``SinchProvider``: what every dynamic provider of this project shares: configuration and the runtime.

The provider object is pickled into every resource's state, so it must carry nothing: ``configure()``
(called by the plugin once per process, after unpickling) keeps the stack's ``sinch:*`` settings in a
:class:`~provider.runtime.ProviderRuntime` on the instance's ``__dict__``, never in the pickled state.
Used outside the plugin (no ``configure()``), the runtime reads the environment only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from marshmallow import ValidationError
from pulumi.dynamic import ConfigureRequest, ResourceProvider

import schemas
from provider.pulumi_values import to_schema_values
from provider.runtime import ProviderRuntime
from provider.settings import ALL_SETTINGS

_RUNTIME_LOCK = threading.Lock()
# One runtime per distinct configuration in this process, shared by every provider class the plugin
# configures with it (senders and webhooks): one connection pool and one OAuth2 token, not one each.
_RUNTIMES: dict[tuple[tuple[str, str | None], ...], ProviderRuntime] = {}


class SinchProvider(ResourceProvider):
    """Base of the resources' providers. Subclasses are constructed with no arguments and pickle empty."""

    # Nothing secret is ever on the instance (tests check the pickled payload), so the serialized provider
    # need not be encrypted: that keeps each resource's state small and saves a crypto call per value.
    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        config = {setting.config_key: req.config.get(setting.config_key) for setting in ALL_SETTINGS}
        key = tuple(sorted(config.items()))
        with _RUNTIME_LOCK:
            runtime = _RUNTIMES.get(key)
            if runtime is None:
                runtime = _RUNTIMES[key] = ProviderRuntime(config)
        self.__dict__["_live"] = runtime

    def _runtime(self) -> ProviderRuntime:
        runtime = self.__dict__.get("_live")
        if runtime is None:  # not configured (direct use outside the plugin): environment only
            with _RUNTIME_LOCK:
                runtime = self.__dict__.setdefault("_live", ProviderRuntime({}))
        assert isinstance(runtime, ProviderRuntime)
        return runtime


def load_known(
    load: Callable[[Any], Any],
    declared: Mapping[str, Any],
    invalid: Callable[[Sequence[tuple[str, str]]], Exception],
) -> dict[str, Any]:
    """The declaration as ``load`` (a schema's) normalises it, for create and update, which never see
    unknowns; ``invalid(problems)`` is raised when it does not load (Check normally caught it first)."""
    try:
        loaded: dict[str, Any] = load(to_schema_values(dict(declared)))
    except ValidationError as error:
        raise invalid(schemas.flatten_errors(error.messages)) from None
    return loaded
