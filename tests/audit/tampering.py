"""What the audit chain's tests share: a small ledger workload, and raw SQL on the stored events
(the way someone with database access would tamper with them)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from application.executor import Executor
from application.movements import Adjust, Count, Receive
from interfaces.runtime.container import Container
from tests import refs


def workload(executor: Executor, rounds: int = 4) -> list[int]:
    """Receipts, adjustments and counts on fresh SKUs; the positions the commands answered."""
    positions = []
    for _ in range(rounds):
        sku, location = refs.sku(), refs.location()
        positions.append(executor.execute(Receive(sku, location, 10, refs.order())).position)
        positions.append(executor.execute(Adjust(sku, location, -2, "damaged", "DMG")).position)
        positions.append(executor.execute(Count(sku, location, 7, "COUNT")).position)
    return positions


@dataclass(frozen=True)
class RawLog:
    """The stored events table, reached with the database's own driver."""

    database_url: str
    table: str

    @classmethod
    def of(cls, container: Container) -> RawLog:
        """The ledger's events table (its name depends on the backend)."""
        table: str = container.ledger.recorder.events_table_name  # type: ignore[attr-defined]
        return cls(container.settings.database_url, table)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement. ``{events}`` is the table, ``{position}`` its position column
        (SQLite's rowid, PostgreSQL's notification_id); placeholders are ``%s``."""
        if self.database_url.startswith("sqlite:///"):
            statement = sql.format(events=self.table, position="rowid").replace("%s", "?")
            with sqlite3.connect(self.database_url.removeprefix("sqlite:///")) as conn:
                return conn.execute(statement, params).fetchall()
        statement = sql.format(events=self.table, position="notification_id")
        with psycopg.connect(self.database_url, autocommit=True) as pg, pg.cursor() as cursor:
            cursor.execute(statement.encode(), params)
            return cursor.fetchall() if cursor.description else []

    def row(self, position: int) -> tuple[Any, ...]:
        """The stored row at a position: (originator_id, originator_version, topic, state)."""
        return self.execute(
            "SELECT originator_id, originator_version, topic, state FROM {events} "
            "WHERE {position} = %s",
            (position,),
        )[0]

    def edit(self, position: int) -> None:
        """Change the stored payload of the event at a position (one byte more)."""
        state = bytes(self.row(position)[3]).replace(b'"timestamp"', b'"timestamp" ', 1)
        self.execute("UPDATE {events} SET state = %s WHERE {position} = %s", (state, position))

    def delete(self, position: int) -> None:
        """Delete the stored event at a position."""
        self.execute("DELETE FROM {events} WHERE {position} = %s", (position,))

    def insert(self, position: int, row: tuple[Any, ...]) -> None:
        """Store a row (originator_id as 32 hex digits, version, topic, state) at a position."""
        self.execute(
            "INSERT INTO {events} ({position}, originator_id, originator_version, topic, state) "
            "VALUES (%s, %s, %s, %s, %s)",
            (position, *row),
        )

    def move(self, source: int, target: int) -> None:
        """Give the stored event at ``source`` the (free) position ``target``."""
        self.execute("UPDATE {events} SET {position} = %s WHERE {position} = %s", (target, source))

    def swap(self, first: int, second: int) -> None:
        """Swap the positions of two stored events."""
        self.move(first, -1)
        self.move(second, first)
        self.move(-1, second)
