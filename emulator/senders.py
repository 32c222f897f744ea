"""The sender model: creation, partial updates, timed state changes, the launch checklist, and the sender as
the API shows it (``RcsSenderDto``).

A sender keeps what was sent for it (``details`` minus the lists that have their own state: test numbers and
countries) and the server-side facts (state, dates, credentials, per-country and per-operator status).
Timed changes (``IN_PROGRESS`` -> ``IN_TEST`` after the provisioning delay, ``LAUNCHING`` -> ``LAUNCHED``
after the launch delay) happen in ``advance``, called whenever a sender is read or changed and when one is
due (``next_due``). Every method that changes a state or an operator status returns those changes, from
which the webhook events are made.

Each country's operators are those the spec's sender examples list for it (FR, GB, SE); a country no example
shows has one operator, ``Unrecognized`` (a name the spec's operator enum has).
"""

from __future__ import annotations

import copy
import functools
import secrets
import string
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from emulator import questions
from emulator.clock import event_timestamp, sender_timestamp
from emulator.errors import ApiError
from emulator.spec import spec_document
from emulator.testers import Testers

# Google hosts RBM agents in three regions (the spec's hostingRegion enum); the spec has none for Latin
# America, so BR senders (like US ones) are hosted in North America.
HOSTING_REGIONS: Mapping[str, str] = {"EU": "EUROPE", "US": "NORTH_AMERICA", "BR": "NORTH_AMERICA"}
DEFAULT_BRAND: Mapping[str, str] = {"name": "RCS Sender", "color": "#000000"}  # the spec's defaults
LAUNCHABLE_STATES = frozenset({"IN_TEST", "LAUNCHING", "LAUNCHED", "UNLAUNCHED"})
# While launching or launched only details.countries (and the schema-less details.launch) may change.
LOCKED_STATES = frozenset({"LAUNCHING", "LAUNCHED"})
UPDATABLE_WHEN_LOCKED = frozenset({"countries", "launch"})
REQUIRED_BRAND_FIELDS = ("name", "logoUrl", "bannerUrl", "privacyPolicyUrl", "termsOfServiceUrl")
AUTHOR = "Provisioning API user"  # the spec's activity examples

_ALPHANUMERIC = string.ascii_letters + string.digits


