"""Typed argument shapes for ``RcsSender``'s ``brand`` and ``questionnaire``.

These are ``TypedDict``s: at run time they are the plain dicts the Sinch docs show (camelCase field names,
questionnaire answers under ``answers``), so a JSON body pasted from the docs and a typed declaration are
the same thing; a type checker flags a misspelt key before ``pulumi preview`` does. Every field accepts a
Pulumi input (a plain value or another resource's output). The schemas in ``schemas/`` are the authority
on what is valid; these types only describe the shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, TypedDict

import pulumi

Region = Literal["BR", "EU", "US"]
BillingCategory = Literal[
    "CONVERSATIONAL", "NON_CONVERSATIONAL", "BASIC_MESSAGE", "SINGLE_MESSAGE", "CONVERSATIONAL_LEGACY"
]
UseCase = Literal["MULTIUSE", "OTP", "PROMOTIONAL", "TRANSACTIONAL"]
LaunchCountry = Literal[
    "AT", "BE", "BR", "CA", "CZ", "DK", "FI", "FR", "DE", "GR", "HU", "IT", "LT",
    "MX", "NL", "NO", "PE", "PL", "PT", "SG", "SK", "ES", "SE", "US", "GB",
]  # fmt: skip


class EmailArgs(TypedDict):
    """A brand contact e-mail: ``label`` (at most 25 characters) and ``address``."""

    label: pulumi.Input[str]
    address: pulumi.Input[str]


class PhoneArgs(TypedDict):
    """A brand contact phone: ``label`` and ``number`` (6-15 digits, optional leading ``+``)."""

    label: pulumi.Input[str]
    number: pulumi.Input[str]


class WebsiteArgs(TypedDict):
    """A brand website: ``label`` and an http(s) ``url`` (at most 255 characters)."""

    label: pulumi.Input[str]
    url: pulumi.Input[str]


class BrandArgs(TypedDict, total=False):
    """The sender's brand, as ``details.brand`` in the Sinch API."""

    name: pulumi.Input[str]
    description: pulumi.Input[str]
    color: pulumi.Input[str]
    emails: pulumi.Input[Sequence[pulumi.Input[EmailArgs]]]
    phones: pulumi.Input[Sequence[pulumi.Input[PhoneArgs]]]
    websites: pulumi.Input[Sequence[pulumi.Input[WebsiteArgs]]]
    logoUrl: pulumi.Input[str]
    bannerUrl: pulumi.Input[str]
    privacyPolicyUrl: pulumi.Input[str]
    termsOfServiceUrl: pulumi.Input[str]


class AnswerMetadataArgs(TypedDict, total=False):
    """``<answer>Metadata``: ``ignore`` names a delimiter Sinch strips from the answer at launch."""

    ignore: pulumi.Input[str]


class GeneralAnswersArgs(TypedDict, total=False):
    optInDescription: pulumi.Input[str]
    optInDescriptionMetadata: pulumi.Input[AnswerMetadataArgs]
    triggerDescription: pulumi.Input[str]
    triggerDescriptionMetadata: pulumi.Input[AnswerMetadataArgs]
    interactionsDescription: pulumi.Input[str]
    interactionsDescriptionMetadata: pulumi.Input[AnswerMetadataArgs]
    optOutDescription: pulumi.Input[str]
    optOutDescriptionMetadata: pulumi.Input[AnswerMetadataArgs]
    videoUris: pulumi.Input[Sequence[pulumi.Input[str]]]
    screenshotUris: pulumi.Input[Sequence[pulumi.Input[str]]]


class VerificationPartnerArgs(TypedDict, total=False):
    companyName: pulumi.Input[str]
    contactName: pulumi.Input[str]
    contactEmailAddress: pulumi.Input[str]


class VerificationAnswersArgs(TypedDict, total=False):
    name: pulumi.Input[str]
    email: pulumi.Input[str]
    title: pulumi.Input[str]
    website: pulumi.Input[str]
    phone: pulumi.Input[str]
    partner: pulumi.Input[VerificationPartnerArgs]


