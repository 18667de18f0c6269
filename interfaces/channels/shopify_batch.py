"""The state of one Shopify push: which updates are settled, the changeFromQuantity each one
sends, and what was read back. A mutation is all or nothing: with any userError in it,
nothing in it was applied, so the unsettled rest is sent again."""

from __future__ import annotations

from typing import Any

from interfaces.channels import shopify_graphql as gql
from interfaces.channels.contract import Result, Status, Update

STALE = "CHANGE_FROM_QUANTITY_STALE"
RETRYABLE = {"IDEMPOTENCY_CONCURRENT_REQUEST", STALE}


class Batch:
    """Updates by index, each settled at most once."""

    def __init__(self, updates: list[Update], outcome: list[Result | None]) -> None:
        self.updates = updates
        self.outcome = outcome
        self.change_from = [update.last_confirmed for update in updates]
        self.observed: dict[int, int | None] = {}

    def sending(self) -> list[int]:
        """The indexes still unsettled."""
        return [n for n, result in enumerate(self.outcome) if result is None]

    def pick(self, which: list[int]) -> list[Update]:
        """The updates at these indexes."""
        return [self.updates[n] for n in which]

    def variables(self, sending: list[int]) -> dict[str, Any]:
        """The mutation's variables for these updates."""
        return gql.set_variables(self.pick(sending), [self.change_from[n] for n in sending])

    def settle(self, sending: list[int], errors: list[dict[str, Any]], final: bool) -> list[int]:
        """Record a mutation's answer; return the stale updates to read back (none if final)."""
        if not errors:
            for n in sending:
                self._settle(n, "applied", self._drift(n))
            return []
        stale: list[int] = []
        for error in errors:
            code, message = str(error.get("code")), str(error.get("message"))
            for n in _targets(error.get("field"), sending):
                if code == STALE and not final:
                    stale.append(n)
                else:
                    status: Status = "failed" if code in RETRYABLE else "rejected"
                    self._settle(n, status, f"{code}: {message}")
        return stale

    def refresh(self, stale: list[int], values: list[int | None]) -> None:
        """Take the values read back as the new changeFromQuantity, and as the drift seen."""
        for n, value in zip(stale, values, strict=True):
            self.observed[n] = value
            if value is None:
                self._settle(n, "rejected", "inventory level not found at Shopify")
            else:
                self.change_from[n] = value

    def results(self) -> list[Result]:
        """One Result per update, in order."""
        return [
            result or Result(update.sku, "failed", "no answer")
            for result, update in zip(self.outcome, self.updates, strict=True)
        ]

    def _settle(self, n: int, status: Status, detail: str) -> None:
        if self.outcome[n] is None:
            self.outcome[n] = Result(self.updates[n].sku, status, detail, self.observed.get(n))

    def _drift(self, n: int) -> str:
        value, believed = self.observed.get(n), self.updates[n].last_confirmed
        return "" if value is None else f"drift: Shopify held {value}, not {believed}"


def _targets(field: Any, sending: list[int]) -> list[int]:
    """The updates a userError is about: one quantity when its field path names it, else all."""
    if isinstance(field, list) and len(field) >= 3 and field[1] == "quantities":
        index = int(field[2]) if str(field[2]).isdigit() else -1
        if 0 <= index < len(sending):
            return [sending[index]]
    return list(sending)
