"""The webhook part of the demo: what the run sets in the stack config, which events the senders' provisioning
(and launch) must produce, waiting for them at the receiver, and printing them.

The example program declares `acme-sender-events` when `sinch-rcs-senders:webhookTarget` is set, with the
secret from the secret config `sinch-rcs-senders:webhookSecret`. `Pulumi.dev.yaml` sets neither: the target
is the demo's receiver, on a port chosen at each run, and a secret cannot sit in that file in a form the
demo could read without the CLI. So each run makes a fresh random secret and gives both values to the
program as stack config of this run only: the engine gets the secret as a secret config value (as
`pulumi config set --secret` makes one); on the CLI path they are set with `pulumi config set` (the secret
with `--secret`, on standard input) in a copy of the stack file under `.demo/` (demo/cli_run.py).

What is expected comes from the senders as the emulator holds them after the run: every sender that left
`IN_PROGRESS` sent `IN_PROGRESS -> IN_TEST`; a launching or launched one `-> LAUNCHING` (and `-> LAUNCHED`),
and each of its operators `-> PENDING` (and `-> LAUNCHED`). Only verified events count; a rejected one fails
the demo, which never calls an event verified that the receiver did not verify.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from demo.errors import DemoError
from demo.webhook_receiver import Received, Rejection, WebhookReceiver
from sinch_provisioning.webhook_events import WebhookEvent

STATUS: Final = "RCS_SENDER_STATUS_UPDATED"
OPERATOR_STATUS: Final = "RCS_SENDER_OPERATOR_STATUS_UPDATED"
COMMENT: Final = "RCS_SENDER_COMMENT_ADDED"
EVENTS_TIMEOUT: Final = 30.0  # seconds to wait for the expected events after the last step
TYPE_WIDTH: Final = len(OPERATOR_STATUS)
MAX_TEXT: Final = 60
SHORT_ID: Final = 8  # characters of a sender id shown in an event line


@dataclass(frozen=True)
class DemoWebhook:
    """The two stack config values of this run for one of the program's webhooks: `target` (the
    receiver's URL) and `secret`, under `<project>:<key>Target` and `<project>:<key>Secret`
    (`webhook`: the project webhook; `appWebhook`: the app webhook)."""

    project: str
    target: str
    secret: str
    key: str = "webhook"

    @property
    def target_key(self) -> str:
        return f"{self.project}:{self.key}Target"

    @property
    def secret_key(self) -> str:
        return f"{self.project}:{self.key}Secret"

    def config(self) -> dict[str, str]:
        return {self.target_key: self.target, self.secret_key: self.secret}

    def __repr__(self) -> str:  # never the secret
        return (
            f"DemoWebhook(project={self.project!r}, key={self.key!r}, target={self.target!r}, "
            "secret='[secret]')"
        )


@dataclass(frozen=True, order=True)
class Expected:
    """One event the run must produce: a sender's new state (`operator` empty) or an operator's new status."""

    sender_id: str
    current: str
    country: str = ""
    operator: str = ""

    def describe(self, regions: Mapping[str, str]) -> str:
        sender = _sender_label(self.sender_id, regions.get(self.sender_id, ""))
        if self.operator:
            return f"{OPERATOR_STATUS} {sender}: {self.country} {self.operator} -> {self.current}"
        return f"{STATUS} {sender}: -> {self.current}"


def expected_events(senders: Iterable[Mapping[str, Any]]) -> list[Expected]:
    """The status events that the senders' present state says they went through."""
    expected: list[Expected] = []
    for sender in senders:
        sender_id, state = str(sender.get("id")), sender.get("state")
        if state == "IN_PROGRESS":
            continue
        expected.append(Expected(sender_id, "IN_TEST"))
        if state in ("LAUNCHING", "LAUNCHED"):
            expected.append(Expected(sender_id, "LAUNCHING"))
        if state == "LAUNCHED":
            expected.append(Expected(sender_id, "LAUNCHED"))
        for country in sender.get("countryStatus") or []:
            for operator in country.get("operators") or []:
                status = operator.get("status")
                name, code = str(operator.get("name")), str(country.get("country"))
                if status in ("PENDING", "LAUNCHED"):
                    expected.append(Expected(sender_id, "PENDING", code, name))
                if status == "LAUNCHED":
                    expected.append(Expected(sender_id, "LAUNCHED", code, name))
    return expected


def event_key(event: WebhookEvent) -> Expected | None:
    """The `Expected` a verified event fulfils (None for other events, such as comments)."""
    sender_id = event.sender_id
    if sender_id is None:
        return None
    if event.type == STATUS:
        return Expected(sender_id, str(event.fields.get("currentState")))
    if event.type == OPERATOR_STATUS:
        return Expected(
            sender_id,
            str(event.fields.get("operatorCurrentStatus")),
            str(event.fields.get("operatorCountry")),
            str(event.fields.get("operator")),
        )
    return None


def missing_events(expected: Sequence[Expected], verified: Iterable[WebhookEvent]) -> list[Expected]:
    heard = {event_key(event) for event in verified}
    return [item for item in expected if item not in heard]


