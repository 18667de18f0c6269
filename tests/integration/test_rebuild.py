"""Rebuilding every view, on both backends: the indexes only readers use are left out while the
log is replayed, and every one of them is there again afterwards."""

from __future__ import annotations

from application.movements import Receive
from interfaces.runtime.bootstrap import Container
from projections.rebuild import rebuild_all
from projections.store import View, query
from tests import refs


def index_names(view: View, postgres: bool) -> set[str]:
    """The names of the indexes in the view's database."""
    sql = (
        "SELECT indexname AS name FROM pg_indexes"
        if postgres
        else "SELECT name FROM sqlite_master WHERE type = 'index'"
    )
    return {str(row["name"]) for row in query(view, sql)}


def test_a_rebuild_leaves_every_index_for_readers_in_place(container: Container) -> None:
    container.executor.execute(Receive(refs.sku(), refs.location(), 4, "PO"))
    views = list(container.views.values())
    wanted = {index.name for view in views for index in view.model.search_indexes}
    assert wanted and wanted <= index_names(views[0], container.postgres)

    assert rebuild_all(container.ledger, views) > 0
    assert wanted <= index_names(views[0], container.postgres)
