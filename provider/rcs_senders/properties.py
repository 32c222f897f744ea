"""The names of RcsSender's properties, in Pulumi state (the API's camelCase) and on the Python object.

One table, used by the resource (name translation), the provider (which keys are inputs, which are
server-generated) and the docs tests.
"""

from __future__ import annotations

from typing import Final

from schemas.rcs_senders.constants import CREATION_ONLY, LAUNCHED_STATES

__all__ = [
    "CREATION_ONLY",
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
    "allowReplacement": "allow_replacement",
    "provisioningTimeout": "provisioning_timeout",
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

# A change of these means another sender: the creation-only fields (Sinch fixes them when it creates the
# sender), and the id of an adopted sender.
REPLACE_ON_CHANGE: Final[tuple[str, ...]] = (*CREATION_ONLY, "senderId")


STATE_TO_PYTHON: Final[dict[str, str]] = {**INPUTS, **SERVER_OUTPUTS}
PYTHON_TO_STATE: Final[dict[str, str]] = {python: state for state, python in STATE_TO_PYTHON.items()}
