"""The launch checklist: what a sender must have before ``POST .../launch`` is accepted.

From the launch operation's description in the spec (and the same list in Sinch's MCP server): brand name,
logo, banner, privacy policy and terms of service; at least one brand phone or email; at least one country;
non-empty general and verification answers; the GB/FR/US answers when those countries are requested; and
the verification contact's phone for senders on the US v2 (brand campaign) questionnaire.
"""

from __future__ import annotations

from emulator.errors import ApiError
from emulator.questions import COUNTRY_SECTIONS
from emulator.senders import LAUNCHABLE_STATES, Sender

REQUIRED_BRAND_FIELDS = ("name", "logoUrl", "bannerUrl", "privacyPolicyUrl", "termsOfServiceUrl")


def missing_for_launch(sender: Sender) -> list[str]:
    """Every item of the checklist the sender does not meet (empty when it may launch)."""
    missing: list[str] = []
    brand = sender.details.get("brand") or {}
    for name in REQUIRED_BRAND_FIELDS:
        if not brand.get(name):
            missing.append(f"details.brand.{name} must be defined")
    if not brand.get("phones") and not brand.get("emails"):
        missing.append("details.brand.phones or details.brand.emails must have at least one entry")
    countries = sender.country_codes
    if not countries:
        missing.append("details.countries must contain at least one country")
    for section in ("general", "verification"):
        if not sender.answers(section):
            missing.append(f"details.questionnaire.{section}.answers must not be empty")
    for country, section in COUNTRY_SECTIONS.items():
        if country in countries and not sender.answers(section):
            missing.append(
                f"details.questionnaire.{section}.answers must not be empty when {country} is in "
                "details.countries"
            )
    us_relevant = "US" in countries or bool(sender.answers("us"))
    if us_relevant and sender.us_version() == "v2" and not sender.answers("verification").get("phone"):
        missing.append(
            "details.questionnaire.verification.answers.phone must be defined for the US questionnaire v2"
        )
    return missing


def check_launch(sender: Sender) -> None:
    """409 ``launch_invalid_agent_state`` or 412 ``launch_precondition_failed``; nothing if it may launch."""
    if sender.state not in LAUNCHABLE_STATES:
        raise ApiError("launch_invalid_agent_state", {"currentState": [sender.state]})
    missing = missing_for_launch(sender)
    if missing:
        raise ApiError("launch_precondition_failed", {"validationErrors": missing})
