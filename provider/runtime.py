"""What the provider holds while it runs in the plugin: its settings and one shared, thread-safe connection.

The provider objects are pickled into every resource's state, so they must carry nothing: this holder is
created after unpickling (in ``configure()`` or on first use), is shared by the plugin's worker threads,
and refuses to be pickled so that a credential can never reach state by accident. Every resource client
(senders, webhooks, and the Conversation API's apps and app webhooks in each region) is built on its one
connection: one connection pool, one OAuth2 token.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import NoReturn

from provider.settings import ALL_SETTINGS, PROJECT_ID, ProviderSettings
from sinch_conversation.apps import AppsClient
from sinch_conversation.connection import ConversationConnection, conversation_region
from sinch_conversation.webhooks import AppWebhooksClient
from sinch_provisioning.connection import Connection
from sinch_provisioning.rcs_senders import SinchRcsClient
from sinch_provisioning.webhooks import WebhooksClient


class ProviderRuntime:
    """Settings resolved lazily (preview needs none) and a connection built once, under a lock."""

    def __init__(self, config: Mapping[str, str | None]) -> None:
        self._config = {setting.config_key: config.get(setting.config_key) for setting in ALL_SETTINGS}
        self._lock = threading.Lock()
        self._settings: ProviderSettings | None = None
        self._connection: Connection | None = None
        self._regional: dict[str, ConversationConnection] = {}

    @property
    def settings(self) -> ProviderSettings:
        """The resolved settings; raises ``SettingsError`` naming every missing one."""
        with self._lock:
            if self._settings is None:
                self._settings = ProviderSettings.resolve(self._config)
            return self._settings

    def project_id(self) -> str | None:
        """The project id if it is set, whether or not the other settings are (for messages)."""
        return PROJECT_ID.value(self._config)

    @property
    def connection(self) -> Connection:
        settings = self.settings
        with self._lock:
            if self._connection is None:
                self._connection = settings.connect()
            return self._connection

    @property
    def rcs_senders(self) -> SinchRcsClient:
        return SinchRcsClient(self.connection)

    @property
    def webhooks(self) -> WebhooksClient:
        return WebhooksClient(self.connection)

    def conversation(self, region: str) -> ConversationConnection:
        """The Conversation API in ``region`` (``EU``/``US``/``BR``, either case), on the Provisioning
        connection's credentials and pooled session: one token for both APIs."""
        key = conversation_region(region)
        connection, url = self.connection, self.settings.conversation_url  # each takes the lock itself
        with self._lock:
            regional = self._regional.get(key)
            if regional is None:
                regional = ConversationConnection.beside(connection, region=key, url=url)
                self._regional[key] = regional
            return regional

    def apps(self, region: str) -> AppsClient:
        return AppsClient(self.conversation(region))

    def app_webhooks(self, region: str) -> AppWebhooksClient:
        return AppWebhooksClient(self.conversation(region))

    def __repr__(self) -> str:
        return "ProviderRuntime(<settings and connection not shown>)"

    def __reduce__(self) -> NoReturn:
        raise TypeError("ProviderRuntime holds credentials and is never serialized")


_RUNTIMES_LOCK = threading.Lock()
# One runtime per distinct configuration in this process, shared by every provider class a plugin
# configures with it (senders, webhooks, ...): one connection pool and one OAuth2 token, not one each.
_RUNTIMES: dict[tuple[tuple[str, str | None], ...], ProviderRuntime] = {}


def runtime_for(config: Mapping[str, str | None]) -> ProviderRuntime:
    """The process's one runtime for ``config`` (stack config keys; missing ones fall back to the
    environment when the settings are resolved)."""
    key = tuple(sorted((setting.config_key, config.get(setting.config_key)) for setting in ALL_SETTINGS))
    with _RUNTIMES_LOCK:
        runtime = _RUNTIMES.get(key)
        if runtime is None:
            runtime = _RUNTIMES[key] = ProviderRuntime(config)
        return runtime
