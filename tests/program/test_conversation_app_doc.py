"""docs/conversation-app.md says what the code does: its program runs (preview sends nothing; up makes the
sender and an app whose RCS channel is ACTIVE), its other blocks compile, and the messages it quotes are
the provider's."""

from __future__ import annotations

import pytest

from emulator.server import EmulatorServer
from engine import Engine
from provider.conversation_apps.channel import progress
from provider.conversation_apps.errors import WHAT_TO_CHECK, delete_command
from tests.docs.markdown import Block, blocks
from tests.program.support import REPO_ROOT
from tests.provider.support import sinch_config

DOC = REPO_ROOT / "docs" / "conversation-app.md"


def python_blocks() -> list[Block]:
    return [block for block in blocks(DOC) if block.language == "python"]


@pytest.mark.parametrize("block", python_blocks(), ids=lambda block: f"docs/conversation-app.md:{block.line}")
def test_every_python_example_compiles(block: Block) -> None:
    compile(block.code, str(DOC), "exec")


def test_the_example_program_previews_with_no_request_and_up_makes_an_active_app(
    emulator: EmulatorServer,
) -> None:
    [program] = python_blocks()
    engine = Engine(REPO_ROOT, config=sinch_config(emulator), secret_config_keys=["sinch:keySecret"])
    code = compile(program.code, str(DOC), "exec")

    def run() -> None:
        exec(code, {"__name__": "__main__"})  # the docs' own code, on purpose

    emulator.reset_stats()
    preview = engine.preview(run, check=True)
    assert [(resource.name, resource.op) for resource in preview.resources] == [
        ("support", "create"),
        ("support-app", "create"),
    ]
    assert emulator.stats()["api_requests"] == 0
    up = engine.up(run, check=True)

    assert up.program is not None
    assert up.program.exports["rcsChannel"] == "ACTIVE"
    assert up.program.exports["appId"] == engine.state.by_name("support-app").id


def test_the_quoted_progress_line_and_the_clean_up_request_are_the_providers() -> None:
    text = " ".join(DOC.read_text(encoding="utf-8").split())  # the words, however the lines wrap
    app = {"id": "01HV...", "channel_credentials": [{"channel": "RCS", "state": {"status": "PENDING"}}]}
    url = "https://eu.conversation.api.sinch.com"

    assert f"info: {progress(app, 30, 300)}" in text
    assert delete_command(url, "$SINCH_PROJECT_ID", "$APP_ID").replace(f" {url}", f" \\ {url}") in text
    for what in ("the app is in the sender's region", "the sender belongs to the configured project"):
        assert what in text
        assert what.replace("configured", "").split()[-1] in WHAT_TO_CHECK
