"""The sender model: creation, partial updates, timed state transitions, and the sender as the API shows it.

A sender keeps what was sent for it (``details`` minus the lists that have their own state: test numbers
and countries) and the server-side facts (state, dates, credentials, per-country status). Timed transitions
(``IN_PROGRESS`` -> ``IN_TEST`` after the provisioning delay, ``LAUNCHING`` -> ``LAUNCHED`` after the launch
delay) are applied lazily by ``advance`` whenever a sender is read or changed: no background threads.
"""

from __future__ import annotations

import copy
import secrets
import string
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from emulator import questions
from emulator.activities import Activity
from emulator.clock import sender_timestamp
from emulator.countries import CountryStatus
from emulator.testers import Testers

# Google hosts RBM agents in three regions. EU senders are hosted in Europe; the spec has no hosting region
# for Latin America, so BR senders (like US ones) are hosted in North America.
HOSTING_REGIONS: Mapping[str, str] = {"EU": "EUROPE", "US": "NORTH_AMERICA", "BR": "NORTH_AMERICA"}

DEFAULT_BRAND: Mapping[str, str] = {"name": "RCS Sender", "color": "#000000"}

# State in which a launch may be requested (409 launch_invalid_agent_state otherwise).
LAUNCHABLE_STATES = frozenset({"IN_TEST", "LAUNCHING", "LAUNCHED", "UNLAUNCHED"})
# States in which only details.countries (and the schema-less details.launch) may change.
LOCKED_STATES = frozenset({"LAUNCHING", "LAUNCHED"})
UPDATABLE_WHEN_LOCKED = frozenset({"countries", "launch"})

_ALPHANUMERIC = string.ascii_letters + string.digits


