"""The brand (``details.brand`` of the API): ``RcsSenderDetailsBrandInputDto`` and its contact lists."""

from __future__ import annotations

from schemas.base import StrictSchema
from schemas.fields import EmailAddress, HexColor, Items, Object, Text, WebUrl
from schemas.rcs_senders.constants import BRAND_PHONE

_LABEL_MAX = 25


class EmailSchema(StrictSchema):
    """``RcsEmailInputDto``: ``label`` (at most 25 characters) and ``address``, both required."""

    label = Text(required=True, max_length=_LABEL_MAX)
    address = EmailAddress(required=True)


class PhoneSchema(StrictSchema):
    """``RcsPhoneInputDto``: ``label`` and ``number`` (``^\\+?[\\d+\\s]{6,15}$``, at most 15 characters)."""

    label = Text(required=True, max_length=_LABEL_MAX)
    number = Text(
        required=True,
        max_length=15,
        pattern=BRAND_PHONE,
        pattern_message=(
            "Not a valid phone number: use 6 to 15 digits (spaces allowed), optionally starting with +, "
            "for example +46701234567; no dashes or brackets."
        ),
    )


class WebsiteSchema(StrictSchema):
    """``RcsWebsiteInputDto``: ``label`` and an http(s) ``url`` of at most 255 characters."""

    label = Text(required=True, max_length=_LABEL_MAX)
    url = WebUrl(required=True, max_length=255)


class BrandSchema(StrictSchema):
    """The brand users see. Every field is optional here; the launch checklist asks for most of them."""

    name = Text(max_length=40)
    description = Text(max_length=100)
    color = HexColor()
    emails = Items(Object(EmailSchema), min_items=1, max_items=3, unique=True, unique_key="address")
    phones = Items(Object(PhoneSchema), min_items=1, max_items=3, unique=True, unique_key="number")
    websites = Items(Object(WebsiteSchema), min_items=1, max_items=3, unique=True, unique_key="url")
    logoUrl = WebUrl()  # noqa: N815 (the API's field names)
    bannerUrl = WebUrl()  # noqa: N815
    privacyPolicyUrl = WebUrl()  # noqa: N815
    termsOfServiceUrl = WebUrl()  # noqa: N815
