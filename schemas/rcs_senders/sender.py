"""``SenderSchema``: a whole sender declaration, as the provider takes it and keeps it in Pulumi state.

Top level: ``region``, ``billingCategory``, ``useCase`` (required, fixed at creation), ``brand``,
``countries``, ``testNumbers``, ``questionnaire``, ``launch`` (default false) and ``senderId`` (adopt an
existing sender). ``brand`` and ``questionnaire`` use the API's field names (see ``brand.py`` and
``questionnaire.py``). With ``launch: true`` the launch checklist (``launch.py``) applies too, unless the
schema is made with ``launch_checklist=False``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from marshmallow import ValidationError, validates_schema
from marshmallow.exceptions import SCHEMA

from schemas.base import StrictSchema
from schemas.fields import Choice, Flag, Items, Object, Seconds, Text
from schemas.names import input_names, provider_option, provider_options
from schemas.rcs_senders.brand import BrandSchema
from schemas.rcs_senders.constants import (
    BILLING_CATEGORIES,
    DEFAULT_PROVISIONING_TIMEOUT,
    E164,
    LAUNCH_COUNTRIES,
    MAX_PROVISIONING_TIMEOUT,
    REGIONS,
    SENDER_ID,
    USE_CASES,
)
from schemas.rcs_senders.launch import Path, checklist
from schemas.rcs_senders.questionnaire import QuestionnaireSchema
from schemas.unknown import UNKNOWN

_DETAILS_ADVICE = (
    "Unknown field: the declaration has no 'details'; write brand, countries, testNumbers and "
    "questionnaire at the top level, next to region."
)


class SenderSchema(StrictSchema):
    """A sender declaration. ``SenderSchema(launch_checklist=False)`` skips the launch checklist."""

    region = Choice(REGIONS, required=True)
    billingCategory = Choice(BILLING_CATEGORIES, required=True)  # noqa: N815 (the API's field names)
    useCase = Choice(USE_CASES, required=True)  # noqa: N815
    brand = Object(BrandSchema)
    countries = Items(
        Choice(
            LAUNCH_COUNTRIES, message=f"Not a launch country. Must be one of: {', '.join(LAUNCH_COUNTRIES)}."
        ),
        min_items=1,
        max_items=len(LAUNCH_COUNTRIES),
        unique=True,
    )
    testNumbers = Items(  # noqa: N815
        Text(
            pattern=E164,
            pattern_message=(
                "Not a valid E.164 phone number: use + and the country code, then the number, digits only, "
                "for example +46701234567."
            ),
        ),
        max_items=200,
        unique=True,
    )
    questionnaire = Object(QuestionnaireSchema)
    launch = Flag(load_default=False, metadata=provider_option(False))
    senderId = Text(  # noqa: N815
        pattern=SENDER_ID,
        pattern_message=(
            "Not a valid sender id: use the id Sinch gave the sender, for example "
            "cf11794a-6a5e-4a12-b103-da79bd378bf1."
        ),
    )
    allowReplacement = Flag(metadata=provider_option(False))  # noqa: N815
    provisioningTimeout = Seconds(  # noqa: N815
        maximum=MAX_PROVISIONING_TIMEOUT, metadata=provider_option(DEFAULT_PROVISIONING_TIMEOUT)
    )

    def __init__(self, *, launch_checklist: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.launch_checklist = launch_checklist

    unknown_advice = {"details": _DETAILS_ADVICE}

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _launch_checklist(self, data: Mapping[str, Any], original_data: Any, **_kwargs: Any) -> None:
        if not self.launch_checklist or not isinstance(original_data, Mapping):
            return
        if data.get("launch") is not True:  # false, UNKNOWN (cannot judge yet), or itself invalid
            return

        def given_but_invalid(path: Path) -> bool:
            # A value the declaration has but that failed to load: its own error says what is wrong.
            # So is a value inside a container that was given but is not an object.
            node: Any = original_data
            for key in path:
                if node is UNKNOWN or not isinstance(node, Mapping):
                    return True
                if key not in node:
                    return False
                node = node[key]
            return True

        errors: dict[str, Any] = {}
        for path, message in checklist(data, also_present=given_but_invalid):
            _insert(errors, path.split("."), message)
        if errors:
            raise ValidationError(errors)


def _insert(errors: dict[str, Any], parts: list[str], message: str) -> None:
    """Put ``message`` at ``parts`` in marshmallow's nested message shape (``_schema`` for a container)."""
    node = errors
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {SCHEMA: child} if isinstance(child, list) else {}
            node[part] = child
        node = child
    leaf = node.get(parts[-1])
    if isinstance(leaf, dict):
        leaf.setdefault(SCHEMA, []).append(message)
    elif isinstance(leaf, list):
        leaf.append(message)
    else:
        node[parts[-1]] = [message]


_SCHEMAS = {True: SenderSchema(), False: SenderSchema(launch_checklist=False)}

# A sender declaration's inputs (state names), in the order the docs and the import helper show them: the
# one list the provider's tables derive from.
INPUT_NAMES: Final = input_names(SenderSchema)
# Inputs that only steer the provider: Sinch never sees them, and an undeclared one means its default.
PROVIDER_OPTIONS: Final = provider_options(SenderSchema)


def load_sender(data: Any, *, launch_checklist: bool = True) -> Any:
    """``SenderSchema(launch_checklist=...).load(data)`` on a schema built once (loading does not change a
    schema, so one instance serves every thread; building one costs more than a load)."""
    return _SCHEMAS[launch_checklist].load(data)