class GbAnswersArgs(TypedDict, total=False):
    brandIndustry: pulumi.Input[str]
    companyLegalName: pulumi.Input[str]
    companyRegistrationNumber: pulumi.Input[str]
    fullCompanyAddress: pulumi.Input[str]
    fullCompanyAddressMetadata: pulumi.Input[AnswerMetadataArgs]
    messagesVolume: pulumi.Input[str]
    messagesFrequency: pulumi.Input[str]
    campaignLength: pulumi.Input[str]


class FrAnswersArgs(TypedDict, total=False):
    fullCompanyAddress: pulumi.Input[str]
    fullCompanyAddressMetadata: pulumi.Input[AnswerMetadataArgs]
    siren: pulumi.Input[str]


class UsAnswersArgs(TypedDict, total=False):
    """US answers: the current v2 "brand campaign" fields, plus the deprecated v1 ones (``ein``,
    ``fullCompanyAddress``, ``smsCampaign``, string ``messagesVolume``). Do not mix the two versions."""

    ownershipType: pulumi.Input[Literal["PRIVATE", "PUBLIC"]]
    companyLegalName: pulumi.Input[str]
    companyPhoneNumber: pulumi.Input[str]
    companyEmailAddress: pulumi.Input[str]
    brandName: pulumi.Input[str]
    brandIndustry: pulumi.Input[str]
    legalForm: pulumi.Input[
        Literal["CORPORATION", "LIMITED_LIABILITY_COMPANY", "PARTNERSHIP", "S_CORPORATION"]
    ]
    taxIdCountry: pulumi.Input[str]
    taxId: pulumi.Input[str]
    addressLine: pulumi.Input[str]
    addressCity: pulumi.Input[str]
    addressCountry: pulumi.Input[str]
    addressState: pulumi.Input[str]
    addressPostalCode: pulumi.Input[str]
    websiteUrl: pulumi.Input[str]
    contactFirstName: pulumi.Input[str]
    contactSurname: pulumi.Input[str]
    stockExchange: pulumi.Input[str]
    stockSymbol: pulumi.Input[str]
    sampleMessages: pulumi.Input[Sequence[pulumi.Input[str]]]
    messagesVolume: pulumi.Input[float | str]
    embeddedLink: pulumi.Input[bool]
    embeddedPhone: pulumi.Input[bool]
    ageGatedContent: pulumi.Input[bool]
    directLending: pulumi.Input[bool]
    optInConfirmationMessage: pulumi.Input[str]
    helpMessage: pulumi.Input[str]
    callToActionMessage: pulumi.Input[str]
    ein: pulumi.Input[str]
    fullCompanyAddress: pulumi.Input[str]
    fullCompanyAddressMetadata: pulumi.Input[AnswerMetadataArgs]
    smsCampaign: pulumi.Input[str]


class GeneralSectionArgs(TypedDict):
    answers: pulumi.Input[GeneralAnswersArgs]


class VerificationSectionArgs(TypedDict):
    answers: pulumi.Input[VerificationAnswersArgs]


class GbSectionArgs(TypedDict):
    answers: pulumi.Input[GbAnswersArgs]


class FrSectionArgs(TypedDict):
    answers: pulumi.Input[FrAnswersArgs]


class UsSectionArgs(TypedDict):
    answers: pulumi.Input[UsAnswersArgs]


class QuestionnaireArgs(TypedDict, total=False):
    """The launch questionnaire in the API's shape: ``{"general": {"answers": {...}}, ...}``.

    ``general`` and ``verification`` apply to every sender; ``gb``, ``fr`` and ``us`` are the country
    sections (needed to launch in GB, FR and US)."""

    general: pulumi.Input[GeneralSectionArgs]
    verification: pulumi.Input[VerificationSectionArgs]
    gb: pulumi.Input[GbSectionArgs]
    fr: pulumi.Input[FrSectionArgs]
    us: pulumi.Input[UsSectionArgs]
