"""The US questionnaire answers: the current v2 "brand campaign" answers and the deprecated v1 answers.

The API takes either (``RcsSenderDetailsQuestionnaireUSInputDto.answers`` is a oneOf of the four v2
documentation schemas and the legacy one). Which one a declaration holds is decided by its field names
(``us_answers_version``): a v1-only field (``ein``, ``fullCompanyAddress``, ``smsCampaign``) makes it v1, a
v2-only field (``ownershipType``, ``taxId``, ...) makes it v2, both at once is an error. With only the
shared names (``companyLegalName``, ``brandIndustry``, ``messagesVolume``), a numeric ``messagesVolume``
means v2 and anything else is read as v1 (which accepts it and matches the spec's legacy schema).

The v2 answers are taken complete: the spec's create schema requires every one of them (each of the four
variants lists them all as required), and a partial v2 answer with a numeric ``messagesVolume`` would be
refused by the API. The conditional rules of the four variants:

- ``ownershipType`` PUBLIC: ``legalForm`` must be CORPORATION; ``stockExchange`` and ``stockSymbol`` are
  required. PRIVATE: the stock fields are not allowed.
- ``taxIdCountry`` US: ``taxId`` has the format XX-XXXXXXX and ``addressState`` is required. Another country:
  ``taxId`` is any string of up to 25 characters and ``addressState`` is ignored by Sinch.

An ``UNKNOWN`` ``ownershipType`` or ``taxIdCountry`` suspends the rules that depend on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal

from marshmallow import ValidationError, validates_schema

from schemas.base import StrictSchema
from schemas.fields import Choice, EmailAddress, Flag, Items, JsonNumber, Object, Text, WebUrl
from schemas.paths import lookup
from schemas.rcs_senders.constants import (
    EIN,
    ISO_COUNTRIES,
    US_BRAND_INDUSTRIES,
    US_LEGAL_FORMS,
    US_OWNERSHIP_TYPES,
    US_STATES,
    US_TAX_ID,
)
from schemas.rcs_senders.metadata import AnswerMetadataSchema
from schemas.unknown import UNKNOWN

UsVersion = Literal["v1", "v2"]

V1_ONLY: Final = frozenset({"ein", "fullCompanyAddress", "fullCompanyAddressMetadata", "smsCampaign"})
SHARED: Final = frozenset({"companyLegalName", "brandIndustry", "messagesVolume"})
STOCK_FIELDS: Final = ("stockExchange", "stockSymbol")

_REQUIRED = "Missing data for required field (the API takes the US brand-campaign answers only complete)."
_COUNTRY = "Not a valid country: use an ISO 3166-1 alpha-2 code in upper case, for example US or SE."


def _required() -> dict[str, Any]:
    return {"required": True, "error_messages": {"required": _REQUIRED}}


class UsV2AnswersSchema(StrictSchema):
    """The US "brand campaign" answers (questionnaire v2), complete, with the variants' conditional rules."""

    ownershipType = Choice(US_OWNERSHIP_TYPES, **_required())  # noqa: N815 (the API's field names)
    companyLegalName = Text(min_length=1, max_length=100, **_required())  # noqa: N815
    companyPhoneNumber = Text(min_length=1, max_length=13, **_required())  # noqa: N815
    companyEmailAddress = EmailAddress(max_length=100, **_required())  # noqa: N815
    brandName = Text(min_length=1, max_length=100, **_required())  # noqa: N815
    brandIndustry = Choice(US_BRAND_INDUSTRIES, **_required())  # noqa: N815
    legalForm = Choice(US_LEGAL_FORMS, **_required())  # noqa: N815
    taxIdCountry = Choice(ISO_COUNTRIES, message=_COUNTRY, **_required())  # noqa: N815
    taxId = Text(min_length=1, max_length=25, **_required())  # noqa: N815
    addressLine = Text(min_length=1, max_length=100, **_required())  # noqa: N815
    addressCity = Text(min_length=1, max_length=100, **_required())  # noqa: N815
    addressCountry = Choice(ISO_COUNTRIES, message=_COUNTRY, **_required())  # noqa: N815
    addressState = Choice(US_STATES)  # noqa: N815
    addressPostalCode = Text(min_length=1, max_length=10, **_required())  # noqa: N815
    websiteUrl = WebUrl(max_length=100, **_required())  # noqa: N815
    contactFirstName = Text(min_length=1, max_length=100, **_required())  # noqa: N815
    contactSurname = Text(min_length=1, max_length=100, **_required())  # noqa: N815
    stockExchange = Text(min_length=1, max_length=10)  # noqa: N815
    stockSymbol = Text(min_length=1, max_length=6)  # noqa: N815
    sampleMessages = Items(Text(min_length=20, max_length=1024), min_items=1, max_items=5, **_required())  # noqa: N815
    messagesVolume = JsonNumber(**_required())  # noqa: N815
    embeddedLink = Flag(**_required())  # noqa: N815
    embeddedPhone = Flag(**_required())  # noqa: N815
    ageGatedContent = Flag(**_required())  # noqa: N815
    directLending = Flag(**_required())  # noqa: N815
    optInConfirmationMessage = Text(min_length=20, max_length=1024, **_required())  # noqa: N815
    helpMessage = Text(min_length=20, max_length=1024, **_required())  # noqa: N815
    callToActionMessage = Text(min_length=40, max_length=4096, **_required())  # noqa: N815

    unknown_advice = {
        name: f"Not a v2 field: {name} belongs to the deprecated v1 US answers." for name in V1_ONLY
    }

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _variant_rules(self, data: Mapping[str, Any], original_data: Any, **_kwargs: Any) -> None:
        if not isinstance(original_data, Mapping):
            return
        errors: dict[str, list[str]] = {}
        ownership = data.get("ownershipType")
        if ownership == "PUBLIC":
            legal_form = data.get("legalForm")
            if isinstance(legal_form, str) and legal_form != "CORPORATION":
                errors["legalForm"] = ["Must be CORPORATION when ownershipType is PUBLIC."]
            for name in STOCK_FIELDS:
                if name not in original_data:
                    errors[name] = ["Required when ownershipType is PUBLIC (the company's stock listing)."]
        elif ownership == "PRIVATE":
            for name in STOCK_FIELDS:
                if name in original_data and original_data[name] is not UNKNOWN:
                    errors[name] = [
                        "Not allowed when ownershipType is PRIVATE: only PUBLIC companies have a stock "
                        "listing."
                    ]
        if data.get("taxIdCountry") == "US":
            tax_id = data.get("taxId")
            if isinstance(tax_id, str) and not US_TAX_ID.fullmatch(tax_id):
                errors["taxId"] = [
                    "Must have the format XX-XXXXXXX (for example 12-3456789) when taxIdCountry is US."
                ]
            if "addressState" not in original_data:
                errors["addressState"] = ["Required when taxIdCountry is US."]
        if errors:
            raise ValidationError(errors)


