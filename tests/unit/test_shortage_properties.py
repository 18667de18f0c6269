"""on_hand - reserved (units here and not promised) under any sequence of commands.

Promises (reservations, transfers out) are checked against available, so the ledger's own
commands never take on_hand - reserved below zero. Physical facts are always recorded: a count
or a downward adjustment that finds fewer units than were promised takes it below zero, and is
the only thing that does, each time with a ShortageDetected saying by how much. Both machines
run the commands of test_stock_item_properties.StockItemLedger, with its invariants.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from domain.stock_item import StockItem
from tests.unit.test_stock_item_properties import StockItemLedger

UPWARD = ["found", "quality_release", "correction"]


def is_loss(event: Any) -> bool:
    """A physical fact that found fewer units than the ledger held."""
    match event:
        case StockItem.Adjusted() | StockItem.Counted():
            return int(event.delta) < 0
    return False


class StockItemWithoutLosses(StockItemLedger):
    """Every command, but counts and adjustments never find fewer units than the ledger holds."""

    @rule(delta=st.integers(min_value=1, max_value=30), reason=st.sampled_from(UPWARD))
    def adjust(self, delta: int, reason: str) -> None:
        self.attempt(lambda item: item.adjust(delta, reason, "ADJ", None))

    @rule(extra=st.integers(min_value=0, max_value=30))
    def count(self, extra: int) -> None:
        self.attempt(lambda item: item.count(item.on_hand + extra, "CC", None))

    @invariant()
    def on_hand_never_falls_below_reserved(self) -> None:
        assert self.item.on_hand - self.item.reserved >= 0


class StockItemWithLosses(StockItemLedger):
    """Every command, losses included: only a loss takes on_hand - reserved below zero (or
    further below), and a shortfall that grows is announced with its size."""

    def attempt(self, command: Callable[[StockItem], None]) -> bool:
        """Run the command, then check what it did to on_hand - reserved and the shortfall."""
        seen, item = len(self.events), self.item
        free, short = item.on_hand - item.reserved, item.shortfall
        accepted = super().attempt(command)
        new = self.events[seen:]
        if not any(is_loss(event) for event in new):
            assert item.on_hand - item.reserved >= min(free, 0), new
        if item.shortfall > short:
            announced = [e for e in new if isinstance(e, StockItem.ShortageDetected)]
            assert [int(e.shortfall) for e in announced] == [item.shortfall], new
        return accepted


PROPERTIES = settings(
    max_examples=100,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
StockItemWithoutLosses.TestCase.settings = PROPERTIES
StockItemWithLosses.TestCase.settings = PROPERTIES
test_stock_item_without_losses = StockItemWithoutLosses.TestCase
test_stock_item_with_losses = StockItemWithLosses.TestCase
