"""Imported last by the warm parent of :mod:`engine.warm_start` (the fork server), and nowhere else.

Freezes the garbage collector's view of everything the parent imported: every plugin forked from it would
otherwise run a full collection soon after it starts, which walks (and so copies, page by page) the whole
inherited heap, about 50 ms per plugin. Frozen objects are the imported modules' own, which live as long
as the process anyway; each plugin still collects what it allocates itself.
"""

from __future__ import annotations

import gc

gc.collect()
gc.freeze()
