"""The values the availability book deals in: a channel's configuration, a (channel, SKU)
figure row with the inputs that produced it, and what a batch announces of a figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.availability import Figure, Rules


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


@dataclass(frozen=True)
class Announcement:
    """A figure that moved in a batch: its newest row, and the figure published before the
    batch's first move (None before the pair's first figure)."""

    row: FigureRow
    previous: int | None
