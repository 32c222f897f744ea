"""What the packaging tests share: the package's metadata, building it, a fresh virtualenv, `pulumi new`.

Building runs `python -m build --no-isolation` with this virtualenv's hatchling (requirements-dev.txt), so
nothing is downloaded for the build itself. Installing into a fresh virtualenv uses this virtualenv's pip
(`pip --python`, so the new one needs no pip of its own) and the package index for the dependencies: the
point is that what the wheel declares installs and suffices. Every version is constrained to the one
installed here, i.e. the tested set of requirements-dev.txt, so that the run is reproducible.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import distributions
from pathlib import Path
from typing import Any, Final

import yaml

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
TEMPLATE_DIR: Final = REPO_ROOT / "template"
DISTRIBUTION: Final = "sinch-rcs-pulumi"
PIP_TIMEOUT: Final = 600.0


def pyproject() -> dict[str, Any]:
    return tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def repository_url() -> str:
    url: str = pyproject()["project"]["urls"]["Repository"]
    return url


def quiet_env(**extra: str) -> dict[str, str]:
    """This environment without PYTHONPATH (nothing of this checkout leaks into a child) plus `extra`."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(extra)
    return env


def run(command: Sequence[str], *, timeout: float, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run `command`; on failure raise with everything it printed."""
    result = subprocess.run(list(command), capture_output=True, text=True, timeout=timeout, **kwargs)
    if result.returncode != 0:
        raise AssertionError(
            f"{' '.join(command)} exited with {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
    return result


@dataclass(frozen=True)
class Distributions:
    sdist: Path
    wheel: Path


def build(outdir: Path) -> Distributions:
    """`python -m build`: the sdist, then the wheel built from it (which proves the sdist complete)."""
    run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(outdir), str(REPO_ROOT)],
        env=quiet_env(),
        timeout=300,
    )
    [sdist] = outdir.glob("*.tar.gz")
    [wheel] = outdir.glob("*.whl")
    return Distributions(sdist=sdist, wheel=wheel)


def constraints_file(path: Path) -> Path:
    """A pip constraints file pinning every distribution installed here (the tested set) at its version."""
    pins = sorted(
        {f"{dist.metadata['Name']}=={dist.version}" for dist in distributions() if dist.metadata["Name"]}
    )
    path.write_text("\n".join(pins) + "\n", encoding="utf-8")
    return path


@dataclass
class FreshVenv:
    """A virtualenv made with `python -m venv --without-pip`; this interpreter's pip installs into it."""

    root: Path
    constraints: Path
    extras: set[str] = field(default_factory=set)

    @classmethod
    def create(cls, root: Path, constraints: Path) -> FreshVenv:
        run([sys.executable, "-m", "venv", "--without-pip", str(root)], timeout=120)
        return cls(root=root, constraints=constraints)

    @property
    def python(self) -> str:
        return str(self.root / "bin" / "python")

    @functools.cached_property
    def site_packages(self) -> Path:
        """Where the virtualenv installs packages (`.../lib/python3.X/site-packages`)."""
        code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        return Path(run([self.python, "-c", code], timeout=60).stdout.strip())

    def pip_install(self, *requirements: str) -> None:
        run(
            [
                sys.executable, "-m", "pip", "--python", self.python, "install",
                "--quiet", "--disable-pip-version-check", "--no-compile",
                "--constraint", str(self.constraints), *requirements,
            ],
            env=quiet_env(),
            timeout=PIP_TIMEOUT,
        )  # fmt: skip

    def installed(self) -> dict[str, str]:
        """Distribution name (lower case) -> version, as the virtualenv sees them."""
        listing = run(
            [
                self.python, "-c",
                "import json, importlib.metadata as m; "
                "print(json.dumps({d.metadata['Name'].lower(): d.version for d in m.distributions()}))",
            ],
            env=quiet_env(),
            timeout=60,
        )  # fmt: skip
        versions: dict[str, str] = json.loads(listing.stdout)
        return versions

    def python_command(
        self,
        *args: str,
        cwd: Path,
        env: Mapping[str, str] | None = None,
        timeout: float = 120,
        input_text: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """`<venv>/bin/python ARGS` in `cwd`, with nothing of this checkout on its path; never raises."""
        return subprocess.run(
            [self.python, *args],
            cwd=cwd,
            env=quiet_env(**(env or {})),
            input=input_text,
            capture_output=True,
            text=True,
            timeout=timeout,
        )


_PLACEHOLDERS: Final = ("${PROJECT}", "${DESCRIPTION}")


def pulumi_new(template: Path, destination: Path, *, name: str, description: str) -> Path:
    """What `pulumi new <template>` lays down (pulumi/pulumi v3.259.0, pkg/cmd/pulumi/templates/
    project_templates.go `CopyTemplateFiles` and pkg/cmd/pulumi/project/newcmd/new.go): every file of the
    template folder except `.git`, with `${PROJECT}` and `${DESCRIPTION}` replaced (YAML-quoted in `.yaml`
    files), then Pulumi.yaml saved again with the name and description set and the `template:` section
    removed. The config prompts' answers go to the stack's config: the caller passes them to the engine."""
    for source in sorted(template.rglob("*")):
        relative = source.relative_to(template)
        if ".git" in relative.parts or "__pycache__" in relative.parts or not source.is_file():
            continue
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        quote = json.dumps if source.suffix == ".yaml" else str
        for placeholder, value in zip(_PLACEHOLDERS, (name, description), strict=True):
            text = text.replace(placeholder, quote(value))
        target.write_text(text, encoding="utf-8")
    project_file = destination / "Pulumi.yaml"
    project = yaml.safe_load(project_file.read_text(encoding="utf-8"))
    project.update(name=name, description=description)
    project.pop("template", None)
    project_file.write_text(yaml.safe_dump(project, sort_keys=False), encoding="utf-8")
    return destination


def versions_named(text: str) -> set[str]:
    """Every `X.Y.Z` in `text`."""
    return set(re.findall(r"\b\d+\.\d+\.\d+\b", text))
