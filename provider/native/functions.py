"""The ``sinch`` package's functions (Invoke): ``sinch:index:lookupSenders``.

Each function is a plain call on the provider instance's runtime (its project and credentials), so an
explicit provider looks in its own project. The work is the dynamic form's own: ``lookupSenders`` is
:func:`provider.rcs_senders.lookup.lookup_senders` on the runtime's client.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from provider.native.outputs import Spec, array_of
from provider.native.registry import type_token
from provider.rcs_senders.lookup import lookup_senders
from provider.runtime import ProviderRuntime

Values = dict[str, Any]
Problems = list[tuple[str, str]]


@dataclass(frozen=True)
class NativeFunction:
    """One function of the package: its arguments' and result's types, and what it does."""

    name: str
    description: str
    inputs: Mapping[str, Spec]
    required: tuple[str, ...]
    outputs: Mapping[str, Spec]
    call: Callable[[ProviderRuntime, Values], Values]

    @property
    def token(self) -> str:
        return type_token(self.name)

    def problems(self, args: Mapping[str, Any]) -> Problems:
        """Arguments that are not of their declared type (or unknown ones), as check failures."""
        problems: Problems = [(key, "Unknown argument.") for key in args if key not in self.inputs]
        for key, spec in self.inputs.items():
            value = args.get(key)
            if value is None:
                if key in self.required:
                    problems.append((key, "Missing argument."))
            elif not _is_a(value, spec):
                problems.append((key, f"Must be {_described(spec)}."))
        return problems


def _is_a(value: Any, spec: Spec) -> bool:
    if spec.get("type") == "array":
        return isinstance(value, list) and all(_is_a(item, spec["items"]) for item in value)
    return isinstance(value, str)


def _described(spec: Spec) -> str:
    return "a list of strings" if spec.get("type") == "array" else "a string"


def _lookup_senders(runtime: ProviderRuntime, args: Values) -> Values:
    found = lookup_senders(
        args.get("search"),
        args.get("states"),
        sender_ids=args.get("senderIds"),
        conversation_api_app_id=args.get("conversationApiAppId"),
        client=runtime.rcs_senders,
    )
    return {
        "senders": [
            {
                key: value
                for key, value in {
                    "id": sender.id,
                    "name": sender.name,
                    "state": sender.state,
                    "region": sender.region,
                    "useCase": sender.use_case,
                }.items()
                if value is not None
            }
            for sender in found
        ]
    }


def _strings(description: str) -> Spec:
    return {"type": "array", "items": {"type": "string"}, "description": description}


FUNCTIONS: Final[Mapping[str, NativeFunction]] = {
    function.token: function
    for function in (
        NativeFunction(
            name="lookupSenders",
            description=(
                "The provider's project's senders that match every given filter, oldest first: for senders "
                "the stack does not manage (runs in `pulumi preview` too, like a data source)."
            ),
            inputs={
                "search": {"type": "string", "description": "Part of the brand name, case-insensitive."},
                "states": _strings("Only senders in these states (`IN_TEST`, `LAUNCHED`, ...)."),
                "senderIds": _strings("Only the senders with these ids."),
                "conversationApiAppId": {
                    "type": "string",
                    "description": "Only the senders connected to this Conversation API app.",
                },
            },
            required=(),
            outputs={"senders": array_of("SenderSummary", "The matching senders, oldest first.")},
            call=_lookup_senders,
        ),
    )
}
"""Every function of the package, by token."""
