"""What "converged" means after a fault: every view has applied the whole log, the outbox is
empty, and the channel view and a NATS subscriber both hold the figures recomputed from the
ledger's own stock levels. Also: the event log, read through the API, counted per key."""

from __future__ import annotations

import contextlib
import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import Any

import psycopg

from tests.e2e.faults import Stocked
from tests.e2e.scenario import Channel, expected
from tests.e2e.stack import Api, stream
from tests.e2e.subscriber import Subscriber, breaks

Figures = dict[tuple[str, str], int]


def ledger_figures(api: Api, channels: Sequence[Channel], skus: Sequence[str]) -> Figures:
    """Each channel's figure for each SKU, from the SKU's levels in the event store."""
    figures: Figures = {}
    for sku in skus:
        levels = api.http.get(f"/v1/skus/{sku}").json()["locations"]
        available = {level["location"]: level["available"] for level in levels}
        figures.update({(c.name, sku): expected(c, available) for c in channels})
    return figures


def view_figures(api: Api, channels: Sequence[Channel]) -> Figures:
    """Every figure the channel availability view holds."""
    figures: Figures = {}
    for channel in channels:
        after: str | None = None
        while True:
            params: dict[str, Any] = {"limit": 1000, **({"after": after} if after else {})}
            page = api.http.get(f"/v1/channels/{channel.name}/availability", params=params).json()
            figures.update({(channel.name, row["sku"]): row["available"] for row in page["items"]})
            if (after := page["next_after"]) is None:
                break
    return figures


def outbox_size(database_url: str) -> int:
    """How many messages the outbox holds (0 once the reactor has published every one)."""
    sql = "SELECT count(*) FROM outbox"
    if database_url.startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")
        with contextlib.closing(sqlite3.connect(path, timeout=10.0)) as db:
            return int(db.execute(sql).fetchone()[0])
    with psycopg.connect(database_url) as db:
        row = db.execute(sql).fetchone()
        assert row is not None
        return int(row[0])


def converged(stocked: Stocked, database_url: str, subscriber: Subscriber) -> Figures:
    """The ledger's figures, once the views, the outbox and the subscriber all agree with them,
    and the subscriber has every message in between (AssertionError otherwise)."""
    api, channels = stocked.api, stocked.channels
    health = api.health()
    behind = {name: at for name, at in health["views"].items() if at < health["log_position"]}
    assert not behind, f"views behind the log's {health['log_position']}: {behind}"
    want = ledger_figures(api, channels, stocked.skus)
    assert not (differ := _differ(view_figures(api, channels), want)), f"(view, ledger): {differ}"
    assert outbox_size(database_url) == 0, "the outbox is not empty"
    assert not (differ := _differ(subscriber.latest(), want)), f"(subscriber, ledger): {differ}"
    unbroken(subscriber)
    return want


def _differ(got: Figures, want: Figures) -> dict[tuple[str, str], tuple[int | None, int]]:
    return {
        pair: (got.get(pair), figure) for pair, figure in want.items() if got.get(pair) != figure
    }


def unbroken(subscriber: Subscriber) -> None:
    """Every (channel, SKU)'s messages follow on from one another: none is missing in between
    (one delivered as nats-server stopped comes again once its ack_wait has passed)."""
    broken = {pair: found for pair, msgs in subscriber.figures().items() if (found := breaks(msgs))}
    assert not broken, f"messages missing between: {broken}"


def stored_once(nats_url: str, *names: str) -> None:
    """No Msg-Id is stored twice on these streams (JetStream's dedupe held)."""
    for name in names:
        stored = Counter(m.msg_id for m in stream(nats_url, name))
        assert max(stored.values()) == 1, f"a Msg-Id stored twice on {name}"


def log_entries(api: Api) -> list[dict[str, Any]]:
    """Every event of the global log (the event_log view), in order."""
    entries: list[dict[str, Any]] = []
    after = 0
    while True:
        page = api.http.get("/v1/events", params={"after": after, "limit": 1000}).json()
        entries += page["events"]
        if page["next_after"] is None:
            return entries
        after = page["next_after"]


def written(entries: Sequence[dict[str, Any]]) -> Counter[str]:
    """How many times each command was written: Received events per Idempotency-Key,
    Reservation.Placed events per reservation id."""
    found: Counter[str] = Counter()
    for entry in entries:
        if entry["type"] == "Received" and entry["idempotency_key"]:
            found[entry["idempotency_key"]] += 1
        elif entry["originator"]["type"] == "Reservation" and entry["type"] == "Placed":
            found[entry["data"]["reservation_id"]] += 1
    return found
