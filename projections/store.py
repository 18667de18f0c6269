"""Working with views whatever their backend: apply a batch with its position, read rows,
reset a view for a rebuild, and the recorder class of a read model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from projections.model import Positioned, ReadModel
from projections.recorders import PostgresView, SQLiteView, View

__all__ = [
    "PostgresView",
    "SQLiteView",
    "View",
    "ViewProjection",
    "index",
    "process",
    "query",
    "reset",
]


def process(view: View, events: Sequence[Positioned], tracking: Tracking) -> None:
    """Apply a batch and advance the position, in one transaction."""
    try:
        with view.cursor(tracking) as cur:
            view.model.apply(cur, events)
    except BaseException:
        view.model.discarded()
        raise
    view.model.committed(tracking.notification_id)


def query(view: View, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Read rows from a view."""
    with view.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def reset(view: View) -> None:
    """Drop the view's tables and position, then recreate them empty, without the indexes
    only readers use (for a rebuild: `index` creates them once the log is replayed)."""
    tracking = view.tracking_table if isinstance(view, SQLiteView) else view.tracking_table_name
    with view.cursor(commit=True) as cur:
        for table in (*view.model.tables, tracking):
            cur.execute(f"DROP TABLE IF EXISTS {table}")
    view.create_table()
    with view.cursor(commit=True) as cur:
        for index in view.model.search_indexes:
            cur.execute(index.drop)


def index(view: View) -> None:
    """Create the view's indexes for readers (after a rebuild's replay)."""
    with view.cursor(commit=True) as cur:
        for search_index in view.model.search_indexes:
            cur.execute(search_index.create)


def view_class(model_class: type[ReadModel], postgres: bool) -> type[View]:
    """The recorder class for a model on a backend (the library constructs it from the env)."""
    base: type[View] = PostgresView if postgres else SQLiteView
    return type(f"{model_class.__name__}{base.__name__}", (base,), {"model_class": model_class})


class ViewProjection(Projection[Any]):
    """The library's Projection for a view: each event is applied with its tracking."""

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Apply one event and advance the position, in one transaction."""
        process(self.view, [(domain_event, tracking.notification_id)], tracking)
