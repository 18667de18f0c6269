"""The group-commit writer's optimistic batch: no receipt lookup before deciding, and still
every known key gets its original answer, whatever else shares its batch.

Each test holds the writer on a gate so that the commands under test queue up and are taken
as one batch.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

from application.command import Decision, Outcome
from application.jobs import Job
from application.service import StockLedger
from domain.errors import InsufficientStock, StockError
from domain.routing import Line
from domain.stock_item import StockItem
from interfaces.runtime.bootstrap import Container
from tests import refs


def one_batch(ledger: StockLedger, calls: list[Callable[[], Outcome]]) -> list[Any]:
    """Run the calls as one writer batch; each call's Outcome or raised error, in order."""
    holding, gate = threading.Event(), threading.Event()

    def hold() -> Decision:
        holding.set()
        gate.wait(10)
        raise InsufficientStock([])  # answered alone; writes nothing

    ledger.writer.enqueue(Job("hold", "hold", None, hold))
    assert holding.wait(10), "the writer took the gate"
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        try:
            results[i] = calls[i]()
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while ledger.writer._queue.qsize() < len(calls) and time.monotonic() < deadline:
        time.sleep(0.005)
    batches = ledger.writer.batches
    gate.set()
    for thread in threads:
        thread.join(10)
    assert ledger.writer.batches == batches + 1, "the calls were taken as one batch"
    return results


def test_a_replayed_key_that_would_write_again_gets_its_original_answer(
    container: Container,
) -> None:
    ledger = container.ledger
    sku, location, key = refs.sku(), refs.location(), refs.key()
    original = ledger.receive(sku, location, 5, "PO-1", key)
    version = ledger.item(sku, location).version  # type: ignore[union-attr]
    others = [refs.sku() for _ in range(3)]

    def fresh(other: str) -> Callable[[], Outcome]:
        return lambda: ledger.receive(other, location, 1, None, None)

    calls = [fresh(others[0]), lambda: ledger.receive(sku, location, 5, "PO-1", key)]
    calls += [fresh(other) for other in others[1:]]
    results = one_batch(ledger, calls)

    replay = results[1]
    assert replay.replayed and replay.body == original.body
    assert replay.position == original.position
    assert all(isinstance(r, Outcome) and not r.replayed for i, r in enumerate(results) if i != 1)
    replayed_item = ledger.item(sku, location)
    assert replayed_item is not None and replayed_item.on_hand == 5
    assert replayed_item.version == version  # nothing more was recorded for it
    assert [ledger.item(other, location).on_hand for other in others] == [1, 1, 1]  # type: ignore[union-attr]


def test_a_refused_command_under_a_known_key_gets_its_original_answer(
    container: Container,
) -> None:
    ledger = container.ledger
    sku, location, rid, order = refs.sku(), refs.location(), refs.reservation(), refs.order()
    ledger.receive(sku, location, 1, None, None)
    original = ledger.reserve(rid, order, "web", [Line(sku, 1, location)], None)
    # Sold out now: deciding the same reservation again would refuse it.
    results = one_batch(
        ledger,
        [
            lambda: ledger.reserve(rid, order, "web", [Line(sku, 1, location)], None),
            lambda: ledger.reserve(refs.reservation(), "O", "web", [Line(sku, 1, location)], None),
        ],
    )
    assert isinstance(results[0], Outcome) and results[0].replayed, results
    assert results[0].position == original.position
    assert isinstance(results[1], InsufficientStock)
    assert ledger.item(sku, location).reserved == 1  # type: ignore[union-attr]


def test_an_event_loop_awaits_commands_without_blocking(container: Container) -> None:
    ledger = container.ledger
    sku, location = refs.sku(), refs.location()

    async def burst() -> list[Outcome]:
        calls = [ledger.call(ledger.receive, sku, location, 1, None, None) for _ in range(20)]
        return await asyncio.gather(*calls)

    outcomes = asyncio.run(burst())
    assert sorted(o.body["on_hand"] for o in outcomes) == list(range(1, 21))
    refused = asyncio.run(
        _refused(ledger, ledger.call(ledger.adjust, sku, location, -99, "loss", None, None))
    )
    assert isinstance(refused, StockError)


async def _refused(ledger: StockLedger, call: Any) -> BaseException:
    try:
        await call
    except Exception as exc:
        return exc
    raise AssertionError("expected a refusal")


def test_a_batch_loads_its_cold_aggregates_in_one_go(container: Container) -> None:
    ledger = container.ledger
    location = refs.location()
    skus = [refs.sku() for _ in range(4)]
    for sku in skus:
        ledger.receive(sku, location, 3, None, None)
        ledger.adjust(sku, location, -1, "damaged", None, None)
    ids = [StockItem.create_id(sku, location) for sku in skus]
    loaded = ledger.load_many([*ids, StockItem.create_id(refs.sku(), location)])
    assert set(loaded) == set(ids)  # the one never stored is simply absent
    for item_id in ids:
        one = ledger.load(item_id)
        assert (loaded[item_id].version, loaded[item_id].on_hand) == (one.version, one.on_hand)

    ledger.writer.working.clear()  # every aggregate cold again
    results = one_batch(
        ledger,
        [
            lambda s=sku: ledger.reserve(
                refs.reservation(), "O", "web", [Line(s, 2, location)], None
            )  # type: ignore[misc]
            for sku in skus
        ],
    )
    assert all(isinstance(r, Outcome) for r in results), results
    assert [ledger.item(sku, location).reserved for sku in skus] == [2, 2, 2, 2]  # type: ignore[union-attr]
