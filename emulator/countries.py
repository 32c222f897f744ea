"""Per-country launch status of a sender and the mobile operators that decide it.

Each of the 25 launch countries gets one to three plausible operators, named as in the spec's operator
enum (the ``RCS_SENDER_OPERATOR_STATUS_UPDATED`` webhook's ``operator``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from emulator.clock import sender_timestamp

OPERATORS: Mapping[str, tuple[str, ...]] = {
    "AT": ("A1", "Magenta", "3"),
    "BE": ("Proximus", "Orange", "Telenet"),
    "BR": ("Claro", "Vivo", "TIM"),
    "CA": ("Bell", "Rogers", "Telus"),
    "CZ": ("O2", "T-Mobile", "Vodafone"),
    "DK": ("Telenor", "Telia", "3"),
    "FI": ("Elisa", "DNA", "Telia"),
    "FR": ("Orange", "SFR", "Bouygues"),
    "DE": ("Deutsche Telekom", "Vodafone", "Telefonica"),
    "GR": ("Cosmote", "Vodafone"),
    "HU": ("Telekom", "Vodafone"),
    "IT": ("TIM", "Vodafone", "WindTre"),
    "LT": ("Telia", "Tele2"),
    "MX": ("Telcel", "Movistar"),
    "NL": ("Kpn", "Odido", "Vodafone"),
    "NO": ("Telenor", "Telia"),
    "PE": ("Claro", "Movistar", "Entel"),
    "PL": ("Orange", "T-Mobile"),
    "PT": ("MEO", "NOS", "Vodafone"),
    "SG": ("Singtel", "Starhub", "M1"),
    "SK": ("Orange", "Telekom", "O2"),
    "ES": ("Movistar", "Orange", "Vodafone"),
    "SE": ("Telia", "Tele2", "Telenor"),
    "US": ("T-Mobile", "Verizon", "AT&T"),
    "GB": ("EE", "O2", "Vodafone"),
}


@dataclass
class OperatorStatus:
    name: str
    status: str
    modified: float

    def render(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "modified": sender_timestamp(self.modified)}

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "modified": self.modified}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OperatorStatus:
        return cls(data["name"], data["status"], float(data["modified"]))


@dataclass
class CountryStatus:
    """One requested country: its status, its operators', and when a pending launch there completes."""

    country: str
    status: str
    operators: list[OperatorStatus] = field(default_factory=list)
    launch_due: float | None = None

    @classmethod
    def not_launched(cls, country: str, now: float) -> CountryStatus:
        operators = [
            OperatorStatus(name, "NOT_LAUNCHED", now) for name in OPERATORS.get(country, ("Unrecognized",))
        ]
        return cls(country, "NOT_LAUNCHED", operators)

    def set_status(self, status: str, at: float) -> None:
        self.status = status
        for operator in self.operators:
            operator.status = status
            operator.modified = at

    def start_launch(self, now: float, due: float) -> None:
        self.set_status("PENDING", now)
        self.launch_due = due

    def advance(self, now: float) -> bool:
        """Complete a pending launch whose time has come. True if anything changed."""
        if self.status == "PENDING" and self.launch_due is not None and self.launch_due <= now:
            self.set_status("LAUNCHED", self.launch_due)
            self.launch_due = None
            return True
        return False

    def render(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "status": self.status,
            "operators": [op.render() for op in self.operators],
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "status": self.status,
            "operators": [op.to_json() for op in self.operators],
            "launchDue": self.launch_due,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CountryStatus:
        due = data.get("launchDue")
        return cls(
            data["country"],
            data["status"],
            [OperatorStatus.from_json(op) for op in data["operators"]],
            None if due is None else float(due),
        )
