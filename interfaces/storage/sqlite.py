"""SQLite application recorder that also stores command receipts in the events' transaction.

Why it overrides the library's private `_insert_events`: the library has no public hook to
write other rows in the transaction that inserts events, and a receipt must commit exactly with
its command's events. It is the only private method overridden here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor

from application.receipts import PendingReceipt, StoredReceipt, receipt_rows

RECEIPTS_TABLE = (
    "CREATE TABLE IF NOT EXISTS command_receipts ("
    "idempotency_key TEXT PRIMARY KEY, "
    "fingerprint TEXT NOT NULL, "
    "body TEXT NOT NULL, "
    "position INTEGER NOT NULL, "
    "recorded_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
)


class SQLiteLedgerRecorder(SQLiteApplicationRecorder):
    """Events plus receipts, in one transaction."""

    def construct_create_table_statements(self) -> list[str]:
        """The library's events table, plus the receipts table."""
        return [*super().construct_create_table_statements(), RECEIPTS_TABLE]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        receipts: Sequence[PendingReceipt] = kwargs.get("receipts", ())
        if receipts and ids:
            c.executemany(
                "INSERT INTO command_receipts (idempotency_key, fingerprint, body, position) "
                "VALUES (?, ?, ?, ?)",
                receipt_rows(receipts, ids),
            )
        return ids

    def select_receipts(self, keys: Sequence[str]) -> dict[str, StoredReceipt]:
        """The receipts stored under any of ``keys`` (one query per 500 keys)."""
        found: dict[str, StoredReceipt] = {}
        with self.datastore.transaction(commit=False) as c:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start : start + 500])
                c.execute(
                    "SELECT idempotency_key, fingerprint, body, position FROM command_receipts "
                    f"WHERE idempotency_key IN ({', '.join('?' * len(chunk))})",
                    chunk,
                )
                for row in c.fetchall():
                    key = row["idempotency_key"]
                    found[key] = StoredReceipt(
                        key, row["fingerprint"], row["body"], row["position"]
                    )
        return found

    def select_position(self, originator_id: UUID, version: int) -> int | None:
        """The rowid (log position) of one aggregate event."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT rowid FROM {self.events_table_name} "
                "WHERE originator_id=? AND originator_version=?",
                (originator_id.hex, version),
            )
            row = c.fetchone()
        return None if row is None else int(row[0])

    def select_histories(self, originator_ids: Sequence[UUID]) -> list[StoredEvent]:
        """Every stored event of these aggregates, by aggregate then version (500 per query)."""
        wanted = sorted({i.hex for i in originator_ids})
        found: list[StoredEvent] = []
        with self.datastore.transaction(commit=False) as c:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                c.execute(
                    "SELECT originator_id, originator_version, topic, state "
                    f"FROM {self.events_table_name} "
                    f"WHERE originator_id IN ({', '.join('?' * len(chunk))}) "
                    "ORDER BY originator_id, originator_version",
                    chunk,
                )
                found += [
                    StoredEvent(
                        UUID(r["originator_id"]), r["originator_version"], r["topic"], r["state"]
                    )
                    for r in c.fetchall()
                ]
        return found
