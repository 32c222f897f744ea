"""Marshmallow schemas for the resources' declarations: pure validation, normalisation and serialisation.

Pure: this package imports marshmallow and the standard library only (no I/O, no Pulumi, no HTTP). The
names below are the RcsSender's; the other resources' are in ``schemas.webhooks`` (ProvisioningWebhook),
``schemas.conversation_apps`` (ConversationApp) and ``schemas.conversation_webhooks``
(ConversationWebhook), each with its ``api`` module. ``schemas.names`` gives each schema's input names.

- ``SenderSchema().load(data)`` validates and normalises a declaration (``BrandSchema``,
  ``QuestionnaireSchema`` and the section schemas for the parts); errors are ``marshmallow.ValidationError``
  and ``flatten_errors(error.messages)`` turns them into ``(path, message)`` pairs.
- ``launch_problems`` (the launch checklist) and ``sender_warnings`` (deprecated values) judge a loaded
  sender.
- ``UNKNOWN`` stands for a value Pulumi does not know yet; it passes through everything untouched.
- ``schemas.rcs_senders.api`` maps loaded senders to API bodies and API senders back to declarations.

Normalisations (what the API would treat as equal is made equal, so diffs do not flap; docs/rcs-sender.md):

1. Strings lose surrounding whitespace, except answer metadata ``ignore`` delimiters (their spaces count).
2. ``brand.color`` is upper-cased (``#1a2b3c`` -> ``#1A2B3C``).
3. A float with an integral value becomes an int (``10000.0`` -> ``10000``): JSON does not distinguish
   them and Pulumi passes every number as a float.
4. ``countries`` and ``testNumbers`` keep the declared order and compare as sets
   (``schemas.rcs_senders.api``); a duplicate is an error, never dropped silently.
5. A missing ``testNumbers`` compares equal to ``[]``; ``launch`` defaults to ``false``.
6. In what the API returns, a ``null`` or an empty ``partner``/``...Metadata`` object counts as absent, and
   a section without answers as no section.
7. The API defaults (brand ``name`` "RCS Sender", ``color`` "#000000") stand for an undeclared name or
   colour (``sender_from_api`` leaves them out, ``update_body`` sends them when the field is dropped).

Nothing else is changed: case (country codes, e-mail addresses, URLs) is kept, and values the API would
reject are errors rather than being coerced (``"true"`` is not a boolean, ``"5"`` is not a number).
"""

from schemas.errors import flatten_errors
from schemas.rcs_senders.brand import BrandSchema, EmailSchema, PhoneSchema, WebsiteSchema
from schemas.rcs_senders.deprecations import sender_warnings
from schemas.rcs_senders.launch import launch_problems
from schemas.rcs_senders.metadata import AnswerMetadataSchema
from schemas.rcs_senders.questionnaire import (
    FrAnswersSchema,
    FrSectionSchema,
    GbAnswersSchema,
    GbSectionSchema,
    GeneralAnswersSchema,
    GeneralSectionSchema,
    PartnerAnswersSchema,
    QuestionnaireSchema,
    UsSectionSchema,
    VerificationAnswersSchema,
    VerificationSectionSchema,
)
from schemas.rcs_senders.sender import SenderSchema
from schemas.rcs_senders.us import UsV1AnswersSchema, UsV2AnswersSchema
from schemas.unknown import UNKNOWN, Unknown, contains_unknown, is_unknown

__all__ = [
    "UNKNOWN",
    "AnswerMetadataSchema",
    "BrandSchema",
    "EmailSchema",
    "FrAnswersSchema",
    "FrSectionSchema",
    "GbAnswersSchema",
    "GbSectionSchema",
    "GeneralAnswersSchema",
    "GeneralSectionSchema",
    "PartnerAnswersSchema",
    "PhoneSchema",
    "QuestionnaireSchema",
    "SenderSchema",
    "Unknown",
    "UsSectionSchema",
    "UsV1AnswersSchema",
    "UsV2AnswersSchema",
    "VerificationAnswersSchema",
    "VerificationSectionSchema",
    "WebsiteSchema",
    "contains_unknown",
    "flatten_errors",
    "is_unknown",
    "launch_problems",
    "sender_warnings",
]
