"""One entry of a ConversationApp's ``channelCredentials``, in the API's own shape
(``ConversationChannelCredentials``): ``{"channel": "SMS", "static_bearer": {"claimed_identity": ...,
"token": ...}}``, so that an entry pasted from Sinch's docs is a valid value.

- ``channel``: one of the contract's channels (case matters; a near miss gets the closest name). ``RCS`` is
  refused: the app's RCS channel comes from its ``rcs_sender``.
- The credential kind is chosen by ``channel`` (``constants.CHANNEL_KINDS``, as Sinch's SDKs read the
  contract, whose ``oneOf`` binds no kind to a channel): the entry holds exactly that kind (LINE: one of
  ``line_credentials`` and ``line_enterprise_credentials``), with the contract's required fields of the
  kind. A kind of another channel is refused, naming the one the channel takes.
- ``callback_secret``: at most 256 characters (empty: no verification); ``credential_ordinal_number``: a
  whole number from 0 to 255, and other than 0 for LINE only (Sinch sets it to 0 for every other channel).
- Credential strings are kept exactly as given (every character of a credential counts), at most 4,096
  characters each (ours: the contract gives no maximum); required ones must not be empty.
- Response-only fields (``state``, ``channel_known_id``) are unknown fields: a declaration gives
  credentials, Sinch reports their state.

``UNKNOWN`` passes untouched (the entry, the channel, any credential field); an unknown ``channel`` suspends
the rules that depend on it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final, cast

from marshmallow import ValidationError, validates_schema
from marshmallow.exceptions import SCHEMA
from marshmallow.fields import Field

from schemas.base import StrictSchema
from schemas.conversation_apps.constants import (
    BASIC_AUTH_FIELDS,
    CHANNEL_KINDS,
    CHANNELS,
    KIND_FIELDS,
    KINDS,
    LINE_ENTERPRISE_REGIONS,
    MAX_CALLBACK_SECRET_LENGTH,
    MULTI_CREDENTIAL_CHANNELS,
    ORDINAL_RANGE,
    READ_ONLY_ENTRY_FIELDS,
)
from schemas.errors import closest_name
from schemas.fields import Choice, Credential, Flag, Object, Text, WholeNumber

RCS_FROM_SENDER: Final = (
    "RCS comes from rcs_sender: pass the RcsSender as rcs_sender, and the app's RCS channel gets the "
    "sender's authName and authToken. List only the app's other channels here."
)


def _schema(name: str, required: tuple[str, ...], optional: tuple[str, ...] = (), **more: Any) -> Any:
    """A credential object's schema: its required and optional credential strings, and ``more`` fields."""
    fields: dict[str, Field[Any]] = {field: Credential(required=True) for field in required}
    fields.update({field: Credential() for field in optional})
    fields.update(more)
    return StrictSchema.from_dict(fields, name=name)


BasicAuthSchema = _schema("BasicAuthSchema", BASIC_AUTH_FIELDS)
LineEnterpriseKeysSchema = _schema("LineEnterpriseKeysSchema", ("token", "secret"))


class LineEnterpriseCredentialsSchema(StrictSchema):
    """``line_enterprise_credentials``: the keys of exactly one region (``line_japan`` or
    ``line_thailand``), and ``is_default``."""

    line_japan = Object(LineEnterpriseKeysSchema)
    line_thailand = Object(LineEnterpriseKeysSchema)
    is_default = Flag()

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _one_region(self, data: Mapping[str, Any], original_data: Any, **_kwargs: Any) -> None:
        if not isinstance(original_data, Mapping):
            return
        given = [region for region in LINE_ENTERPRISE_REGIONS if region in original_data]
        if not given:
            raise ValidationError(
                "Needs the keys of one region: line_japan or line_thailand, each {token, secret}."
            )
        if len(given) > 1:
            raise ValidationError(
                {given[1]: ["Give line_japan or line_thailand, not both: an entry holds one region's keys."]}
            )


