"""AvailabilityBook: the inputs of channel availability for some SKUs, in memory, and every
figure change they cause, event by event.

The inventory view loads the SKUs a batch touches, replays the batch's events through the book
and writes each row that changed once; the rows do not depend on how the log was batched. A
figure that moved in a batch is announced once, with its newest value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from domain.availability import RULE_NAMES, channel_figure, effective_fence
from projections.figure_row import Announcement, ChannelConfig, FigureRow


class AvailabilityBook:
    """Inputs and figures of the loaded SKUs; ``changed`` collects rows to write."""

    def __init__(self, channels: Mapping[str, ChannelConfig]) -> None:
        self.channels = dict(channels)
        self.stock: dict[str, dict[str, int]] = {}
        self.overrides: dict[str, dict[str, dict[str, Any]]] = {}
        self.held: dict[str, dict[str, int]] = {}
        self.rows: dict[str, dict[str, FigureRow]] = {}
        self.changed: dict[tuple[str, str], FigureRow] = {}
        # The figures that moved in this batch, in the order they first moved: what the reactor
        # announces (one message per pair and batch, with the newest figure).
        self.announced: dict[tuple[str, str], Announcement] = {}

    def start_batch(self) -> None:
        """Forget the previous batch's changes (the inputs stay)."""
        self.changed = {}
        self.announced = {}

    def load(
        self,
        sku: str,
        stock: Mapping[str, int],
        overrides: Mapping[str, dict[str, Any]],
        held: Mapping[str, int],
        rows: Iterable[FigureRow],
    ) -> None:
        """Put a SKU's stored inputs and figures in memory."""
        self.stock[sku] = dict(stock)
        self.overrides[sku] = {ch: dict(r) for ch, r in overrides.items()}
        self.held[sku] = defaultdict(int, held)
        self.rows[sku] = {row.channel: row for row in rows}

    def set_stock(self, sku: str, location: str, available: int, at: tuple[int, datetime]) -> None:
        """A location's available changed: the channels it feeds are refigured (and any
        channel without a figure of the SKU yet)."""
        stock, rows = self.stock[sku], self.rows[sku]
        if stock.get(location) == available and location in stock:
            return
        stock[location] = available
        if not self.channels:
            return
        fed = [
            name
            for name, config in self.channels.items()
            if not config.locations or location in config.locations or name not in rows
        ]
        self.refresh(sku, at, fed)

    def open_listing(self, channel: str, sku: str) -> None:
        """A SKU was listed on a channel, without overrides yet (no figure moves)."""
        self.overrides[sku].setdefault(channel, {})

    def set_overrides(
        self, channel: str, sku: str, rules: dict[str, Any], at: tuple[int, datetime]
    ) -> None:
        """A SKU's rules on a channel changed (ring fences move other channels too)."""
        self.overrides[sku][channel] = rules
        self.refresh(sku, at)

    def hold(self, channel: str, sku: str, delta: int, at: tuple[int, datetime]) -> None:
        """A channel's open reservations of a SKU changed: its own figure shows them, and
        when it ring-fences the SKU they use the fence up first, which moves the others."""
        self.held[sku][channel] += delta
        fenced = self.overrides[sku].get(channel, {}).get("ring_fence")
        self.refresh(sku, at, None if fenced else [channel])

    def configure(self, channel: str, config: ChannelConfig, at: tuple[int, datetime]) -> None:
        """A channel was declared or reconfigured; every SKU with stock or a listing by now is
        refigured for it. (A SKU loaded because a later event of the batch touches it has
        neither yet: whether it is loaded depends on the batching, so it must not count.)"""
        self.channels[channel] = config
        for sku, stock in self.stock.items():
            if stock or self.overrides[sku]:
                self.refresh(sku, at, [channel])

    def refresh(
        self, sku: str, at: tuple[int, datetime], only: Iterable[str] | None = None
    ) -> None:
        """Recompute a SKU's figures (on ``only`` these channels); record the rows whose
        inputs or figure changed."""
        overrides = self.overrides[sku]
        fences = {
            ch: effective_fence(int(r.get("ring_fence") or 0), self.held[sku][ch])
            for ch, r in overrides.items()
            if ch in self.channels
        }
        for name in self.channels if only is None else only:
            if name in self.channels:
                self._refigure(sku, name, overrides.get(name, {}), fences, at)

    def _refigure(
        self,
        sku: str,
        name: str,
        override: dict[str, Any],
        fences: dict[str, int],
        at: tuple[int, datetime],
    ) -> None:
        config = self.channels[name]
        rules = config.rules
        if override and any(override.get(r) is not None for r in RULE_NAMES):
            rules = rules.overridden({r: v for r, v in override.items() if v is not None})
        figure = channel_figure(name, config.locations, rules, self.stock[sku], fences)
        ring_fence, own_reserved = int(override.get("ring_fence") or 0), self.held[sku][name]
        old = self.rows[sku].get(name)
        if old is not None and old.same_inputs(figure, rules, ring_fence, own_reserved):
            return
        moved = old is None or old.figure.available != figure.available
        previous = None if old is None else old.figure.available if moved else old.previous
        row = FigureRow(name, sku, figure, rules, ring_fence, own_reserved, previous, *at)
        self.rows[sku][name] = row
        self.changed[(name, sku)] = row
        if moved:
            self._announce(row)

    def _announce(self, row: FigureRow) -> None:
        # The newest figure, with the one published before the batch's first move.
        first = self.announced.get((row.channel, row.sku))
        previous = row.previous if first is None else first.previous
        self.announced[(row.channel, row.sku)] = Announcement(row, previous)
