"""flatten_errors: marshmallow's nested messages as (path, message) pairs."""

from __future__ import annotations

from schemas import flatten_errors
from schemas.errors import closest_name


def test_paths_use_dots_for_fields_and_brackets_for_indices() -> None:
    messages = {
        "brand": {"emails": {1: {"address": ["Not a valid email address."]}}, "color": ["Bad.", "Worse."]},
        "countries": {10: ["X."], 2: ["Y."], "_schema": ["Too few."]},
        "_schema": ["Top."],
    }
    assert flatten_errors(messages) == [
        ("", "Top."),
        ("brand.color", "Bad."),
        ("brand.color", "Worse."),
        ("brand.emails[1].address", "Not a valid email address."),
        ("countries", "Too few."),
        ("countries[2]", "Y."),
        ("countries[10]", "X."),
    ]


def test_a_plain_message_or_list_is_about_the_whole_input() -> None:
    assert flatten_errors("Broken.") == [("", "Broken.")]
    assert flatten_errors(["A.", "A."]) == [("", "A.")]


def test_closest_name_prefers_the_same_letters_in_another_case() -> None:
    known = ["bannerUrl", "logoUrl", "name", "color"]
    assert closest_name("bannerURL", known) == "bannerUrl"
    assert closest_name("colour", known) == "color"
    assert closest_name("logo", known) == "logoUrl"
    assert closest_name("zzzzzz", known) is None
