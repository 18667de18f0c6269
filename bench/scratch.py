"""Scratch databases: each scenario gets its own, dropped afterwards.

PostgreSQL databases are created on the server whose maintenance database BENCH_POSTGRES_URL
names (else STOCKSYNC_TEST_POSTGRES_URL, else postgresql://postgres@127.0.0.1:5432/postgres);
SQLite files live in a temporary directory.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

ADMIN = os.environ.get(
    "BENCH_POSTGRES_URL",
    os.environ.get("STOCKSYNC_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
)
BACKENDS = ("postgres", "sqlite")
TRACKED_VIEWS = ("inventory", "reservations", "event_log", "audit_chain")


@contextmanager
def database(backend: str, label: str = "bench") -> Iterator[str]:
    """A scratch database URL for ``backend``, removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"stocksync-{label}-") as tmp:
            yield f"sqlite:///{tmp}/{label}.db"
        return
    name = f"stocksync_{label}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{ADMIN.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of one query on a sqlite:/// or postgresql:// URL (PostgreSQL's %s placeholders)."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as conn:
            return list(conn.execute(sql.replace("%s", "?"), params).fetchall())
    with psycopg.connect(url) as pg:
        return list(pg.execute(sql, params).fetchall())


def position_column(url: str) -> str:
    """The events table's log position column: SQLite's rowid, PostgreSQL's notification_id."""
    return "rowid" if url.startswith("sqlite:///") else "notification_id"


def view_positions(url: str) -> dict[str, int]:
    """Each view's tracked position (0 before its first event)."""
    positions = {}
    for view in TRACKED_VIEWS:
        try:
            rows = query(url, f"SELECT COALESCE(MAX(notification_id), 0) FROM {view}_tracking")
        except (sqlite3.Error, psycopg.Error):
            rows = [(0,)]
        positions[view] = int(rows[0][0])
    return positions


def postgres_version() -> str:
    """The server's version string, or why it could not be read."""
    try:
        with psycopg.connect(ADMIN) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            return str(row[0]) if row else "unknown"
    except psycopg.Error as exc:
        return f"unavailable ({exc.__class__.__name__})"
