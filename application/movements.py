"""Commands that record physical facts at one SKU-location: receipts, adjustments, counts,
safety stock, returns and reorder points. Facts are recorded even when they leave the location
short; only an adjustment that would make on hand negative is refused."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from application import views
from application.aggregates import Aggregates
from application.command import Command, Decision, changed, decide
from domain.sku_index import SkuIndex
from domain.stock_item import StockItem


@dataclass(frozen=True)
class AtItem(Command):
    """A command on one SKU at one location."""

    sku: str
    location: str

    def hints(self) -> Sequence[UUID]:
        """The StockItem and the SKU's index."""
        return (StockItem.create_id(self.sku, self.location), SkuIndex.create_id(self.sku))


@dataclass(frozen=True)
class Receive(AtItem):
    """Goods received at a location (a PO, an ASN)."""

    quantity: int
    reference: str | None = None


@dataclass(frozen=True)
class Adjust(AtItem):
    """Damaged, lost, found, a correction, a quality hold or release."""

    delta: int
    reason: str
    reference: str | None = None


@dataclass(frozen=True)
class Count(AtItem):
    """An absolute cycle count."""

    quantity: int
    reference: str | None = None


@dataclass(frozen=True)
class SetSafetyStock(AtItem):
    """Units held back from what every channel can sell."""

    quantity: int


@dataclass(frozen=True)
class Return(AtItem):
    """A customer return, restockable or not."""

    quantity: int
    restock: bool
    reference: str | None = None


@dataclass(frozen=True)
class SetReorderPoint(AtItem):
    """Ask for replenishment when available falls to or below the reorder point."""

    reorder_point: int
    reorder_quantity: int


def _apply(item: StockItem, command: AtItem) -> None:
    key = command.key
    match command:
        case Receive(quantity=quantity, reference=reference):
            item.receive(quantity, reference, key)
        case Adjust(delta=delta, reason=reason, reference=reference):
            item.adjust(delta, reason, reference, key)
        case Count(quantity=quantity, reference=reference):
            item.count(quantity, reference, key)
        case SetSafetyStock(quantity=quantity):
            item.set_safety_stock(quantity, None, key)
        case Return(quantity=quantity, restock=restock, reference=reference):
            item.return_stock(quantity, restock, reference, key)
        case SetReorderPoint(reorder_point=point, reorder_quantity=quantity):
            item.set_reorder_point(point, quantity, key)


@decide.register(Receive)
@decide.register(Adjust)
@decide.register(Count)
@decide.register(SetSafetyStock)
@decide.register(Return)
@decide.register(SetReorderPoint)
def _at_item(command: AtItem, seen: Aggregates) -> Decision:
    index = seen.index(command.sku)
    item = seen.item_or_new(command.sku, command.location, index)
    _apply(item, command)
    return Decision(changed(index, item), views.level(item))
