"""The executor's working set: the aggregates commands see, kept in memory between batches.

Commands of one batch act on the same in-memory aggregates, one after another, so the second
reservation of a hot SKU sees the first. The set outlives the batch (a cache of recently used
aggregates, current because this process wrote their last events); a conflict with another
process evicts what it touched.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.aggregates import Aggregates


class WorkingSet(Aggregates):
    """Aggregates by id, with the bookkeeping to tell what one command read and changed."""

    def __init__(
        self,
        load: Callable[[UUID], Any | None],
        load_many: Callable[[list[UUID]], dict[UUID, Any]],
        max_size: int = 20000,
    ) -> None:
        self._load = load
        self._load_many = load_many
        self.max_size = max_size
        self.absent: set[UUID] = set()  # looked for in this batch's preload and not stored
        self.items: OrderedDict[UUID, Aggregate] = OrderedDict()
        self.touched: dict[UUID, int] = {}  # id -> pending events when the command first saw it

    def find(self, aggregate_id: UUID) -> Any | None:
        """The set's copy of an aggregate, loading it on first use."""
        aggregate = self.items.get(aggregate_id)
        if aggregate is None:
            if aggregate_id in self.absent:
                return None
            aggregate = self._load(aggregate_id)
            if aggregate is None:
                return None
            self.items[aggregate_id] = aggregate
        self.items.move_to_end(aggregate_id)
        self.touched.setdefault(aggregate_id, len(aggregate.pending_events))
        return aggregate

    def preload(self, aggregate_ids: Iterable[UUID]) -> None:
        """Load, in one query, the aggregates a batch will use that the set does not hold:
        with thousands of SKUs, one query per cold aggregate was most of the executor's time."""
        self.absent = set()  # another process may have created them since the last batch
        missing = [i for i in set(aggregate_ids) if i not in self.items]
        if missing:
            found = self._load_many(missing)
            self.items.update(found)
            self.absent = {i for i in missing if i not in found}

    def begin(self) -> None:
        """A command starts."""
        self.touched = {}

    def dirty(self) -> set[UUID]:
        """The aggregates a refused command left events on (they can't be trusted)."""
        return {i for i, n in self.touched.items() if len(self.items[i].pending_events) != n}

    def new_events(self, aggregates: Iterable[Aggregate]) -> list[Any]:
        """The events this command added to these aggregates."""
        return [e for a in aggregates for e in a.pending_events[self.touched.get(a.id, 0) :]]

    def adopt(self, aggregates: Iterable[Aggregate]) -> None:
        """Keep a command's aggregates (new ones included) for the rest of the batch."""
        for aggregate in aggregates:
            self.items[aggregate.id] = aggregate
            self.items.move_to_end(aggregate.id)

    def evict(self, aggregate_ids: Iterable[UUID]) -> None:
        """Forget these aggregates: the next command reads them from the store."""
        for aggregate_id in aggregate_ids:
            self.items.pop(aggregate_id, None)

    def trim(self) -> None:
        """Forget the least recently used aggregates beyond the size limit (between batches)."""
        while len(self.items) > self.max_size:
            self.items.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (after a failed save)."""
        self.items.clear()
        self.absent = set()
        self.touched = {}
