"""ACME Parcel's senders: what the example program declares, and the one source of sample data.

The example program (``__main__.py``) declares its senders from these; the tests, the benchmarks and the
demo build their declarations on them too, so a sample brand or questionnaire is written once. Values are
in the declaration's shape (the API's camelCase names inside ``brand`` and ``questionnaire``), which is
also the shape of ``details`` in the Sinch API.

- :func:`brand`, :func:`eu_questionnaire`, :func:`us_questionnaire`: the parts.
- :func:`eu_declaration`, :func:`us_declaration`: complete, launchable declarations (state shape);
  ``index`` makes one distinct from its siblings (brand name, e-mail addresses, test number).
- :func:`arguments`: a declaration as ``RcsSender`` keyword arguments (snake_case), as a user writes them.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from provider.rcs_senders.args import (
    BrandArgs,
    GeneralSectionArgs,
    QuestionnaireArgs,
    VerificationSectionArgs,
)
from provider.rcs_senders.properties import TABLE

SITE = "https://www.acme-parcel.example"
DOMAIN = "acme-parcel.example"


def brand(name: str = "ACME Parcel", *, index: int | None = None) -> BrandArgs:
    """The sender's brand: everything the launch checklist asks for."""
    mailbox = "support" if index is None else f"support{index}"
    return {
        "name": name if index is None else f"{name} {index:04d}",
        "description": "Parcel tracking and delivery updates",
        "color": "#0B5FFF",
        "emails": [{"label": "Support", "address": f"{mailbox}@{DOMAIN}"}],
        "phones": [{"label": "Support", "number": "+442071234567"}],
        "websites": [{"label": "Website", "url": SITE}],
        "logoUrl": f"{SITE}/rcs/logo-224.png",
        "bannerUrl": f"{SITE}/rcs/banner-1440x448.png",
        "privacyPolicyUrl": f"{SITE}/privacy",
        "termsOfServiceUrl": f"{SITE}/terms",
    }


def general_section() -> GeneralSectionArgs:
    return {
        "answers": {
            "optInDescription": "Customers opt in at checkout by ticking 'Send me delivery updates by RCS'.",
            "triggerDescription": "A parcel is dispatched, out for delivery, delivered or delayed.",
            "interactionsDescription": "Delivery status cards with buttons to reschedule or track a parcel.",
            "optOutDescription": "Reply STOP at any time; we confirm and send nothing more.",
            "screenshotUris": [f"{SITE}/rcs/screenshot-tracking.png"],
        }
    }


def verification_section() -> VerificationSectionArgs:
    return {
        "answers": {
            "name": "Jane Doe",
            "email": f"jane.doe@{DOMAIN}",
            "title": "Head of Customer Messaging",
            "website": SITE,
            "phone": "+442071234568",
        }
    }


def eu_questionnaire() -> QuestionnaireArgs:
    """General, verification, and the UK and France answers."""
    return {
        "general": general_section(),
        "verification": verification_section(),
        "gb": {
            "answers": {
                "brandIndustry": "Logistics",
                "companyLegalName": "ACME Parcel Ltd",
                "companyRegistrationNumber": "01234567",
                "fullCompanyAddress": "1 Example Street, London, EC1A 1AA",
                "messagesVolume": "10K - 100K messages",
                "messagesFrequency": "Daily",
            }
        },
        "fr": {"answers": {"fullCompanyAddress": "1 rue de l'Exemple, 75001 Paris", "siren": "123456789"}},
    }


def us_questionnaire(brand_name: str = "ACME Parcel") -> QuestionnaireArgs:
    """General, verification, and the current (v2, "brand campaign") US answers of a private company."""
    return {
        "general": general_section(),
        "verification": verification_section(),
        "us": {
            "answers": {
                "ownershipType": "PRIVATE",
                "companyLegalName": "ACME Parcel Inc.",
                "companyPhoneNumber": "+12025550143",
                "companyEmailAddress": f"legal@{DOMAIN}",
                "brandName": brand_name,
                "brandIndustry": "TRANSPORTATION",
                "legalForm": "LIMITED_LIABILITY_COMPANY",
                "taxIdCountry": "US",
                "taxId": "12-3456789",
                "addressLine": "100 Example Avenue",
                "addressCity": "Springfield",
                "addressCountry": "US",
                "addressState": "IL",
                "addressPostalCode": "62701",
                "websiteUrl": SITE,
                "contactFirstName": "Jane",
                "contactSurname": "Doe",
                "sampleMessages": [
                    "Your parcel 1Z999 is out for delivery today between 10:00 and 12:00.",
                    "Your parcel 1Z999 was delivered to your front door at 11:02.",
                ],
                "messagesVolume": 50000,
                "embeddedLink": True,
                "embeddedPhone": False,
                "ageGatedContent": False,
                "directLending": False,
                "optInConfirmationMessage": (
                    "ACME Parcel: you will get delivery updates here. Reply STOP to end."
                ),
                "helpMessage": f"ACME Parcel delivery updates. Help: support@{DOMAIN}. STOP to end.",
                "callToActionMessage": (
                    "Tick 'Send me delivery updates by RCS' at checkout to get parcel tracking updates "
                    "from ACME Parcel on your phone."
                ),
            }
        },
    }


def us_brand(name: str = "ACME Parcel") -> BrandArgs:
    """The brand with a US support phone."""
    return brand(name) | {"phones": [{"label": "Support", "number": "+12025550143"}]}


def eu_declaration(index: int | None = None) -> dict[str, Any]:
    """An EU sender for the UK and France, launchable; ``index`` makes it distinct from its siblings."""
    number = "+447700900123" if index is None else f"+4670{index:07d}"
    return {
        "region": "EU",
        "billingCategory": "CONVERSATIONAL",
        "useCase": "MULTIUSE",
        "brand": brand(index=index),
        "countries": ["GB", "FR"],
        "testNumbers": [number],
        "questionnaire": eu_questionnaire(),
    }


def us_declaration(brand_name: str = "ACME Parcel") -> dict[str, Any]:
    """A US sender with the v2 US answers, launchable."""
    return {
        "region": "US",
        "billingCategory": "CONVERSATIONAL",
        "useCase": "TRANSACTIONAL",
        "brand": us_brand(brand_name),
        "countries": ["US"],
        "questionnaire": us_questionnaire(brand_name),
    }


def arguments(declaration: Mapping[str, Any]) -> dict[str, Any]:
    """``RcsSender`` keyword arguments (snake_case) for a declaration in the state shape (camelCase)."""
    unknown = sorted(set(declaration) - set(TABLE.inputs))
    if unknown:
        raise KeyError(f"not RcsSender inputs: {', '.join(unknown)}")
    return {TABLE.inputs[key]: copy.deepcopy(value) for key, value in declaration.items()}
