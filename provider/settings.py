"""Connection settings for the provider: from the Pulumi stack configuration, else from the environment.

Each setting is read from the stack config key (namespace ``sinch``) first, then from its environment
variable. Missing required settings are reported all at once, naming both ways to set each one.
Nothing here talks to the network or imports Pulumi: ``configure()`` hands us the config as a mapping.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import get_args

from sinch_conversation.connection import DEFAULT_URL_TEMPLATE, REGIONS, conversation_url
from sinch_provisioning.auth import DEFAULT_AUTH_URL
from sinch_provisioning.connection import DEFAULT_BASE_URL, AuthMethod, Connection
from sinch_provisioning.transport import check_url

AUTH_METHODS: tuple[AuthMethod, ...] = get_args(AuthMethod)


@dataclass(frozen=True)
class Setting:
    """One setting: its stack config key, its environment variable, and whether it is required."""

    config_key: str
    env_var: str
    required: bool
    secret: bool = False

    def hint(self) -> str:
        if self.secret:  # let the CLI prompt: a value on the command line stays in the shell's history
            how = f"`pulumi config set --secret {self.config_key}`, which prompts for the value"
        else:
            how = f"`pulumi config set {self.config_key} <value>`"
        return f"{self.config_key} ({how}, or the environment variable {self.env_var})"

    def value(self, config: Mapping[str, str | None], environ: Mapping[str, str] | None = None) -> str | None:
        """This setting's value: the stack config key, else the environment variable; None when unset."""
        return _lookup(config, os.environ if environ is None else environ)(self)


PROJECT_ID = Setting("sinch:projectId", "SINCH_PROJECT_ID", required=True)
KEY_ID = Setting("sinch:keyId", "SINCH_KEY_ID", required=True)
KEY_SECRET = Setting("sinch:keySecret", "SINCH_KEY_SECRET", required=True, secret=True)
AUTH_METHOD = Setting("sinch:authMethod", "SINCH_AUTH_METHOD", required=False)
PROVISIONING_URL = Setting("sinch:provisioningUrl", "SINCH_PROVISIONING_URL", required=False)
AUTH_URL = Setting("sinch:authUrl", "SINCH_AUTH_URL", required=False)
CONVERSATION_URL = Setting("sinch:conversationUrl", "SINCH_CONVERSATION_URL", required=False)

ALL_SETTINGS = (PROJECT_ID, KEY_ID, KEY_SECRET, AUTH_METHOD, PROVISIONING_URL, AUTH_URL, CONVERSATION_URL)


class SettingsError(ValueError):
    """The provider's settings are missing or invalid; the message says what to set and how."""


@dataclass(frozen=True)
class ProviderSettings:
    """Everything needed to build a client. ``key_secret`` is kept out of ``repr``."""

    project_id: str
    key_id: str
    key_secret: str = field(repr=False)
    auth_method: AuthMethod = "oauth2"
    provisioning_url: str = DEFAULT_BASE_URL
    auth_url: str = DEFAULT_AUTH_URL
    conversation_url: str = DEFAULT_URL_TEMPLATE
    """The Conversation API's base URL: a template with ``{region}`` (eu, us, br), or one URL for all."""

    @classmethod
    def resolve(
        cls,
        config: Mapping[str, str | None],
        environ: Mapping[str, str] | None = None,
    ) -> ProviderSettings:
        """Settings from ``config`` (stack config keys) falling back to ``environ`` (default: os.environ)."""
        env = os.environ if environ is None else environ
        lookup = _lookup(config, env)
        missing = [setting for setting in ALL_SETTINGS if setting.required and not lookup(setting)]
        if missing:
            lines = "\n".join(f"  - {setting.hint()}" for setting in missing)
            raise SettingsError(f"Missing Sinch settings; set each of these:\n{lines}")
        auth_method = (lookup(AUTH_METHOD) or "oauth2").lower()
        if auth_method not in AUTH_METHODS:
            raise SettingsError(
                f"{AUTH_METHOD.config_key} (or {AUTH_METHOD.env_var}) is {auth_method!r}; "
                f"allowed values: {', '.join(AUTH_METHODS)}."
            )
        return cls(
            project_id=lookup(PROJECT_ID) or "",
            key_id=lookup(KEY_ID) or "",
            key_secret=lookup(KEY_SECRET) or "",
            auth_method="basic" if auth_method == "basic" else "oauth2",
            provisioning_url=_url(lookup(PROVISIONING_URL), DEFAULT_BASE_URL, PROVISIONING_URL),
            auth_url=_url(lookup(AUTH_URL), DEFAULT_AUTH_URL, AUTH_URL),
            conversation_url=_conversation_url(lookup(CONVERSATION_URL)),
        )

    def connect(self) -> Connection:
        """A connection for these settings (one per provider process, shared by its resource clients)."""
        return Connection.from_access_key(
            self.project_id,
            self.key_id,
            self.key_secret,
            auth_method=self.auth_method,
            base_url=self.provisioning_url,
            auth_url=self.auth_url,
        )


def _lookup(config: Mapping[str, str | None], env: Mapping[str, str]) -> Callable[[Setting], str | None]:
    def lookup(setting: Setting) -> str | None:
        value = config.get(setting.config_key)
        if value is None or not str(value).strip():
            value = env.get(setting.env_var)
        if value is None:
            return None
        value = str(value).strip()
        return value or None

    return lookup


def _url(value: str | None, default: str, setting: Setting) -> str:
    """An https URL, or plain http to this machine only (a local emulator): the client's own rule, so that
    a bad URL is a settings error naming the key, not a failure on first use."""
    if value is None:
        return default
    try:
        check_url(value, setting.config_key)
    except ValueError:
        raise SettingsError(
            f"{setting.config_key} (or {setting.env_var}) must be an https URL "
            f"(plain http only to 127.0.0.1/localhost, e.g. the local emulator); got {value!r}."
        ) from None
    return value.rstrip("/")


def _conversation_url(value: str | None) -> str:
    """A URL template with ``{region}``, or one URL, that makes a valid URL for every region."""
    if value is None:
        return DEFAULT_URL_TEMPLATE
    try:
        for region in REGIONS:
            conversation_url(value, region)
    except ValueError as error:
        raise SettingsError(
            f"{CONVERSATION_URL.config_key} (or {CONVERSATION_URL.env_var}) must be an https URL, or a "
            "template with {region} (eu, us, br), such as https://{region}.conversation.api.sinch.com (plain "
            f"http only to 127.0.0.1/localhost, e.g. the local emulator); got {value!r}: {error}."
        ) from None
    return value.rstrip("/")
