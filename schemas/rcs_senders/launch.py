"""The launch checklist: what Sinch needs before it accepts ``POST .../launch`` (else 412).

The items (from the pre-launch check of Sinch's own MCP server, ``launch-requirements.ts``, and the spec's
descriptions of ``launch_precondition_failed``):
brand ``name``, ``logoUrl``, ``bannerUrl``, ``privacyPolicyUrl`` and ``termsOfServiceUrl``; at least one
contact phone or e-mail; at least one country; non-empty ``general`` and ``verification`` answers; the
``gb``/``fr``/``us`` answers when GB/FR/US are among the countries; and the verification contact's
``phone`` when the US answers are the v2 brand-campaign ones.

An ``UNKNOWN`` value counts as present (it cannot be judged yet); an ``UNKNOWN`` container (the whole
brand, a section) vouches for everything inside it. An ``UNKNOWN`` country might be GB, FR or US, but a
section is only asked for when the country is known to need it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from schemas.paths import MISSING, lookup
from schemas.rcs_senders.constants import COUNTRY_SECTIONS
from schemas.rcs_senders.us import us_questionnaire_version
from schemas.unknown import UNKNOWN

Path = tuple[str, ...]

_BRAND_ITEMS: Final = (
    ("name", "the brand name users see (at most 40 characters)."),
    ("logoUrl", "the URL of the brand logo (JPEG or PNG, 224 x 224 px, at most 50 KB)."),
    ("bannerUrl", "the URL of the brand banner (JPEG or PNG, 1440 x 448 px, at most 200 KB)."),
    ("privacyPolicyUrl", "the URL of the brand's privacy policy."),
    ("termsOfServiceUrl", "the URL of the brand's terms of service."),
)
_SECTION_ITEMS: Final = {
    "gb": "Required to launch in GB: the UK answers (brandIndustry, companyLegalName, messagesVolume, ...).",
    "fr": "Required to launch in FR: the France answers (fullCompanyAddress, siren).",
    "us": "Required to launch in US: the US brand-campaign answers (ownershipType, companyLegalName, ...).",
}


def launch_problems(sender: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The checklist items ``sender`` (a loaded sender) misses, as ``(path, message)`` pairs, sorted.

    Independent of the sender's ``launch`` flag: it answers "could this sender be launched?"."""
    return sorted(checklist(sender, also_present=lambda _path: False))


def checklist(sender: Mapping[str, Any], *, also_present: Callable[[Path], bool]) -> list[tuple[str, str]]:
    """The missing items. ``also_present(path)`` vouches for values absent from ``sender`` (used at load
    time for values that were given but are invalid: they already have their own error)."""

    def present(*path: str) -> bool:
        value = lookup(sender, path)
        if value is MISSING:
            return also_present(path)
        return value is UNKNOWN or _filled(value)

    problems: list[tuple[str, str]] = []
    for name, what in _BRAND_ITEMS:
        if not present("brand", name):
            problems.append((f"brand.{name}", f"Required to launch: {what}"))
    if not present("brand", "phones") and not present("brand", "emails"):
        problems.append(
            ("brand", "Required to launch: at least one contact phone (phones) or e-mail (emails).")
        )
    if not present("countries"):
        problems.append(("countries", "Required to launch: at least one country to launch in."))
    if not present("questionnaire", "general", "answers"):
        problems.append(
            (
                "questionnaire.general.answers",
                "Required to launch: the general answers (optInDescription, triggerDescription, "
                "interactionsDescription, optOutDescription, ...).",
            )
        )
    if not present("questionnaire", "verification", "answers"):
        problems.append(
            (
                "questionnaire.verification.answers",
                "Required to launch: the verification contact (name, email, website).",
            )
        )
    for section in _sections_needed(sender):
        if not present("questionnaire", section, "answers"):
            problems.append((f"questionnaire.{section}.answers", _SECTION_ITEMS[section]))
    us_v2 = us_questionnaire_version(sender) == "v2"
    if us_v2 and not present("questionnaire", "verification", "answers", "phone"):
        problems.append(
            (
                "questionnaire.verification.answers.phone",
                "Required to launch with the US v2 brand-campaign answers: the verification contact's phone "
                "(for example +12025550123).",
            )
        )
    return problems


def _filled(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | Mapping):
        return len(value) > 0
    return value is not None


def _sections_needed(sender: Mapping[str, Any]) -> list[str]:
    countries = sender.get("countries")
    if not isinstance(countries, list | tuple):
        return []
    return sorted(
        {COUNTRY_SECTIONS[code] for code in countries if isinstance(code, str) and code in COUNTRY_SECTIONS}
    )
