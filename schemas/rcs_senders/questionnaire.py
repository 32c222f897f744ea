"""The launch questionnaire (``details.questionnaire``), in the API's own shape.

Each section is ``{"answers": {...}}`` exactly as the Sinch docs and the API take it, so a JSON body from
the docs can be pasted. Two common mistakes get their own message: answers written straight into the
section (``{"general": {"optInDescription": ...}}``: they belong under ``answers``), and the API's
read-only ``questions`` (the API generates them; a declaration gives answers only).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar

from marshmallow import Schema
from marshmallow.fields import Field

from schemas.base import StrictSchema
from schemas.fields import Custom, EmailAddress, Items, Object, Text, WebUrl
from schemas.rcs_senders.constants import SIREN, VERIFICATION_PHONE
from schemas.rcs_senders.metadata import AnswerMetadataSchema
from schemas.rcs_senders.us import ALL_US_FIELDS, dump_us_answers, load_us_answers

READ_ONLY_QUESTIONS = "Read-only: the API generates 'questions'; declare only 'answers'."


class GeneralAnswersSchema(StrictSchema):
    """``general.answers``: how users opt in and out, what triggers messages, review material."""

    optInDescription = Text(min_length=1)  # noqa: N815 (the API's field names)
    optInDescriptionMetadata = Object(AnswerMetadataSchema, empty_means_absent=True)  # noqa: N815
    triggerDescription = Text(min_length=1)  # noqa: N815
    triggerDescriptionMetadata = Object(AnswerMetadataSchema, empty_means_absent=True)  # noqa: N815
    interactionsDescription = Text(min_length=1)  # noqa: N815
    interactionsDescriptionMetadata = Object(AnswerMetadataSchema, empty_means_absent=True)  # noqa: N815
    optOutDescription = Text(min_length=1)  # noqa: N815
    optOutDescriptionMetadata = Object(AnswerMetadataSchema, empty_means_absent=True)  # noqa: N815
    videoUris = Items(WebUrl(), min_items=1)  # noqa: N815
    screenshotUris = Items(WebUrl(), min_items=1)  # noqa: N815


class PartnerAnswersSchema(StrictSchema):
    """``verification.answers.partner``: the brand partner, for reseller (ASP) accounts only."""

    companyName = Text(min_length=1, max_length=100)  # noqa: N815
    contactName = Text(min_length=1, max_length=100)  # noqa: N815
    contactEmailAddress = EmailAddress(max_length=100)  # noqa: N815


class VerificationAnswersSchema(StrictSchema):
    """``verification.answers``: the brand's verification contact. ``name``, ``email`` and ``website`` are
    required whenever the section is given (the spec's create schema requires them)."""

    name = Text(min_length=1, required=True)
    email = EmailAddress(max_length=100, required=True)
    title = Text(min_length=1, max_length=100)
    website = WebUrl(required=True)
    phone = Text(
        max_length=17,
        pattern=VERIFICATION_PHONE,
        pattern_message="Not a valid phone number: use + or 00, then 6 to 15 digits, e.g. +46701234567.",
    )
    partner = Object(PartnerAnswersSchema, empty_means_absent=True)


class GbAnswersSchema(StrictSchema):
    """``gb.answers``: the UK launch answers (``campaignLength`` is deprecated but still accepted)."""

    brandIndustry = Text(min_length=1)  # noqa: N815
    companyLegalName = Text(min_length=1)  # noqa: N815
    companyRegistrationNumber = Text(min_length=1)  # noqa: N815
    fullCompanyAddress = Text(min_length=1)  # noqa: N815
    fullCompanyAddressMetadata = Object(AnswerMetadataSchema, empty_means_absent=True)  # noqa: N815
    messagesVolume = Text(min_length=1)  # noqa: N815
    messagesFrequency = Text(min_length=1)  # noqa: N815
    campaignLength = Text(min_length=1)  # noqa: N815


class FrAnswersSchema(StrictSchema):
    """``fr.answers``: the France launch answers."""

    fullCompanyAddress = Text(min_length=1)  # noqa: N815
    fullCompanyAddressMetadata = Object(AnswerMetadataSchema, empty_means_absent=True)  # noqa: N815
    siren = Text(
        pattern=SIREN, pattern_message="Not a valid SIREN: use exactly 9 digits, for example 123456789."
    )


class _SectionSchema(StrictSchema):
    """A section ``{"answers": {...}}``; ``section_schema`` makes one per section (``section`` is its name,
    ``answer_names`` the names that belong under its ``answers``)."""

    section: ClassVar[str]
    answer_names: ClassVar[frozenset[str]]

    def unknown_field_message(self, name: str) -> str:
        if name == "questions":
            return READ_ONLY_QUESTIONS
        if name in self.answer_names:
            shape = json.dumps({self.section: {"answers": {name: "..."}}})
            return f"Answers go under 'answers': write {shape}."
        return super().unknown_field_message(name)

    def after_unknown_fields(self, messages: dict[Any, Any], data: Mapping[Any, Any]) -> None:
        # Answers written straight into the section: the missing `answers` is the same mistake, said once.
        misplaced = any(isinstance(key, str) and key in self.answer_names for key in data)
        if misplaced and "answers" not in data:
            messages.pop("answers", None)


def section_schema(
    section: str, answers: Field[Any], answer_names: frozenset[str], doc: str
) -> type[_SectionSchema]:
    """The schema of the section ``section``, whose required ``answers`` loads with the field ``answers``."""
    name = f"{section.title()}SectionSchema"
    attributes = {
        "section": section,
        "answer_names": answer_names,
        "answers": answers,
        "__doc__": doc,
        "__module__": __name__,
        "__qualname__": name,
    }
    return type(name, (_SectionSchema,), attributes)


def _answers_of(schema: type[Schema], section: str) -> type[_SectionSchema]:
    return section_schema(
        section,
        Object(schema, required=True),
        frozenset(schema().load_fields),
        f'``{section}``: ``{{"answers": ...}}``, the answers of ``{schema.__name__}``.',
    )


GeneralSectionSchema = _answers_of(GeneralAnswersSchema, "general")
VerificationSectionSchema = _answers_of(VerificationAnswersSchema, "verification")
GbSectionSchema = _answers_of(GbAnswersSchema, "gb")
FrSectionSchema = _answers_of(FrAnswersSchema, "fr")
UsSectionSchema = section_schema(
    "us",
    Custom(load_us_answers, dump_us_answers, required=True),
    ALL_US_FIELDS,
    "``us``: the answers are the v2 brand-campaign ones or the deprecated v1 ones (see ``us.py``).",
)


class QuestionnaireSchema(StrictSchema):
    """``general`` and ``verification`` for every sender; ``gb``, ``fr``, ``us`` for those countries."""

    general = Object(GeneralSectionSchema)
    verification = Object(VerificationSectionSchema)
    gb = Object(GbSectionSchema)
    fr = Object(FrSectionSchema)
    us = Object(UsSectionSchema)

    def unknown_field_message(self, name: str) -> str:
        if name.lower() == "uk":
            return "Unknown field. Did you mean 'gb' (the United Kingdom's section)?"
        return super().unknown_field_message(name)
