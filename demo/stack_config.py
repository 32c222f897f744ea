"""The project's name (Pulumi.yaml) and a stack's configuration (Pulumi.<stack>.yaml), as the CLI reads them.

Values become the strings the CLI hands a program: a YAML list or mapping becomes JSON (what
`pulumi.Config.get_object` parses), `true`/`false` become "true"/"false", numbers their text. Encrypted
values (`secure: v1:...`) cannot be read without the Pulumi CLI: the demo's stack keeps its one secret, the
key secret, in the environment instead (see Pulumi.dev.yaml).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from demo.errors import DemoError
from engine.project import ProjectFileError, read_project


@dataclass(frozen=True)
class StackConfig:
    """`config` maps full keys (`sinch:keyId`, `sinch-rcs-senders:launch`) to the CLI's string values."""

    project: str
    stack: str
    config: dict[str, str]
    path: Path

    def get(self, key: str) -> str | None:
        return self.config.get(key)


def load_stack_config(project_dir: Path, stack: str) -> StackConfig:
    """Read `Pulumi.<stack>.yaml`; a key without a namespace belongs to the project, as for the CLI."""
    try:
        project = read_project(project_dir).name
    except ProjectFileError as error:
        raise DemoError(str(error)) from None
    path = project_dir / f"Pulumi.{stack}.yaml"
    data = _read_yaml(path)
    raw = data.get("config") or {}
    if not isinstance(raw, dict):
        raise DemoError(f"{path}: `config` must be a mapping of keys to values")
    config: dict[str, str] = {}
    for key, value in raw.items():
        full_key = str(key) if ":" in str(key) else f"{project}:{key}"
        config[full_key] = config_text(full_key, value, path)
    return StackConfig(project=project, stack=stack, config=config, path=path)


def config_text(key: str, value: Any, path: Path) -> str:
    """One config value as the CLI passes it to the program."""
    if isinstance(value, dict) and set(value) == {"secure"}:
        raise DemoError(
            f"{path}: {key} is encrypted (`secure:`), which only the pulumi CLI can read. For the demo, "
            "set it through its environment variable instead (docs/configuration.md)."
        )
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if value is None:
        return ""
    return json.dumps(value)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DemoError(f"{path} is missing") from None
    except yaml.YAMLError as error:
        raise DemoError(f"{path} is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise DemoError(f"{path} must hold a YAML mapping")
    return data
