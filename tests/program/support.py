"""Helpers for the tests of the example program, the demo and the command line.

`dev_engine` runs the example program on the `dev` stack as Pulumi.dev.yaml declares it (read by the
demo's own loader), pointed at a test emulator the way `make demo` points it: the URLs and the key secret
in `SINCH_*` environment variables.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from demo.local_emulator import provider_environment
from demo.stack_config import load_stack_config
from emulator.server import EmulatorServer
from emulator.stats import short_name
from engine import Engine
from provider import SinchRcsClient
from tests.conftest import TEST_KEY_ID, TEST_KEY_SECRET

REPO_ROOT = Path(__file__).resolve().parents[2]
PROGRAM = REPO_ROOT / "__main__.py"
PROJECT = "sinch-rcs-senders"
DEV_PROJECT_ID = "demo-project"


def dev_config(**program_settings: str) -> dict[str, str]:
    """Pulumi.dev.yaml's configuration with the test key id, plus program settings (`launch="true"`)."""
    config = dict(load_stack_config(REPO_ROOT, "dev").config)
    config["sinch:keyId"] = TEST_KEY_ID
    config.update({f"{PROJECT}:{key}": value for key, value in program_settings.items()})
    return config


def dev_engine(emulator: EmulatorServer, **program_settings: str) -> Engine:
    env = provider_environment(emulator.url, TEST_KEY_SECRET, emulator.conversation_url)
    return Engine(REPO_ROOT, config=dev_config(**program_settings), env=env)


def api_requests(emulator: EmulatorServer) -> dict[str, int]:
    """API requests per short operation name (`createSender`) since the last reset."""
    requests: Mapping[str, int] = emulator.stats()["requests"]
    return {short_name(name): count for name, count in requests.items() if count}


def writes(emulator: EmulatorServer) -> dict[str, int]:
    """The requests that change something in Sinch."""
    return {name: n for name, n in api_requests(emulator).items() if not name.startswith(("get", "list"))}


def client_for(emulator: EmulatorServer, project_id: str) -> SinchRcsClient:
    """A client as the Sinch dashboard would act (changes made outside Pulumi)."""
    return SinchRcsClient.from_access_key(
        project_id,
        TEST_KEY_ID,
        TEST_KEY_SECRET,
        base_url=emulator.url,
        auth_url=f"{emulator.url}/oauth2/token",
    )


def by_id(emulator: EmulatorServer, project_id: str = DEV_PROJECT_ID) -> dict[str, dict[str, Any]]:
    return {str(sender["id"]): sender for sender in emulator.senders(project_id)}
