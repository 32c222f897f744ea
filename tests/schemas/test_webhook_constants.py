"""The webhook facts copied into schemas.webhooks.constants (and the trigger type of the resource) are the
spec's own: spec/webhooks-provisioning.openapi.yaml, read here directly."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from schemas.webhooks import constants

SPEC = Path(__file__).resolve().parents[2] / "spec" / "webhooks-provisioning.openapi.yaml"


@functools.cache
def _schemas() -> dict[str, Any]:
    with SPEC.open(encoding="utf-8") as handle:
        document: dict[str, Any] = yaml.safe_load(handle)
    found: dict[str, Any] = document["components"]["schemas"]
    return found


def test_the_triggers_are_the_spec_enum_in_its_order() -> None:
    enum = _schemas()["WebhookWebhookTriggersEnum"]["enum"]

    assert list(constants.TRIGGERS) == enum
    assert len(enum) == 39


def test_every_trigger_has_a_description_in_each_dto() -> None:
    for dto in ("WebhookWebhookDto", "WebhookWebhookInputDto", "WebhookUpdateWebhookInputDto"):
        assert set(_schemas()[dto]["properties"]["triggers"]["x-enumDescriptions"]) == set(constants.TRIGGERS)


def test_the_rcs_triggers_are_the_rcs_values_of_the_enum() -> None:
    assert set(constants.RCS_TRIGGERS) == {name for name in constants.TRIGGERS if name.startswith("RCS_")}
    assert constants.ALL in constants.TRIGGERS


def test_the_limits_are_the_input_dto_limits() -> None:
    properties = _schemas()["WebhookWebhookInputDto"]["properties"]

    assert properties["target"]["maxLength"] == constants.MAX_TARGET_LENGTH
    assert properties["target"]["minLength"] == 1
    assert properties["secret"]["maxLength"] == constants.MAX_SECRET_LENGTH
    assert properties["secret"]["minLength"] == 1
    assert properties["triggers"]["minItems"] == 1
    assert properties["triggers"]["uniqueItems"] is True
