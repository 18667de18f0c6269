"""The neutral order every poller and webhook parser gives: which order, in which state, with
which lines, as of when; and the cursor a poller resumes from."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

OrderStatus = Literal["created", "cancelled", "fulfilled"]


class MalformedOrder(ValueError):
    """A body that is not the marketplace's order (bad JSON, a missing or wrong field)."""


@dataclass(frozen=True)
class OrderLine:
    """One line: the seller's SKU as the marketplace knows it (None when it has none), the
    marketplace's ids of the listing, named as that kind's listing fields, and the quantity."""

    sku: str | None
    ids: Mapping[str, str]
    quantity: int

    def matches(self, identifiers: Mapping[str, str]) -> bool:
        """Whether a listing recorded with these ids is the one this line sold."""
        return bool(self.ids) and all(identifiers.get(k) == v for k, v in self.ids.items())


@dataclass(frozen=True)
class MarketplaceOrder:
    """One marketplace order in one state; `updated_at` is the marketplace's (None: not said)."""

    order_id: str
    status: OrderStatus
    lines: tuple[OrderLine, ...]
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Polled:
    """What one poll found, oldest change first, and the cursor to poll from next. Orders that
    changed exactly at the cursor may come again: applying an order twice changes nothing."""

    orders: list[MarketplaceOrder]
    cursor: datetime


def load(raw: bytes) -> dict[str, Any]:
    """A JSON object from a raw body, or MalformedOrder."""
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise MalformedOrder(f"body is not JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise MalformedOrder("body is not a JSON object")
    return value


def text(value: Any) -> str | None:
    """A marketplace id or SKU as text; None for missing, empty or zero ids."""
    if value is None or value == "" or value == 0 or isinstance(value, bool):
        return None
    return str(value)


def quantity(value: Any, where: str) -> int:
    """A positive whole quantity, or MalformedOrder."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise MalformedOrder(f"{where}: quantity must be a whole number of 1 or more")
    return value


def from_unix(seconds: float) -> datetime:
    """A UTC datetime from Unix seconds."""
    return datetime.fromtimestamp(seconds, UTC)


def iso(value: Any, where: str) -> datetime:
    """A timezone-aware datetime from ISO 8601 text, or MalformedOrder."""
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise MalformedOrder(f"{where}: not an ISO 8601 time: {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def unit_lines(units: list[tuple[str | None, dict[str, str]]]) -> tuple[OrderLine, ...]:
    """Lines from a marketplace that lists every unit sold as its own item (Lazada, TikTok
    Shop): one line per distinct SKU and ids, with the count as its quantity."""
    counted = Counter((sku, tuple(sorted(ids.items()))) for sku, ids in units)
    return tuple(OrderLine(sku, dict(ids), n) for (sku, ids), n in counted.items())
