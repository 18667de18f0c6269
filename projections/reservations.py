"""`reservations`: every reservation's status and expiry, for the expiry sweeper and analysts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from projections.cursor import ViewCursor
from projections.model import Positioned, ReadModel, event_name
from projections.store import View, query


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
        "CREATE INDEX IF NOT EXISTS reservations_due ON reservations (status, expires_at)",
    )

    def apply(self, cur: ViewCursor, events: Sequence[Positioned]) -> None:
        """Insert placed reservations; update status on release and fulfilment."""
        for event, position in events:
            kind = event_name(event)
            if kind == "Reservation.Placed":
                cur.insert(
                    "INSERT INTO reservations (reservation_id, aggregate_id, order_id, channel, "
                    "status, expires_at, placed_at, position) "
                    "VALUES (%s, %s, %s, %s, 'reserved', %s, %s, %s)",
                    (
                        event.reservation_id,
                        event.originator_id.hex,
                        event.order_id,
                        event.channel,
                        event.expires_at,
                        event.timestamp,
                        position,
                    ),
                )
            elif kind in ("Reservation.Released", "Reservation.Fulfilled"):
                status = "released" if kind == "Reservation.Released" else "fulfilled"
                cur.execute(
                    "UPDATE reservations SET status=%s, reason=%s, position=%s "
                    "WHERE aggregate_id=%s",
                    (status, getattr(event, "reason", None), position, event.originator_id.hex),
                )


def due(view: View, now: datetime, limit: int) -> list[str]:
    """Open reservations whose expiry has passed, oldest expiry first."""
    rows: list[dict[str, Any]] = query(
        view,
        "SELECT reservation_id FROM reservations WHERE status='reserved' "
        "AND expires_at IS NOT NULL AND expires_at <= %s ORDER BY expires_at LIMIT %s",
        (now, limit),
    )
    return [str(row["reservation_id"]) for row in rows]
