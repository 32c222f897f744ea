"""The ``sinch`` provider plugin: ``python <this folder> <engine address>``, as Pulumi starts a Python plugin.

Pulumi's Python language host runs this file with the folder first on ``sys.path``; it serves the provider
(:mod:`provider.native.server`) and prints its port. Installed (``pip install sinch-rcs-pulumi``), this folder
is ``provider/native/plugin`` in site-packages and ``provider`` imports from there; in a source checkout that
is not installed, the checkout's root (three folders up) is where ``provider`` is.
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    from provider.native.server import main
except ModuleNotFoundError as missing:
    if missing.name != "provider":
        raise
    sys.path.insert(1, str(Path(__file__).resolve().parents[3]))
    from provider.native.server import main

if __name__ == "__main__":
    main()
