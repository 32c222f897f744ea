"""Frozen module path: every stack records ``provider.sender_provider.RcsSenderProvider``. Do not move it.

Pulumi pickles the provider object into every resource's state by reference to its class, and has done so
since v1 with this path; every later version must resolve it (ARCHITECTURE.md, "Frozen names"). The class
lives in :mod:`provider.rcs_senders.provider` and declares this module as its home, so new state records
this same path and the frozen set never grows.
"""

from provider.rcs_senders.provider import RcsSenderProvider

__all__ = ["RcsSenderProvider"]
