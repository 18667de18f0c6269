"""Events stored in an older shape are read through today's code (upcasting)."""

from __future__ import annotations

import json
from typing import Any

from application.movements import Count, Receive
from interfaces.runtime.container import Container
from projections.rebuild import rebuild
from projections.store import query
from tests import refs


def _rewrite_counted_as_v1(container: Container) -> None:
    """Turn the stored StockItem.Counted events back into version 1 (no `previous`)."""
    topic = "domain.stock_item:StockItem.Counted"
    view = container.views["inventory"]
    position = "notification_id" if container.postgres else "rowid"
    table = container.ledger.recorder.events_table_name  # type: ignore[attr-defined]
    with view.cursor(commit=True) as cur:
        cur.execute(f"SELECT {position} AS position, state FROM {table} WHERE topic = %s", (topic,))
        rows = cur.fetchall()
        assert rows, "the workload stored a count"
        for row in rows:
            state: dict[str, Any] = json.loads(bytes(row["state"]))
            assert state.pop("class_version") == 2
            del state["previous"]
            cur.execute(
                f"UPDATE {table} SET state = %s WHERE {position} = %s",
                (json.dumps(state).encode(), row["position"]),
            )


def test_version_1_counts_read_as_version_2(container: Container) -> None:
    ledger = container.ledger
    executor = container.executor
    sku, wh = refs.sku(), refs.location()
    executor.execute(Receive(sku, wh, 10, "PO-1"))
    executor.execute(Count(sku, wh, 7, "COUNT-1"))
    executor.execute(Receive(sku, wh, 5, "PO-2"))
    _rewrite_counted_as_v1(container)
    # Forget what this process remembers, so everything is read from the rewritten rows.
    if ledger.repository.cache is not None:
        ledger.repository.cache.clear()
    executor.working.clear()
    level = ledger.stock_level(sku, wh)
    assert (level["on_hand"], level["version"]) == (12, 4)
    events, _ = ledger.stock_events(sku, wh, 0, 10)
    counted = next(e for e in events if e["type"] == "Counted")
    assert counted["data"] == {"quantity": 7, "delta": -3, "previous": 10}
    assert rebuild(ledger, container.views["inventory"]) > 0
    rows = query(
        container.views["inventory"],
        "SELECT on_hand, available FROM stock_levels WHERE sku = %s AND location = %s",
        (sku, wh),
    )
    assert [(r["on_hand"], r["available"]) for r in rows] == [(12, 12)]
