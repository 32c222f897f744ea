"""``python -m bench``: see ``bench.run``."""

from bench.run import main

# The guard matters: the local engine starts warm plugins from a forkserver, which imports this module again.
if __name__ == "__main__":
    raise SystemExit(main())
