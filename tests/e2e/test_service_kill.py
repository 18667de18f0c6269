"""kill -9 of the whole service (its HTTP process and its views process together) under the
load of 16 clients, three times in a row. Afterwards every command answered 2xx is in the log;
within 5 s of the last restart the views, the outbox and a NATS subscriber hold the figures
recomputed from the ledger; and resending every command that was sent, answered or not, with
its key writes each one at most once in all."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from functools import partial

from interfaces.messaging import streams
from tests.e2e.clients import Answer, Clients, Command, resend
from tests.e2e.convergence import converged, log_entries, stored_once, written
from tests.e2e.faults import Stocked, fault_backends, kill_with_children, stocked
from tests.e2e.processes import eventually
from tests.e2e.stack import Api, Stack
from tests.e2e.subscriber import Subscriber

ROUNDS = 3
PER_ROUND = 150  # commands accepted before each kill: a second or two of load
CONVERGED_WITHIN = 5.0  # seconds after the last restart (issue 11)


def rounds_of_kills(shop: Stocked) -> list[Clients]:
    """Load, kill -9 of serve and its views child together, restart: ROUNDS times."""
    done: list[Clients] = []
    for round_ in range(1, ROUNDS + 1):
        names = [channel.name for channel in shop.channels]
        clients = Clients(shop.api.url, shop.pairs, names, seed=round_).start()
        done.append(clients)
        clients.wait_for(PER_ROUND)
        killed = kill_with_children(shop.service)
        clients.stop()
        assert killed, "serve had no views process to kill"
        unanswered = len(clients.sent) - len(clients.answers)
        print(f"round {round_}: {len(clients.accepted())} accepted, {unanswered} unanswered")
        shop.service.start().wait_ready(60.0)
    return done


def answered_ones_are_logged(api: Api, sent: Sequence[Command], before: dict[str, Answer]) -> None:
    """Every command answered 2xx is in the log, once (and some unanswered ones may be)."""
    accepted = {k for k, a in before.items() if a.accepted}
    logged = written(log_entries(api))
    assert {key: logged[key] for key in accepted} == dict.fromkeys(accepted, 1)
    unanswered = [c.key for c in sent if c.key not in before]
    print(
        f"{len(accepted)} answered 2xx before a kill, all logged; "
        f"{sum(logged[k] for k in unanswered)} of the {len(unanswered)} unanswered were written"
    )


def resent_with_their_keys(
    api: Api, sent: Sequence[Command], before: dict[str, Answer]
) -> set[str]:
    """Resend every command; each is accepted (or is a reservation refused for want of stock),
    and one accepted before gets its original answer. The keys accepted now."""
    answers = resend(api.url, sent)
    refused = {k: a for k, a in answers.items() if not a.accepted}
    assert all(a.body.get("code") == "insufficient_stock" for a in refused.values()), refused
    changed = {k for k, a in before.items() if a.accepted and answers[k] != a}
    assert not changed, f"a resend got another answer than the original: {sorted(changed)[:5]}"
    return {k for k, a in answers.items() if a.accepted}


def ledger_holds(api: Api, commands: Sequence[Command], kept: set[str]) -> None:
    """The ledger's on hand and reserved at each SKU-location are the sums of the receipts and
    reservations it accepted, each counted once."""
    on_hand: Counter[tuple[str, str]] = Counter()
    reserved: Counter[tuple[str, str]] = Counter()
    for command in commands:
        if command.key in kept:
            tally = reserved if command.channel else on_hand
            tally[(command.sku, command.location)] += command.quantity
    for sku, location in on_hand:
        level = api.http.get(f"/v1/stock/{location}/{sku}").json()
        got = (level["on_hand"], level["reserved"])
        assert got == (on_hand[(sku, location)], reserved[(sku, location)]), (sku, location)


@fault_backends("postgres")
def test_three_kills_of_the_whole_service_lose_nothing_and_write_nothing_twice(
    stack: Stack, database_url: str
) -> None:
    shop = stocked(stack)
    subscriber = Subscriber(stack.nats.url).start()
    try:
        done = rounds_of_kills(shop)
        restarted, check = time.monotonic(), partial(converged, shop, database_url, subscriber)
        eventually(check, CONVERGED_WITHIN, 0.05, "convergence after the last restart")
        print(f"converged {time.monotonic() - restarted:.2f}s after the last restart")
        sent = [command for clients in done for command in clients.sent]
        before = {k: a for clients in done for k, a in clients.answers.items()}
        answered_ones_are_logged(shop.api, sent, before)
        kept = resent_with_their_keys(shop.api, sent, before) | {c.key for c in shop.setup}
        eventually(check, 30.0, 0.05, "convergence after the resends")
        logged = written(log_entries(shop.api))
        assert logged == dict.fromkeys(kept, 1), [k for k, n in logged.items() if n > 1]
        ledger_holds(shop.api, [*shop.setup, *sent], kept)
    finally:
        subscriber.stop()
    stored_once(stack.nats.url, streams.AVAILABILITY.name, streams.EVENTS.name)
    print(
        f"{len(sent)} sent, {len(kept) - len(shop.setup)} written; "
        f"the subscriber dropped {subscriber.duplicates()} duplicate deliveries"
    )
