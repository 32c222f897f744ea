"""A stand-in for the Sinch server's side of the round trip, written from the spec and the notes only.

``api_rendering_of(sender)`` is the ``RcsSenderDto`` Sinch would return for a sender created with that
declaration: the API's defaults filled in (brand ``name`` and ``color``; ``general`` and ``verification``
always present), ``questions`` generated for every section, and the representation changed where the API
is free to (colour in lower case, countries sorted, test numbers in another order). Tests check that the
rendering itself is a valid ``RcsSenderDto``.

``apply_update(sender_dto, body)`` applies a PATCH body the way the notes describe it: fields omitted stay,
``null`` deletes, lists replace, ``brand`` and each section's ``answers`` merge field by field.

Neither uses ``schemas``: a bug shared by both sides of a round trip must not be able to hide.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from emulator.spec import spec_document

SENDER_ID = "cf11794a-6a5e-4a12-b103-da79bd378bf1"
SECTIONS = ("general", "verification", "gb", "fr", "us")
_V1_ONLY = {"ein", "fullCompanyAddress", "fullCompanyAddressMetadata", "smsCampaign"}
_QUESTIONS_DTO = {
    "general": "RcsSenderDetailsQuestionnaireGeneralQuestionsDto",
    "verification": "RcsSenderDetailsQuestionnaireVerificationQuestionsDto",
    "gb": "RcsSenderDetailsQuestionnaireGBQuestionsDto",
    "fr": "RcsSenderDetailsQuestionnaireFRQuestionsDto",
    "us-v2": "RcsBrandCampaignSenderDetailsQuestionnaireUSQuestionsDto",
    "us-v1": "RcsSenderDetailsQuestionnaireUSQuestionsDto",
}


def _questions(dto_name: str) -> dict[str, Any]:
    """Questions for every question the DTO requires (nested question DTOs such as partner included)."""
    schemas = spec_document()["components"]["schemas"]
    out: dict[str, Any] = {}
    for name in schemas[dto_name]["required"]:
        ref = schemas[dto_name]["properties"][name]["allOf"][0]["$ref"].rsplit("/", 1)[-1]
        if ref == "RcsSenderDetailsQuestionnaireQuestionObjectDto":
            out[name] = {"question": f"What is your {name}?", "suggestedAnswers": []}
        else:
            out[name] = _questions(ref)
    return out


def api_rendering_of(
    sender: Mapping[str, Any], *, state: str = "IN_TEST", sender_id: str = SENDER_ID
) -> dict[str, Any]:
    """The ``RcsSenderDto`` for a sender created from the (loaded) declaration ``sender``."""
    details: dict[str, Any] = {}
    brand = copy.deepcopy(dict(sender.get("brand") or {}))
    brand.setdefault("name", "RCS Sender")
    brand["color"] = str(brand.get("color", "#000000")).lower()
    details["brand"] = brand
    countries = sorted(sender.get("countries") or [])
    if countries:
        details["countries"] = countries
    numbers = list(reversed(sender.get("testNumbers") or []))
    if numbers:
        details["testNumbers"] = numbers
    questionnaire = sender.get("questionnaire") or {}
    rendered: dict[str, Any] = {}
    for section in SECTIONS:
        answers = copy.deepcopy((questionnaire.get(section) or {}).get("answers") or {})
        if answers or section in ("general", "verification"):
            rendered[section] = {
                "questions": _questions(_questions_dto(section, answers)),
                "answers": answers,
            }
    details["questionnaire"] = rendered
    return {
        "id": sender_id,
        "state": state,
        "region": sender["region"],
        "billingCategory": sender["billingCategory"],
        "useCase": sender["useCase"],
        "hostingRegion": "NORTH_AMERICA" if sender["region"] == "US" else "EUROPE",
        "details": details,
        "testNumberStates": [
            {"number": number, "state": "UNVERIFIED", "submitted": "2023-01-19t13:11:08.204Z"}
            for number in numbers
        ],
        "countryStatus": [{"country": code, "status": "NOT_LAUNCHED", "operators": []} for code in countries],
        "authName": "yurwN6123asd",
        "authToken": "ejiiqJtDyurwN6jLze8v",
        "created": "2023-01-19t13:11:08.204Z",
        "modified": "2023-01-19t13:11:08.204Z",
    }


def _questions_dto(section: str, answers: Mapping[str, Any]) -> str:
    if section != "us":
        return _QUESTIONS_DTO[section]
    legacy = bool(_V1_ONLY & set(answers)) or isinstance(answers.get("messagesVolume"), str)
    return _QUESTIONS_DTO["us-v1" if legacy else "us-v2"]


def apply_update(sender_dto: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
    """The sender after ``PATCH`` with ``body``: a JSON merge patch of ``details`` (null deletes)."""
    out = copy.deepcopy(dict(sender_dto))
    details = out.setdefault("details", {})
    patch = body["details"]
    if "countries" in patch:
        _set_or_delete(details, "countries", patch["countries"])
    if "testNumbers" in patch:
        _set_or_delete(details, "testNumbers", patch["testNumbers"])
    if "brand" in patch:
        details["brand"] = _merge(details.get("brand") or {}, patch["brand"])
    for section, value in (patch.get("questionnaire") or {}).items():
        questionnaire = details.setdefault("questionnaire", {})
        current = questionnaire.get(section) or {"questions": {}, "answers": {}}
        current["answers"] = _merge(current.get("answers") or {}, value["answers"])
        questionnaire[section] = current
    return out


def _set_or_delete(target: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        target.pop(key, None)
    else:
        target[key] = copy.deepcopy(value)


def _merge(current: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """Field by field: null deletes, objects merge, anything else replaces."""
    out = copy.deepcopy(dict(current))
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out
