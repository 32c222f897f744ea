"""What makes two senders "the same sender": the one notion shared by the create lock and the matcher.

When Sinch's answer to a create is lost, the provider looks for the sender the attempt made among the
project's recent senders, and keeps creates of the same sender from racing each other. Both must agree on
what "the same" is, or two declarations that differ only in list order (or one spelling out the brand
defaults) race unguarded and one takes the other's sender. The identity is the create body Sinch would
store: the normalised declaration (as ``SenderSchema`` loads it) without the provider's own options,
with the brand defaults applied and ``countries``/``testNumbers`` in a canonical order, as canonical JSON.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError

from schemas.rcs_senders.api import create_body
from schemas.rcs_senders.constants import BRAND_DEFAULTS, CREATION_ONLY
from schemas.rcs_senders.from_api import sender_from_api
from schemas.rcs_senders.sender import load_sender

_CREATED_FROM = (*CREATION_ONLY, "brand", "countries", "testNumbers", "questionnaire")


def sender_identity(sender: Mapping[str, Any]) -> str:
    """The identity of a loaded declaration (every value known). Equal identities: the same sender."""
    body = create_body({key: sender[key] for key in _CREATED_FROM if key in sender})
    details = body.setdefault("details", {})
    details["brand"] = {**BRAND_DEFAULTS, **copy.deepcopy(details.get("brand", {}))}
    for key in ("countries", "testNumbers"):
        if key in details:
            details[key] = sorted(details[key])
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def api_sender_identity(dto: Mapping[str, Any]) -> str | None:
    """The identity of a sender as the API returns it (``RcsSenderDto``); None when it holds something no
    valid declaration could (then it cannot be the sender a declaration made)."""
    try:
        rebuilt = sender_from_api(dto)
        loaded = load_sender(
            {key: rebuilt[key] for key in _CREATED_FROM if key in rebuilt}, launch_checklist=False
        )
    except ValidationError:
        return None
    return sender_identity(loaded)
