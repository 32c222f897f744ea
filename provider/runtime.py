"""What the provider holds while it runs in the plugin: its settings and one shared, thread-safe client.

The provider object itself is pickled into every resource's state, so it must carry nothing: this holder
is created after unpickling (in ``configure()`` or on first use), is shared by the plugin's worker threads,
and refuses to be pickled so that a credential can never reach state by accident.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import NoReturn

from provider.client import SinchRcsClient
from provider.settings import ALL_SETTINGS, ProviderSettings, SettingsError


class ProviderRuntime:
    """Settings resolved lazily (preview needs none) and a client built once, under a lock."""

    def __init__(self, config: Mapping[str, str | None]) -> None:
        self._config = {setting.config_key: config.get(setting.config_key) for setting in ALL_SETTINGS}
        self._lock = threading.Lock()
        self._settings: ProviderSettings | None = None
        self._client: SinchRcsClient | None = None

    @property
    def settings(self) -> ProviderSettings:
        """The resolved settings; raises ``SettingsError`` naming every missing one."""
        with self._lock:
            if self._settings is None:
                self._settings = ProviderSettings.resolve(self._config)
            return self._settings

    def project_id(self) -> str | None:
        """The project id if it is set, without requiring the other settings (for messages)."""
        try:
            return self.settings.project_id
        except SettingsError:
            return None

    @property
    def client(self) -> SinchRcsClient:
        settings = self.settings
        with self._lock:
            if self._client is None:
                self._client = settings.build_client()
            return self._client

    def __repr__(self) -> str:
        return "ProviderRuntime(<settings and client not shown>)"

    def __reduce__(self) -> NoReturn:
        raise TypeError("ProviderRuntime holds credentials and is never serialized")
