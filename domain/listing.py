"""Listing: one SKU on one channel, with the rules that override the channel's defaults there."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidCommand
from domain.ids import listing_id_of
from domain.rules import check_rules

CONFIRMATION_STATUSES = ("applied", "failed", "rejected")


class Listing(Aggregate):
    """Per-SKU overrides (buffer, percent, max_listed, zero_below) and the ring fence."""

    @staticmethod
    def create_id(channel: str, sku: str) -> Any:
        """Deterministic from (channel, sku)."""
        return listing_id_of(channel, sku)

    @event("Opened")
    def __init__(self, channel: str, sku: str) -> None:
        self.channel = channel
        self.sku = sku
        self.rules: dict[str, Any] = {}
        self.identifiers: dict[str, str] = {}
        self.confirmed: dict[str, Any] | None = None

    @property
    def ring_fence(self) -> int:
        """Units of the SKU held for this channel."""
        return int(self.rules.get("ring_fence") or 0)

    def set_rules(self, rules: dict[str, Any]) -> None:
        """Replace the SKU's overrides; identical rules record nothing."""
        check_rules(rules, allow_ring_fence=True)
        if rules != self.rules:
            self._rules_set(rules)

    @event("RulesSet")
    def _rules_set(self, rules: dict[str, Any]) -> None:
        self.rules = rules

    def identify(self, identifiers: dict[str, str]) -> None:
        """Record the marketplace's ids for this SKU; identical ids record nothing."""
        if identifiers != self.identifiers:
            self._identified(identifiers)

    @event("Identified")
    def _identified(self, identifiers: dict[str, str]) -> None:
        self.identifiers = identifiers

    def confirm(
        self,
        available: int,
        position: int,
        status: str,
        detail: str,
        confirmed_at: str,
        observed: int | None,
    ) -> None:
        """Record what the marketplace answered to a push: the audit trail of every sync."""
        if status not in CONFIRMATION_STATUSES:
            raise InvalidCommand(f"confirmation status must be one of {CONFIRMATION_STATUSES}")
        self._confirmed(available, position, status, detail, confirmed_at, observed)

    @event("Confirmed")
    def _confirmed(
        self,
        available: int,
        position: int,
        status: str,
        detail: str,
        confirmed_at: str,
        observed: int | None,
    ) -> None:
        self.confirmed = {"available": available, "position": position, "status": status}
