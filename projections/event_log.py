"""The event_log view: every event of the ledger, one row each in log order, with the keys an
auditor searches by (see projections.event_keys). `event_log_subjects` remembers each
aggregate's keys, learnt from its first event, so that later events that do not carry them
(StockItem.Received has only a quantity) are filed under them too."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from domain.records import event_record
from projections.cursor import ViewCursor
from projections.event_keys import (
    KEYS,
    Keys,
    ReservationIds,
    event_keys,
    is_creation,
    own_keys,
    related,
)
from projections.model import Positioned, ReadModel
from projections.table import Index, Table

COLUMNS = (
    "position",
    "originator_type",
    "originator_id",
    "version",
    "type",
    "occurred_at",
    "reference",
    "idempotency_key",
    "data",
    *KEYS,
)
# json.dumps(data, separators=(",", ":"), default=str), without making an encoder each time.
DATA = json.JSONEncoder(separators=(",", ":"), default=str)
LOG = Table("event_log", COLUMNS, ("position",), ("occurred_at",))
SEARCHED = (
    Index("event_log_by_sku", "event_log", "sku, position"),
    Index("event_log_by_location", "event_log", "location, position"),
    Index("event_log_by_channel", "event_log", "channel, position"),
    Index("event_log_by_reservation", "event_log", "reservation_id, position"),
    Index("event_log_by_order", "event_log", "order_id, position"),
    Index("event_log_by_transfer", "event_log", "transfer_id, position"),
    Index("event_log_by_type", "event_log", "type, position"),
    Index("event_log_by_reference", "event_log", "reference, position"),
    Index("event_log_by_time", "event_log", "occurred_at"),
)
SUBJECTS = Table("event_log_subjects", ("aggregate_id", *KEYS), ("aggregate_id",))


class EventLog(ReadModel):
    """The whole log, searchable by SKU, location, channel, reservation, order, transfer,
    event type, reference and time."""

    name = "event_log"
    tables = ("event_log", "event_log_subjects")
    ddl = (
        "CREATE TABLE IF NOT EXISTS event_log ("
        "position BIGINT PRIMARY KEY, originator_type TEXT NOT NULL, "
        "originator_id TEXT NOT NULL, version BIGINT NOT NULL, type TEXT NOT NULL, "
        "occurred_at TIMESTAMPTZ NOT NULL, reference TEXT, idempotency_key TEXT, "
        "data TEXT NOT NULL, sku TEXT, location TEXT, channel TEXT, reservation_id TEXT, "
        "order_id TEXT, transfer_id TEXT)",
        "CREATE TABLE IF NOT EXISTS event_log_subjects ("
        "aggregate_id TEXT PRIMARY KEY, sku TEXT, location TEXT, channel TEXT, "
        "reservation_id TEXT, order_id TEXT, transfer_id TEXT)",
        *(index.create for index in SEARCHED),
    )
    search_indexes = SEARCHED

    def __init__(self, emit: bool = True) -> None:
        super().__init__(emit)
        self.reservation_ids = ReservationIds()

    def apply(self, cur: ViewCursor, batch: Sequence[Positioned]) -> None:
        """Append one row per event; remember the subjects of the aggregates created."""
        ids = self.reservation_ids
        new = {event.originator_id for event, _ in batch if is_creation(event)}
        wanted = {i for event, _ in batch for i in related(event, ids)} - new
        subjects = load_subjects(cur, wanted)  # those created by this batch are not stored yet
        rows, created = [], []
        for event, position in batch:
            if is_creation(event):
                subjects[event.originator_id] = own_keys(event)
                created.append(subject_row(event.originator_id, subjects[event.originator_id]))
            rows.append(log_row(event, position, event_keys(event, subjects, ids)))
        cur.insert(LOG, rows)
        cur.insert(SUBJECTS, created)


def log_row(event: Any, position: int, keys: Keys) -> tuple[Any, ...]:
    """The event_log row of an event at a log position."""
    record = event_record(event)
    return (
        position,
        type(event).__qualname__.split(".")[0],
        str(event.originator_id),
        record["version"],
        record["type"],
        event.timestamp,
        record["reference"],
        record["idempotency_key"],
        DATA.encode(record["data"]),
        *map(keys.get, KEYS),
    )


def subject_row(aggregate_id: UUID, keys: Keys) -> tuple[Any, ...]:
    """The event_log_subjects row of an aggregate."""
    return (str(aggregate_id), *map(keys.get, KEYS))


def load_subjects(cur: ViewCursor, ids: Iterable[UUID]) -> dict[UUID, Keys]:
    """The stored subjects of these aggregates (those that have one)."""
    columns = ", ".join(KEYS)
    sql = f"SELECT aggregate_id, {columns} FROM event_log_subjects WHERE aggregate_id IN ({{}})"
    return {
        UUID(row["aggregate_id"]): {key: row[key] for key in KEYS if row[key] is not None}
        for row in cur.select_in(sql, sorted(str(i) for i in ids))
    }
