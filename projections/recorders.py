"""View recorders: a read model's tables plus its own tracking table, on SQLite or PostgreSQL.

They extend the library's tracking recorders, so the same objects serve the library's
ProjectionRunner (PostgreSQL, woken by LISTEN/NOTIFY) and our polling follower (SQLite).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder
from psycopg.sql import SQL

from projections.cursor import ViewCursor
from projections.model import ReadModel

SCHEMA_LOCK = 0x5707_C5_1C  # the same advisory lock as the ledger's recorder


class SQLiteView(SQLiteTrackingRecorder):
    """A read model stored in SQLite, next to the events."""

    model_class: ClassVar[type[ReadModel]]

    def __init__(self, datastore: SQLiteDatastore, **kwargs: Any) -> None:
        self.model = self.model_class()
        table = self.tracking_table = f"{self.model.name}_tracking"
        super().__init__(datastore, **kwargs)
        self.insert_tracking_statement = (
            f"INSERT INTO {table} VALUES (:application_name, :notification_id) "
            "ON CONFLICT (application_name) DO UPDATE SET notification_id = :notification_id "
            f"WHERE {table}.notification_id < :notification_id RETURNING notification_id"
        )
        self.select_max_tracking_id_statement = (
            f"SELECT MAX(notification_id) FROM {table} WHERE application_name=?"
        )

    def construct_create_table_statements(self) -> list[str]:
        """The tracking table and the model's tables."""
        tracking = (
            f"CREATE TABLE IF NOT EXISTS {self.tracking_table} "
            "(application_name TEXT PRIMARY KEY, notification_id INTEGER)"
        )
        return [tracking, *self.model.ddl]

    def create_table(self) -> None:
        """Create the tables if they are missing."""
        with self.datastore.transaction(commit=True) as c:
            for statement in self.construct_create_table_statements():
                c.execute(statement)

    @contextmanager
    def cursor(
        self, tracking: Tracking | None = None, *, commit: bool = False
    ) -> Iterator[ViewCursor]:
        """A transaction; with ``tracking``, the position advances in it (or it fails)."""
        writing = commit or tracking is not None
        with self.datastore.transaction(commit=writing) as c:
            if writing:
                # Take the write lock first. A transaction that read first could not upgrade
                # once another process (the HTTP process's writer) committed meanwhile: SQLite
                # refuses at once instead of waiting ("database is locked").
                c.execute(f"UPDATE {self.tracking_table} SET notification_id = 0 WHERE 0")
            yield ViewCursor(c, sqlite=True)
            if tracking is not None:
                self._insert_tracking(c, tracking)

    def advance(self, cur: ViewCursor, tracking: Tracking) -> None:
        """Advance this view's position inside a transaction of the same store."""
        self._insert_tracking(cur.raw, tracking)


class PostgresView(PostgresTrackingRecorder):
    """A read model stored in PostgreSQL, next to the events."""

    model_class: ClassVar[type[ReadModel]]

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        model = self.model_class()
        # Each view tracks in its own table, whoever constructs it (our factory or a runner's).
        kwargs["tracking_table_name"] = f"{model.name}_tracking"
        super().__init__(datastore, **kwargs)
        self.model = model
        for statement in model.ddl:
            self.sql_create_statements.append(SQL(statement).format())

    def create_table(self) -> None:
        # Two processes starting together may both find no tracking table, then create it one
        # after the other (under the lock below): the second one's insert of the library's
        # migration record is an IntegrityError. The first has committed by then, so a second
        # try finds the table and its record.
        try:
            super().create_table()
        except IntegrityError:
            super().create_table()

    def _create_table(self, curs: Any) -> None:
        # Services starting together would race on CREATE TABLE IF NOT EXISTS.
        curs.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        super()._create_table(curs)

    @contextmanager
    def cursor(
        self, tracking: Tracking | None = None, *, commit: bool = False
    ) -> Iterator[ViewCursor]:
        """A transaction; with ``tracking``, the position advances in it (or it fails)."""
        with self.datastore.transaction(commit=commit or tracking is not None) as curs:
            yield ViewCursor(curs, sqlite=False)
            if tracking is not None:
                self._insert_tracking(curs, tracking)

    def advance(self, cur: ViewCursor, tracking: Tracking) -> None:
        """Advance this view's position inside a transaction of the same store."""
        self._insert_tracking(cur.raw, tracking)


View = SQLiteView | PostgresView
