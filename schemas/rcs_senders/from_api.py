"""``sender_from_api``: a declaration (the input shape) rebuilt from an API sender (``RcsSenderDto``).

Used by refresh (what does Sinch hold now?), adoption and import. Given the previous declaration, every
value the server holds as declared (equal after the schemas' normalisations: surrounding whitespace, colour
case, ``countries``/``testNumbers`` order) keeps its declared representation, so an unchanged sender shows
no diff after a refresh and a drifted one shows exactly what drifted.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError

from schemas.compare import absent, equivalent
from schemas.paths import MISSING
from schemas.rcs_senders.constants import BRAND_DEFAULTS, LAUNCHED_STATES, SECTIONS
from schemas.rcs_senders.sender import INPUT_NAMES


def sender_from_api(dto: Mapping[str, Any], *, declared: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The input shape of the API sender ``dto``: region, billingCategory, useCase, brand, countries,
    testNumbers, the questionnaire answers (no ``questions``, no empty sections), ``launch`` (true when the
    state is LAUNCHING or LAUNCHED) and ``senderId`` (the sender's id).

    With ``declared`` (the previous declaration, as loaded): values equal to the declared ones after
    normalisation keep the declared representation; the API defaults (brand ``name`` "RCS Sender",
    ``color`` "#000000") are left out where the declaration did not set them; ``launch`` and ``senderId``
    come from the declaration (``senderId`` is left out if it has none). Without ``declared`` the API
    defaults are left out too (what a declaration without them would produce).

    Never raises for an odd ``dto`` part: a part of the wrong type is copied as it is (loading the result
    then reports it), except a ``dto`` that is not an object at all (``ValidationError``)."""
    if not isinstance(dto, Mapping):
        raise ValidationError("An API sender must be an object.")
    server = _rebuild(dto)
    if declared is not None:
        return _ordered(_reconcile_sender(server, declared))
    # Nothing declared: the server's values as they are (an empty declaration keeps no representation
    # and sets no API default), and the sender's own id.
    rebuilt = _reconcile_sender(server, {})
    if "senderId" in server:
        rebuilt["senderId"] = server["senderId"]
    return _ordered(rebuilt)


# --- the server's side -------------------------------------------------------------------------------------


def _rebuild(dto: Mapping[str, Any]) -> dict[str, Any]:
    """What the API sender holds, in the input shape, with nulls, empty parts and ``questions`` dropped."""
    out: dict[str, Any] = {}
    for key in ("region", "billingCategory", "useCase"):
        if dto.get(key) is not None:
            out[key] = dto[key]
    details = dto.get("details")
    details = details if isinstance(details, Mapping) else {}
    brand = details.get("brand")
    if brand is not None:
        out["brand"] = _drop_none(brand)
    for key in ("countries", "testNumbers"):
        values = details.get(key)
        if values is not None and values != []:
            out[key] = copy.deepcopy(values)
    if details.get("testNumbers") is None:  # no list in details: the states name the numbers
        numbers = _numbers_from_states(dto.get("testNumberStates"))
        if numbers:
            out["testNumbers"] = numbers
    questionnaire = details.get("questionnaire")
    if isinstance(questionnaire, Mapping):
        sections = _sections(questionnaire)
        if sections:
            out["questionnaire"] = sections
    elif questionnaire is not None:
        out["questionnaire"] = copy.deepcopy(questionnaire)
    out["launch"] = dto.get("state") in LAUNCHED_STATES
    if dto.get("id") is not None:
        out["senderId"] = dto["id"]
    return out


def _numbers_from_states(states: Any) -> list[Any]:
    if not isinstance(states, list):
        return []
    return [item["number"] for item in states if isinstance(item, Mapping) and item.get("number") is not None]


