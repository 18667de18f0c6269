"""The answers commands and queries give, as plain JSON-ready dicts (never events or rows)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain import records
from domain.channel import Channel
from domain.listing import Listing
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
        "expires_at": moment(res.expires_at),
        "lines": [dict(line) for line in res.lines],
    }


def moment(value: datetime | None) -> str | None:
    """A datetime as the API shows it: ISO-8601, with Z for UTC (as pydantic writes it)."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


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


def channel(found: Channel) -> dict[str, Any]:
    """A channel as clients see it."""
    return {
        "channel": found.name,
        "kind": found.kind,
        "locations": list(found.locations),
        "rules": found.default_rules.as_dict(),
        "connection": found.connection,
    }


def listing(found: Listing) -> dict[str, Any]:
    """A SKU's rules on a channel as clients see them."""
    return {"channel": found.channel, "sku": found.sku, **found.rules}


def identifiers(found: Listing) -> dict[str, Any]:
    """A listing's marketplace ids as clients see them."""
    return {"channel": found.channel, "sku": found.sku, "identifiers": found.identifiers}
