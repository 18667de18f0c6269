"""Reading the event_log view: the global log in order, filtered, paged by position. The HTTP
endpoint and the `audit log` command both answer from here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from projections.cursor import utc
from projections.event_keys import KEYS
from projections.store import View, query

SELECT = (
    "SELECT position, originator_type, originator_id, version, type, occurred_at, reference, "
    f"idempotency_key, data, {', '.join(KEYS)} FROM event_log WHERE position > %s"
)
PAGE = 1000  # rows per query when reading everything


def check_period(since: datetime | None, until: datetime | None) -> None:
    """A period must not end before it starts (ValueError)."""
    if since is not None and until is not None and utc(since) > utc(until):
        raise ValueError("'from' must not be after 'to'")


@dataclass(frozen=True)
class LogFilter:
    """What to look for; None matches anything. ``type`` is an event class name ('Received')
    or qualified by its aggregate ('StockItem.Received'); ``since`` is inclusive, ``until``
    exclusive."""

    sku: str | None = None
    location: str | None = None
    channel: str | None = None
    reservation_id: str | None = None
    order_id: str | None = None
    transfer_id: str | None = None
    type: str | None = None
    reference: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def __post_init__(self) -> None:
        check_period(self.since, self.until)

    def conditions(self) -> tuple[str, list[Any]]:
        """The SQL conditions (each starting with AND) and their parameters."""
        equal = {key: getattr(self, key) for key in (*KEYS, "reference")}
        if self.type is not None:
            aggregate, _, name = self.type.rpartition(".")
            equal["type"] = name
            equal["originator_type"] = aggregate or None
        wanted = {column: value for column, value in equal.items() if value is not None}
        sql = "".join(f" AND {column} = %s" for column in wanted)
        params: list[Any] = list(wanted.values())
        for condition, moment in (
            (" AND occurred_at >= %s", self.since),
            (" AND occurred_at < %s", self.until),
        ):
            if moment is not None:
                sql += condition
                params.append(utc(moment))
        return sql, params


@dataclass(frozen=True)
class Entry:
    """One logged event, with the keys it is filed under."""

    position: int
    originator_type: str
    originator_id: str
    version: int
    type: str
    occurred_at: datetime
    reference: str | None
    idempotency_key: str | None
    data: dict[str, Any]
    keys: dict[str, str | None]

    def record(self) -> dict[str, Any]:
        """The event as the API and JSON lines show it."""
        return {
            "position": self.position,
            "originator": {"type": self.originator_type, "id": self.originator_id},
            "version": self.version,
            "type": self.type,
            "occurred_at": self.occurred_at,
            "reference": self.reference,
            "idempotency_key": self.idempotency_key,
            "data": self.data,
        }


def _entry(row: dict[str, Any]) -> Entry:
    moment = row["occurred_at"]  # a datetime on PostgreSQL, ISO text on SQLite
    return Entry(
        position=int(row["position"]),
        originator_type=row["originator_type"],
        originator_id=row["originator_id"],
        version=int(row["version"]),
        type=row["type"],
        occurred_at=utc(moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)),
        reference=row["reference"],
        idempotency_key=row["idempotency_key"],
        data=json.loads(row["data"]),
        keys={key: row[key] for key in KEYS},
    )


def page(view: View, where: LogFilter, after: int, limit: int) -> tuple[list[Entry], int | None]:
    """Up to ``limit`` matching events after a position; the page's ``next_after`` is None when
    there are no more."""
    conditions, params = where.conditions()
    rows = query(view, f"{SELECT}{conditions} ORDER BY position LIMIT %s", (after, *params, limit))
    found = [_entry(row) for row in rows]
    return found, (found[-1].position if len(found) == limit else None)


def entries(
    view: View, where: LogFilter, after: int = 0, limit: int | None = None
) -> Iterator[Entry]:
    """Every matching event after a position (at most ``limit``), read a page at a time."""
    remaining = limit
    position: int | None = after
    while position is not None and remaining != 0:
        size = PAGE if remaining is None else min(PAGE, remaining)
        found, position = page(view, where, position, size)
        yield from found
        if remaining is not None:
            remaining -= len(found)
