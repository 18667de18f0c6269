"""One SQL dialect for the views: '%s' placeholders, datetimes stored as UTC, and bulk writes.

The views' tables have the same schema on SQLite and PostgreSQL; this wrapper hides the two
drivers' differences (SQLite wants '?' and has no datetime type) and writes a batch's rows in
as few statements as each driver allows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from projections.table import Table

# From this many rows on, a PostgreSQL upsert COPies the rows into a staging table and upserts
# them in one statement: a quarter of executemany's CPU at 1,000 rows (COPY dumps rows in C;
# executemany does a protocol round of Python work per row). Below it, a pipelined executemany
# costs less wall time: emptying the staging table again takes milliseconds.
STAGE_FROM = 1000


def utc(moment: datetime) -> datetime:
    """The same moment in UTC (naive moments are taken as UTC)."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def moment(value: Any) -> datetime:
    """A stored moment as an aware UTC datetime (SQLite answers ISO text)."""
    return utc(value if isinstance(value, datetime) else datetime.fromisoformat(value))


class ViewCursor:
    """A driver cursor with one placeholder style, portable parameters and bulk writes."""

    def __init__(self, cursor: Any, sqlite: bool) -> None:
        self._cursor = cursor
        self._sqlite = sqlite

    @property
    def raw(self) -> Any:
        """The driver's cursor (for the library's own statements, like tracking)."""
        return self._cursor

    def _sql(self, sql: str) -> str:
        return sql.replace("%s", "?") if self._sqlite else sql

    def param(self, value: Any) -> Any:
        """A value as this driver stores it (moments: UTC, ISO text on SQLite)."""
        if isinstance(value, datetime):
            moment = utc(value)
            # ISO text in UTC sorts and compares correctly as text in SQLite.
            return moment.isoformat(timespec="microseconds") if self._sqlite else moment
        return value

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement."""
        self._cursor.execute(self._sql(sql), [self.param(p) for p in params])

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for many rows."""
        batch = [[self.param(p) for p in row] for row in rows]
        if batch:
            self._cursor.executemany(self._sql(sql), batch)

    def insert(self, table: Table, rows: Sequence[Sequence[Any]]) -> None:
        """Insert new rows (one COPY on PostgreSQL)."""
        if len(rows) > 1 and not self._sqlite:
            self._copy(table.name, table.columns, self._stored(table, rows))
        elif rows:
            self._cursor.executemany(self._sql(table.insert_sql), self._stored(table, rows))

    def upsert(self, table: Table, rows: Sequence[Sequence[Any]]) -> None:
        """Insert rows, or update the rows with their keys (each key at most once)."""
        if len(rows) >= STAGE_FROM and not self._sqlite:
            stage = f"stage_{table.name}"
            self._cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} "
                f"(LIKE {table.name}) ON COMMIT DELETE ROWS"
            )
            self._copy(stage, table.columns, self._stored(table, rows))
            self._cursor.execute(table.staged_upsert_sql(stage))
            self._cursor.execute(f"TRUNCATE {stage}")  # another upsert may follow before commit
        elif rows:
            self._cursor.executemany(self._sql(table.upsert_sql), self._stored(table, rows))

    def delete(self, table: Table, keys: Sequence[Sequence[Any]]) -> None:
        """Delete the rows with these keys."""
        if keys:
            self._cursor.executemany(self._sql(table.delete_sql), keys)

    def _stored(self, table: Table, rows: Sequence[Sequence[Any]]) -> Sequence[Sequence[Any]]:
        # Only the moment columns need converting: a row's other values go as they are.
        indexes = table.moment_indexes
        if not indexes:
            return rows
        stored = []
        for row in rows:
            values = list(row)
            for i in indexes:
                if values[i] is not None:
                    values[i] = self.param(values[i])
            stored.append(values)
        return stored

    def _copy(self, name: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        with self._cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def notify(self, channel: str) -> None:
        """Wake LISTENers in other processes at commit (PostgreSQL; SQLite polls instead)."""
        if not self._sqlite:
            self._cursor.execute(f"NOTIFY {channel}")

    def select_in(self, sql: str, values: Sequence[Any], chunk: int = 500) -> list[dict[str, Any]]:
        """Rows of ``sql`` (a SELECT whose ``{}`` is the placeholders of an IN list) for every
        value, in queries of ``chunk`` values."""
        rows: list[dict[str, Any]] = []
        for start in range(0, len(values), chunk):
            part = values[start : start + chunk]
            self.execute(sql.format(", ".join(["%s"] * len(part))), part)
            rows += self.fetchall()
        return rows

    def fetchone(self) -> dict[str, Any] | None:
        """The next row as a dict, or None."""
        row = self._cursor.fetchone()
        return None if row is None else dict(row)

    def fetchall(self) -> list[dict[str, Any]]:
        """Every remaining row, as dicts."""
        return [dict(row) for row in self._cursor.fetchall()]
