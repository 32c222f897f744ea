"""Bad input thrown at ``Check`` through one running plugin: never a gRPC error, only check failures that
name the property at fault.

Declarations come from the schemas suite's hypothesis strategies (valid senders, and valid senders with
parts replaced by junk of every shape, dropped, or given extra fields), marshalled as the engine marshals
them: numbers become float64, Pulumi's unknowns the wire sentinel.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any, Final

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schemas
from engine.plugin import PluginError, PluginProcess
from engine.values import UNKNOWN, Secret
from provider.rcs_senders.properties import TABLE
from tests.reliability.stack import KEY_ID, KEY_SECRET, PROJECT_ID, REPO_ROOT, serialized_provider
from tests.schemas.strategies import junk, mutated, senders

pytestmark = pytest.mark.slow

URN: Final = "urn:pulumi:dev::sinch-rcs-senders::pulumi-python:dynamic/sinch:RcsSender::fuzzed"
_ROOT = re.compile(r"[^.\[]+")
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


@pytest.fixture(scope="module")
def plugin() -> Iterator[PluginProcess]:
    """One plugin for every example, configured as for a preview (Check never calls the API)."""
    with PluginProcess(REPO_ROOT) as running:
        running.configure(
            {
                "sinch:keyId": KEY_ID,
                "sinch:keySecret": Secret(KEY_SECRET),
                "sinch:projectId": PROJECT_ID,
                "sinch:provisioningUrl": "http://127.0.0.1:9",
            }
        )
        yield running


@pytest.fixture(scope="module")
def provider_value() -> str:
    return serialized_provider()


def as_engine_value(value: Any) -> Any:
    """What the engine could send for ``value``: float64 numbers, Pulumi's unknown for the schemas' one."""
    if value is schemas.UNKNOWN:
        return UNKNOWN
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return float(value) if abs(value) < 2**1000 else math.copysign(math.inf, value)
    if isinstance(value, dict):
        return {str(key): as_engine_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [as_engine_value(item) for item in value]
    return value


def declaration(value: Any, provider: str) -> dict[str, Any]:
    news = as_engine_value(value)
    if not isinstance(news, dict):
        news = {"brand": news}
    return {**news, "__provider": provider}


def check_through_plugin(plugin: PluginProcess, news: dict[str, Any]) -> list[tuple[str, str]]:
    try:
        result = plugin.check(URN, {}, news)
    except PluginError as error:  # the assertion is the point: a gRPC error is a crash, not a check failure
        pytest.fail(f"Check answered with a gRPC error instead of check failures: {error}\n{error.details}")
    return [(failure.property, failure.reason) for failure in result.failures]


def path_problems(failures: list[tuple[str, str]]) -> list[str]:
    problems: list[str] = []
    for path, reason in failures:
        root = _ROOT.match(path)
        if root is None or root.group(0) not in TABLE.inputs:
            problems.append(f"failure without a property path: {path!r}: {reason!r}")
        if not reason.strip():
            problems.append(f"failure without a reason at {path!r}")
    return problems


@FUZZ
@given(data=st.one_of(senders().flatmap(mutated), junk()))
def test_junk_gets_check_failures_with_property_paths(
    plugin: PluginProcess, provider_value: str, data: Any
) -> None:
    failures = check_through_plugin(plugin, declaration(data, provider_value))
    assert not path_problems(failures), path_problems(failures)


@settings(FUZZ, max_examples=60)
@given(data=senders())
def test_valid_declarations_pass_check_through_the_plugin(
    plugin: PluginProcess, provider_value: str, data: dict[str, Any]
) -> None:
    assert check_through_plugin(plugin, declaration(data, provider_value)) == []
