"""The provider's only way to speak the API's body shapes: pure functions over loaded senders.

- ``create_body(sender)``: the ``RcsSenderInputDto`` for ``POST /rcs/senders``.
- ``update_body(old, new, launched=...)``: the minimal ``RcsUpdateSenderInputDto`` for ``PATCH``, or
  ``None`` when there is nothing to send; ``UpdateNotPossible`` when a change cannot be expressed.
- ``test_number_changes(old, new)``: the numbers to add and to remove (the test-number endpoints; a PATCH
  with ``testNumbers`` would re-invite every number and use quota).
- ``changed_fields(old, new)``: the top-level input keys that differ.
- ``us_questionnaire_version(sender)``: ``"v1"``/``"v2"``/``None`` for the PATCH query parameter.
- ``sender_from_api(dto, declared=...)``: a declaration rebuilt from an API sender
  (``schemas.rcs_senders.from_api``).

"Loaded" means what ``SenderSchema().load`` returned (normalised). ``UNKNOWN`` values are never put in a
body: ``create_body`` and ``test_number_changes`` raise ``ValueError`` for them, and ``update_body`` counts
them as changes without serialising them (see its docstring).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Mapping
from typing import Any, Final, Literal

from schemas.compare import SET_LIKE, same, same_set
from schemas.errors import UpdateNotPossible, format_path
from schemas.paths import MISSING, lookup
from schemas.rcs_senders.constants import (
    BRAND_DEFAULTS,
    CREATION_ONLY,
    DAILY_INVITES,
    SECTIONS,
)
from schemas.rcs_senders.from_api import sender_from_api
from schemas.rcs_senders.sender import INPUT_NAMES, PROVIDER_OPTIONS
from schemas.rcs_senders.us import us_answers_version, us_questionnaire_version
from schemas.unknown import UNKNOWN, contains_unknown, require_known

__all__ = [
    "UpdateNotPossible",
    "changed_fields",
    "create_body",
    "invite_problems",
    "sender_from_api",
    "test_number_changes",
    "update_body",
    "us_questionnaire_version",
]

# Brand fields the update schema cannot delete (not nullable there). name and color have API defaults:
# removing them from a declaration sends the default, which is what an undeclared value means at create.
_BRAND_NOT_NULLABLE: Final = frozenset(
    {"name", "color", "description", "bannerUrl", "logoUrl", "privacyPolicyUrl", "termsOfServiceUrl"}
)
# US answers the update schema declares without null (the v2 enums).
_US_NOT_NULLABLE: Final = frozenset(
    {"ownershipType", "legalForm", "taxIdCountry", "addressCountry", "addressState"}
)


# --- create ----------------------------------------------------------------------------------------------


def create_body(sender: Mapping[str, Any]) -> dict[str, Any]:
    """``RcsSenderInputDto`` for a loaded sender: ``region``, ``billingCategory``, ``useCase`` and
    ``details{brand, testNumbers, countries, questionnaire}``, leaving out empty parts (an empty brand,
    list or questionnaire, and sections with no answers). ``ValueError`` if any value is ``UNKNOWN``."""
    require_known(sender, "create body", whole="the sender")
    body: dict[str, Any] = {key: sender[key] for key in CREATION_ONLY if key in sender}
    details: dict[str, Any] = {}
    brand = sender.get("brand")
    if isinstance(brand, Mapping) and brand:
        details["brand"] = copy.deepcopy(dict(brand))
    for key in ("testNumbers", "countries"):
        values = sender.get(key)
        if isinstance(values, list | tuple) and values:
            details[key] = list(values)
    questionnaire = _non_empty_sections(sender.get("questionnaire"))
    if questionnaire:
        details["questionnaire"] = questionnaire
    if details:
        body["details"] = details
    return body


def _non_empty_sections(questionnaire: Any) -> dict[str, Any]:
    if not isinstance(questionnaire, Mapping):
        return {}
    out: dict[str, Any] = {}
    for section in SECTIONS:
        answers = _answers(questionnaire, section)
        if isinstance(answers, Mapping) and answers:
            out[section] = {"answers": copy.deepcopy(dict(answers))}
    return out


# --- update ----------------------------------------------------------------------------------------------


class _Plan:
    """What an update changes: every changed path (known or not) and the problems found."""

    def __init__(self) -> None:
        self.changes: list[str] = []
        self.unknown_changes: list[str] = []
        self.problems: list[tuple[str, str]] = []

    def changed(self, path: str, value: Any) -> None:
        self.changes.append(path)
        if contains_unknown(value):
            self.unknown_changes.append(path)


def update_body(old: Mapping[str, Any], new: Mapping[str, Any], *, launched: bool) -> dict[str, Any] | None:
    """The minimal ``RcsUpdateSenderInputDto`` taking the sender from ``old`` to ``new`` (loaded senders).

    Only what changed is sent: inside ``brand`` and inside each questionnaire section's answers field by
    field (lists and the ``partner``/``...Metadata`` objects whole), ``countries`` as a whole list
    (compared as a set), ``null`` for a removed nullable field. Removing ``brand.name`` or ``brand.color``
    sends the API default ("RCS Sender", "#000000"), what an undeclared value means at create.
    ``testNumbers``, ``launch`` and ``senderId`` are never in the body. ``None``: nothing to send.

    Raises ``UpdateNotPossible`` (all problems at once) when a change cannot be expressed: ``region``,
    ``billingCategory`` or ``useCase`` changed; a field the update schema cannot delete was removed
    (``brand.logoUrl``, the US answers' ``ownershipType``, ...); or, with ``launched`` (state LAUNCHING or
    LAUNCHED), anything but ``countries`` changed.

    Preview: an ``UNKNOWN`` value in ``new`` counts as changed (it may differ) and is never serialised. The
    result then holds the known changes only and is not ``None`` if anything changed at all; it is for
    judging the change, not for sending (callers build real bodies from known values)."""
    plan = _Plan()
    for key in CREATION_ONLY:
        before, after = old.get(key, MISSING), new.get(key, MISSING)
        if not (before is MISSING and after is MISSING) and not same(before, after):
            plan.changed(key, after)
            plan.problems.append(
                (
                    key,
                    f"Cannot be changed by an update: Sinch fixes {key} when the sender is created. Keep "
                    f"{_shown(before)}, or declare a new sender for the new value.",
                )
            )
    details: dict[str, Any] = {}
    countries = _countries_patch(old.get("countries", MISSING), new.get("countries", MISSING), plan)
    if countries is not MISSING:
        details["countries"] = countries
    brand = _object_patch(
        old.get("brand", MISSING), new.get("brand", MISSING), ("brand",), plan, removal=_brand_removal
    )
    if brand:
        details["brand"] = brand
    questionnaire = _questionnaire_patch(
        old.get("questionnaire", MISSING), new.get("questionnaire", MISSING), plan
    )
    if questionnaire:
        details["questionnaire"] = questionnaire
    if launched:
        plan.problems = [problem for problem in plan.problems if problem[0] in CREATION_ONLY]
        for path in plan.changes:
            if path != "countries" and path not in CREATION_ONLY:
                plan.problems.append(
                    (
                        path,
                        "Cannot be changed after launch: once a sender is LAUNCHING or LAUNCHED, Sinch "
                        "accepts changes to countries only. Revert this change, or declare a new sender "
                        "for it.",
                    )
                )
    if plan.problems:
        raise UpdateNotPossible(plan.problems)
    if not details and not plan.unknown_changes:
        return None
    return {"details": details}


def _shown(value: Any) -> str:
    return "the current value" if value is MISSING else repr(value)


def _countries_patch(before: Any, after: Any, plan: _Plan) -> Any:
    if before is MISSING and after is MISSING:
        return MISSING
    if same_set(before, after):
        return MISSING
    plan.changed("countries", after)
    if after is MISSING:
        return None  # nullable: deletes the list
    if contains_unknown(after):
        return MISSING
    return list(after)


# How a removed field is expressed: ("value", x) sends x, ("impossible", why) is a problem.
Removal = tuple[Literal["value", "impossible"], Any]


def _brand_removal(key: str, before: Any) -> Removal:
    if key in BRAND_DEFAULTS:
        return ("value", BRAND_DEFAULTS[key])
    if key in _BRAND_NOT_NULLABLE:
        advice = " (an empty string clears it)" if key == "description" else ""
        return (
            "impossible",
            f"Cannot be removed: the Sinch update API cannot delete brand.{key}. Keep it declared, or "
            f"declare another value{advice}.",
        )
    return _null_removal(key, before)


def _null_removal(key: str, before: Any) -> Removal:
    if isinstance(before, Mapping):
        # `partner` and `...Metadata` objects cannot be deleted (the update schema's allOf makes even
        # `partner: null` invalid), but each of their fields can: the emptied object says nothing.
        return ("value", dict.fromkeys(before))
    return ("value", None)


def _object_patch(
    before: Any,
    after: Any,
    path: tuple[str, ...],
    plan: _Plan,
    *,
    removal: Callable[[str, Any], Removal],
) -> dict[str, Any]:
    """Field-by-field patch of one object (the brand, or one section's answers)."""
    if after is UNKNOWN:
        plan.changed(format_path(path), after)
        return {}
    old = before if isinstance(before, Mapping) else {}
    new = after if isinstance(after, Mapping) else {}
    patch: dict[str, Any] = {}
    for key in [*new, *(key for key in old if key not in new)]:
        if not isinstance(key, str):
            continue
        was, now = old.get(key, MISSING), new.get(key, MISSING)
        where = format_path((*path, key))
        if now is MISSING:
            kind, value = removal(key, was)
            if kind == "impossible":
                plan.changed(where, None)
                plan.problems.append((where, value))
            elif value != {}:  # an empty object removed: nothing to delete
                plan.changed(where, None)
                patch[key] = value
            continue
        if same(was, now):
            continue
        plan.changed(where, now)
        if contains_unknown(now):
            continue
        if isinstance(now, Mapping):
            removed = {name: None for name in (was if isinstance(was, Mapping) else {}) if name not in now}
            patch[key] = {**copy.deepcopy(dict(now)), **removed}
        else:
            patch[key] = copy.deepcopy(now)
    return patch


def _questionnaire_patch(before: Any, after: Any, plan: _Plan) -> dict[str, Any]:
    if after is UNKNOWN:
        plan.changed("questionnaire", after)
        return {}
    patch: dict[str, Any] = {}
    for section in SECTIONS:
        was = _answers(before, section)
        now = _answers(after, section)
        if was is MISSING and now is MISSING:
            continue
        removal: Callable[[str, Any], Removal] = _null_removal
        if section == "us":
            version = us_answers_version(now) if isinstance(now, Mapping) else None
            removal = functools.partial(_us_removal, version=version)
        answers = _object_patch(was, now, ("questionnaire", section, "answers"), plan, removal=removal)
        if answers:
            patch[section] = {"answers": answers}
    return patch


def _us_removal(key: str, before: Any, *, version: str | None) -> Removal:
    if key in _US_NOT_NULLABLE or (key == "brandIndustry" and version == "v2"):
        return (
            "impossible",
            f"Cannot be removed: the Sinch update API cannot delete questionnaire.us.answers.{key} (it is "
            "not nullable). Keep it declared, or change it to another value.",
        )
    return _null_removal(key, before)


def _answers(questionnaire: Any, section: str) -> Any:
    """A section's answers: a mapping, ``UNKNOWN`` (the questionnaire, section or answers), or ``MISSING``."""
    return lookup(questionnaire, (section, "answers"))


# --- test numbers, changed fields ------------------------------------------------------------------------


def test_number_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """``(to_add, to_remove)``: numbers in ``new`` but not ``old`` (in ``new``'s order) and numbers in ``old``
    but not ``new`` (in ``old``'s order). A missing ``testNumbers`` is no numbers. ``ValueError`` for
    ``UNKNOWN`` numbers (these go to the API) or a value that is not a list of strings."""
    before = _numbers(old, "old")
    after = _numbers(new, "new")
    had, has = set(before), set(after)
    to_add = list(dict.fromkeys(number for number in after if number not in had))
    to_remove = list(dict.fromkeys(number for number in before if number not in has))
    return to_add, to_remove


# Not a test function, whatever its name says (pytest collects `test_*` names it finds in test modules).
test_number_changes.__test__ = False  # type: ignore[attr-defined]


def _numbers(sender: Mapping[str, Any], which: str) -> list[str]:
    value = sender.get("testNumbers", [])
    require_known({"testNumbers": value}, f"test number changes ({which} testNumbers)", whole="the sender")
    if not isinstance(value, list | tuple) or not all(isinstance(number, str) for number in value):
        raise ValueError(f"{which} testNumbers must be a list of strings, not {type(value).__name__}")
    return list(value)


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The top-level input keys whose values differ between two loaded senders, in declaration order.

    ``countries`` and ``testNumbers`` compare as sets, a missing ``testNumbers`` equals ``[]`` and a missing
    ``launch`` equals ``false``; ``UNKNOWN`` differs from everything."""
    extra = sorted({key for key in (*old, *new) if isinstance(key, str) and key not in INPUT_NAMES})
    changed: list[str] = []
    for key in (*INPUT_NAMES, *extra):
        before, after = _comparable(key, old), _comparable(key, new)
        if before is MISSING and after is MISSING:
            continue
        equal = same_set(before, after) if key in SET_LIKE else same(before, after)
        if not equal:
            changed.append(key)
    return changed


def _comparable(key: str, sender: Mapping[str, Any]) -> Any:
    value = sender.get(key, MISSING)
    if value is MISSING and key == "testNumbers":
        return []
    if value is MISSING and key in PROVIDER_OPTIONS:
        return PROVIDER_OPTIONS[key]
    return value


def invite_problems(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[tuple[str, str]]:
    """More new test numbers than Sinch invites in a day (it answers 429 for the rest, for 24 hours).

    ``old`` is the sender's previous declaration (``{}`` for a new sender); ``UNKNOWN`` numbers are not
    counted (they cannot be judged yet)."""
    before = old.get("testNumbers")
    after = new.get("testNumbers")
    if not isinstance(after, list | tuple):
        return []
    known_before = (
        {number for number in before if isinstance(number, str)} if isinstance(before, list) else set()
    )
    added = [number for number in after if isinstance(number, str) and number not in known_before]
    if len(added) <= DAILY_INVITES:
        return []
    return [
        (
            "testNumbers",
            f"Adds {len(added)} test numbers, but Sinch sends at most {DAILY_INVITES} tester invites per "
            f"sender and day (it refuses the rest for 24 hours). Add at most {DAILY_INVITES} numbers per "
            "`pulumi up`, and the next ones a day later.",
        )
    ]
