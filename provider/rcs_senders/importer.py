"""Turn an existing sender into a ready-to-paste ``RcsSender(...)`` declaration (for dashboard users).

The declaration carries ``sender_id``, so ``pulumi up`` adopts the sender instead of creating a new one;
everything else (brand, countries, test numbers, questionnaire answers) is filled in from the API, so the
first ``pulumi preview`` after pasting shows no change.
"""

from __future__ import annotations

import pprint
import re
from collections.abc import Mapping
from typing import Any

from provider.rcs_senders.properties import TABLE
from schemas.rcs_senders.api import sender_from_api
from sinch_provisioning.rcs_senders import SinchRcsClient


def declaration_for(sender: Mapping[str, Any], *, resource_name: str | None = None) -> str:
    """Python source for an ``RcsSender`` that adopts ``sender`` (an API ``RcsSenderDto``) as it is."""
    inputs = sender_from_api(sender)
    name = resource_name or _resource_name(inputs, str(sender["id"]))
    lines = ["RcsSender(", f"    {name!r},"]
    for key, python_name in TABLE.inputs.items():
        if key != "senderId" and inputs.get(key) not in (None, [], {}):
            lines.append(f"    {python_name}={_literal(inputs[key])},")
    lines.append(f"    sender_id={str(sender['id'])!r},")
    lines.append("    opts=pulumi.ResourceOptions(protect=True),  # Sinch cannot delete senders")
    lines.append(")")
    return "\n".join(lines)


def import_sender(client: SinchRcsClient, sender_id: str, *, resource_name: str | None = None) -> str:
    """Read ``sender_id`` and return its declaration, with the imports it needs."""
    sender = client.get_sender(sender_id)
    header = "import pulumi\n\nfrom provider import RcsSender\n\n"
    return header + declaration_for(sender, resource_name=resource_name) + "\n"


def _literal(value: Any) -> str:
    text = pprint.pformat(value, indent=1, width=96, sort_dicts=False)
    return text.replace("\n", "\n    ")


def _resource_name(inputs: Mapping[str, Any], sender_id: str) -> str:
    brand_name = str((inputs.get("brand") or {}).get("name") or "")
    slug = re.sub(r"[^a-z0-9]+", "-", brand_name.lower()).strip("-")
    return slug or f"sender-{sender_id[:8]}"
