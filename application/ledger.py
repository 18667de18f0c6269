"""StockLedger: the event-sourced application, with one method per command."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, ParamSpec, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, DomainEvent
from eventsourcing.persistence import Recording
from eventsourcing.utils import strtobool

from application.command import (
    MAX_ATTEMPTS,
    Conflicted,
    Decision,
    Outcome,
    backoff,
    fingerprint,
    out_of_retries,
    replay_or_refuse,
    save_decision,
)
from application.handoff import Handoff
from application.jobs import Job
from application.locks import KeyedLocks
from application.receipts import LedgerRecorder
from application.writer import Writer
from domain.errors import StockError
from domain.sku_index import SkuIndex
from domain.stock_item import StockItem

Listener = Callable[[int], None]
P = ParamSpec("P")


class LedgerBase(Application[UUID]):
    """Infrastructure shared by the commands and queries: loading, locking, running commands."""

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

    def run(
        self,
        command: str,
        args: dict[str, Any],
        key: str | None,
        lock_keys: list[str],
        decide: Callable[[], Decision],
        *,
        natural: bool = False,
        hints: Sequence[UUID] = (),
    ) -> Outcome:
        """Run a command: replay a known key, else decide and save (group-committed by the
        writer, or alone under per-SKU locks). A client's key is stored apart from the natural
        keys (``natural``: "reservation:R-1"), so that a client key spelled like one cannot
        shadow it."""
        stored_key = key if key is None or natural else f"key:{key}"
        job = Job(command, fingerprint(command, args), stored_key, decide, key, tuple(hints))
        if not self.group_commit:
            return self.run_single(job, lock_keys)
        handoff: Handoff | None = getattr(self._local, "handoff", None)
        if handoff is not None:
            return handoff.take(job, self.writer)
        return self.writer.submit(job)

    async def call(
        self, command: Callable[P, Outcome], *args: P.args, **kwargs: P.kwargs
    ) -> Outcome:
        """Run a command from an event loop without blocking it: the command's job is queued
        for the writer and the loop awaits its commit. The command must do no I/O before its
        job is queued (reserve and the stock movements don't). Without group commit it runs
        on a worker thread."""
        if not self.group_commit:
            return await asyncio.to_thread(command, *args, **kwargs)
        handoff = Handoff(asyncio.get_running_loop())
        self._local.handoff = handoff
        try:
            answered = command(*args, **kwargs)
        finally:
            self._local.handoff = None
        return answered if handoff.job is None else await handoff.outcome()

    def run_single(self, job: Job, lock_keys: Sequence[str] = ()) -> Outcome:
        """Run one command in its own transaction, retrying lost races (bounded)."""
        try:
            outcome = self._attempts(job, lock_keys)
        except StockError as exc:
            job.finish(error=exc)
            raise
        job.finish(outcome)
        return outcome

    def _attempts(self, job: Job, lock_keys: Sequence[str]) -> Outcome:
        for attempt in range(MAX_ATTEMPTS):
            if job.key is not None:
                stored = self.ledger_recorder.select_receipt(job.key)
                if stored is not None:
                    replay_or_refuse(stored.fingerprint, job.print_, str(job.label))
                    return Outcome(json.loads(stored.body), stored.position, replayed=True)
            with self.locks.hold(lock_keys):
                decision = job.decide()
                if decision.unchanged is not None:
                    return Outcome(decision.body, self.position_of(decision.unchanged))
                try:
                    position = save_decision(self.save, decision, job.key, job.print_)
                except Conflicted:
                    backoff(attempt)
                    continue
            return Outcome(decision.body, position)
        raise out_of_retries()


def changed(*aggregates: Aggregate) -> list[Aggregate]:
    """Only the aggregates that have something to save."""
    return [agg for agg in aggregates if agg.pending_events]


def at(moment: datetime | None) -> str | None:
    """A datetime as the fingerprint and answers carry it."""
    return moment.isoformat() if moment else None
