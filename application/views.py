"""The answers commands and queries give, as plain JSON-ready dicts (never events or rows)."""

from __future__ import annotations

from typing import Any

from domain import records
from domain.reservation import Reservation
from domain.stock_item import StockItem
from domain.transfer import Transfer

LEVEL_FIELDS = ("on_hand", "reserved", "safety_stock", "in_transit", "available")


def level(item: StockItem) -> dict[str, Any]:
    """A stock level, without its log position."""
    return {
        "sku": item.sku,
        "location": item.location,
        "on_hand": item.on_hand,
        "reserved": item.reserved,
        "safety_stock": item.safety_stock,
        "in_transit": item.in_transit,
        "available": item.available,
        "version": item.version,
    }


def totals(levels: list[dict[str, Any]]) -> dict[str, int]:
    """Sums over a SKU's locations; available is the sum of each location's available."""
    return {name: sum(int(lv[name]) for lv in levels) for name in LEVEL_FIELDS}


def reservation(res: Reservation) -> dict[str, Any]:
    """A reservation as clients see it."""
    return {
        "reservation_id": res.reservation_id,
        "order_id": res.order_id,
        "channel": res.channel,
        "status": res.status,
        "reason": res.reason,
        "expires_at": res.expires_at.isoformat() if res.expires_at else None,
        "lines": [dict(line) for line in res.lines],
    }


def transfer(tr: Transfer) -> dict[str, Any]:
    """A transfer as clients see it."""
    return {
        "transfer_id": tr.transfer_id,
        "sku": tr.sku,
        "from_location": tr.from_location,
        "to_location": tr.to_location,
        "quantity": tr.quantity,
        "status": tr.status,
    }


def event_record(domain_event: Any) -> dict[str, Any]:
    """An aggregate event as the history endpoints show it."""
    record = records.event_record(domain_event)
    record.pop("idempotency_key")
    return record
