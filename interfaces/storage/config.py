"""DATABASE_URL -> the eventsourcing environment for the ledger and its views."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit


class DatabaseUrlError(ValueError):
    """DATABASE_URL is not a sqlite:/// or postgresql:// URL."""


def persistence_env(database_url: str) -> dict[str, str]:
    """The library's settings for the URL, with our recorders that also keep receipts."""
    if database_url.startswith("sqlite:///"):
        return _sqlite(database_url.removeprefix("sqlite:///"))
    if database_url.startswith(("postgresql://", "postgres://")):
        return _postgres(database_url)
    raise DatabaseUrlError(
        f"DATABASE_URL must be sqlite:///path/to/file.db or postgresql://user:pass@host:port/db, "
        f"got {database_url!r}"
    )


def describe(database_url: str) -> str:
    """The database a URL names, for people: a SQLite file's path, or PostgreSQL's host, port
    and database (never the password)."""
    if database_url.startswith("sqlite:///"):
        return database_url.removeprefix("sqlite:///")
    parts = urlsplit(database_url)
    return f"{parts.hostname or '127.0.0.1'}:{parts.port or 5432}{parts.path}"


def check_writable(database_url: str) -> None:
    """Refuse a SQLite database this process may not write: the file if it exists, and its
    directory (SQLite creates its journal there). PermissionError names the first."""
    if not database_url.startswith("sqlite:///"):
        return
    path = Path(database_url.removeprefix("sqlite:///"))
    for target in (path, path.parent):
        if target.exists() and not os.access(target, os.W_OK):
            raise PermissionError(errno.EACCES, "not writable by this user", str(target))


def _sqlite(path: str) -> dict[str, str]:
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": path,
        "SQLITE_LOCK_TIMEOUT": "30",
        "APPLICATION_RECORDER_TOPIC": "interfaces.storage.sqlite:SQLiteLedgerRecorder",
    }


def _postgres(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    dbname = parts.path.lstrip("/")
    if not dbname:
        raise DatabaseUrlError(f"DATABASE_URL names no database: {url!r}")
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": unquote(dbname),
        "POSTGRES_HOST": parts.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_POOL_SIZE": "4",
        "POSTGRES_MAX_OVERFLOW": "16",
        "POSTGRES_LOCK_TIMEOUT": "10",
        # Never the DB functions: they drop the table lock that keeps notification order.
        "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
        "APPLICATION_RECORDER_TOPIC": "interfaces.storage.postgres:PostgresLedgerRecorder",
    }
