"""Valid sender declarations (the input shape) from the notes and the spec's request examples.

Each function returns a fresh dict, so a test can change it freely.
"""

from __future__ import annotations

import copy
from typing import Any

import example_senders
from emulator.spec import spec_document

CREATE_OPERATION = ("/v1/projects/{projectId}/rcs/senders", "post")
UPDATE_OPERATION = ("/v1/projects/{projectId}/rcs/senders/{senderId}", "patch")


def spec_request_examples(operation: tuple[str, str]) -> dict[str, dict[str, Any]]:
    """The request body examples the spec gives for ``operation``, by name."""
    path, method = operation
    content = spec_document()["paths"][path][method]["requestBody"]["content"]["application/json"]
    return {name: copy.deepcopy(example["value"]) for name, example in content["examples"].items()}


def declaration_from_create_body(body: dict[str, Any]) -> dict[str, Any]:
    """The input shape of a create body: ``details`` unpacked at the top level."""
    declaration = {key: body[key] for key in ("region", "billingCategory", "useCase")}
    declaration.update(copy.deepcopy(body.get("details", {})))
    return declaration


def spec_create_declarations() -> dict[str, dict[str, Any]]:
    """Every create example of the spec, as a declaration."""
    return {
        name: declaration_from_create_body(body)
        for name, body in spec_request_examples(CREATE_OPERATION).items()
    }


def minimal() -> dict[str, Any]:
    return {"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP"}


def brand() -> dict[str, Any]:
    """The sample brand (``example_senders``), as a plain dict the tests change."""
    return dict(example_senders.brand())


def general_answers() -> dict[str, Any]:
    return {
        "optInDescription": "By subscribing to a newsletter",
        "triggerDescription": "User actions (e.g. after making a purchase)",
        "interactionsDescription": "Billing or payment reminders,aef Order updates,aef Upon package delivery",
        "interactionsDescriptionMetadata": {"ignore": ",aef"},
        "optOutDescription": "We have registered your opt out request",
        "videoUris": ["https://example-video-url.com"],
        "screenshotUris": ["https://example-screenshot-url.com"],
    }


def verification_answers() -> dict[str, Any]:
    return {
        "name": "Exam Ple",
        "email": "email@example.com",
        "title": "Head Example",
        "website": "https://example.com",
        "phone": "+48777777777",
    }


def gb_answers() -> dict[str, Any]:
    return {
        "brandIndustry": "Automotive",
        "companyLegalName": "Example company legal name",
        "companyRegistrationNumber": "123-123456789",
        "fullCompanyAddress": "Skeppsbron 1 Malmö, 123 12, Sweden",
        "messagesVolume": "10K - 100K messages",
        "messagesFrequency": "Once per month",
    }


def fr_answers() -> dict[str, Any]:
    return {
        "fullCompanyAddress": "Skeppsbron 1-split-211 20-split-Malmö",
        "fullCompanyAddressMetadata": {"ignore": "-split-"},
        "siren": "123456789",
    }


def us_public_answers() -> dict[str, Any]:
    """The spec's US PUBLIC + CORPORATION example (taxIdCountry US)."""
    return {
        "ownershipType": "PUBLIC",
        "companyLegalName": "Example company legal name",
        "companyPhoneNumber": "+48777777777",
        "companyEmailAddress": "email@example.com",
        "brandName": "Example brand name",
        "brandIndustry": "AGRICULTURE",
        "legalForm": "CORPORATION",
        "taxIdCountry": "US",
        "taxId": "12-3456789",
        "addressLine": "123 Main St",
        "addressCity": "Anytown",
        "addressCountry": "US",
        "addressState": "CA",
        "addressPostalCode": "12345",
        "websiteUrl": "https://example.com",
        "contactFirstName": "John",
        "contactSurname": "Doe",
        "stockExchange": "NASDAQ",
        "stockSymbol": "EXMPL",
        "sampleMessages": [
            "Sample message 1 for the US questionnaire.",
            "Sample message 2 for the US questionnaire.",
        ],
        "messagesVolume": 10000,
        "embeddedLink": True,
        "embeddedPhone": True,
        "ageGatedContent": False,
        "directLending": False,
        "optInConfirmationMessage": "Thank you for opting in!",
        "helpMessage": "For help, contact support.",
        "callToActionMessage": "Click here to claim your special offer and explore our latest updates now.",
    }


def us_private_answers() -> dict[str, Any]:
    """The spec's US PRIVATE + LIMITED_LIABILITY_COMPANY example (taxIdCountry SE)."""
    answers = us_public_answers()
    for name in ("stockExchange", "stockSymbol", "addressState"):
        del answers[name]
    answers.update(
        ownershipType="PRIVATE",
        legalForm="LIMITED_LIABILITY_COMPANY",
        taxIdCountry="SE",
        taxId="SE-TAX-54321",
        addressCountry="DE",
    )
    return answers


def us_legacy_answers() -> dict[str, Any]:
    return {
        "companyLegalName": "Example company legal name",
        "ein": "12-3456789",
        "brandIndustry": "Automotive",
        "fullCompanyAddress": "Skeppsbron 1-split-211 20-split-Malmö",
        "fullCompanyAddressMetadata": {"ignore": "-split-"},
        "smsCampaign": "We have registered your opt out request",
        "messagesVolume": "10K - 100K messages",
    }


def launchable_eu() -> dict[str, Any]:
    """A sender for GB and FR with everything the launch checklist asks for."""
    return {
        **minimal(),
        "brand": brand(),
        "countries": ["GB", "FR", "SE"],
        "testNumbers": ["+46701234567", "+46701234568"],
        "questionnaire": {
            "general": {"answers": general_answers()},
            "verification": {"answers": verification_answers()},
            "gb": {"answers": gb_answers()},
            "fr": {"answers": fr_answers()},
        },
        "launch": True,
    }


def launchable_us() -> dict[str, Any]:
    """A US sender with the v2 brand-campaign answers, ready to launch."""
    return {
        "region": "US",
        "billingCategory": "NON_CONVERSATIONAL",
        "useCase": "TRANSACTIONAL",
        "brand": brand(),
        "countries": ["US"],
        "questionnaire": {
            "general": {"answers": general_answers()},
            "verification": {"answers": verification_answers()},
            "us": {"answers": us_public_answers()},
        },
        "launch": True,
    }