def _kind_schemas() -> dict[str, Any]:
    more: dict[str, dict[str, Field[Any]]] = {
        "mms_credentials": {"basic_auth": Object(BasicAuthSchema)},
        "line_credentials": {"is_default": Flag()},
    }
    schemas: dict[str, Any] = {}
    for kind, (required, optional) in KIND_FIELDS.items():
        if kind == "line_enterprise_credentials":
            schemas[kind] = LineEnterpriseCredentialsSchema
        else:
            name = "".join(part.title() for part in kind.split("_")) + "Schema"
            schemas[kind] = _schema(name, required, optional, **more.get(kind, {}))
    return schemas


# The schema of each credential kind, by its field name in an entry.
KIND_SCHEMAS: Final = _kind_schemas()


def _kinds_text(kinds: tuple[str, ...]) -> str:
    return " or ".join(kinds)


def _shape(kind: str) -> str:
    required, _optional = KIND_FIELDS[kind]
    return json.dumps({kind: dict.fromkeys(required, "...")})


class _ChannelCredentialBase(StrictSchema):
    """The fields every entry has, and the rules that tie its credential kind to its channel; the kinds'
    fields are added by ``ChannelCredentialSchema``."""

    channel = Choice(CHANNELS, suggest=True, required=True)
    callback_secret = Text(max_length=MAX_CALLBACK_SECRET_LENGTH, strip=False)
    credential_ordinal_number = WholeNumber(minimum=ORDINAL_RANGE[0], maximum=ORDINAL_RANGE[1])

    unknown_advice = {
        name: f"Read-only: Sinch reports {name}; a declaration gives the credentials only."
        for name in READ_ONLY_ENTRY_FIELDS
    }

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _the_channels_kind(self, data: Mapping[str, Any], original_data: Any, **_kwargs: Any) -> None:
        if not isinstance(original_data, Mapping):
            return
        channel = data.get("channel")
        if channel == "RCS":
            raise ValidationError({"channel": [RCS_FROM_SENDER]})
        if not isinstance(channel, str) or channel not in CHANNEL_KINDS:
            return  # missing or invalid (its own error), or UNKNOWN: cannot judge yet
        kinds = CHANNEL_KINDS[channel]
        errors: dict[str, list[str]] = {}
        given = [kind for kind in KINDS if kind in original_data]
        for kind in given:
            if kind not in kinds:
                errors[kind] = [
                    f"Not a credential for {channel}: {channel} entries hold {_kinds_text(kinds)}."
                ]
        taken = [kind for kind in given if kind in kinds]
        if not taken and not self._misspelt(original_data, kinds):
            if len(kinds) == 1:
                errors[kinds[0]] = [
                    f"Missing data for required field: {channel} entries hold their credentials in "
                    f"{kinds[0]}, for example {_shape(kinds[0])}."
                ]
            else:
                errors[SCHEMA] = [
                    f"{channel} entries hold their credentials in {_kinds_text(kinds)}: give one."
                ]
        elif len(taken) > 1:
            errors[taken[1]] = [f"Give {taken[0]} or {taken[1]}, not both: an entry holds one credential."]
        ordinal = data.get("credential_ordinal_number")
        if channel not in MULTI_CREDENTIAL_CHANNELS and isinstance(ordinal, int) and ordinal != 0:
            errors["credential_ordinal_number"] = [
                "Only LINE entries take a credential_ordinal_number other than 0: Sinch sets it to 0 for "
                f"every other channel ({channel} here). Leave it out."
            ]
        if errors:
            raise ValidationError(errors)

    def _misspelt(self, original_data: Mapping[Any, Any], kinds: tuple[str, ...]) -> bool:
        """Whether an unknown field of the entry is a misspelling of one of ``kinds`` (its own message
        says so; the kind is not reported missing as well)."""
        known = set(self.known_names())
        return any(
            isinstance(key, str) and key not in known and closest_name(key, known) in kinds
            for key in original_data
        )


# One entry: the common fields and one field per credential kind (``KIND_SCHEMAS``).
ChannelCredentialSchema: Final[type[StrictSchema]] = cast(
    "type[StrictSchema]",
    _ChannelCredentialBase.from_dict(
        {kind: Object(schema) for kind, schema in KIND_SCHEMAS.items()}, name="ChannelCredentialSchema"
    ),
)