class UsV1AnswersSchema(StrictSchema):
    """The legacy US answers, all optional (deprecated; the spec's ``...USAnswersInputDto``)."""

    companyLegalName = Text()  # noqa: N815 (the API's field names)
    ein = Text(
        pattern=EIN,
        pattern_message="Not a valid EIN: use the format XX-XXXXXXX, for example 12-3456789.",
    )
    brandIndustry = Text()  # noqa: N815
    fullCompanyAddress = Text()  # noqa: N815
    fullCompanyAddressMetadata = Object(AnswerMetadataSchema, empty_means_absent=True)  # noqa: N815
    smsCampaign = Text()  # noqa: N815
    messagesVolume = Text()  # noqa: N815

    def suggestable_names(self) -> Iterable[str]:
        # Answers with only unrecognised names are read as v1: suggest from both versions' names.
        return ALL_US_FIELDS


V2_FIELDS: Final = frozenset(UsV2AnswersSchema().known_names())
V1_FIELDS: Final = frozenset(UsV1AnswersSchema().known_names())
V2_ONLY: Final = V2_FIELDS - SHARED
ALL_US_FIELDS: Final = V1_FIELDS | V2_FIELDS


def us_answers_version(answers: Mapping[Any, Any]) -> UsVersion | Literal["mixed"] | None:
    """Which US answers ``answers`` holds, judged by its field names (see the module docstring)."""
    names = {key for key in answers if isinstance(key, str)}
    v1 = names & V1_ONLY
    v2 = names & V2_ONLY
    if v1 and v2:
        return "mixed"
    if v2:
        return "v2"
    if v1:
        return "v1"
    volume = answers.get("messagesVolume")
    if isinstance(volume, int | float) and not isinstance(volume, bool):
        return "v2"
    if names:
        return "v1"
    return None


def us_questionnaire_version(sender: Mapping[str, Any]) -> UsVersion | None:
    """``"v2"`` for brand-campaign US answers in a loaded sender, ``"v1"`` for the legacy ones, ``None``
    without known US answers (also the value of the PATCH ``usQuestionnaireVersion`` query parameter;
    ``None``: leave it out)."""
    answers = lookup(sender, ("questionnaire", "us", "answers"))
    if not isinstance(answers, Mapping):
        return None
    version = us_answers_version(answers)
    return version if version in ("v1", "v2") else None


def load_us_answers(value: Any) -> Any:
    """Load US answers with the v2 or v1 schema, whichever they are (``UNKNOWN`` never gets here)."""
    if not isinstance(value, Mapping):
        raise ValidationError("Not a valid object.")
    version = us_answers_version(value)
    if version == "mixed":
        names = {key for key in value if isinstance(key, str)}
        raise ValidationError(
            "Mixes the deprecated v1 US answers ("
            + ", ".join(sorted(names & V1_ONLY))
            + ") with the v2 brand-campaign answers ("
            + ", ".join(sorted(names & V2_ONLY))
            + "). Use the v2 answers only."
        )
    schema: StrictSchema = UsV2AnswersSchema() if version == "v2" else UsV1AnswersSchema()
    return schema.load(value)


def dump_us_answers(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    schema: StrictSchema = UsV2AnswersSchema() if us_answers_version(value) == "v2" else UsV1AnswersSchema()
    return schema.dump(value)
