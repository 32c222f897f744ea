"""Activity notifications (the account's and each sender's activity log) and comments.

Types are the spec's: a sender's log uses ``RcsSenderNotificationTypeEnum`` and the account's
``RcsAccountNotificationTypeEnum``. How the emulator uses them:

- sender ``CREATED``: the sender was created; ``EDITED``: a PATCH (the comment names the changed fields),
  a launch request, or a test-number change; ``TEST``: provisioning finished and the sender is ``IN_TEST``;
  ``ACTIVE``: the launch completed (``LAUNCHED``); ``COMMENT_ADDED``: a sender comment.
- account ``CREATED``: a sender was created in the project; ``COMMENT_ADDED``: an account comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emulator.clock import event_timestamp

AUTHOR = "Provisioning API user"


@dataclass(frozen=True)
class Activity:
    """One notification: its type, when it happened, and an optional comment."""

    type: str
    created: float
    comment: str | None = None
    author: str = AUTHOR

    def render(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type,
            "created": event_timestamp(self.created),
            "author": self.author,
        }
        if self.comment is not None:
            out["comment"] = self.comment
        return out

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "created": self.created, "comment": self.comment, "author": self.author}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Activity:
        return cls(data["type"], float(data["created"]), data.get("comment"), data.get("author", AUTHOR))


def newest_first(activities: list[Activity]) -> list[Activity]:
    """Most recent first; of entries with the same time, the one recorded later comes first."""
    ordered = sorted(enumerate(activities), key=lambda pair: (pair[1].created, pair[0]), reverse=True)
    return [activity for _, activity in ordered]


def comment_reply(comment: str, created: float) -> dict[str, Any]:
    """The ``RcsCommentDto`` a comment POST answers with."""
    return {"type": "CREATED", "comment": comment, "created": event_timestamp(created)}
