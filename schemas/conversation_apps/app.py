"""``ConversationAppSchema``: a ``ConversationApp`` declaration, as the provider takes and keeps it in state.

Top-level names are camelCase (state); inside nested objects the Conversation API's own snake_case names are
kept, so that a JSON object pasted from Sinch's docs is a valid value::

    {
        "displayName": "ACME Parcel",  # required, 1-255 characters (the maximum is ours)
        "region": "EU",  # EU | US | BR; defaults to rcsSenderRegion
        "rcsSenderId": "...", "rcsSenderRegion": "EU",  # the RcsSender passed as rcs_sender:
        "rcsClaimedIdentity": "...", "rcsToken": "...",  # its id, region, authName, authToken
        "channelCredentials": [{"channel": "SMS", "static_bearer": {...}}],  # the other channels
        "processingMode": "DISPATCH",  # CONVERSATION | DISPATCH
        "conversationMetadataReportView": "NONE",  # NONE | FULL
        "retentionPolicy": {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 180},  # 1..3650
        "dispatchRetentionPolicy": {"retention_type": "MESSAGE_EXPIRE_POLICY", "ttl_days": 0},  # 0..7
        "callbackSettings": {"secret_for_overridden_callback_urls": "..."},  # at most 256 characters
        "deliveryReportBasedFallback": {"enabled": False, "delivery_report_waiting_time": 60},  # 10..259200
        "messageRetrySettings": {"retry_duration": 3600},  # 30..3600
        "smartConversation": {"enabled": False},
        "channelTimeout": 300,  # provider option: seconds, more than 0, at most 3600; default 300
    }

Rules beyond each field's own (every problem at once, each at its path):

- The four ``rcs*`` fields come together or not at all (the resource fills them from ``rcs_sender``);
  ``rcsClaimedIdentity`` and ``rcsToken`` are kept exactly as given and must not be empty.
- ``region``: when both it and ``rcsSenderRegion`` are known and differ, the error is on ``region``: Sinch
  would accept the app, and its RCS channel would then fail; the app must be in the sender's region.
  Without ``region`` the loaded declaration takes ``rcsSenderRegion``; without either, it is required.
- At least one credential: an app with neither the ``rcs*`` fields nor a ``channelCredentials`` entry is
  refused (the API requires one).
- ``channelCredentials`` (each entry: ``credentials.py``): a channel listed twice is refused at the repeat,
  naming the first index, except LINE entries told apart by ``credential_ordinal_number``; with several
  LINE entries exactly one is the default (``is_default``).
- Enums are case-sensitive, as they are for the API; a near miss gets the closest value. Numbers are JSON
  numbers (``"5"`` is no number); an integral float is an int. Unknown keys are refused with the closest
  known name.

``UNKNOWN`` passes every field untouched at any depth (preview) and suspends the rules that depend on it: it
satisfies "required", is never a duplicate, and an unknown region is never a mismatch.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from marshmallow import ValidationError, post_load, validates_schema
from marshmallow.exceptions import SCHEMA

from schemas.base import StrictSchema
from schemas.conversation_apps.constants import (
    DEFAULT_CHANNEL_TIMEOUT,
    DISPATCH_RETENTION_TYPES,
    DISPATCH_TTL_DAYS_RANGE,
    MAX_CALLBACK_SETTINGS_SECRET_LENGTH,
    MAX_CHANNEL_TIMEOUT,
    MAX_DISPLAY_NAME_LENGTH,
    METADATA_REPORT_VIEWS,
    MULTI_CREDENTIAL_CHANNELS,
    PROCESSING_MODES,
    RETENTION_TYPES,
    RETRY_DURATION_RANGE,
    TTL_DAYS_RANGE,
    WAITING_TIME_RANGE,
)
from schemas.conversation_apps.credentials import ChannelCredentialSchema
from schemas.errors import SiblingMessage
from schemas.fields import Choice, Credential, Flag, Items, Object, Seconds, Text, WholeNumber
from schemas.names import input_names, provider_option, provider_options
from schemas.paths import MISSING
from schemas.rcs_senders.constants import REGIONS, SENDER_ID
from schemas.unknown import UNKNOWN

# The RcsSender's part of the declaration: all four or none.
RCS_FIELDS: Final = ("rcsSenderId", "rcsSenderRegion", "rcsClaimedIdentity", "rcsToken")

NO_CREDENTIAL: Final = (
    "An app needs at least one channel credential (the API requires one): pass an RcsSender as "
    "rcs_sender, or list the app's channels in channel_credentials."
)
REGION_REQUIRED: Final = (
    "Missing data for required field: the app's region (EU, US or BR). With rcs_sender it defaults to the "
    "sender's region."
)
_RCS_SENDER_ADVICE: Final = (
    "Unknown field: the declaration holds the RCS sender as rcsSenderId, rcsSenderRegion, "
    "rcsClaimedIdentity and rcsToken (the resource fills them from rcs_sender)."
)


def region_mismatch(region: str, sender_region: str) -> str:
    """The message for an app whose region is not its RCS sender's."""
    return (
        f"The app's region is {region}, but its RCS sender is in {sender_region}: the app must be in the "
        f"sender's region. Sinch would accept the app, and its RCS channel would then fail (no messages, no "
        f"delivery reports). Declare region {sender_region!r}, or leave region out (it defaults to the "
        "sender's)."
    )


