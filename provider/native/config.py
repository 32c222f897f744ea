"""The ``sinch`` provider's configuration: its inputs are the settings of :mod:`provider.settings`.

An explicit provider (``pulumi_sinch.Provider("prod", project_id=...)``) has these inputs; the default
provider gets the stack configuration ``sinch:*`` with the namespace stripped (``sinch:keyId`` -> ``keyId``).
Either way a setting left out falls back to its ``SINCH_*`` environment variable, as in the dynamic form
(:meth:`provider.settings.ProviderSettings.resolve`).

- :func:`settings_config`: the inputs as the settings' config keys (``{"sinch:keyId": ...}``), what
  :func:`provider.runtime.runtime_for` takes;
- :func:`config_problems`: what CheckConfig reports, one failure per property: each missing required
  setting (named with both ways to set it), an invalid auth method or URL. Values not known yet (another
  resource's output, at preview) are not judged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import schemas
from provider.core.properties import snake_case
from provider.settings import ALL_SETTINGS, KEY_SECRET, ProviderSettings, Setting, SettingsError

NAMESPACE: Final = "sinch"

SETTINGS: Final[Mapping[str, Setting]] = {
    setting.config_key.removeprefix(f"{NAMESPACE}:"): setting for setting in ALL_SETTINGS
}
"""The provider's input names (``projectId``, ``keyId``, ...) and the setting each one is."""

SECRET_INPUTS: Final = frozenset(name for name, setting in SETTINGS.items() if setting.secret)
KEY_SECRET_INPUT: Final = KEY_SECRET.config_key.removeprefix(f"{NAMESPACE}:")


def settings_config(inputs: Mapping[str, Any]) -> dict[str, str | None]:
    """The provider's (plain, known) inputs as stack config keys; absent or empty ones are None, so that
    their environment variable applies."""
    config: dict[str, str | None] = {}
    for name, setting in SETTINGS.items():
        value = inputs.get(name)
        config[setting.config_key] = None if value is None or value == "" else str(value)
    return config


def config_problems(inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
    """CheckConfig's failures for the provider's plain inputs: ``(input name, reason)``."""
    known = {name: value for name, value in inputs.items() if not schemas.contains_unknown(value)}
    unknown = set(inputs) - set(known)
    config = settings_config(known)
    missing = [
        name
        for name, setting in SETTINGS.items()
        if setting.required and name not in unknown and not setting.value(config)
    ]
    if missing:
        return [(name, f"Missing Sinch setting: set {_how(name)}.") for name in missing]
    if unknown:
        return []  # judged by Configure once every value is known
    try:
        ProviderSettings.resolve(config)
    except SettingsError as error:
        return [(_named(str(error)), str(error))]
    return []


def _how(name: str) -> str:
    """Both ways to set a provider input: on the provider, or (default provider) in the stack config."""
    return f"{snake_case(name)}= on the provider, or for the default provider {SETTINGS[name].hint()}"


def _named(message: str) -> str:
    """The input a settings error is about (its message starts with the setting's config key)."""
    for name, setting in SETTINGS.items():
        if message.startswith(setting.config_key):
            return name
    return ""
