"""Channel availability: the one pipeline every consumer calls (views, reactor, as-of answers).

For a channel and a SKU, applied in this order:
  1. pool = sum of available over the channel's locations (every location if it lists none);
  2. minus the effective ring fences of the other channels (never below 0);
  3. x percent / 100, rounded down;
  4. - buffer;
  5. 0 if at or below zero_below;
  6. min(max_listed);
  7. max(0).
A channel's effective fence on a SKU is max(0, ring_fence - its own open reserved units of it):
its own reservations use the fence up first. The fenced channel itself sees the whole pool.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

RULE_NAMES = ("buffer", "percent", "max_listed", "zero_below")


@dataclass(frozen=True)
class Rules:
    """A channel's listing rules; None means "no such rule"."""

    buffer: int = 0
    percent: int = 100
    max_listed: int | None = None
    zero_below: int | None = None

    def overridden(self, overrides: Mapping[str, Any]) -> Rules:
        """These rules with a SKU's overrides on top (only the rules the SKU sets)."""
        return replace(self, **{k: v for k, v in overrides.items() if k in RULE_NAMES})

    def as_dict(self) -> dict[str, int | None]:
        """The rules as plain data, for events and answers."""
        return asdict(self)


@dataclass(frozen=True)
class Figure:
    """The availability figure and every step that produced it."""

    pool: int
    fenced: int
    after_fences: int
    after_percent: int
    after_buffer: int
    after_zero_below: int
    after_max_listed: int
    available: int


def effective_fence(ring_fence: int, own_open_reserved: int) -> int:
    """What a channel's fence still holds back from the others."""
    return max(0, ring_fence - own_open_reserved)


def pool(available_by_location: Mapping[str, int], locations: Iterable[str]) -> int:
    """Step 1: the channel's pool (a channel listing no locations is fed by all)."""
    feeding = set(locations)
    return sum(v for loc, v in available_by_location.items() if not feeding or loc in feeding)


def fenced_by_others(fences: Mapping[str, int], channel: str) -> int:
    """The effective fences of every channel but this one."""
    return sum(fence for other, fence in fences.items() if other != channel)


def figure(pool_units: int, fenced: int, rules: Rules) -> Figure:
    """Steps 2 to 7 on a pool."""
    after_fences = max(0, pool_units - fenced)
    after_percent = after_fences * rules.percent // 100
    after_buffer = after_percent - rules.buffer
    zero = rules.zero_below is not None and after_buffer <= rules.zero_below
    after_zero_below = 0 if zero else after_buffer
    after_max_listed = (
        after_zero_below if rules.max_listed is None else min(after_zero_below, rules.max_listed)
    )
    return Figure(
        pool_units,
        fenced,
        after_fences,
        after_percent,
        after_buffer,
        after_zero_below,
        after_max_listed,
        max(0, after_max_listed),
    )


def channel_figure(
    channel: str,
    locations: Iterable[str],
    rules: Rules,
    available_by_location: Mapping[str, int],
    fences: Mapping[str, int],
) -> Figure:
    """The whole pipeline for one channel and one SKU."""
    return figure(pool(available_by_location, locations), fenced_by_others(fences, channel), rules)