class RetentionPolicySchema(StrictSchema):
    """``retention_policy``: ``retention_type`` and ``ttl_days`` (1 to 3650), both optional."""

    retention_type = Choice(RETENTION_TYPES, suggest=True)
    ttl_days = WholeNumber(minimum=TTL_DAYS_RANGE[0], maximum=TTL_DAYS_RANGE[1], unit="days")


class DispatchRetentionPolicySchema(StrictSchema):
    """``dispatch_retention_policy``: ``retention_type`` MESSAGE_EXPIRE_POLICY (the only one) and
    ``ttl_days`` (0 to 7; 0: messages are not stored at all)."""

    retention_type = Choice(
        DISPATCH_RETENTION_TYPES,
        message="Must be MESSAGE_EXPIRE_POLICY: the only retention type in dispatch mode.",
    )
    ttl_days = WholeNumber(
        minimum=DISPATCH_TTL_DAYS_RANGE[0], maximum=DISPATCH_TTL_DAYS_RANGE[1], unit="days"
    )


class CallbackSettingsSchema(StrictSchema):
    """``callback_settings``: the secret that signs delivery reports sent to a per-message callback URL
    (kept exactly, at most 256 characters: ours, the contract gives no maximum)."""

    secret_for_overridden_callback_urls = Text(max_length=MAX_CALLBACK_SETTINGS_SECRET_LENGTH, strip=False)


class DeliveryReportBasedFallbackSchema(StrictSchema):
    """``delivery_report_based_fallback`` (paid): ``enabled``, ``delivery_report_waiting_time`` (seconds,
    10 to 259200)."""

    enabled = Flag()
    delivery_report_waiting_time = WholeNumber(
        minimum=WAITING_TIME_RANGE[0], maximum=WAITING_TIME_RANGE[1], unit="seconds"
    )


class MessageRetrySettingsSchema(StrictSchema):
    """``message_retry_settings``: ``retry_duration`` (seconds, 30 to 3600)."""

    retry_duration = WholeNumber(
        minimum=RETRY_DURATION_RANGE[0], maximum=RETRY_DURATION_RANGE[1], unit="seconds"
    )


class SmartConversationSchema(StrictSchema):
    """``smart_conversation``: ``enabled``."""

    enabled = Flag()


