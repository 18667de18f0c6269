"""The HTTP baselines, served by uvicorn subprocesses with the same settings as stocksync:

    uvicorn --factory bench.baselines:hello_app
    BENCH_DATABASE_URL=postgresql://... uvicorn --factory bench.baselines:rowlock_app

Both take the very request stocksync takes (POST /v1/reservations, the same pydantic body),
so one load script drives all three:

- `hello_app` parses the body and answers 201: the HTTP floor of FastAPI + uvicorn.
- `rowlock_app` is the plain CRUD way to reserve: one `UPDATE stock SET reserved = reserved + q
  WHERE ... AND on_hand - reserved >= q` per line, on a psycopg pool (or one sqlite3 connection
  per worker thread), 201 when the row was updated and 409 when it was not. Like stocksync, it
  checks the bench's bearer token first (401 without it).

Sync endpoints, so FastAPI runs them on its thread pool, as it runs stocksync's.
"""

from __future__ import annotations

import hmac
import os
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Annotated, Any, Protocol

from fastapi import FastAPI, Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from bench.token import AUTHORIZATION

STOCK_TABLE = "bench_stock"
RESERVE_SQL = (
    f"UPDATE {STOCK_TABLE} SET reserved = reserved + {{q}} "
    f"WHERE sku = {{p}} AND location = {{p}} AND on_hand - reserved >= {{q}}"
)


class LineIn(BaseModel):
    """One order line, as stocksync's API takes it."""

    sku: Annotated[str, Field(min_length=1, max_length=200)]
    quantity: Annotated[int, Field(gt=0)]
    location: str | None = None


class ReservationIn(BaseModel):
    """The reservation body, as stocksync's API takes it."""

    reservation_id: Annotated[str, Field(min_length=1, max_length=200)]
    order_id: Annotated[str, Field(min_length=1, max_length=200)]
    channel: Annotated[str, Field(min_length=1, max_length=200)]
    lines: Annotated[list[LineIn], Field(min_length=1, max_length=500)]


class Stock(Protocol):
    """Where the row-lock baseline keeps its stock rows."""

    def reserve(self, sku: str, location: str, quantity: int) -> bool:
        """Reserve in one transaction; False when the row had too little available."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


class PostgresStock:
    """Rows in PostgreSQL, through a psycopg connection pool."""

    def __init__(self, url: str, size: int) -> None:
        from psycopg_pool import ConnectionPool

        self.sql = RESERVE_SQL.format(p="%s", q="%s")
        self.pool = ConnectionPool(url, min_size=size, max_size=size, open=True)

    def reserve(self, sku: str, location: str, quantity: int) -> bool:
        with self.pool.connection() as conn:
            cursor = conn.execute(self.sql, (quantity, sku, location, quantity))
            return cursor.rowcount == 1

    def close(self) -> None:
        self.pool.close()


class SqliteStock:
    """Rows in a SQLite file in WAL mode, one connection per worker thread."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.sql = RESERVE_SQL.format(p="?", q="?")
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            self._local.conn = conn
        return conn

    def reserve(self, sku: str, location: str, quantity: int) -> bool:
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            updated = conn.execute(self.sql, (quantity, sku, location, quantity)).rowcount
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return updated == 1

    def close(self) -> None:
        """Thread-local connections close with their threads."""


def open_stock(url: str, pool_size: int = 32) -> Stock:
    """The stock rows behind a sqlite:/// or postgresql:// URL."""
    if url.startswith("sqlite:///"):
        return SqliteStock(url.removeprefix("sqlite:///"))
    return PostgresStock(url, pool_size)


def create_schema(url: str, rows: Iterable[tuple[str, str, int]]) -> None:
    """Create the stock table and insert (sku, location, on_hand) rows."""
    ddl = (
        f"CREATE TABLE {STOCK_TABLE} (sku text NOT NULL, location text NOT NULL, "
        "on_hand bigint NOT NULL, reserved bigint NOT NULL DEFAULT 0, "
        "PRIMARY KEY (sku, location))"
    )
    insert = f"INSERT INTO {STOCK_TABLE} (sku, location, on_hand) VALUES "
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(ddl)
            conn.executemany(insert + "(?, ?, ?)", list(rows))
        return
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute(ddl)
        with conn.cursor() as cursor:
            cursor.executemany(insert + "(%s, %s, %s)", list(rows))


def read_stock(url: str) -> dict[tuple[str, str], tuple[int, int]]:
    """(sku, location) -> (on_hand, reserved), for the invariants."""
    query = f"SELECT sku, location, on_hand, reserved FROM {STOCK_TABLE}"
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            rows: list[Any] = conn.execute(query).fetchall()
    else:
        import psycopg

        with psycopg.connect(url) as pg:
            rows = pg.execute(query).fetchall()
    return {(sku, loc): (int(on_hand), int(reserved)) for sku, loc, on_hand, reserved in rows}


def hello_app() -> FastAPI:
    """The floor: parse the reservation body, answer 201."""
    app = FastAPI(title="bench hello")

    @app.post("/v1/reservations", status_code=201)
    def hello(body: ReservationIn) -> dict[str, str]:
        return {"hello": body.reservation_id}

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def rowlock_app() -> FastAPI:
    """A row-locking reserve endpoint on BENCH_DATABASE_URL (pool size BENCH_POOL_SIZE)."""
    url = os.environ["BENCH_DATABASE_URL"]
    size = int(os.environ.get("BENCH_POOL_SIZE", "32"))
    state: dict[str, Stock] = {}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        state["stock"] = open_stock(url, size)
        try:
            yield
        finally:
            state["stock"].close()

    app = FastAPI(title="bench row-lock", lifespan=lifespan)

    @app.post("/v1/reservations", status_code=201, response_model=None)
    def reserve(
        body: ReservationIn, authorization: Annotated[str, Header()] = ""
    ) -> dict[str, str] | JSONResponse:
        if not hmac.compare_digest(authorization.encode(), AUTHORIZATION.encode()):
            return JSONResponse({"code": "unauthenticated"}, status_code=401)
        stock = state["stock"]
        for line in body.lines:  # one line in the benchmark; no all-or-nothing across lines
            if not stock.reserve(line.sku, line.location or "", line.quantity):
                return JSONResponse({"code": "insufficient_stock"}, status_code=409)
        return {"reservation_id": body.reservation_id, "status": "reserved"}

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