def _sections(questionnaire: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for section in SECTIONS:
        value = questionnaire.get(section)
        if value is None:
            continue
        if not isinstance(value, Mapping):
            out[section] = copy.deepcopy(value)
            continue
        answers = _drop_none(value.get("answers"))
        if answers is not None and answers != {}:
            out[section] = {"answers": answers}
    return out


def _drop_none(value: Any) -> Any:
    """A deep copy without ``None`` values inside objects (the API may echo deleted fields as null) and
    without empty objects (what deleting every field of a ``partner`` or ``...Metadata`` object leaves)."""
    if isinstance(value, Mapping):
        cleaned = {key: _drop_none(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if not absent(item)}
    if isinstance(value, list):
        return [_drop_none(item) for item in value]
    return copy.deepcopy(value)


def _without_defaults(brand: Any, declared_brand: Any) -> Any:
    """``brand`` without the API defaults the declaration did not set."""
    if not isinstance(brand, Mapping):
        return brand
    declared_keys = declared_brand if isinstance(declared_brand, Mapping) else {}
    return {
        key: value
        for key, value in brand.items()
        if not (
            key in BRAND_DEFAULTS
            and key not in declared_keys
            and equivalent(value, BRAND_DEFAULTS[key], ("brand", key))
        )
    }


# --- reconciling with the declaration ------------------------------------------------------------------


def _reconcile_sender(server: dict[str, Any], declared: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("region", "billingCategory", "useCase", "countries"):
        if key in server:
            out[key] = _reconcile(server[key], declared.get(key, MISSING), (key,))
    if "testNumbers" in server:
        out["testNumbers"] = _reconcile(
            server["testNumbers"], declared.get("testNumbers", MISSING), ("testNumbers",)
        )
    elif declared.get("testNumbers") == []:
        out["testNumbers"] = []

    declared_brand = declared.get("brand", MISSING)
    brand = _without_defaults(server.get("brand", MISSING), declared_brand)
    if brand is not MISSING and brand != {}:
        out["brand"] = _reconcile(brand, declared_brand, ("brand",))
    elif isinstance(declared_brand, Mapping) and not declared_brand:
        out["brand"] = {}

    questionnaire = _reconcile_questionnaire(
        server.get("questionnaire", MISSING), declared.get("questionnaire", MISSING)
    )
    if questionnaire is not MISSING:
        out["questionnaire"] = questionnaire

    out["launch"] = declared["launch"] if "launch" in declared else server["launch"]
    for option in ("allowReplacement", "provisioningTimeout"):  # the provider's own: Sinch has none
        if option in declared:
            out[option] = declared[option]
    if "senderId" in declared:
        out["senderId"] = declared["senderId"]
    return out


def _reconcile_questionnaire(server: Any, declared: Any) -> Any:
    if server is MISSING:
        server = {}
    elif not isinstance(server, Mapping):
        return copy.deepcopy(server)
    declared_sections = declared if isinstance(declared, Mapping) else {}
    out: dict[str, Any] = {}
    for section in SECTIONS:
        declared_section = declared_sections.get(section, MISSING)
        declared_answers = (
            declared_section.get("answers", MISSING) if isinstance(declared_section, Mapping) else MISSING
        )
        if section in server:
            value = server[section]
            if isinstance(value, Mapping):
                answers = _reconcile(
                    value["answers"], declared_answers, ("questionnaire", section, "answers")
                )
                out[section] = {"answers": answers}
            else:
                out[section] = copy.deepcopy(value)
        elif isinstance(declared_section, Mapping) and (
            declared_answers is MISSING
            or equivalent({}, declared_answers, ("questionnaire", section, "answers"))
        ):
            out[section] = copy.deepcopy(dict(declared_section))  # declared empty, and the server has nothing
    if out:
        return out
    if isinstance(declared, Mapping):
        return {}  # declared, with nothing in it (or only empty sections, kept above)
    return MISSING


def _reconcile(server: Any, declared: Any, path: tuple[str, ...]) -> Any:
    """The server's value, in the declared representation wherever the two are equivalent."""
    if declared is not MISSING and equivalent(server, declared, path):
        return copy.deepcopy(declared)
    if isinstance(server, Mapping) and isinstance(declared, Mapping):
        return {
            key: _reconcile(value, declared.get(key, MISSING), (*path, str(key)))
            for key, value in server.items()
        }
    if isinstance(server, list) and isinstance(declared, list) and len(server) == len(declared):
        return [_reconcile(x, y, (*path, "[]")) for x, y in zip(server, declared, strict=True)]
    return copy.deepcopy(server)


def _ordered(sender: dict[str, Any]) -> dict[str, Any]:
    return {key: sender[key] for key in INPUT_NAMES if key in sender}
