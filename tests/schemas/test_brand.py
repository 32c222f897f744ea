"""The brand: one test per rule, messages word for word for the common mistakes."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import BrandSchema, SenderSchema
from tests.schemas import examples
from tests.schemas.helpers import errors, sender_with


def brand_errors(**changes: Any) -> list[tuple[str, str]]:
    brand = examples.brand()
    brand.update(changes)
    return errors(brand, BrandSchema())


def test_a_complete_brand_loads_as_declared() -> None:
    assert BrandSchema().load(examples.brand()) == examples.brand()


def test_every_brand_field_is_optional() -> None:
    assert BrandSchema().load({}) == {}


def test_bad_email() -> None:
    assert brand_errors(emails=[{"label": "Support", "address": "support.acme.com"}]) == [
        ("emails[0].address", "Not a valid email address.")
    ]


def test_bad_email_is_reported_at_its_path_in_the_sender() -> None:
    brand = examples.brand()
    brand["emails"] = [{"label": "A", "address": "a@example.com"}, {"label": "B", "address": "b@"}]
    assert errors(sender_with(brand=brand)) == [("brand.emails[1].address", "Not a valid email address.")]


@pytest.mark.parametrize("color", ["#12345", "123456", "#12345G", "#1234567", "red", "#FFF"])
def test_bad_colour(color: str) -> None:
    assert brand_errors(color=color) == [
        ("color", "Not a valid hex colour: use #RRGGBB, for example #1A2B3C.")
    ]


def test_colour_is_upper_cased_and_stripped() -> None:
    assert BrandSchema().load({"color": " #a1b2c3 "}) == {"color": "#A1B2C3"}


def test_unknown_field_suggests_the_closest_name() -> None:
    assert brand_errors(bannerURL="https://example.com/b.png") == [
        ("bannerURL", "Unknown field. Did you mean 'bannerUrl'?")
    ]


def test_unknown_field_without_a_close_name() -> None:
    assert brand_errors(mascot="a cat") == [("mascot", "Unknown field.")]


def test_too_long_name() -> None:
    assert brand_errors(name="N" * 41) == [("name", "Must be at most 40 characters long (got 41).")]


def test_a_name_of_40_characters_after_stripping_is_fine() -> None:
    assert BrandSchema().load({"name": "  " + "N" * 40 + "  "}) == {"name": "N" * 40}


def test_too_long_description() -> None:
    assert brand_errors(description="d" * 101) == [
        ("description", "Must be at most 100 characters long (got 101).")
    ]


def test_too_long_label() -> None:
    assert brand_errors(phones=[{"label": "L" * 26, "number": "+46701234567"}]) == [
        ("phones[0].label", "Must be at most 25 characters long (got 26).")
    ]


@pytest.mark.parametrize("number", ["+33 777-777-777", "(46) 701234", "12345", "+1234567890123456"])
def test_bad_brand_phone_numbers(number: str) -> None:
    found = brand_errors(phones=[{"label": "Support", "number": number}])
    assert [path for path, _ in found] == ["phones[0].number"]


def test_bad_brand_phone_message() -> None:
    assert brand_errors(phones=[{"label": "Support", "number": "+33 777-777-777"}]) == [
        (
            "phones[0].number",
            "Not a valid phone number: use 6 to 15 digits (spaces allowed), optionally starting with +, "
            "for example +46701234567; no dashes or brackets.",
        )
    ]


@pytest.mark.parametrize("number", ["48888888888", "+48 777 777 777", "123456"])
def test_brand_phone_numbers_the_spec_allows(number: str) -> None:
    assert BrandSchema().load({"phones": [{"label": "x", "number": number}]})["phones"][0]["number"] == number


@pytest.mark.parametrize("field", ["logoUrl", "bannerUrl", "privacyPolicyUrl", "termsOfServiceUrl"])
@pytest.mark.parametrize(
    "url", ["ftp://example.com/logo.png", "example.com/logo.png", "https://", "not a url"]
)
def test_image_and_policy_urls_must_be_http_urls(field: str, url: str) -> None:
    assert brand_errors(**{field: url}) == [
        (field, "Not a valid URL: use an absolute http:// or https:// address.")
    ]


def test_website_url_at_most_255_characters() -> None:
    url = "https://example.com/" + "a" * 236
    assert len(url) == 256
    assert brand_errors(websites=[{"label": "Home", "url": url}]) == [
        ("websites[0].url", "Must be at most 255 characters long (got 256).")
    ]


@pytest.mark.parametrize("field", ["emails", "phones", "websites"])
def test_contact_lists_hold_one_to_three_items(field: str) -> None:
    assert brand_errors(**{field: []}) == [(field, "Must have at least 1 item.")]
    items = {
        "emails": [{"label": "x", "address": f"a{i}@example.com"} for i in range(4)],
        "phones": [{"label": "x", "number": f"+4670123456{i}"} for i in range(4)],
        "websites": [{"label": "x", "url": f"https://example{i}.com"} for i in range(4)],
    }[field]
    assert brand_errors(**{field: items}) == [(field, "Must have at most 3 items (got 4).")]


def test_contact_values_must_be_unique_within_a_list() -> None:
    emails = [{"label": "a", "address": "x@example.com"}, {"label": "b", "address": " x@example.com "}]
    assert brand_errors(emails=emails) == [
        ("emails[1].address", "Duplicate: x@example.com is already listed at emails[0].")
    ]


def test_contacts_need_a_label_and_a_value() -> None:
    assert brand_errors(emails=[{}], phones=[{"label": "x"}], websites=[{"url": "https://example.com"}]) == [
        ("emails[0].address", "Missing data for required field."),
        ("emails[0].label", "Missing data for required field."),
        ("phones[0].number", "Missing data for required field."),
        ("websites[0].label", "Missing data for required field."),
    ]


def test_an_empty_label_is_allowed() -> None:
    assert (
        BrandSchema().load({"emails": [{"label": "", "address": "a@example.com"}]})["emails"][0]["label"]
        == ""
    )


def test_wrong_types_are_errors_not_coerced() -> None:
    assert brand_errors(name=5, emails={"label": "x"}, logoUrl=None) == [
        ("emails", "Not a valid list."),
        ("logoUrl", "Field may not be null."),
        ("name", "Not a valid string."),
    ]
    assert errors(sender_with(brand=["x"])) == [("brand", "Not a valid object.")]


def test_every_error_is_reported_at_once() -> None:
    brand = examples.brand()
    brand.update(name="N" * 41, color="blue", logoUrl="logo.png", bannerURL="x")
    brand["emails"] = [{"label": "x", "address": "nope"}]
    assert [path for path, _ in errors(sender_with(brand=brand))] == [
        "brand.bannerURL",
        "brand.color",
        "brand.emails[0].address",
        "brand.logoUrl",
        "brand.name",
    ]


def test_surrounding_whitespace_is_stripped_everywhere() -> None:
    brand = {"name": " Acme ", "websites": [{"label": " Home\t", "url": "\nhttps://acme.example.com "}]}
    assert SenderSchema().load(sender_with(brand=brand))["brand"] == {
        "name": "Acme",
        "websites": [{"label": "Home", "url": "https://acme.example.com"}],
    }
