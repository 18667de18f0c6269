"""The outbox: messages for NATS, written by the inventory view in its own transaction.

Every stock event gets a message; each (channel, SKU) whose figure moved gets one per batch,
with the newest figure (a burst inside one batch skips the figures in between). The reactor
publishes them in order and deletes them only after JetStream has acked, so a message is never
lost (at-least-once); its Msg-Id, deterministic for a given figure and position, lets JetStream
drop replays. A rebuild does not write the outbox: replayed history is not news.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.records import event_record
from projections.cursor import ViewCursor
from projections.figure_row import Announcement
from projections.table import Table

DDL = (
    "CREATE TABLE IF NOT EXISTS outbox ("
    "position BIGINT NOT NULL, seq BIGINT NOT NULL, kind TEXT NOT NULL, "
    "channel TEXT, sku TEXT NOT NULL, location TEXT, payload TEXT NOT NULL, "
    "PRIMARY KEY (position, seq))",
    "CREATE TABLE IF NOT EXISTS publications ("
    "channel TEXT NOT NULL, sku TEXT NOT NULL, available BIGINT NOT NULL, "
    "position BIGINT NOT NULL, published_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (channel, sku))",
)
CHANNEL = "stocksync_outbox"  # NOTIFY channel on PostgreSQL
CHECKPOINT_SEQ = -1  # the audit chain's row at a position; the inventory view's count from 0
OUTBOX = Table(
    "outbox",
    ("position", "seq", "kind", "channel", "sku", "location", "payload"),
    ("position", "seq"),
)


class Outbox:
    """Collects one batch's messages; ``write`` stores them with the batch."""

    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []
        self._seq: dict[int, int] = {}

    def _next(self, position: int) -> int:
        self._seq[position] = self._seq.get(position, -1) + 1
        return self._seq[position]

    def stock_event(self, event: Any, sku: str, location: str, position: int) -> None:
        """Every stock event, for WMS, ERP and analytics consumers."""
        record = event_record(event)
        record.pop("idempotency_key")
        payload = {**record, "sku": sku, "location": location, "position": position}
        self.rows.append(
            (position, self._next(position), "event", None, sku, location, json.dumps(payload))
        )

    def availability(self, announcement: Announcement) -> None:
        """A channel's figure for a SKU moved in this batch: the newest figure, at the position
        of the last event that moved it, and the figure published before."""
        row = announcement.row
        payload = {
            "channel": row.channel,
            "sku": row.sku,
            "available": row.figure.available,
            "previous": announcement.previous,
            "position": row.position,
            "occurred_at": row.updated_at.isoformat(),
        }
        self.rows.append(
            (
                row.position,
                self._next(row.position),
                "availability",
                row.channel,
                row.sku,
                None,
                json.dumps(payload),
            )
        )

    def checkpoint(self, position: int, chain_hash: str, count: int, at: datetime) -> None:
        """The audit chain's hash after its ``count``-th event, at ``position`` (audit_chain)."""
        payload = {"position": position, "hash": chain_hash, "count": count, "at": at.isoformat()}
        self.rows.append(
            (position, CHECKPOINT_SEQ, "checkpoint", None, "", None, json.dumps(payload))
        )

    def write(self, cur: ViewCursor) -> None:
        """Store the batch's messages, and wake the reactor wherever it runs."""
        if self.rows:
            cur.insert(OUTBOX, self.rows)
            cur.notify(CHANNEL)


def pending(cur: ViewCursor, limit: int) -> list[dict[str, Any]]:
    """The oldest unpublished messages, in log order."""
    cur.execute(
        "SELECT position, seq, kind, channel, sku, location, payload FROM outbox "
        "ORDER BY position, seq LIMIT %s",
        (limit,),
    )
    return cur.fetchall()


def published(cur: ViewCursor, rows: Sequence[dict[str, Any]], at: datetime) -> None:
    """Forget published messages and remember each channel's last published figure."""
    cur.executemany(
        "DELETE FROM outbox WHERE position=%s AND seq=%s", [(r["position"], r["seq"]) for r in rows]
    )
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        if row["kind"] == "availability":
            latest[(row["channel"], row["sku"])] = json.loads(row["payload"])
    cur.executemany(
        "INSERT INTO publications (channel, sku, available, position, published_at) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (channel, sku) DO UPDATE SET "
        "available=excluded.available, position=excluded.position, "
        "published_at=excluded.published_at",
        [(c, s, p["available"], p["position"], at) for (c, s), p in latest.items()],
    )
