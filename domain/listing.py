"""Listing: one SKU on one channel, with the rules that override the channel's defaults there."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.ids import listing_id_of
from domain.rules import check_rules


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
