"""One SQL dialect for the views: '%s' placeholders, datetimes stored as UTC.

The views' tables have the same schema on SQLite and PostgreSQL; this wrapper hides the two
drivers' differences (SQLite wants '?' and has no datetime type)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

# "INSERT INTO t (a, b) VALUES (%s, %s)" and nothing after: the same as a COPY of its rows
# (an upsert or a RETURNING is not).
PLAIN_INSERT = re.compile(r"^\s*(INSERT INTO [^()]+\([^()]*\))\s*VALUES\s*\((?:%s,\s*)*%s\)\s*$")


def utc(moment: datetime) -> datetime:
    """The same moment in UTC (naive moments are taken as UTC)."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


class ViewCursor:
    """A driver cursor with one placeholder style and portable parameters."""

    def __init__(self, cursor: Any, sqlite: bool) -> None:
        self._cursor = cursor
        self._sqlite = sqlite
        self._deferred: dict[str, list[Sequence[Any]]] = {}

    def insert(self, sql: str, params: Sequence[Any]) -> None:
        """Queue a plain INSERT row: rows of one statement go together, before the next other
        statement (so a later read sees them) or at the end of the transaction's work."""
        self._deferred.setdefault(sql, []).append(params)

    def flush(self) -> None:
        """Send the queued INSERT rows."""
        deferred, self._deferred = self._deferred, {}
        for sql, rows in deferred.items():
            self.executemany(sql, rows)

    @property
    def raw(self) -> Any:
        """The driver's cursor (for the library's own statements, like tracking)."""
        return self._cursor

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
        self.flush()
        self._cursor.execute(self._sql(sql), [self._param(p) for p in params])

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for many rows (a batch write)."""
        self.flush()
        batch = [[self._param(p) for p in row] for row in rows]
        plain = None if self._sqlite or len(batch) < 2 else PLAIN_INSERT.match(sql)
        if plain is not None:
            self._insert_rows(plain.group(1), batch)
        elif batch:
            self._cursor.executemany(self._sql(sql), batch)

    def _insert_rows(self, head: str, batch: list[list[Any]]) -> None:
        # COPY: psycopg's executemany costs a protocol round of Python work per row, and a long
        # multi-row INSERT as much again in query parsing; COPY rows are dumped in C.
        table_and_columns = head.removeprefix("INSERT INTO").strip()
        with self._cursor.copy(f"COPY {table_and_columns} FROM STDIN") as copy:
            for row in batch:
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
