"""Hypothesis strategies: valid sender declarations (raw, before loading) and junk of every shape.

The valid strategies follow the spec's constraints, not the schemas' code, and add surrounding whitespace
and colour case the loader must normalise. ``PROFILE`` keeps the suite fast (the ``ci`` settings; set
``SCHEMAS_HYPOTHESIS_PROFILE=thorough`` for a longer run).
"""

from __future__ import annotations

import os
import string
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from emulator.spec import spec_document
from schemas import UNKNOWN

settings.register_profile(
    "schemas-ci",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile(
    "schemas-thorough",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
PROFILE = settings.get_profile(
    {"ci": "schemas-ci", "thorough": "schemas-thorough"}[os.environ.get("SCHEMAS_HYPOTHESIS_PROFILE", "ci")]
)


def enum(name: str) -> list[str]:
    """The values of the spec's enum component ``name``."""
    values: list[str] = spec_document()["components"]["schemas"][name]["enum"]
    return values


LAUNCH_COUNTRIES = enum("RcsInputRcsCountryCodesEnum")
ISO_COUNTRIES = enum("RcsInputCountryCodesEnum")
US_STATES = enum("RcsUsStatesEnum")
US_INDUSTRIES = enum("RcsUsQuestionnaireBrandIndustriesEnum")
LEGAL_FORMS = enum("RcsUsQuestionnaireBrandLegalFormsEnum")

_PAD = st.sampled_from(["", " ", "\t", "  \n"])
_CHARS = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"))


def text(min_size: int = 0, max_size: int = 30) -> st.SearchStrategy[str]:
    """Any text whose stripped length is within the bounds, sometimes with whitespace around it."""
    core = st.text(_CHARS, min_size=min_size, max_size=max_size).filter(lambda s: len(s.strip()) >= min_size)
    return st.tuples(_PAD, core, _PAD).map(lambda parts: parts[0] + parts[1] + parts[2])


def _word(max_size: int = 10) -> st.SearchStrategy[str]:
    return st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=max_size)


def urls() -> st.SearchStrategy[str]:
    return st.builds(
        "https://{}.{}{}".format,
        _word(),
        st.sampled_from(["com", "se", "org", "io"]),
        st.sampled_from(["", "/", "/logo.png", "/a/b?c=d"]),
    )


def emails() -> st.SearchStrategy[str]:
    return st.builds("{}@{}.{}".format, _word(), _word(), st.sampled_from(["com", "se"]))


def optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A dict holding any subset of ``fields``."""
    return st.fixed_dictionaries({}, optional=fields)


def _unique_by(key: str) -> Any:
    return lambda item: item[key]


def brands() -> st.SearchStrategy[dict[str, Any]]:
    contact_label = text(0, 25)
    return optional(
        name=text(0, 40),
        description=text(0, 100),
        color=st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True),
        emails=st.lists(
            st.fixed_dictionaries({"label": contact_label, "address": emails()}),
            min_size=1,
            max_size=3,
            unique_by=_unique_by("address"),
        ),
        phones=st.lists(
            st.fixed_dictionaries(
                {"label": contact_label, "number": st.from_regex(r"\+?[0-9]{6,14}", fullmatch=True)}
            ),
            min_size=1,
            max_size=3,
            unique_by=_unique_by("number"),
        ),
        websites=st.lists(
            st.fixed_dictionaries({"label": contact_label, "url": urls()}),
            min_size=1,
            max_size=3,
            unique_by=_unique_by("url"),
        ),
        logoUrl=urls(),
        bannerUrl=urls(),
        privacyPolicyUrl=urls(),
        termsOfServiceUrl=urls(),
    )


def _metadata() -> st.SearchStrategy[dict[str, Any]]:
    return optional(ignore=st.sampled_from([",aef", "-split-", " | ", ";"]))


def general_answers() -> st.SearchStrategy[dict[str, Any]]:
    return optional(
        optInDescription=text(1),
        optInDescriptionMetadata=_metadata(),
        triggerDescription=text(1),
        triggerDescriptionMetadata=_metadata(),
        interactionsDescription=text(1),
        interactionsDescriptionMetadata=_metadata(),
        optOutDescription=text(1),
        optOutDescriptionMetadata=_metadata(),
        videoUris=st.lists(urls(), min_size=1, max_size=2),
        screenshotUris=st.lists(urls(), min_size=1, max_size=2),
    )


def verification_answers() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"name": text(1), "email": emails(), "website": urls()},
        optional={
            "title": text(1, 100),
            "phone": st.from_regex(r"(\+|00)[0-9]{6,15}", fullmatch=True),
            "partner": optional(
                companyName=text(1, 100), contactName=text(1, 100), contactEmailAddress=emails()
            ),
        },
    )


def gb_answers() -> st.SearchStrategy[dict[str, Any]]:
    return optional(
        brandIndustry=text(1),
        companyLegalName=text(1),
        companyRegistrationNumber=text(1),
        fullCompanyAddress=text(1),
        fullCompanyAddressMetadata=_metadata(),
        messagesVolume=text(1),
        messagesFrequency=text(1),
        campaignLength=text(1),
    )


def fr_answers() -> st.SearchStrategy[dict[str, Any]]:
    return optional(
        fullCompanyAddress=text(1),
        fullCompanyAddressMetadata=_metadata(),
        siren=st.from_regex(r"[0-9]{9}", fullmatch=True),
    )


@st.composite
def us_v2_answers(draw: st.DrawFn) -> dict[str, Any]:
    ownership = draw(st.sampled_from(["PUBLIC", "PRIVATE"]))
    tax_country = draw(st.sampled_from(["US", "SE", "GB", "DE", "NO"]))
    answers: dict[str, Any] = {
        "ownershipType": ownership,
        "companyLegalName": draw(text(1, 100)),
        "companyPhoneNumber": draw(text(1, 13)),
        "companyEmailAddress": draw(emails()),
        "brandName": draw(text(1, 100)),
        "brandIndustry": draw(st.sampled_from(US_INDUSTRIES)),
        "legalForm": "CORPORATION" if ownership == "PUBLIC" else draw(st.sampled_from(LEGAL_FORMS)),
        "taxIdCountry": tax_country,
        "taxId": draw(
            st.from_regex(r"[0-9]{2}-[0-9]{7}", fullmatch=True) if tax_country == "US" else text(1, 25)
        ),
        "addressLine": draw(text(1, 100)),
        "addressCity": draw(text(1, 100)),
        "addressCountry": draw(st.sampled_from(ISO_COUNTRIES)),
        "addressPostalCode": draw(text(1, 10)),
        "websiteUrl": draw(urls()),
        "contactFirstName": draw(text(1, 100)),
        "contactSurname": draw(text(1, 100)),
        "sampleMessages": draw(st.lists(text(20, 60), min_size=1, max_size=5)),
        "messagesVolume": draw(st.integers(0, 10**9) | st.integers(0, 10**6).map(float)),
        "embeddedLink": draw(st.booleans()),
        "embeddedPhone": draw(st.booleans()),
        "ageGatedContent": draw(st.booleans()),
        "directLending": draw(st.booleans()),
        "optInConfirmationMessage": draw(text(20, 60)),
        "helpMessage": draw(text(20, 60)),
        "callToActionMessage": draw(text(40, 80)),
    }
    if tax_country == "US" or draw(st.booleans()):
        answers["addressState"] = draw(st.sampled_from(US_STATES))
    if ownership == "PUBLIC":
        answers["stockExchange"] = draw(text(1, 10))
        answers["stockSymbol"] = draw(text(1, 6))
    return answers


def us_v1_answers() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"ein": st.from_regex(r"[0-9]{2}-[0-9]{7}", fullmatch=True)},
        optional={
            "companyLegalName": text(),
            "brandIndustry": text(),
            "fullCompanyAddress": text(),
            "fullCompanyAddressMetadata": _metadata(),
            "smsCampaign": text(),
            "messagesVolume": text(),
        },
    )


def _section(answers: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda value: {"answers": value}, answers)


def questionnaires() -> st.SearchStrategy[dict[str, Any]]:
    return optional(
        general=_section(general_answers()),
        verification=_section(verification_answers()),
        gb=_section(gb_answers()),
        fr=_section(fr_answers()),
        us=_section(us_v2_answers() | us_v1_answers()),
    )


def senders() -> st.SearchStrategy[dict[str, Any]]:
    """Valid sender declarations (``launch`` false or absent: the checklist has its own tests)."""
    return st.fixed_dictionaries(
        {
            "region": st.sampled_from(["BR", "EU", "US"]),
            "billingCategory": st.sampled_from(enum("RcsInputSenderBillingCategoriesEnum")),
            "useCase": st.sampled_from(enum("RcsInputSenderUseCasesEnum")),
        },
        optional={
            "brand": brands(),
            "countries": st.lists(st.sampled_from(LAUNCH_COUNTRIES), min_size=1, max_size=5, unique=True),
            "testNumbers": st.lists(
                st.from_regex(r"\+[1-9][0-9]{6,12}", fullmatch=True), max_size=4, unique=True
            ),
            "questionnaire": questionnaires(),
            "launch": st.just(False),
        },
    )


# --- junk ---------------------------------------------------------------------------------------------------

_SCALARS: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.text(max_size=5).map(lambda s: s * 20_000),  # huge strings
    st.just(UNKNOWN),
    st.sampled_from(["", " ", "#GGGGGG", "+46701234567", "https://example.com", "GB", "PUBLIC", "US"]),
)


def junk() -> st.SearchStrategy[Any]:
    """Any JSON-like value (and ``UNKNOWN``), nested a few levels deep."""
    return st.recursive(
        _SCALARS,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
        ),
        max_leaves=12,
    )


def deeply_nested(depth: int) -> Any:
    value: Any = "leaf"
    for level in range(depth):
        value = [value] if level % 2 else {"answers": value}
    return value


@st.composite
def mutated(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with some of its parts (at any depth) replaced by junk, dropped, or given extra fields."""
    if draw(st.integers(0, 9)) == 0:
        return draw(junk())
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            choice = draw(st.integers(0, 11))
            if choice == 0:
                continue  # dropped
            out[key] = draw(junk()) if choice == 1 else draw(mutated(item))
        if draw(st.integers(0, 5)) == 0:
            out[draw(st.text(max_size=12))] = draw(junk())
        return out
    if isinstance(value, list):
        return [draw(mutated(item)) for item in value]
    return value
