"""`reservations`: every reservation's status and expiry, for the expiry sweeper and analysts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from projections import events
from projections.cursor import ViewCursor
from projections.model import Positioned, ReadModel
from projections.store import View, query
from projections.table import Index, Table

RESERVATIONS = Table(
    "reservations",
    (
        "reservation_id",
        "aggregate_id",
        "order_id",
        "channel",
        "status",
        "reason",
        "expires_at",
        "placed_at",
        "position",
    ),
    ("reservation_id",),
    ("expires_at", "placed_at"),
)
DUE = Index("reservations_due", "reservations", "status, expires_at")
ENDED = "UPDATE reservations SET status=%s, reason=%s, position=%s WHERE aggregate_id=%s"


class Reservations(ReadModel):
    """One row per reservation."""

    name = "reservations"
    tables = ("reservations",)
    ddl = (
        "CREATE TABLE IF NOT EXISTS reservations ("
        "reservation_id TEXT PRIMARY KEY, "
        "aggregate_id TEXT NOT NULL UNIQUE, "
        "order_id TEXT NOT NULL, "
        "channel TEXT NOT NULL, "
        "status TEXT NOT NULL, "
        "reason TEXT, "
        "expires_at TIMESTAMPTZ, "
        "placed_at TIMESTAMPTZ NOT NULL, "
        "position BIGINT NOT NULL)",
        DUE.create,
    )
    search_indexes = (DUE,)

    def apply(self, cur: ViewCursor, batch: Sequence[Positioned]) -> None:
        """Insert placed reservations; record releases and fulfilments (each row once)."""
        placed: dict[str, list[Any]] = {}
        ended: dict[str, tuple[str, str | None, int]] = {}
        for event, position in batch:
            match event:
                case events.Placed():
                    placed[event.originator_id.hex] = _placed(event, position)
                case events.Released():
                    ended[event.originator_id.hex] = ("released", event.reason, position)
                case events.Fulfilled():
                    ended[event.originator_id.hex] = ("fulfilled", None, position)
        for aggregate_id in placed.keys() & ended.keys():  # placed and ended in this batch
            row = placed[aggregate_id]
            row[4], row[5], row[8] = ended.pop(aggregate_id)  # status, reason, position
        cur.insert(RESERVATIONS, list(placed.values()))
        cur.executemany(ENDED, [(*end, aggregate_id) for aggregate_id, end in ended.items()])


def _placed(event: Any, position: int) -> list[Any]:
    # The row of a reservation just placed (a list: it may end in the same batch).
    return [
        event.reservation_id,
        event.originator_id.hex,
        event.order_id,
        event.channel,
        "reserved",
        None,
        event.expires_at,
        event.timestamp,
        position,
    ]


def due(view: View, now: datetime, limit: int) -> list[str]:
    """Open reservations whose expiry has passed, oldest expiry first."""
    rows: list[dict[str, Any]] = query(
        view,
        "SELECT reservation_id FROM reservations WHERE status='reserved' "
        "AND expires_at IS NOT NULL AND expires_at <= %s ORDER BY expires_at LIMIT %s",
        (now, limit),
    )
    return [str(row["reservation_id"]) for row in rows]
