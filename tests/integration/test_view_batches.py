"""The inventory view works per batch, on both backends: a burst inside one batch announces
each (channel, SKU) once, with its newest figure, while every stock event still goes out; a
batch applied again announces the same messages (so JetStream drops the copies); and the rows
do not depend on where the batches begin and end."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, cast

import pytest

from application.channels import DeclareChannel
from application.movements import Receive
from application.reservations import Reserve
from domain.routing import Line
from interfaces.runtime.bootstrap import Container
from projections.cursor import ViewCursor
from projections.follower import Follower
from projections.inventory import Inventory
from projections.model import Positioned
from projections.rebuild import rebuild
from projections.store import View, query, view_class
from tests import refs
from tests.integration.test_views import Workload, snapshot


def outbox(view: View) -> list[dict[str, Any]]:
    """The queued messages, in publishing order."""
    return query(view, "SELECT * FROM outbox ORDER BY position, seq")


def test_a_burst_in_one_batch_announces_each_pair_once_with_its_newest_figure(
    container: Container,
) -> None:
    ledger, view, executor = container.ledger, container.views["inventory"], container.executor
    sku, wh = refs.sku(), refs.location()
    executor.execute(DeclareChannel("shop", "shopify", (), {}))
    executor.execute(Receive(sku, wh, 10, "PO"))
    follower = Follower(ledger, view)
    follower.catch_up()
    before = len(outbox(view))
    for _ in range(3):
        executor.execute(Reserve(refs.reservation(), refs.order(), "shop", (Line(sku, 1, wh),)))
    assert follower.step() > 0 and follower.step() == 0  # the burst is one batch

    burst = outbox(view)[before:]
    announced = [json.loads(r["payload"]) for r in burst if r["kind"] == "availability"]
    assert [(m["channel"], m["sku"], m["available"]) for m in announced] == [("shop", sku, 7)]
    assert announced[0]["previous"] == 10  # the figure published before the burst
    reserved = [json.loads(r["payload"]) for r in burst if r["kind"] == "event"]
    assert [m["type"] for m in reserved] == ["Reserved"] * 3  # every stock event goes out
    assert announced[0]["position"] == reserved[-1]["position"]  # the last event that moved it


class Crashing(Inventory):
    """Applies its batch, notes the messages it queued, then dies before the commit."""

    queued: list[dict[str, Any]]

    def apply(self, cur: ViewCursor, batch: Sequence[Positioned]) -> None:
        super().apply(cur, batch)
        cur.execute("SELECT * FROM outbox ORDER BY position, seq")
        self.queued = cur.fetchall()
        raise RuntimeError("killed before the commit")


def test_a_batch_applied_again_announces_the_same_messages(container: Container) -> None:
    ledger, view = container.ledger, container.views["inventory"]
    run = Workload(ledger, container.executor)
    run.declare_channels()
    for quantity in (5, 3):
        run.receive(0, "WH1", quantity)
        run.reserve("shop", 0, "WH1", 2)
    recorder = view_class(Crashing, container.postgres)
    crashing = cast(View, ledger.factory.tracking_recorder(recorder))
    with pytest.raises(RuntimeError):
        Follower(ledger, crashing).step()
    assert outbox(view) == []  # rolled back with the batch
    Follower(ledger, view).step()
    assert outbox(view) == cast(Crashing, crashing.model).queued != []


def test_a_sku_first_seen_after_a_channel_changed_gets_the_same_rows_whatever_the_batching(
    container: Container,
) -> None:
    ledger, view = container.ledger, container.views["inventory"]
    run = Workload(ledger, container.executor)
    run.declare_channels()
    follower = Follower(ledger, view)
    follower.catch_up()
    run.configure("amzn", ["WH1"], {"buffer": 1})
    follower.catch_up()  # the change alone in its batch, before the SKU's first event
    run.receive(0, "WH2", 5)  # which leaves amzn's figure of the SKU as it first was
    follower.catch_up()
    live = snapshot(view)
    rebuild(ledger, view)  # one batch: the SKU is loaded before the change is applied
    assert snapshot(view) == live
