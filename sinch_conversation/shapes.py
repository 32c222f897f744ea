"""What a Conversation API answer must hold before the client hands it on as data
(:class:`~sinch_provisioning.shapes.Shape`, as the Provisioning client checks its answers): the fields the
provider relies on, nothing more. An answer that does not fit raises ``UnexpectedResponseError`` naming the
operation and every field that was wrong."""

from __future__ import annotations

from typing import Final

from sinch_provisioning.shapes import NON_EMPTY_STRING, STRING, Shape

__all__ = ["APP", "APP_WEBHOOK"]

APP: Final = Shape("an app", {"id": NON_EMPTY_STRING})
"""An app (create, get, update and every listed app)."""

APP_WEBHOOK: Final = Shape("an app webhook", {"id": NON_EMPTY_STRING, "target": STRING})
"""An app webhook (create, get, update and every listed webhook)."""
