"""`python -m demo`: see `demo/__init__.py` and README.md ("Quickstart")."""

import sys

from demo.main import main

sys.exit(main())
