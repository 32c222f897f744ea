"""Creating an object exactly once: a create whose answer is lost is recognised, never sent again blindly.

A create POST that dies after it may have reached Sinch (connection dropped, read timeout, 5xx, a 2xx
that is not the object) must not be sent again blindly: that is how duplicates are made, or (where Sinch
refuses a duplicate) how an object is left outside the stack. So :func:`create_once`:

1. sends the create, holding the object's identity *shared* in the :class:`~provider.core.claims.ClaimLedger`
   (identical declarations may create at the same time); an answered create claims its object at once;
2. when the outcome is unknown, holds the identity *exclusively* (every answered sibling has claimed its
   object by then) and asks the resource's :class:`Recogniser` for the object this attempt made: one made
   since the request was sent (:func:`when_made`), holding what the declaration holds, that no resource
   claims. Never one made before the attempt, nor one whose creation time cannot be told apart from the
   attempt's: that belongs to someone else (another stack, the dashboard), and taking it would take it
   from them. Found: claimed and returned.
   In doubt: the recogniser raises, naming the candidates. Nothing: the attempt made nothing, and sending it
   again cannot duplicate;
3. gives up after :data:`CREATE_ATTEMPTS` unanswered attempts, saying that nothing was created.

What differs per resource is the :class:`Recogniser` (each resource's ``recognise.py``): what tells its
objects apart, how to list the candidates, and what to say when a listing fails.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Set
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Literal

from provider.core.claims import ClaimLedger, Holdings
from provider.core.errors import CreateError, in_project
from sinch_provisioning.errors import OutcomeUnknownError, SinchError, UnexpectedResponseError

# Create attempts when Sinch's answer was lost and nothing turned up for the attempt.
CREATE_ATTEMPTS: Final = 3
# Listings per unknown outcome (each already retried by the client).
RECOGNITION_ATTEMPTS: Final = 3
# Sinch's timestamps (and the times ULIDs carry) are whole milliseconds: an object made by a request can
# show a time up to this much before the request was sent (by a clock in step with ours).
TIMESTAMP_PRECISION: Final = timedelta(milliseconds=1)
# An object created more than this long before the request was sent surely existed before it: two
# NTP-synchronised clocks differ by less. Between the two, it cannot be told, and nothing is taken.
SEND_TOLERANCE: Final = timedelta(milliseconds=250)

LEDGER: Final = ClaimLedger()
"""The one ledger of this process: every resource's creates and adoptions claim through it."""

JsonObject = dict[str, Any]
Timing = Literal["since", "before", "unclear"]


def when_made(created: datetime | None, sent_at: datetime) -> Timing:
    """When an object created at ``created`` (Sinch's clock, whole milliseconds) was made, seen from a
    request sent at ``sent_at`` (our clock): ``since`` it was sent (it may be what the request made),
    surely ``before`` it (older than the clocks' tolerance: someone else's), or ``unclear`` (within the
    tolerance, or no creation time known): then it is never taken."""
    if created is None:
        return "unclear"
    if created >= sent_at - TIMESTAMP_PRECISION:
        return "since"
    if created < sent_at - SEND_TOLERANCE:
        return "before"
    return "unclear"


_NOT_TAKEN: Final[dict[Timing, str]] = {
    "since": "was made since the attempt was sent, but another resource claimed it (an identical "
    "declaration whose create was answered), so it is not taken.",
    "before": "existed before the attempt was sent, so it is not what the attempt made.",
    "unclear": "was made too close to the moment the attempt was sent to tell whether the attempt made it, "
    "so it is not taken.",
}


def why_not_taken(made: Timing) -> str:
    """Why an object that :func:`when_made` judged ``made`` (and, if ``since``, is claimed) is not taken,
    as the end of a sentence whose subject is the object ("The webhook holding the target ...")."""
    return _NOT_TAKEN[made]