class ConversationAppSchema(StrictSchema):
    """A ConversationApp declaration (see the module docstring)."""

    displayName = Text(min_length=1, max_length=MAX_DISPLAY_NAME_LENGTH, required=True)  # noqa: N815
    region = Choice(REGIONS, suggest=True)
    rcsSenderId = Text(  # noqa: N815
        pattern=SENDER_ID,
        pattern_message=(
            "Not a valid sender id: use the id Sinch gave the sender, for example "
            "cf11794a-6a5e-4a12-b103-da79bd378bf1."
        ),
    )
    rcsSenderRegion = Choice(REGIONS, suggest=True)  # noqa: N815
    rcsClaimedIdentity = Credential()  # noqa: N815
    rcsToken = Credential()  # noqa: N815
    channelCredentials = Items(Object(ChannelCredentialSchema))  # noqa: N815
    processingMode = Choice(PROCESSING_MODES, suggest=True)  # noqa: N815
    conversationMetadataReportView = Choice(METADATA_REPORT_VIEWS, suggest=True)  # noqa: N815
    retentionPolicy = Object(RetentionPolicySchema)  # noqa: N815
    dispatchRetentionPolicy = Object(DispatchRetentionPolicySchema)  # noqa: N815
    callbackSettings = Object(CallbackSettingsSchema)  # noqa: N815
    deliveryReportBasedFallback = Object(DeliveryReportBasedFallbackSchema)  # noqa: N815
    messageRetrySettings = Object(MessageRetrySettingsSchema)  # noqa: N815
    smartConversation = Object(SmartConversationSchema)  # noqa: N815
    channelTimeout = Seconds(  # noqa: N815
        maximum=MAX_CHANNEL_TIMEOUT, above_zero=True, metadata=provider_option(DEFAULT_CHANNEL_TIMEOUT)
    )

    unknown_advice = dict.fromkeys(("rcsSender", "rcs_sender"), _RCS_SENDER_ADVICE)

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _across_fields(self, data: Mapping[str, Any], original_data: Any, **_kwargs: Any) -> None:
        if not isinstance(original_data, Mapping):
            return
        errors: dict[str, Any] = {}
        _rcs_group(original_data, errors)
        _region(data, original_data, errors)
        has_rcs = any(name in original_data for name in RCS_FIELDS)
        entries = original_data.get("channelCredentials", MISSING)
        if not has_rcs and (entries is MISSING or (isinstance(entries, list | tuple) and not entries)):
            errors["channelCredentials"] = [NO_CREDENTIAL]
        loaded = data.get("channelCredentials")
        if isinstance(loaded, list):
            _repeated_channels(loaded, errors)
            _line_default(loaded, errors)
        if errors:
            raise ValidationError(errors)

    @post_load
    def _region_from_the_sender(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        if "region" in data or "rcsSenderRegion" not in data:
            return data
        with_region = {**data, "region": data["rcsSenderRegion"]}
        return {name: with_region[name] for name in self.known_names() if name in with_region}


def _rcs_group(original: Mapping[Any, Any], errors: dict[str, Any]) -> None:
    present = [name for name in RCS_FIELDS if name in original]
    if not present or len(present) == len(RCS_FIELDS):
        return
    for name in RCS_FIELDS:
        if name not in present:
            errors[name] = [
                f"Required with {', '.join(present)}: the four rcs* fields come together, from the "
                "RcsSender passed as rcs_sender (its id, region, authName and authToken)."
            ]


def _region(data: Mapping[str, Any], original: Mapping[Any, Any], errors: dict[str, Any]) -> None:
    if "region" not in original and "rcsSenderRegion" not in original:
        errors["region"] = [REGION_REQUIRED]
        return
    region, sender_region = data.get("region"), data.get("rcsSenderRegion")
    if isinstance(region, str) and isinstance(sender_region, str) and region != sender_region:
        errors["region"] = [region_mismatch(region, sender_region)]


def _entry_key(entry: Any) -> tuple[str, Any] | None:
    """What tells an entry apart from the others: its channel (and, for LINE, its ordinal number); None
    when that is not known (an ``UNKNOWN`` entry, channel or ordinal) or the entry is refused anyway."""
    if not isinstance(entry, Mapping):
        return None
    channel = entry.get("channel")
    if not isinstance(channel, str) or channel == "RCS":
        return None
    ordinal = entry.get("credential_ordinal_number", 0) if channel in MULTI_CREDENTIAL_CHANNELS else 0
    if ordinal is UNKNOWN:
        return None
    return (channel, ordinal)


def _repeated_channels(entries: list[Any], errors: dict[str, Any]) -> None:
    first: dict[tuple[str, Any], int] = {}
    repeats: dict[int, Any] = {}
    for index, entry in enumerate(entries):
        key = _entry_key(entry)
        if key is None:
            continue
        if key not in first:
            first[key] = index
            continue
        channel, ordinal = key
        if channel in MULTI_CREDENTIAL_CHANNELS:
            message = SiblingMessage(
                f"Duplicate: a {channel} entry with credential_ordinal_number {ordinal} is already listed at "
                "{item}: give each LINE entry its own credential_ordinal_number (0 to 255).",
                first[key],
            )
            repeats[index] = {"credential_ordinal_number": [message]}
        else:
            message = SiblingMessage(
                f"Duplicate: {channel} is already listed at {{item}}: an app holds one credential per "
                "channel (only LINE entries may repeat, each with its own credential_ordinal_number).",
                first[key],
            )
            repeats[index] = {"channel": [message]}
    if repeats:
        errors["channelCredentials"] = repeats


def _line_default(entries: list[Any], errors: dict[str, Any]) -> None:
    """With several LINE entries, exactly one is the default (the contract: "one of the credentials needs
    to be defined as the default")."""
    flags: list[Any] = []
    for entry in entries:
        if not isinstance(entry, Mapping) or entry.get("channel") not in MULTI_CREDENTIAL_CHANNELS:
            continue
        kinds = [entry.get(kind) for kind in ("line_credentials", "line_enterprise_credentials")]
        known = [kind for kind in kinds if isinstance(kind, Mapping)]
        if len(known) != 1 or UNKNOWN in kinds:
            return  # not judged: the entry is refused anyway, or not known yet
        flags.append(known[0].get("is_default", False))
    if len(flags) < 2 or any(flag is UNKNOWN for flag in flags):
        return
    defaults = sum(1 for flag in flags if flag is True)
    if defaults != 1:
        errors.setdefault("channelCredentials", {})
        problem = (
            f"With {len(flags)} LINE entries, exactly one must be the default (is_default true in its "
            f"line_credentials or line_enterprise_credentials); {defaults} are."
        )
        node = errors["channelCredentials"]
        if isinstance(node, dict):
            node.setdefault(SCHEMA, []).append(problem)
        else:
            node.append(problem)


_SCHEMA = ConversationAppSchema()

# A ConversationApp declaration's inputs (state names), in declaration order: what the provider's tables
# derive from.
INPUT_NAMES: Final = input_names(ConversationAppSchema)
# Inputs that only steer the provider: Sinch never sees them, and an undeclared one means its default.
PROVIDER_OPTIONS: Final = provider_options(ConversationAppSchema)


def load_conversation_app(data: Any) -> Any:
    """``ConversationAppSchema().load(data)`` on a schema built once (loading does not change a schema)."""
    return _SCHEMA.load(data)


def channel_timeout(app: Mapping[str, Any]) -> Any:
    """How long a create waits for the RCS channel to leave PENDING (seconds): the declared
    ``channelTimeout``, else its default (300)."""
    return app.get("channelTimeout", PROVIDER_OPTIONS["channelTimeout"])
