"""One SQL dialect for the views: '%s' placeholders, datetimes stored as UTC.

The views' tables have the same schema on SQLite and PostgreSQL; this wrapper hides the two
drivers' differences (SQLite wants '?' and has no datetime type)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any


def utc(moment: datetime) -> datetime:
    """The same moment in UTC (naive moments are taken as UTC)."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


class ViewCursor:
    """A driver cursor with one placeholder style and portable parameters."""

    def __init__(self, cursor: Any, sqlite: bool) -> None:
        self._cursor = cursor
        self._sqlite = sqlite

    def _sql(self, sql: str) -> str:
        return sql.replace("%s", "?") if self._sqlite else sql

    def _param(self, value: Any) -> Any:
        if isinstance(value, datetime):
            moment = utc(value)
            # ISO text in UTC sorts and compares correctly as text in SQLite.
            return moment.isoformat(timespec="microseconds") if self._sqlite else moment
        return value

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement."""
        self._cursor.execute(self._sql(sql), [self._param(p) for p in params])

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for many rows (a batch write)."""
        batch = [[self._param(p) for p in row] for row in rows]
        if batch:
            self._cursor.executemany(self._sql(sql), batch)

    def notify(self, channel: str) -> None:
        """Wake LISTENers in other processes at commit (PostgreSQL; SQLite polls instead)."""
        if not self._sqlite:
            self._cursor.execute(f"NOTIFY {channel}")

    def fetchone(self) -> dict[str, Any] | None:
        """The next row as a dict, or None."""
        row = self._cursor.fetchone()
        return None if row is None else dict(row)

    def fetchall(self) -> list[dict[str, Any]]:
        """Every remaining row, as dicts."""
        return [dict(row) for row in self._cursor.fetchall()]
