"""The names of ProvisioningWebhook's properties, in Pulumi state (camelCase) and on the Python object.

One table, used by the resource (name translation), the provider (which keys are inputs, which are
Sinch's, which are secret) and the docs tests.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "INPUTS",
    "PYTHON_TO_STATE",
    "REPLACE_ON_CHANGE",
    "SECRET_OUTPUTS",
    "SERVER_OUTPUTS",
    "STATE_TO_PYTHON",
    "STATE_VERSION",
]

# Inputs, as declared: state name -> Python argument/attribute name.
INPUTS: Final[dict[str, str]] = {
    "target": "target",
    "secret": "secret",
    "triggers": "triggers",
    "webhookId": "webhook_id",
}

# Outputs Sinch gives besides the echoed inputs (the webhook id is the resource id).
SERVER_OUTPUTS: Final[dict[str, str]] = {
    "projectId": "project_id",
}

# The signing secret: encrypted in state, masked in previews and outputs, whatever the program passed.
SECRET_OUTPUTS: Final[tuple[str, ...]] = ("secret",)

# Another webhook id means another webhook: a replacement (delete-before-replace, see the provider).
REPLACE_ON_CHANGE: Final[tuple[str, ...]] = ("webhookId",)

# The version of the shape of the recorded outputs, kept in every resource's outputs under
# ``__stateVersion`` (provider.state_version). Raise it when that shape changes, and add the migration.
STATE_VERSION: Final = 1

STATE_TO_PYTHON: Final[dict[str, str]] = {**INPUTS, **SERVER_OUTPUTS}
PYTHON_TO_STATE: Final[dict[str, str]] = {python: state for state, python in STATE_TO_PYTHON.items()}
