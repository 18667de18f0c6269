"""The ledger's core: the event-sourced application's store, loading and lookups, shared by
every command and query (running commands is LedgerBase's, in ledger.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, DomainEvent
from eventsourcing.persistence import Recording
from eventsourcing.utils import strtobool

from application.locks import KeyedLocks
from application.receipts import LedgerRecorder
from application.writer import Writer
from domain.sku_index import SkuIndex
from domain.stock_item import StockItem

Listener = Callable[[int], None]


class LedgerCore(Application[UUID]):
    """What the commands and queries share: the store, loading, the writer's working set."""

    name = "StockLedger"
    env = {
        "AGGREGATE_CACHE_MAXSIZE": "20000",
        "AGGREGATE_CACHE_FASTFORWARD": "y",
        "GROUP_COMMIT": "y",
    }

    def __init__(self, env: dict[str, str] | None = None) -> None:
        super().__init__(env)
        self.locks = KeyedLocks()
        self.listeners: list[Listener] = []
        self.group_commit = strtobool(self.env.get("GROUP_COMMIT", "y"))
        self.writer = Writer(self)
        self._local = threading.local()

    @property
    def ledger_recorder(self) -> LedgerRecorder:
        """The recorder, with receipts and positions (set by APPLICATION_RECORDER_TOPIC)."""
        return cast(LedgerRecorder, self.recorder)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        # Wake in-process followers (projections, sweeper) without waiting for their poll.
        if recordings:
            last = recordings[-1].notification.id
            for listener in self.listeners:
                listener(last)

    def load(self, aggregate_id: UUID) -> Any | None:
        """The aggregate as stored, or None when it was never created."""
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def load_many(self, aggregate_ids: list[UUID]) -> dict[UUID, Any]:
        """The stored aggregates among these ids, replayed from their events (one query)."""
        found: dict[UUID, Any] = {}
        for stored in self.ledger_recorder.select_histories(aggregate_ids):
            event: Any = self.mapper.to_domain_event(stored)
            found[event.originator_id] = event.mutate(found.get(event.originator_id))
        return found

    def find(self, aggregate_id: UUID) -> Any | None:
        """The aggregate as this command sees it (the writer's batch state while deciding)."""
        if getattr(self._local, "deciding", False):
            return self.writer.working.get(aggregate_id)
        return self.load(aggregate_id)

    @contextmanager
    def deciding(self) -> Iterator[None]:
        """Within the block, this thread's reads see the writer's working set."""
        self._local.deciding = True
        try:
            yield
        finally:
            self._local.deciding = False

    def close(self) -> None:
        """Finish queued commands, then close the store."""
        self.writer.stop()
        super().close()

    def item(self, sku: str, location: str) -> StockItem | None:
        """The StockItem for a SKU at a location, if it was ever seen."""
        return cast(StockItem | None, self.find(StockItem.create_id(sku, location)))

    def item_or_new(self, sku: str, location: str, index: SkuIndex) -> StockItem:
        """The StockItem, registered (and indexed) when first seen."""
        found = self.item(sku, location)
        if found is not None:
            return found
        index.add(location)
        return StockItem(sku, location)

    def index(self, sku: str) -> SkuIndex:
        """The SKU's location index, new if the SKU was never seen."""
        found = self.find(SkuIndex.create_id(sku))
        return cast(SkuIndex, found) if found is not None else SkuIndex(sku)

    def version_at(self, aggregate_id: UUID, moment: datetime) -> int | None:
        """The aggregate's version at ``moment`` (None before its first event); naive is UTC."""
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        version = None
        for event in self.events.get(aggregate_id):
            if cast(DomainEvent, event).timestamp > moment:
                break
            version = event.originator_version
        return version

    def position_of(self, aggregate: Aggregate) -> int:
        """The log position of the aggregate's last stored event."""
        position = self.ledger_recorder.select_position(aggregate.id, aggregate.version)
        return position if position is not None else 0
