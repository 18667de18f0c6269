"""Routing an order's lines to locations, before anything is reserved.

1. Lines that name a location keep it.
2. If one location can fill every other line, use it; among several, the one with the most
   available summed over the order's SKUs, then the lowest location id.
3. Otherwise fill each line from the location with the most available, then the lowest id.
4. A line no single location can fill refuses the whole order (splitting comes later).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from domain.errors import InsufficientStock, Shortfall


@dataclass(frozen=True)
class Line:
    """One line of an order: a SKU, a quantity and maybe a location."""

    sku: str
    quantity: int
    location: str | None = None


Availability = Mapping[str, Mapping[str, int]]  # sku -> location -> available


def route(lines: list[Line], available: Availability) -> list[Line]:
    """Give every line a location, or raise InsufficientStock for the lines that can't be filled."""
    left: dict[str, dict[str, int]] = {sku: dict(locs) for sku, locs in available.items()}
    for line in lines:
        if line.location is not None:
            sku_left = left.setdefault(line.sku, {})
            sku_left[line.location] = sku_left.get(line.location, 0) - line.quantity
    open_lines = [line for line in lines if line.location is None]
    whole = _whole_order_location(open_lines, left)
    if whole is not None:
        return [Line(ln.sku, ln.quantity, ln.location or whole) for ln in lines]
    return _line_by_line(lines, left)


def _whole_order_location(open_lines: list[Line], left: Availability) -> str | None:
    if not open_lines:
        return None
    needed: dict[str, int] = defaultdict(int)
    for line in open_lines:
        needed[line.sku] += line.quantity
    candidates = set.intersection(*(set(left.get(sku, {})) for sku in needed))
    fits = [loc for loc in candidates if all(left[sku][loc] >= qty for sku, qty in needed.items())]
    if not fits:
        return None
    return min(fits, key=lambda loc: (-sum(left[sku][loc] for sku in needed), loc))


def _line_by_line(lines: list[Line], left: dict[str, dict[str, int]]) -> list[Line]:
    routed: list[Line] = []
    short: list[Shortfall] = []
    for line in lines:
        if line.location is not None:
            routed.append(line)
            continue
        options = left.get(line.sku, {})
        best = min(options, key=lambda loc: (-options[loc], loc), default=None)
        if best is None or options[best] < line.quantity:
            have = max(0, options[best]) if best is not None else 0
            short.append(Shortfall(line.sku, None, line.quantity, have))
            continue
        options[best] -= line.quantity
        routed.append(Line(line.sku, line.quantity, best))
    if short:
        raise InsufficientStock(short)
    return routed
