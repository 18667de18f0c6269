"""Commands that record physical facts at one SKU-location: receipts, adjustments, counts,
safety stock and returns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from application import views
from application.command import Decision, Outcome
from application.ledger import LedgerBase, changed
from domain.sku_index import SkuIndex
from domain.stock_item import StockItem


class MovementCommands(LedgerBase):
    """Facts are recorded even when they leave the location short; only a negative on hand
    from an adjustment is refused."""

    def receive(
        self, sku: str, location: str, quantity: int, reference: str | None, key: str | None
    ) -> Outcome:
        """Record goods received at a location."""
        args = {"quantity": quantity, "reference": reference}
        return self._on_item(
            "receive", args, key, sku, location, lambda item: item.receive(quantity, reference, key)
        )

    def adjust(
        self,
        sku: str,
        location: str,
        delta: int,
        reason: str,
        reference: str | None,
        key: str | None,
    ) -> Outcome:
        """Record an adjustment (damaged, lost, found, correction, quality hold or release)."""
        args = {"delta": delta, "reason": reason, "reference": reference}
        return self._on_item(
            "adjust",
            args,
            key,
            sku,
            location,
            lambda item: item.adjust(delta, reason, reference, key),
        )

    def count(
        self, sku: str, location: str, quantity: int, reference: str | None, key: str | None
    ) -> Outcome:
        """Record an absolute cycle count."""
        args = {"quantity": quantity, "reference": reference}
        return self._on_item(
            "count", args, key, sku, location, lambda item: item.count(quantity, reference, key)
        )

    def set_safety_stock(self, sku: str, location: str, quantity: int, key: str | None) -> Outcome:
        """Hold units back from what every channel can sell."""
        args = {"quantity": quantity}
        return self._on_item(
            "set_safety_stock",
            args,
            key,
            sku,
            location,
            lambda item: item.set_safety_stock(quantity, None, key),
        )

    def return_stock(
        self,
        sku: str,
        location: str,
        quantity: int,
        restock: bool,
        reference: str | None,
        key: str | None,
    ) -> Outcome:
        """Record a customer return, restockable or not."""
        args = {"quantity": quantity, "restock": restock, "reference": reference}
        return self._on_item(
            "return",
            args,
            key,
            sku,
            location,
            lambda item: item.return_stock(quantity, restock, reference, key),
        )

    def set_reorder_point(
        self, sku: str, location: str, reorder_point: int, reorder_quantity: int, key: str | None
    ) -> Outcome:
        """Ask for replenishment when available falls to or below the reorder point."""
        args = {"reorder_point": reorder_point, "reorder_quantity": reorder_quantity}
        return self._on_item(
            "set_reorder_point",
            args,
            key,
            sku,
            location,
            lambda item: item.set_reorder_point(reorder_point, reorder_quantity, key),
        )

    def _on_item(
        self,
        command: str,
        args: dict[str, Any],
        key: str | None,
        sku: str,
        location: str,
        act: Callable[[StockItem], None],
    ) -> Outcome:
        def decide() -> Decision:
            index = self.index(sku)
            item = self.item_or_new(sku, location, index)
            act(item)
            return Decision(changed(index, item), views.level(item))

        scoped = {"sku": sku, "location": location, **args}
        hints = [StockItem.create_id(sku, location), SkuIndex.create_id(sku)]
        return self.run(command, scoped, key, [sku], decide, hints=hints)
