"""What the engine reads of a project's Pulumi.yaml and of a plugin's PulumiPlugin.yaml to start plugins."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml


class ProjectFileError(ValueError):
    """Pulumi.yaml (or PulumiPlugin.yaml) is missing, is not YAML, or lacks what the engine needs."""


def _load(path: Path, missing: str) -> object:
    if not path.is_file():
        raise ProjectFileError(missing)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ProjectFileError(f"{path} is not valid YAML: {error}") from None


def _runtime_options(runtime: object) -> dict[str, str]:
    """`runtime: {name: ..., options: {...}}`'s options, as strings."""
    if isinstance(runtime, dict) and isinstance(runtime.get("options"), dict):
        return {str(k): str(v) for k, v in runtime["options"].items()}
    return {}


@dataclass(frozen=True)
class ProjectFile:
    """A project without `main:`: the program and the plugins run in `directory`."""

    name: str
    directory: Path
    runtime_options: dict[str, str] = field(default_factory=dict)
    refresh_always: bool = False
    """``options: refresh: always``: the CLI refreshes before every preview, update and destroy."""


def read_project(project_dir: str | Path) -> ProjectFile:
    directory = Path(project_dir).resolve()
    path = directory / "Pulumi.yaml"
    data = _load(path, f"no Pulumi.yaml in {directory}")
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not data["name"]:
        raise ProjectFileError(f"{path} has no project name")
    options = _runtime_options(data.get("runtime"))
    if data.get("main"):
        raise ProjectFileError(f"{path} sets main:, which this engine does not model")
    project_options = data.get("options")
    refresh = isinstance(project_options, dict) and project_options.get("refresh") == "always"
    return ProjectFile(
        name=data["name"], directory=directory, runtime_options=options, refresh_always=refresh
    )


@dataclass(frozen=True)
class PluginFolder:
    """A Python provider plugin's folder: `PulumiPlugin.yaml` with `runtime: python`, and `__main__.py`."""

    directory: Path
    runtime_options: dict[str, str] = field(default_factory=dict)


def read_plugin_folder(plugin_dir: str | os.PathLike[str]) -> PluginFolder:
    """The plugin folder at `plugin_dir`, checked as the engine loads one (`workspace.LoadPluginProject`)
    and as the Python language host runs it (`python <folder>` needs `__main__.py`)."""
    directory = Path(plugin_dir).resolve()
    path = directory / "PulumiPlugin.yaml"
    data = _load(path, f"no PulumiPlugin.yaml in the plugin folder {directory}")
    runtime = data.get("runtime") if isinstance(data, dict) else None
    name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if name != "python":
        raise ProjectFileError(f"{path} must say `runtime: python` (this engine runs Python plugins only)")
    options = _runtime_options(runtime)
    if not (directory / "__main__.py").is_file():
        raise ProjectFileError(f"the plugin folder {directory} has no __main__.py to run")
    return PluginFolder(directory=directory, runtime_options=options)
