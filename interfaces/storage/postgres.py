"""PostgreSQL application recorder that also stores command receipts in the events' transaction.

Why it overrides the library's private methods: the library has no public hook to write other
rows in the transaction that inserts events, and a receipt must commit exactly with its
command's events. `_fetch_ids_after_insert_events` (the step that knows the new ids) is the one
override for that; `_create_table` only serializes start-ups. Nothing else touches privates.
The library's table lock (taken before the insert) is kept: it is what makes notification ids
follow commit order. POSTGRES_ENABLE_DB_FUNCTIONS must stay unset, since it bypasses this path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from application.receipts import PendingReceipt, StoredReceipt, receipt_rows

# An arbitrary constant, shared by every stocksync process that creates tables.
SCHEMA_LOCK = 0x5707_C5_1C
# Seconds the pool keeps retrying a lost connection (with growing pauses) before it gives up
# and connects afresh for the next caller. The library's default, 5 minutes, let the pauses
# grow to several seconds during an outage, and so did the time to recover after it.
RECONNECT_TIMEOUT = 1.0


class PostgresLedgerRecorder(PostgresApplicationRecorder):
    """Events plus receipts, in one transaction."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        datastore.pool.reconnect_timeout = RECONNECT_TIMEOUT
        self.receipts_table = Identifier(datastore.schema, "command_receipts")
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {0} ("
                "idempotency_key text PRIMARY KEY, "
                "fingerprint text NOT NULL, "
                "body text NOT NULL, "
                "position bigint NOT NULL, "
                "recorded_at timestamptz NOT NULL DEFAULT now())"
            ).format(self.receipts_table)
        )

    def create_table(self) -> None:
        # The library creates its composite type in a transaction of its own, before
        # _create_table and so outside the advisory lock. A process creating it at the same
        # time makes ours fail on pg_type's unique index (an IntegrityError, where the library
        # only suppresses DuplicateObject); by then the other has committed, and a second try
        # finds the type there.
        try:
            super().create_table()
        except IntegrityError:
            super().create_table()

    def _create_table(self, curs: Cursor[DictRow]) -> None:
        # Replicas starting together would race on CREATE OR REPLACE FUNCTION ("tuple
        # concurrently updated"); one at a time, under a transaction-scoped advisory lock.
        curs.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        super()._create_table(curs)

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        receipts: Sequence[PendingReceipt] = kwargs.get("receipts", ())
        if receipts and ids:
            curs.executemany(
                SQL(
                    "INSERT INTO {0} (idempotency_key, fingerprint, body, position) "
                    "VALUES (%s, %s, %s, %s)"
                ).format(self.receipts_table),
                receipt_rows(receipts, ids),
            )
        return ids

    def select_receipts(self, keys: Sequence[str]) -> dict[str, StoredReceipt]:
        """The receipts stored under any of ``keys``."""
        if not keys:
            return {}
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL(
                    "SELECT idempotency_key, fingerprint, body, position FROM {0} "
                    "WHERE idempotency_key = ANY(%s)"
                ).format(self.receipts_table),
                (list(keys),),
            )
            rows = curs.fetchall()
        return {
            r["idempotency_key"]: StoredReceipt(
                r["idempotency_key"], r["fingerprint"], r["body"], r["position"]
            )
            for r in rows
        }

    def select_position(self, originator_id: UUID, version: int) -> int | None:
        """The notification id (log position) of one aggregate event."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL(
                    "SELECT notification_id FROM {0}.{1} "
                    "WHERE originator_id=%s AND originator_version=%s"
                ).format(Identifier(self.datastore.schema), Identifier(self.events_table_name)),
                (originator_id, version),
            )
            row = curs.fetchone()
        return None if row is None else int(row["notification_id"])

    def select_histories(self, originator_ids: Sequence[UUID]) -> list[StoredEvent]:
        """Every stored event of these aggregates, by aggregate then version (one query)."""
        if not originator_ids:
            return []
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL(
                    "SELECT originator_id, originator_version, topic, state FROM {0}.{1} "
                    "WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version"
                ).format(Identifier(self.datastore.schema), Identifier(self.events_table_name)),
                (list(set(originator_ids)),),
            )
            rows = curs.fetchall()
        return [
            StoredEvent(r["originator_id"], r["originator_version"], r["topic"], bytes(r["state"]))
            for r in rows
        ]