class Recogniser(ABC):
    """How one resource recognises the object its own lost create made (see the module docstring)."""

    kind: str
    """The ledger's namespace for this resource's identities (``sender``, ``webhook``, ...)."""

    def __init__(self, *, api_url: str, project_id: str, identity: str) -> None:
        self.project_id = project_id
        self.key = LEDGER.key(self.kind, api_url, project_id, identity)

    @property
    @abstractmethod
    def what(self) -> str:
        """The object being created, as messages name it (``the sender``, ``the webhook for https://...``)."""

    @property
    @abstractmethod
    def listing(self) -> str:
        """What :meth:`find` lists, as messages name it (``the project's senders``)."""

    @abstractmethod
    def find(self, sent_at: datetime, claimed: Set[str]) -> JsonObject | None:
        """The object the attempt sent at ``sent_at`` made, or None when it made nothing. ``claimed``: ids
        no recognition may take. Raises the resource's error when it cannot be told (naming candidates)."""

    @abstractmethod
    def how_to_check(self, sent_at: datetime) -> str:
        """What the user can do when the listing failed: how to look for the object and adopt it."""

    @property
    def where(self) -> str:
        return in_project(self.project_id)

    holdings: Holdings | None = None
    """The ids this process's resources of this kind hold, where the resource keeps them."""

    def held_here(self, object_id: str) -> bool:
        """Whether a resource of this stack (this plugin process) holds ``object_id``: recorded in its
        state, or claimed by a create of this run (also one still finishing)."""
        held = self.holdings is not None and self.holdings.holds(object_id)
        return held or object_id in LEDGER.claimed_here(self.key)

    @staticmethod
    def oldest_or_doubt(
        since_sent: list[JsonObject],
        doubtful: list[JsonObject],
        *,
        created: Callable[[JsonObject], str],
        doubt: Callable[[str], str],
    ) -> JsonObject | None:
        """The oldest of the objects made since the attempt (each is an identical declaration's whose
        answer was lost, so any is ours to take: the oldest, so that retries agree); else None when nothing
        is in doubt; else :class:`CreateError` with ``doubt(candidates)``, the candidates listed with their
        creation times."""
        if since_sent:
            return min(since_sent, key=created)
        if not doubtful:
            return None
        candidates = ", ".join(f"{item['id']} (created {created(item) or '?'})" for item in doubtful)
        raise CreateError(doubt(candidates))


@dataclass(frozen=True)
class Made:
    """What :func:`create_once` made: the object, and whether it was recognised after a lost answer."""

    object: JsonObject
    recognised: bool


def create_once(
    recogniser: Recogniser, send: Callable[[], JsonObject], *, ledger: ClaimLedger = LEDGER
) -> Made:
    """Create with ``send`` (one POST), recognising what a lost answer made (see the module docstring).

    Errors of ``send`` other than an unknown outcome (Sinch's refusals) are raised as they are."""
    last_unknown: SinchError | None = None
    for _attempt in range(CREATE_ATTEMPTS):
        with ledger.attempt(recogniser.key):
            sent_at = datetime.now(UTC)
            try:
                made = send()
            except OutcomeUnknownError as unknown:
                last_unknown, sent_at = unknown, unknown.sent_at
            except UnexpectedResponseError as unexpected:
                last_unknown = unexpected  # a 2xx that is not the object (a proxy's page) may have made one
            else:
                ledger.claim(recogniser.key, str(made["id"]))
                return Made(made, recognised=False)
        found = _recognise(recogniser, ledger, last_unknown, sent_at)
        if found is not None:
            return Made(found, recognised=True)
    raise CreateError(
        f"Creating {recogniser.what} failed {CREATE_ATTEMPTS} times without an answer from Sinch, and "
        f"nothing from these attempts exists in {recogniser.where} (checked after each one). Last error: "
        f"{last_unknown}. Nothing was created; run `pulumi up` again when Sinch is reachable."
    )


def _recognise(
    recogniser: Recogniser, ledger: ClaimLedger, unknown: SinchError | None, sent_at: datetime
) -> JsonObject | None:
    failure: SinchError | None = None
    with ledger.recognition(recogniser.key) as claimed:
        for _attempt in range(RECOGNITION_ATTEMPTS):
            try:
                found = recogniser.find(sent_at, claimed)
            except SinchError as error:
                failure = error
                continue
            if found is not None:
                ledger.claim(recogniser.key, str(found["id"]))
            return found
    lost = unknown.cause if isinstance(unknown, OutcomeUnknownError) else str(unknown)
    raise CreateError(
        f"Sinch's answer to creating {recogniser.what} was lost ({lost}), and listing {recogniser.listing} "
        f"to find out whether it was created failed too ({failure}). {recogniser.how_to_check(sent_at)}"
    ) from failure
