"""The ledger's core: the event-sourced application's store, loading and lookups, shared by
the queries and the executor (which runs every command, executor.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, DomainEvent
from eventsourcing.persistence import Recording

from application.aggregates import Aggregates
from application.receipts import LedgerRecorder

Listener = Callable[[int], None]


class LedgerCore(Application[UUID], Aggregates):
    """What the executor and the queries share: the store, loading, lookups by name."""

    name = "StockLedger"
    env = {"AGGREGATE_CACHE_MAXSIZE": "20000", "AGGREGATE_CACHE_FASTFORWARD": "y"}

    def __init__(self, env: dict[str, str] | None = None) -> None:
        super().__init__(env)
        self.listeners: list[Listener] = []

    @property
    def ledger_recorder(self) -> LedgerRecorder:
        """The recorder, with receipts and positions (set by APPLICATION_RECORDER_TOPIC)."""
        return cast(LedgerRecorder, self.recorder)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        if recordings:
            self.committed(int(recordings[-1].notification.id))

    def committed(self, position: int) -> None:
        """Events up to ``position`` are stored: wake the in-process followers (projections,
        the views process) without waiting for their poll."""
        for listener in self.listeners:
            listener(position)

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
        """The aggregate as stored (the queries' view; commands see the executor's)."""
        return self.load(aggregate_id)

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
