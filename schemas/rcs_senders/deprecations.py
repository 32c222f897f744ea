"""Deprecated values a declaration may still use: each gets a warning saying what to use instead."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schemas.paths import lookup
from schemas.rcs_senders.constants import DEPRECATED_BILLING_CATEGORIES
from schemas.rcs_senders.us import us_questionnaire_version


def sender_warnings(sender: Mapping[str, Any]) -> list[str]:
    """Warnings (not errors) about deprecated values in a loaded sender, for the provider to show."""
    warnings: list[str] = []
    category = sender.get("billingCategory")
    if isinstance(category, str) and category in DEPRECATED_BILLING_CATEGORIES:
        warnings.append(
            f"billingCategory {category} is deprecated by Sinch; use "
            f"{DEPRECATED_BILLING_CATEGORIES[category]} instead."
        )
    gb_answers = lookup(sender, ("questionnaire", "gb", "answers"))
    if isinstance(gb_answers, Mapping) and "campaignLength" in gb_answers:
        warnings.append(
            "questionnaire.gb.answers.campaignLength is deprecated by Sinch and no longer asked for; "
            "remove it (messagesVolume and messagesFrequency describe the traffic)."
        )
    if us_questionnaire_version(sender) == "v1":
        warnings.append(
            "questionnaire.us.answers holds the legacy v1 US answers (ein, fullCompanyAddress, smsCampaign, "
            "messagesVolume as text), which Sinch has deprecated; use the v2 brand-campaign answers instead "
            "(ownershipType, legalForm, taxIdCountry, taxId, brandName, sampleMessages, ...: see "
            "GET /rcs/questionnaire/{useCase}?usQuestionnaireVersion=v2)."
        )
    return warnings