@functools.cache
def operators_of(country: str) -> tuple[str, ...]:
    """The operators the spec's examples show for a country (``Unrecognized`` for one they do not)."""
    found: dict[str, tuple[str, ...]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for status in node.get("countryStatus") or []:
                if isinstance(status, dict) and status.get("operators"):
                    found.setdefault(status["country"], tuple(op["name"] for op in status["operators"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec_document())
    return found.get(country, ("Unrecognized",))


@dataclass(frozen=True)
class StateChange:
    previous: str
    current: str
    event: ClassVar[str] = "RCS_SENDER_STATUS_UPDATED"

    def fields(self) -> dict[str, Any]:
        return {"previousState": self.previous, "currentState": self.current}


@dataclass(frozen=True)
class OperatorChange:
    country: str
    operator: str
    previous: str
    current: str
    event: ClassVar[str] = "RCS_SENDER_OPERATOR_STATUS_UPDATED"

    def fields(self) -> dict[str, Any]:
        return {
            "operator": self.operator,
            "operatorCountry": self.country,
            "operatorPreviousStatus": self.previous,
            "operatorCurrentStatus": self.current,
        }


Change = StateChange | OperatorChange


@dataclass
class Activity:
    """One entry of an activity log (``RcsSenderNotificationDto`` / ``RcsAccountNotificationDto``)."""

    type: str
    created: float
    comment: str | None = None

    def render(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "created": event_timestamp(self.created), "author": AUTHOR}
        if self.comment is not None:
            out["comment"] = self.comment
        return out


@dataclass
class Operator:
    name: str
    status: str
    modified: float

    def render(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "modified": sender_timestamp(self.modified)}


@dataclass
class Country:
    """One requested country: its status, its operators', and when a pending launch there completes."""

    country: str
    status: str
    operators: list[Operator]
    launch_due: float | None = None

    @classmethod
    def not_launched(cls, country: str, now: float) -> Country:
        return cls(
            country, "NOT_LAUNCHED", [Operator(name, "NOT_LAUNCHED", now) for name in operators_of(country)]
        )

    def set_status(self, status: str, at: float) -> list[Change]:
        changes: list[Change] = [
            OperatorChange(self.country, operator.name, operator.status, status)
            for operator in self.operators
            if operator.status != status
        ]
        self.status = status
        for operator in self.operators:
            operator.status, operator.modified = status, at
        return changes

    def start_launch(self, now: float, due: float) -> list[Change]:
        self.launch_due = due
        return self.set_status("PENDING", now)

    def advance(self, now: float) -> list[Change]:
        if self.status != "PENDING" or self.launch_due is None or self.launch_due > now:
            return []
        due, self.launch_due = self.launch_due, None
        return self.set_status("LAUNCHED", due)

    def render(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "status": self.status,
            "operators": [op.render() for op in self.operators],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Country:
        return cls(**{**data, "operators": [Operator(**op) for op in data["operators"]]})


@dataclass
class Sender:
    """One RCS sender of one project."""

    id: str
    project_id: str
    region: str
    billing_category: str
    use_case: str
    details: dict[str, Any]
    auth_name: str
    auth_token: str = field(repr=False)
    created: float
    modified: float
    state: str
    provisioned_at: float
    testers: Testers = field(default_factory=Testers)
    countries: list[Country] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    launched: float | None = None
    launch_due: float | None = None
    us_questionnaire_version: str | None = None
    conversation_app_id: str | None = None

    # --- creation and changes -------------------------------------------------------------------

    @classmethod
    def create(
        cls, project_id: str, body: Mapping[str, Any], now: float, provisioning_delay: float
    ) -> Sender:
        """A new ``IN_PROGRESS`` sender from a validated ``RcsSenderInputDto`` (the caller invites its test
        numbers and calls ``advance``)."""
        details = copy.deepcopy(dict(body.get("details") or {}))
        details.pop("testNumbers", None)
        countries = details.pop("countries", None) or []
        details["brand"] = {**DEFAULT_BRAND, **(details.get("brand") or {})}
        sender = cls(
            id=str(uuid.uuid4()),
            project_id=project_id,
            region=body["region"],
            billing_category=body["billingCategory"],
            use_case=body["useCase"],
            details=details,
            auth_name=_random_text(12),
            auth_token=_random_text(20),
            created=now,
            modified=now,
            state="IN_PROGRESS",
            provisioned_at=now + provisioning_delay,
        )
        sender.set_countries(countries, now)
        sender.record("CREATED", now)
        return sender

    def record(self, type_: str, at: float, comment: str | None = None) -> None:
        self.activities.append(Activity(type_, at, comment))

    def set_countries(self, countries: Sequence[str], now: float, launch_delay: float = 0.0) -> list[Change]:
        """Keep the status of countries that stay, add new ones, drop the others. A country added while the
        sender is launching or launched starts its own launch (``PENDING``, done after ``launch_delay``)."""
        known = {status.country: status for status in self.countries}
        changes: list[Change] = []
        self.countries = []
        for country in countries:
            status = known.get(country)
            if status is None:
                status = Country.not_launched(country, now)
                if self.state in LOCKED_STATES:
                    changes += status.start_launch(now, now + launch_delay)
            self.countries.append(status)
        return changes

    def apply_patch(self, patch: Mapping[str, Any], now: float, launch_delay: float) -> list[Change]:
        """Apply the ``details`` of a validated PATCH body as a JSON merge patch: null deletes, omitted
        fields stay, objects merge field by field, lists replace (test numbers are the caller's: invites)."""
        rest = {
            key: value for key, value in patch.items() if key not in ("testNumbers", "countries", "launch")
        }
        self.details = merge_patch(self.details, rest)
        if "countries" in patch:
            return self.set_countries(patch["countries"] or [], now, launch_delay)
        return []

    def _set_state(self, state: str, at: float) -> list[Change]:
        change = StateChange(self.state, state)
        self.state = state
        self.modified = max(self.modified, at)
        return [change]

    def advance(self, now: float) -> list[Change]:
        """Apply every timed change that is due."""
        changes: list[Change] = []
        if self.state == "IN_PROGRESS" and self.provisioned_at <= now:
            changes += self._set_state("IN_TEST", self.provisioned_at)
            self.record("TEST", self.provisioned_at)
        for country in self.countries:
            changes += country.advance(now)
        if self.state == "LAUNCHING" and self.launch_due is not None and self.launch_due <= now:
            changes += self._set_state("LAUNCHED", self.launch_due)
            self.record("ACTIVE", self.launch_due)
            self.launch_due = None
        return changes

    def next_due(self) -> float | None:
        """When the next timed change is due (None if none is pending)."""
        dues = [country.launch_due for country in self.countries if country.launch_due is not None]
        if self.state == "IN_PROGRESS":
            dues.append(self.provisioned_at)
        if self.launch_due is not None:
            dues.append(self.launch_due)
        return min(dues, default=None)

    def start_launch(self, now: float, launch_delay: float) -> list[Change]:
        """409 ``launch_invalid_agent_state`` or 412 ``launch_precondition_failed``; else ``LAUNCHING``, every
        country and operator ``PENDING`` (the answer shows that even with no launch delay)."""
        if self.state not in LAUNCHABLE_STATES:
            raise ApiError("launch_invalid_agent_state", {"currentState": [self.state]})
        missing = self.missing_for_launch()
        if missing:
            raise ApiError("launch_precondition_failed", {"validationErrors": missing})
        changes = self._set_state("LAUNCHING", now)
        self.launched = now
        self.launch_due = now + launch_delay
        for country in self.countries:
            changes += country.start_launch(now, self.launch_due)
        self.record("EDITED", now)
        return changes

    def missing_for_launch(self) -> list[str]:
        """The launch checklist of the spec's launch operation: brand name, logo, banner, privacy policy and
        terms; a brand phone or email; a country; general and verification answers; the GB/FR/US answers for
        those countries; the verification phone for the US v2 (brand campaign) questionnaire."""
        missing: list[str] = []
        brand = self.details.get("brand") or {}
        missing += [
            f"details.brand.{name} must be defined" for name in REQUIRED_BRAND_FIELDS if not brand.get(name)
        ]
        if not brand.get("phones") and not brand.get("emails"):
            missing.append("details.brand.phones or details.brand.emails must have at least one entry")
        countries = self.country_codes
        if not countries:
            missing.append("details.countries must contain at least one country")
        for section in ("general", "verification"):
            if not self.answers(section):
                missing.append(f"details.questionnaire.{section}.answers must not be empty")
        for country, section in questions.COUNTRY_SECTIONS.items():
            if country in countries and not self.answers(section):
                missing.append(
                    f"details.questionnaire.{section}.answers must not be empty when {country} is in "
                    "details.countries"
                )
        us_relevant = "US" in countries or bool(self.answers("us"))
        if us_relevant and self.us_version() == "v2" and not self.answers("verification").get("phone"):
            missing.append(
                "details.questionnaire.verification.answers.phone must be defined for the US questionnaire v2"
            )
        return missing

    # --- reading --------------------------------------------------------------------------------------

    @property
    def brand_name(self) -> str:
        return str(self.details.get("brand", {}).get("name", DEFAULT_BRAND["name"]))

    @property
    def country_codes(self) -> list[str]:
        return [status.country for status in self.countries]

    def answers(self, section: str) -> dict[str, Any]:
        found = (self.details.get("questionnaire", {}).get(section) or {}).get("answers") or {}
        # A metadata object whose fields were all nulled by a PATCH stays as {}: it answers nothing.
        return {key: value for key, value in found.items() if value != {}} if isinstance(found, dict) else {}

    def us_version(self) -> str:
        """How the US answers read: from their own shape, else the version last asked for, else v2."""
        answers = self.answers("us")
        return questions.us_version_of(answers) if answers else self.us_questionnaire_version or "v2"

    def render(self) -> dict[str, Any]:
        """The sender as the API returns it (``RcsSenderDto``)."""
        details = {key: copy.deepcopy(value) for key, value in self.details.items() if key != "questionnaire"}
        details["testNumbers"] = [tester.number for tester in self.testers.numbers]
        details["countries"] = self.country_codes
        details["questionnaire"] = self._render_questionnaire()
        out: dict[str, Any] = {
            "id": self.id,
            "state": self.state,
            "testNumberStates": self.testers.render(),
            "countryStatus": [status.render() for status in self.countries],
            "details": details,
            "region": self.region,
            "billingCategory": self.billing_category,
            "useCase": self.use_case,
            "hostingRegion": HOSTING_REGIONS[self.region],
            "authName": self.auth_name,
            "authToken": self.auth_token,
            "created": sender_timestamp(self.created),
            "modified": sender_timestamp(self.modified),
        }
        if self.launched is not None:
            out["launched"] = sender_timestamp(self.launched)
        if self.conversation_app_id is not None:
            out["conversationApiApp"] = self.conversation_app_id
            out["conversationApiAppDetails"] = {
                "id": self.conversation_app_id,
                "projectId": self.project_id,
                "region": self.region,
                "channelStatus": "ACTIVE",
            }
        return out

    def _render_questionnaire(self) -> dict[str, Any]:
        """general and verification always; gb/fr/us when answered or when the country is requested."""
        stored = self.details.get("questionnaire", {})
        sections = ["general", "verification"] + [
            section
            for country, section in questions.COUNTRY_SECTIONS.items()
            if section in stored or country in self.country_codes
        ]
        out: dict[str, Any] = {}
        for section in sections:
            answers = self.answers(section)
            asked = questions.section_questions(
                section,
                us_version=self.us_version(),
                brand_campaign_version=questions.brand_campaign_variant(answers),
            )
            out[section] = {"questions": asked, "answers": copy.deepcopy(answers)}
        return out

    # --- persistence ----------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Sender:
        return cls(
            **{
                **data,
                "testers": Testers.from_json(data["testers"]),
                "countries": [Country.from_json(item) for item in data["countries"]],
                "activities": [Activity(**item) for item in data["activities"]],
            }
        )


def _random_text(length: int) -> str:
    return "".join(secrets.choice(_ALPHANUMERIC) for _ in range(length))


def merge_patch(target: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """RFC 7396 JSON merge patch: null deletes, objects merge recursively, anything else replaces."""
    out = copy.deepcopy(dict(target))
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, Mapping):
            current = out.get(key)
            out[key] = merge_patch(current if isinstance(current, Mapping) else {}, value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def leaf_paths(patch: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    """The dotted path of every field a patch sets or deletes (empty objects set nothing)."""
    for key, value in patch.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            yield from leaf_paths(value, path)
        else:
            yield path
