"""nats-server stopped under the load of 16 clients, once by kill -9 and once by SIGTERM, and
started again on its port and store each time. Commands are accepted throughout; afterwards
nothing is lost (each (channel, SKU)'s messages follow on from one another and end at the
figure recomputed from the ledger) and nothing reaches a subscriber twice after its Msg-Id
dedupe, nor is stored twice on a stream. The copies the subscriber dropped are printed."""

from __future__ import annotations

import time
from functools import partial

from interfaces.messaging import streams
from tests.e2e.clients import Clients
from tests.e2e.convergence import converged, stored_once
from tests.e2e.faults import fault_backends, stocked
from tests.e2e.processes import eventually
from tests.e2e.stack import Stack
from tests.e2e.subscriber import Subscriber

STEP = 150  # commands accepted before the stop, while nats-server is down, and after


def stop_and_start(stack: Stack, clients: Clients, kill: bool) -> None:
    """Stop nats-server (kill -9 or SIGTERM) under load, let commands flow without it, start
    it again on the same port and store, and let commands flow on."""
    clients.wait_for(len(clients.accepted()) + STEP)
    stack.nats.stop(kill=kill)
    stopped = time.monotonic()
    clients.wait_for(len(clients.accepted()) + STEP)
    stack.nats.start()
    print(f"\nnats-server down {time.monotonic() - stopped:.2f}s ({'kill -9' if kill else 'TERM'})")
    clients.wait_for(len(clients.accepted()) + STEP)


@fault_backends("sqlite")
def test_a_nats_restart_under_load_loses_nothing_and_publishes_nothing_twice(
    stack: Stack, database_url: str
) -> None:
    shop = stocked(stack)
    subscriber = Subscriber(stack.nats.url).start()
    clients = Clients(shop.api.url, shop.pairs, [c.name for c in shop.channels]).start()
    try:
        stop_and_start(stack, clients, kill=True)
        stop_and_start(stack, clients, kill=False)
        clients.stop()
        stopped, check = time.monotonic(), partial(converged, shop, database_url, subscriber)
        eventually(check, 30.0, 0.05, "convergence after the restarts")
        print(f"converged {time.monotonic() - stopped:.2f}s after the load stopped")
    finally:
        clients.stop()
        subscriber.stop()
    refused = [a for a in clients.answers.values() if not a.accepted]
    assert all(a.body.get("code") == "insufficient_stock" for a in refused), refused[:5]
    assert len(clients.answers) == len(clients.sent), "a command went unanswered"
    stored_once(stack.nats.url, streams.AVAILABILITY.name, streams.EVENTS.name)
    failed = shop.service.log_text().count("reactor: publish failed")
    print(
        f"{len(clients.accepted())} commands accepted, {failed} failed publishes retried; the "
        f"subscriber got {sum(subscriber.deliveries.values())}, dropped {subscriber.duplicates()}"
    )
