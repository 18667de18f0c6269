"""Every polled kind's order feed, through its poller against its simulator on one clock the test
drives: pages are followed, the cursor resumes after what was seen, a later cancellation or
shipment comes back changed, a wrong secret is refused, and 429s back off as Retry-After says."""

from __future__ import annotations

import pytest

from interfaces.channels.contract import Rejected, Throttled
from interfaces.channels.orders.order import OrderLine, from_unix
from interfaces.channels.simulator import Running
from tests.channels.conftest import Start
from tests.channels.orders import (
    POLLED,
    T0,
    Clock,
    Sleeps,
    change,
    connection,
    feed,
    place,
    poll,
    sale,
)

WRONG = {
    "amazon": {"access_token": "Atza|expired"},
    "ebay": {"access_token": "v^1.1#expired"},
    "shopee": {"partner_key": "tampered"},
    "lazada": {"app_secret": "tampered"},
    "tiktok": {"app_secret": "tampered"},
}
LATER = 300  # Amazon serves LastUpdatedAfter only up to two minutes ago


def five_orders(sim: Running, kind: str, clock: Clock) -> list[str]:
    """Orders of 1 to 5 units of five listings, a second apart, from T0 + 1."""
    placed = []
    for n in range(5):
        clock.advance(1)
        key, sku, _ = sale(kind, n)
        placed.append(place(sim, [{"listing": key, "sku": sku, "quantity": n + 1}]))
    clock.advance(LATER)
    return placed


@pytest.mark.parametrize("kind", POLLED)
def test_a_poll_pages_through_every_order_changed_since_the_cursor(
    kind: str, simulator: Start
) -> None:
    clock = Clock()
    sim = simulator(kind, clock=clock)
    placed = five_orders(sim, kind, clock)
    polled = poll(feed(kind, clock, page=2), connection(kind, sim), from_unix(T0))
    assert [(order.order_id, order.status) for order in polled.orders] == [
        (order_id, "created") for order_id in placed
    ]
    _, sku, ids = sale(kind, 2)
    assert polled.orders[2].lines == (OrderLine(sku, ids, 3),)
    assert polled.orders[2].updated_at == from_unix(T0 + 3)
    assert polled.cursor == from_unix(T0 + 5)


@pytest.mark.parametrize("kind", POLLED)
def test_changes_after_the_cursor_come_back_with_their_new_status(
    kind: str, simulator: Start
) -> None:
    clock = Clock()
    sim = simulator(kind, clock=clock)
    placed = five_orders(sim, kind, clock)
    first = poll(feed(kind, clock), connection(kind, sim), from_unix(T0))
    assert change(sim, placed[1], "cancel").status_code == 200
    clock.advance(1)
    assert change(sim, placed[3], "fulfil").status_code == 200
    assert change(sim, placed[3], "cancel").status_code == 409
    clock.advance(LATER)
    again = poll(feed(kind, clock), connection(kind, sim), first.cursor)
    statuses = {order.order_id: order.status for order in again.orders}
    assert (statuses[placed[1]], statuses[placed[3]]) == ("cancelled", "fulfilled")
    assert set(statuses) <= {placed[1], placed[3], placed[4]}  # the cursor's own order may repeat
    assert again.cursor == from_unix(T0 + 5 + LATER + 1)


@pytest.mark.parametrize("kind", POLLED)
def test_a_wrong_secret_is_refused(kind: str, simulator: Start) -> None:
    clock = Clock()
    sim = simulator(kind, clock=clock)
    five_orders(sim, kind, clock)
    with pytest.raises(Rejected):
        poll(feed(kind, clock), connection(kind, sim, **WRONG[kind]), from_unix(T0))


@pytest.mark.parametrize("kind", POLLED)
def test_past_the_rate_limit_it_waits_as_told_then_gives_up(kind: str, simulator: Start) -> None:
    clock, sleeps = Clock(), Sleeps()
    sim = simulator(kind, rate_limit=0.5, burst=1, clock=clock)
    five_orders(sim, kind, clock)
    with pytest.raises(Throttled):
        poll(feed(kind, clock, sleep=sleeps, page=1), connection(kind, sim), from_unix(T0))
    assert sleeps.taken == [2.0, 2.0, 2.0, 2.0]  # Retry-After, 5 attempts in all
