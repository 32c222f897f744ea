"""The names of RcsSender's properties, in Pulumi state (the API's camelCase) and on the Python object.

One table, used by the resource (name translation), the provider (which keys are inputs, which are
server-generated) and the docs tests.
"""

from __future__ import annotations

from typing import Final

from schemas.rcs_senders.constants import LAUNCHED_STATES

__all__ = [
    "INPUTS",
    "LAUNCHED_STATES",
    "PROVIDER_KEY",
    "PYTHON_TO_STATE",
    "REPLACE_ON_CHANGE",
    "SECRET_OUTPUTS",
    "SERVER_OUTPUTS",
    "STATE_TO_PYTHON",
]

PROVIDER_KEY: Final = "__provider"

# Inputs, as declared: state/wire name -> Python argument/attribute name.
INPUTS: Final[dict[str, str]] = {
    "region": "region",
    "billingCategory": "billing_category",
    "useCase": "use_case",
    "brand": "brand",
    "countries": "countries",
    "testNumbers": "test_numbers",
    "questionnaire": "questionnaire",
    "launch": "launch",
    "senderId": "sender_id",
}

# Outputs the server generates, beside the echoed inputs: state name -> Python attribute name.
SERVER_OUTPUTS: Final[dict[str, str]] = {
    "state": "state",
    "hostingRegion": "hosting_region",
    "authName": "auth_name",
    "authToken": "auth_token",
    "countryStatus": "country_status",
    "testNumberStates": "test_number_states",
    "created": "created",
    "modified": "modified",
    "launched": "launched",
    "conversationApiAppDetails": "conversation_api_app_details",
}

# Credentials for connecting the sender to a Conversation API app: encrypted in state, masked in the CLI.
SECRET_OUTPUTS: Final[tuple[str, ...]] = ("authName", "authToken")

# Fixed when the sender is created: a change means a new sender.
REPLACE_ON_CHANGE: Final[tuple[str, ...]] = ("region", "billingCategory", "useCase", "senderId")


STATE_TO_PYTHON: Final[dict[str, str]] = {**INPUTS, **SERVER_OUTPUTS}
PYTHON_TO_STATE: Final[dict[str, str]] = {python: state for state, python in STATE_TO_PYTHON.items()}
