"""The version of sinch-rcs-pulumi, defined here once (the build reads it; ``provider.__version__`` is it)."""

VERSION = "0.2.0"
