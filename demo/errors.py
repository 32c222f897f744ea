"""The demo's own error: a step failed, or the demo could not be set up. Its text is shown as it is."""


class DemoError(Exception):
    """Something the person running `make demo` must read: what failed and what to do."""
