"""Answers a broken proxy or server gives, through the plugin process: never data, never a replacement,
always the truth about what happened.

- A launch whose answer is lost or garbled is resolved by reading the sender (it did launch), at create
  and at update, so the stack records what Sinch holds and the next `up` sends nothing.
- A refresh answered with something that is not a sender fails, keeps the state, and plans no
  replacement; a create answered that way is reconciled (the sender exists), never a crash.
- A token endpoint answering a web page is an authentication problem: nothing was sent, nothing exists.
- A redirect says it is one, and that the client does not follow it with the credentials.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import pytest

from tests.reliability.proxy import Proxy
from tests.reliability.stack import Program, Stack, engine_for, full_declaration, senders_program
from tests.reliability.support import clear_error_problems, reconcile

pytestmark = pytest.mark.slow

SENDER_PATH: Final = r"/rcs/senders/[0-9a-f-]+$"
SENDERS_PATH: Final = r"/rcs/senders$"
HTML: Final = b"<html><body>Gateway says hello</body></html>"


@pytest.fixture
def proxy(stack: Stack) -> Iterator[Proxy]:
    with Proxy(stack.server.url) as running:
        stack.engine = engine_for(running.url)
        yield running


def _program(launch: bool = False) -> Program:
    return senders_program({"sender": full_declaration() | {"launch": launch}})


@pytest.mark.parametrize("fault", ["garbled_after", "drop_after"])
def test_a_launch_with_a_lost_answer_at_update_is_read_back(stack: Stack, fault: str) -> None:
    stack.engine.up(_program(), check=True)
    stack.server.faults.script(fault, operation="launchSender", count=4)  # applied, every answer lost

    report = stack.engine.up(_program(launch=True), check=True)

    assert report.resource("sender").op == "update"
    assert stack.engine.state.by_name("sender").plain_outputs["state"] in ("LAUNCHING", "LAUNCHED")
    stack.server.reset_stats()
    assert stack.engine.up(_program(launch=True), check=True).resource("sender").op == "same"
    assert stack.server.stats()["api_requests"] == 0


def test_a_launch_with_a_garbled_answer_at_create_is_recorded_as_launched(stack: Stack) -> None:
    stack.server.faults.script("garbled_after", operation="launchSender")

    report = stack.engine.up(_program(launch=True), check=True)

    outputs = stack.engine.state.by_name("sender").plain_outputs
    assert outputs["launch"] is True
    assert outputs["state"] in ("LAUNCHING", "LAUNCHED")
    assert "was created but not launched" not in report.plugin_stderr


@pytest.mark.parametrize(
    "answer", [b"{}", b'{"id": "x"}', b'{"id": "x", "state": "IN_TEST", "region": null}', b'{"state": {}}']
)
def test_a_refresh_answered_with_something_else_keeps_the_state_and_plans_no_replacement(
    stack: Stack, proxy: Proxy, answer: bytes
) -> None:
    stack.engine.up(_program(), check=True)
    before = stack.engine.state.by_name("sender").plain_outputs
    proxy.rewrite("GET", SENDER_PATH, body=answer)

    refresh = stack.engine.refresh()

    assert not refresh.ok
    resource = refresh.resource("sender")
    assert "Unexpected answer to get_sender" in (resource.error or "")
    assert clear_error_problems(resource) == []
    assert stack.engine.state.by_name("sender").plain_outputs == before
    assert stack.engine.preview(_program(), check=True).resource("sender").op == "same"


@pytest.mark.parametrize("answer", [b"{}", b'{"id": null}'])
def test_a_create_answered_with_something_else_is_reconciled(
    stack: Stack, proxy: Proxy, answer: bytes
) -> None:
    proxy.rewrite("POST", SENDERS_PATH, status=201, body=answer)  # forwarded: Sinch made the sender

    stack.engine.up(_program(), check=True)

    found = reconcile(stack.engine.state, stack.senders())
    assert found.consistent, found
    assert len(stack.senders()) == 1


def test_a_token_endpoint_answering_a_web_page_is_no_lost_create(stack: Stack, proxy: Proxy) -> None:
    proxy.rewrite("POST", r"/oauth2/token$", body=HTML, content_type="text/html", forward=False)

    report = stack.engine.up(_program())

    error = report.resource("sender").error or ""
    assert "token" in error
    assert "a sender may exist" not in error
    assert "was lost" not in error
    assert stack.senders() == []
    assert stack.server.stats()["requests"].get("RcsSendersController_createSender_v1", 0) == 0


def test_a_redirect_says_so_and_that_credentials_are_not_sent_on(stack: Stack, proxy: Proxy) -> None:
    proxy.rewrite(
        "POST",
        SENDERS_PATH,
        status=307,
        body=b"",
        headers=(("Location", "https://elsewhere.example/v1/projects/p/rcs/senders?token=abc"),),
        forward=False,
    )

    report = stack.engine.up(_program())

    error = report.resource("sender").error or ""
    assert "redirect" in error
    assert "https://elsewhere.example/v1/projects/p/rcs/senders" in error
    assert "token=abc" not in error
    assert stack.senders() == []
