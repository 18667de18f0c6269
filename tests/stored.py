"""Everything a database holds, as text: to show that a value was never stored anywhere."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg

USER_TABLES = (
    "SELECT table_schema, table_name FROM information_schema.tables "
    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
)


def stored_text(database_url: str) -> str:
    """Every cell of every table, bytes decoded byte for byte (the events' state is bytes)."""
    return "\n".join(_text(cell) for row in _rows(database_url) for cell in row)


def _rows(database_url: str) -> list[tuple[Any, ...]]:
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            query = "SELECT name FROM sqlite_master WHERE type = 'table'"
            tables = [name for (name,) in db.execute(query)]
            return [row for table in tables for row in db.execute(f'SELECT * FROM "{table}"')]
    with psycopg.connect(database_url) as db:
        tables = db.execute(USER_TABLES).fetchall()
        return [
            row
            for schema, table in tables
            for row in db.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall()
        ]


def _text(cell: Any) -> str:
    if isinstance(cell, bytes | memoryview):
        return bytes(cell).decode("latin-1")
    return str(cell)
