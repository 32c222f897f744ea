"""``python -m provider.native plugin-dir | schema``: the ``sinch`` plugin's folder; its package schema.

- ``plugin-dir`` prints the folder to register in a project's Pulumi.yaml (``plugins: providers: - name:
  sinch, path: <it>``) or to pass to ``pulumi package add`` / ``pulumi package gen-sdk`` where the CLI is;
- ``schema`` prints the package schema (what the plugin's GetSchema returns), e.g. for ``pulumi package
  gen-sdk schema.json --language go``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from provider.native.schema import package_schema_json

PLUGIN_DIR = Path(__file__).resolve().parent / "plugin"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m provider.native", description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("plugin-dir", "schema"))
    arguments = parser.parse_args(argv)
    text = str(PLUGIN_DIR) if arguments.what == "plugin-dir" else package_schema_json()
    sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
