"""Table: a view table as the bulk writes see it (its columns, its key, its moment columns),
and the portable statements that write it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import LiteralString


@dataclass(frozen=True)
class Table:
    """A table's columns in row order, the columns of its primary key, and those holding
    moments (TIMESTAMPTZ: stored as UTC, as ISO text on SQLite)."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    moments: tuple[str, ...] = ()

    @cached_property
    def moment_indexes(self) -> tuple[int, ...]:
        """Where the moments sit in a row."""
        return tuple(self.columns.index(column) for column in self.moments)

    @cached_property
    def insert_sql(self) -> str:
        """INSERT of one row."""
        return (
            f"INSERT INTO {self.name} ({', '.join(self.columns)}) "
            f"VALUES ({', '.join(['%s'] * len(self.columns))})"
        )

    @cached_property
    def updates(self) -> str:
        """The SET list of an upsert: every column outside the key, from the new row."""
        return ", ".join(f"{c}=excluded.{c}" for c in self.columns if c not in self.key)

    @cached_property
    def upsert_sql(self) -> str:
        """INSERT of one row, or UPDATE of the row with its key."""
        return f"{self.insert_sql} ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET {self.updates}"

    @cached_property
    def delete_sql(self) -> str:
        """DELETE of the row with a key."""
        return f"DELETE FROM {self.name} WHERE " + " AND ".join(f"{c}=%s" for c in self.key)

    def staged_upsert_sql(self, stage: str) -> str:
        """Upsert of every row of a staging table with this table's columns (PostgreSQL)."""
        columns = ", ".join(self.columns)
        return (
            f"INSERT INTO {self.name} ({columns}) SELECT {columns} FROM {stage} "
            f"ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET {self.updates}"
        )


@dataclass(frozen=True)
class Index:
    """A secondary index that only readers use, never a view's own batches: a rebuild
    creates it once the log is replayed (building it in one go is much faster than keeping it
    up to date row by row)."""

    name: LiteralString
    table: LiteralString
    columns: LiteralString

    @property
    def create(self) -> LiteralString:
        """The statement that creates it (when missing)."""
        return f"CREATE INDEX IF NOT EXISTS {self.name} ON {self.table} ({self.columns})"

    @property
    def drop(self) -> LiteralString:
        """The statement that drops it (when present)."""
        return f"DROP INDEX IF EXISTS {self.name}"