def collect_events(
    receiver: WebhookReceiver,
    expected: Sequence[Expected],
    pending: Callable[[], int],
    *,
    timeout: float = EVENTS_TIMEOUT,
) -> Received:
    """Wait until every expected event is verified, or an event was rejected, and in either case Sinch (the
    emulator: `pending()`, its deliveries to the receiver not yet settled) has nothing more on the way; at
    most `timeout` seconds. What the receiver has then: read again after the emulator said nothing is
    pending, since a POST may have arrived between the look at the receiver and the look at the emulator
    (the receiver records a POST before it answers, so none that the emulator counts as settled is missed)."""

    def settled(got: Received) -> bool:
        if got.rejected or not missing_events(expected, got.verified):
            return pending() == 0
        return False

    receiver.wait_for(settled, timeout)
    return receiver.received()


def check_events(
    expected: Sequence[Expected], got: Received, regions: Mapping[str, str], timeout: float
) -> None:
    """`DemoError` unless every event was verified and every expected one arrived."""
    problems: list[str] = []
    if got.rejected:
        reasons = sorted({rejection.reason for rejection in got.rejected})
        problems.append(
            f"refused {len(got.rejected)} POST(s) ({', '.join(reasons)}): they are not proven to come from "
            "Sinch signed with the webhook's secret"
        )
    missing = missing_events(expected, got.verified)
    if missing:
        how = "were not verified" if got.rejected else f"did not arrive within {timeout:g} s"
        problems.append(
            f"{len(missing)} expected event(s) {how}: "
            + "; ".join(item.describe(regions) for item in missing)
        )
    if problems:
        raise DemoError("The webhook receiver " + "; and ".join(problems) + ".")


def events_text(got: Received, regions: Mapping[str, str]) -> str:
    """The events received, in order: type, sender, change, and that the signature was verified. Operator
    events in a row for the same sender, country and change are one line (each one was verified)."""
    if not got.verified and not got.rejected:
        return "   (none)"
    rows = [
        (
            kind,
            _sender_label(first.sender_id, _region(first, regions)),
            _change(first, len(group)),
            len(group),
        )
        for kind, first, group in _grouped(got.verified)
    ]
    lines: list[str] = []
    if rows:
        sender_width = max(len(row[1]) for row in rows)
        change_width = max(len(row[2]) for row in rows)
        lines.extend(
            f"   {kind:<{TYPE_WIDTH}}  {sender:<{sender_width}}  {change:<{change_width}}  "
            + ("signature verified" if count == 1 else f"{count} signatures verified")
            for kind, sender, change, count in rows
        )
    lines.extend(_rejection_line(rejection) for rejection in got.rejected)
    return "\n".join(lines)


def _grouped(events: Sequence[WebhookEvent]) -> list[tuple[str, WebhookEvent, list[WebhookEvent]]]:
    """(type, first event, events) for each run of events that make one line."""
    groups: list[tuple[str, WebhookEvent, list[WebhookEvent]]] = []
    for event in events:
        if (
            groups
            and event.type == OPERATOR_STATUS
            and _operator_group(event) == _operator_group(groups[-1][1])
        ):
            groups[-1][2].append(event)
        else:
            groups.append((event.type, event, [event]))
    return groups


def _operator_group(event: WebhookEvent) -> tuple[Any, ...] | None:
    if event.type != OPERATOR_STATUS:
        return None
    fields = event.fields
    return (
        event.sender_id,
        fields.get("operatorCountry"),
        fields.get("operatorPreviousStatus"),
        fields.get("operatorCurrentStatus"),
    )


def events_heading(receiver_url: str, got: Received) -> str:
    counts = f"{len(got.verified)} verified"
    if got.rejected:
        counts += f", {len(got.rejected)} REJECTED (not verified)"
    return f"Webhook events at the demo's receiver ({receiver_url}): {counts}"


def _rejection_line(rejection: Rejection) -> str:
    first = rejection.message.split(". ")[0].rstrip(".")
    return f"   REJECTED ({rejection.reason}): {_short(first, 2 * MAX_TEXT)}; not verified, not trusted"


def _region(event: WebhookEvent, regions: Mapping[str, str]) -> str:
    region = event.payload.get("region") if event.payload is not None else None
    return str(region) if isinstance(region, str) else regions.get(event.sender_id or "", "")


def _sender_label(sender_id: str | None, region: str) -> str:
    """`EU 57c32742`: the region and the start of the id (in full in the list of senders above)."""
    if sender_id is None:
        return "(no sender)"
    short = sender_id[:SHORT_ID]
    return f"{region} {short}" if region else short


def _change(event: WebhookEvent, operators: int = 1) -> str:
    fields = event.fields
    if event.type == STATUS:
        return f"{fields.get('previousState')} -> {fields.get('currentState')}"
    if event.type == OPERATOR_STATUS:
        who = f"{operators} operators" if operators > 1 else str(fields.get("operator"))
        return (
            f"{fields.get('operatorCountry')} {who}: "
            f"{fields.get('operatorPreviousStatus')} -> {fields.get('operatorCurrentStatus')}"
        )
    if event.type == COMMENT:
        comment = fields.get("comment")
        if isinstance(comment, Mapping):
            comment = comment.get("comment")
        return f"comment: {_short(str(comment), MAX_TEXT)!r}"
    return ""


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."
