"""The values the availability book deals in: a channel's configuration, a (channel, SKU)
figure row with the inputs that produced it, and what a batch announces of a figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from domain.availability import Figure, Rules


@dataclass(frozen=True)
class ChannelConfig:
    """A channel's feeding locations (empty: all) and default rules."""

    locations: tuple[str, ...]
    rules: Rules


class FigureRow(NamedTuple):
    """One (channel, SKU) figure with the inputs that produced it (a tuple: the book makes
    one for every figure that changes)."""

    channel: str
    sku: str
    figure: Figure
    rules: Rules
    ring_fence: int
    own_reserved: int
    previous: int | None
    position: int
    updated_at: datetime

    def same_inputs(self, figure: Figure, rules: Rules, ring_fence: int, own_reserved: int) -> bool:
        """True when a row of these inputs would show nothing new."""
        return (self.figure, self.rules, self.ring_fence, self.own_reserved) == (
            figure,
            rules,
            ring_fence,
            own_reserved,
        )


class Announcement(NamedTuple):
    """A figure that moved in a batch: its newest row, and the figure published before the
    batch's first move (None before the pair's first figure)."""

    row: FigureRow
    previous: int | None