def _random_text(length: int) -> str:
    return "".join(secrets.choice(_ALPHANUMERIC) for _ in range(length))


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
    countries: list[CountryStatus] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    launched: float | None = None
    launch_due: float | None = None
    us_questionnaire_version: str | None = None
    agent_id: str = ""
    brand_id: str = ""
    conversation_app_id: str | None = None

    # --- creation and changes -------------------------------------------------------------------

    @classmethod
    def create(
        cls, project_id: str, body: Mapping[str, Any], now: float, provisioning_delay: float
    ) -> Sender:
        """A new sender from a validated ``RcsSenderInputDto`` (test numbers are invited by the caller)."""
        details = copy.deepcopy(dict(body.get("details") or {}))
        details.pop("testNumbers", None)
        countries = details.pop("countries", None) or []
        details["brand"] = {**DEFAULT_BRAND, **(details.get("brand") or {})}
        sender_id = str(uuid.uuid4())
        sender = cls(
            id=sender_id,
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
            agent_id=f"rcs_{sender_id.replace('-', '')[:12]}_agent",
            brand_id=f"brands/{uuid.uuid4()}",
        )
        sender.set_countries(countries, now)
        sender.record("CREATED", now)
        sender.advance(now)
        return sender

    def record(self, type_: str, at: float, comment: str | None = None) -> None:
        self.activities.append(Activity(type_, at, comment))

    def set_countries(self, countries: Sequence[str], now: float, launch_delay: float = 0.0) -> None:
        """Keep the status of countries that stay, add new ones, drop the others.

        A country added while the sender is launching or launched starts its own launch right away
        (``PENDING``, done after ``launch_delay``); the sender's own state does not change for it.
        """
        known = {status.country: status for status in self.countries}
        updated = []
        for country in countries:
            status = known.get(country)
            if status is None:
                status = CountryStatus.not_launched(country, now)
                if self.state in LOCKED_STATES:
                    status.start_launch(now, now + launch_delay)
            updated.append(status)
        self.countries = updated

    def apply_patch(self, patch: Mapping[str, Any], now: float, launch_delay: float) -> None:
        """Apply the ``details`` of a validated PATCH body (JSON merge patch).

        Null deletes, omitted fields stay, objects (brand, each section's answers...) merge field by field,
        lists replace. Test numbers are handled by the caller (they send invites).
        """
        details_patch = dict(patch)
        details_patch.pop("testNumbers", None)
        if "countries" in details_patch:
            self.set_countries(details_patch.pop("countries") or [], now, launch_delay)
        details_patch.pop("launch", None)
        self.details = merge_patch(self.details, details_patch)

    # --- time -----------------------------------------------------------------------------------------

    def advance(self, now: float) -> bool:
        """Apply every timed transition that is due. True if the sender changed."""
        changed = False
        if self.state == "IN_PROGRESS" and self.provisioned_at <= now:
            self.state = "IN_TEST"
            self.modified = max(self.modified, self.provisioned_at)
            self.record("TEST", self.provisioned_at, "Provisioning finished: the sender is IN_TEST.")
            changed = True
        for country in self.countries:
            changed = country.advance(now) or changed
        if self.state == "LAUNCHING" and self.launch_due is not None and self.launch_due <= now:
            self.state = "LAUNCHED"
            self.modified = max(self.modified, self.launch_due)
            self.record("ACTIVE", self.launch_due, "Launch completed: the sender is LAUNCHED.")
            self.launch_due = None
            changed = True
        return changed

    def start_launch(self, now: float, launch_delay: float) -> None:
        self.state = "LAUNCHING"
        self.launched = now
        self.modified = now
        self.launch_due = now + launch_delay
        for country in self.countries:
            country.start_launch(now, self.launch_due)
        names = ", ".join(country.country for country in self.countries)
        self.record("EDITED", now, f"Launch requested for countries: {names}.")
        # No advance() here: the launch answer always shows LAUNCHING; the next read may show LAUNCHED.

    # --- reading --------------------------------------------------------------------------------------

    @property
    def brand_name(self) -> str:
        return str(self.details.get("brand", {}).get("name", DEFAULT_BRAND["name"]))

    @property
    def country_codes(self) -> list[str]:
        return [status.country for status in self.countries]

    def answers(self, section: str) -> dict[str, Any]:
        section_data = self.details.get("questionnaire", {}).get(section) or {}
        found = section_data.get("answers") or {}
        if not isinstance(found, dict):
            return {}
        # A metadata object whose fields were all nulled by a PATCH stays as {}: it answers nothing.
        return {key: value for key, value in found.items() if value != {}}

    def us_version(self) -> str:
        """How the US answers read: from their own shape, else the version last asked for, else v2."""
        answers = self.answers("us")
        if answers:
            return questions.us_version_of(answers)
        return self.us_questionnaire_version or "v2"

    def questionnaire_sections(self) -> list[str]:
        """general and verification always; gb/fr/us when answered or when the country is requested."""
        stored = self.details.get("questionnaire", {})
        sections = ["general", "verification"]
        for country, section in questions.COUNTRY_SECTIONS.items():
            if section in stored or country in self.country_codes:
                sections.append(section)
        return sections

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
            "supplierDetails": {"google": {"agentId": self.agent_id, "brandId": self.brand_id}},
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
        out: dict[str, Any] = {}
        for section in self.questionnaire_sections():
            answers = self.answers(section)
            if section == "us":
                asked = questions.section_questions(
                    "us",
                    us_version=self.us_version(),
                    brand_campaign_version=questions.brand_campaign_variant(answers),
                )
            else:
                asked = questions.section_questions(section)
            out[section] = {"questions": asked, "answers": copy.deepcopy(answers)}
        return out

    # --- persistence ----------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "projectId": self.project_id,
            "region": self.region,
            "billingCategory": self.billing_category,
            "useCase": self.use_case,
            "details": self.details,
            "authName": self.auth_name,
            "authToken": self.auth_token,
            "created": self.created,
            "modified": self.modified,
            "state": self.state,
            "provisionedAt": self.provisioned_at,
            "testers": self.testers.to_json(),
            "countries": [status.to_json() for status in self.countries],
            "activities": [activity.to_json() for activity in self.activities],
            "launched": self.launched,
            "launchDue": self.launch_due,
            "usQuestionnaireVersion": self.us_questionnaire_version,
            "agentId": self.agent_id,
            "brandId": self.brand_id,
            "conversationAppId": self.conversation_app_id,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Sender:
        return cls(
            id=data["id"],
            project_id=data["projectId"],
            region=data["region"],
            billing_category=data["billingCategory"],
            use_case=data["useCase"],
            details=dict(data["details"]),
            auth_name=data["authName"],
            auth_token=data["authToken"],
            created=float(data["created"]),
            modified=float(data["modified"]),
            state=data["state"],
            provisioned_at=float(data["provisionedAt"]),
            testers=Testers.from_json(data["testers"]),
            countries=[CountryStatus.from_json(item) for item in data["countries"]],
            activities=[Activity.from_json(item) for item in data["activities"]],
            launched=data.get("launched"),
            launch_due=data.get("launchDue"),
            us_questionnaire_version=data.get("usQuestionnaireVersion"),
            agent_id=data.get("agentId", ""),
            brand_id=data.get("brandId", ""),
            conversation_app_id=data.get("conversationAppId"),
        )


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
