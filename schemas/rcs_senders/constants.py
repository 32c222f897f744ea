"""Enumerations and patterns from the official spec (spec/rcs-provisioning.openapi.yaml, v1.2.117).

Copied here because the schemas are pure (they do not read files); tests compare every list with the spec.
"""

from __future__ import annotations

import re
from typing import Final

REGIONS: Final = ("BR", "EU", "US")  # RcsInputSenderRegionsEnum
BILLING_CATEGORIES: Final = (  # RcsInputSenderBillingCategoriesEnum
    "CONVERSATIONAL",
    "NON_CONVERSATIONAL",
    "BASIC_MESSAGE",
    "CONVERSATIONAL_LEGACY",
    "SINGLE_MESSAGE",
)
# Deprecated billing category -> what to use instead (the enum's description).
DEPRECATED_BILLING_CATEGORIES: Final = {
    "BASIC_MESSAGE": "NON_CONVERSATIONAL",
    "SINGLE_MESSAGE": "NON_CONVERSATIONAL",
    "CONVERSATIONAL_LEGACY": "CONVERSATIONAL",
}
USE_CASES: Final = ("MULTIUSE", "OTP", "PROMOTIONAL", "TRANSACTIONAL")  # RcsInputSenderUseCasesEnum

# RcsInputRcsCountryCodesEnum: the 25 countries a sender can launch in (spec order).
LAUNCH_COUNTRIES: Final = (
    "AT", "BE", "BR", "CA", "CZ", "DK", "FI", "FR", "DE", "GR", "HU", "IT", "LT",
    "MX", "NL", "NO", "PE", "PL", "PT", "SG", "SK", "ES", "SE", "US", "GB",
)  # fmt: skip

# ISO 3166-1 alpha-2 codes accepted for the US answers' taxIdCountry and addressCountry.
ISO_COUNTRIES: Final = (  # RcsInputCountryCodesEnum
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AR", "AS", "AT", "AU", "AW", "AZ", "BA", "BB",
    "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BW", "BY",
    "BZ", "CA", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW",
    "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "ER", "ES", "ET", "FI", "FJ",
    "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP",
    "GQ", "GR", "GT", "GU", "GW", "GY", "HK", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN",
    "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP",
    "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA",
    "MC", "MD", "ME", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU",
    "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU",
    "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PR", "PS", "PT", "PW", "PY", "QA",
    "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SK", "SL", "SM",
    "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TG", "TH", "TJ", "TK", "TL",
    "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VC", "VE",
    "VG", "VI", "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
)  # fmt: skip

US_STATES: Final = (  # RcsUsStatesEnum
    "AK", "AL", "AR", "AS", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "GU", "HI", "IA", "ID",
    "IL", "IN", "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MP", "MS", "MT", "NC", "ND",
    "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN", "TX",
    "UT", "VA", "VI", "VT", "WA", "WI", "WV", "WY",
)  # fmt: skip

US_BRAND_INDUSTRIES: Final = (  # RcsUsQuestionnaireBrandIndustriesEnum
    "AGRICULTURE", "COMMUNICATION", "CONSTRUCTION", "EDUCATION", "ENERGY", "ENTERTAINMENT", "FINANCIAL",
    "GAMBLING", "GOVERNMENT", "HEALTHCARE", "HOSPITALITY", "HUMAN_RESOURCES", "INSURANCE", "LEGAL",
    "MANUFACTURING", "NON_GOVERNMENTAL_ORGANIZATION", "POLITICAL", "POSTAL", "PROFESSIONAL", "REAL_ESTATE",
    "RETAIL", "TECHNOLOGY", "TRANSPORTATION",
)  # fmt: skip
US_OWNERSHIP_TYPES: Final = ("PRIVATE", "PUBLIC")  # RcsUsQuestionnaireOwnershipTypeEnum
US_LEGAL_FORMS: Final = (  # RcsUsQuestionnaireBrandLegalFormsEnum (PRIVATE: all; PUBLIC: CORPORATION only)
    "CORPORATION",
    "LIMITED_LIABILITY_COMPANY",
    "PARTNERSHIP",
    "S_CORPORATION",
)

# Fixed when Sinch creates a sender: a different value means another sender.
CREATION_ONLY: Final = ("region", "billingCategory", "useCase")
# How long a create or update with launch waits for Sinch to provision the sender when the declaration does
# not say (seconds; ``provisioningTimeout``).
DEFAULT_PROVISIONING_TIMEOUT: Final = 600
# How long a create or update with launch waits for Sinch to provision the sender, at most (seconds).
MAX_PROVISIONING_TIMEOUT: Final = 86_400
# Sinch sends at most this many tester invites per sender and day (429 rbm_too_many_requests after).
DAILY_INVITES: Final = 20

# The sender states in which Sinch accepts changes to `countries` only (any other change: 400
# fields_not_updatable, as the spec's update-sender errors say).
LAUNCHED_STATES: Final = frozenset({"LAUNCHING", "LAUNCHED"})

# Defaults the API fills in when the create body leaves them out (RcsSenderDetailsBrandInputDto).
BRAND_DEFAULTS: Final = {"name": "RCS Sender", "color": "#000000"}

# Questionnaire sections, in the order the API documents them.
SECTIONS: Final = ("general", "verification", "gb", "fr", "us")
# Launch countries that have their own questionnaire section.
COUNTRY_SECTIONS: Final = {"GB": "gb", "FR": "fr", "US": "us"}

# Patterns (all matched against the whole value).
BRAND_PHONE: Final = re.compile(r"\+?[\d+\s]{6,15}")  # RcsPhoneInputDto.number
VERIFICATION_PHONE: Final = re.compile(r"(?:\+|00)\d{6,15}")  # verification answers' phone
E164: Final = re.compile(r"\+[1-9]\d{6,14}")  # testNumbers: + and 7-15 digits, as Sinch accepts them
SIREN: Final = re.compile(r"\d{9}")  # fr siren: ^\d+$, exactly 9 characters
EIN: Final = re.compile(r"\d{2}-\d{7}")  # legacy us ein
US_TAX_ID: Final = re.compile(r"\d{2}-\d{7}")  # us taxId when taxIdCountry is US (XX-XXXXXXX)
SENDER_ID: Final = re.compile(r"[A-Za-z0-9_-]+")  # a path segment; Sinch's ids are UUIDs
