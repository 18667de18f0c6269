"""AvailabilityBook: the inputs of channel availability for some SKUs, in memory, and every
figure change they cause, event by event.

The inventory view loads the SKUs a batch touches, replays the batch's events through the book
and writes the rows that changed; the result does not depend on how the log was batched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from domain.availability import RULE_NAMES, Figure, Rules, channel_figure, effective_fence


@dataclass(frozen=True)
class ChannelConfig:
    """A channel's feeding locations (empty: all) and default rules."""

    locations: tuple[str, ...]
    rules: Rules


@dataclass(frozen=True)
class FigureRow:
    """One (channel, SKU) figure with the inputs that produced it."""

    channel: str
    sku: str
    figure: Figure
    rules: Rules
    ring_fence: int
    own_reserved: int
    previous: int | None
    position: int
    updated_at: datetime

    def same_inputs(self, other: FigureRow) -> bool:
        """True when nothing shown in the row would change."""
        return (self.figure, self.rules, self.ring_fence, self.own_reserved) == (
            other.figure,
            other.rules,
            other.ring_fence,
            other.own_reserved,
        )


class AvailabilityBook:
    """Inputs and figures of the loaded SKUs; ``changed`` collects rows to write."""

    def __init__(self, channels: Mapping[str, ChannelConfig]) -> None:
        self.channels = dict(channels)
        self.stock: dict[str, dict[str, int]] = {}
        self.overrides: dict[str, dict[str, dict[str, Any]]] = {}
        self.held: dict[str, dict[str, int]] = {}
        self.rows: dict[str, dict[str, FigureRow]] = {}
        self.changed: dict[tuple[str, str], FigureRow] = {}
        # Every move of a published figure, in log order: what the reactor announces.
        self.moves: list[FigureRow] = []

    def start_batch(self) -> None:
        """Forget the previous batch's changes (the inputs stay)."""
        self.changed = {}
        self.moves = []

    def loaded(self, sku: str) -> bool:
        """True once a SKU's inputs are in memory."""
        return sku in self.stock

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
        """A location's available changed."""
        self.stock[sku][location] = available
        self.refresh(sku, at)

    def set_overrides(
        self, channel: str, sku: str, rules: dict[str, Any], at: tuple[int, datetime]
    ) -> None:
        """A SKU's rules on a channel changed (ring fences move other channels too)."""
        self.overrides[sku][channel] = rules
        self.refresh(sku, at)

    def hold(self, channel: str, sku: str, delta: int, at: tuple[int, datetime]) -> None:
        """A channel's open reservations of a SKU changed (they use its fence up first)."""
        self.held[sku][channel] += delta
        self.refresh(sku, at)

    def configure(self, channel: str, config: ChannelConfig, at: tuple[int, datetime]) -> None:
        """A channel was declared or reconfigured; every loaded SKU is refigured for it."""
        self.channels[channel] = config
        for sku in list(self.stock):
            self.refresh(sku, at, only=channel)

    def refresh(self, sku: str, at: tuple[int, datetime], only: str | None = None) -> None:
        """Recompute a SKU's figures; record the rows whose inputs or figure changed."""
        overrides = {ch: r for ch, r in self.overrides[sku].items() if ch in self.channels}
        fences = {
            ch: effective_fence(int(r.get("ring_fence") or 0), self.held[sku][ch])
            for ch, r in overrides.items()
        }
        for name, config in self.channels.items():
            if only is None or name == only:
                self._refigure(sku, name, config, overrides.get(name, {}), fences, at)

    def _refigure(
        self,
        sku: str,
        name: str,
        config: ChannelConfig,
        override: dict[str, Any],
        fences: dict[str, int],
        at: tuple[int, datetime],
    ) -> None:
        rules = config.rules.overridden(
            {r: override[r] for r in RULE_NAMES if override.get(r) is not None}
        )
        figure = channel_figure(name, config.locations, rules, self.stock[sku], fences)
        old = self.rows[sku].get(name)
        row = FigureRow(
            name,
            sku,
            figure,
            rules,
            int(override.get("ring_fence") or 0),
            self.held[sku][name],
            None,
            at[0],
            at[1],
        )
        if old is not None and old.same_inputs(row):
            return
        moved = old is None or old.figure.available != figure.available
        if old is not None:
            row = replace(row, previous=old.figure.available if moved else old.previous)
        self.rows[sku][name] = row
        self.changed[(name, sku)] = row
        if moved:
            self.moves.append(row)
