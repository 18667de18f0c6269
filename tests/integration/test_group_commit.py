"""The executor's batches on both backends: every known key gets its original answer, whatever
else shares its batch; an event loop awaits commands; cold aggregates load in one query."""

from __future__ import annotations

import asyncio

from application.command import Outcome
from application.movements import Adjust, Receive
from application.reservations import Reserve
from domain.errors import InsufficientStock, StockError
from domain.routing import Line
from domain.stock_item import StockItem
from interfaces.runtime.container import Container
from tests import refs
from tests.gate import one_batch


def test_a_replayed_key_that_would_write_again_gets_its_original_answer(
    container: Container,
) -> None:
    executor, ledger = container.executor, container.ledger
    sku, location, key = refs.sku(), refs.location(), refs.key()
    original = executor.execute(Receive(sku, location, 5, "PO-1", key=key))
    version = ledger.item(sku, location).version  # type: ignore[union-attr]
    others = [refs.sku() for _ in range(3)]
    commands = [Receive(others[0], location, 1), Receive(sku, location, 5, "PO-1", key=key)]
    commands += [Receive(other, location, 1) for other in others[1:]]

    results = one_batch(executor, commands)

    replay = results[1]
    assert isinstance(replay, Outcome) and replay.replayed and replay.body == original.body
    assert replay.position == original.position
    assert all(isinstance(r, Outcome) and not r.replayed for i, r in enumerate(results) if i != 1)
    replayed_item = ledger.item(sku, location)
    assert replayed_item is not None and replayed_item.on_hand == 5
    assert replayed_item.version == version  # nothing more was recorded for it
    assert [ledger.item(other, location).on_hand for other in others] == [1, 1, 1]  # type: ignore[union-attr]


def test_a_refused_command_under_a_known_key_gets_its_original_answer(
    container: Container,
) -> None:
    executor, ledger = container.executor, container.ledger
    sku, location, rid, order = refs.sku(), refs.location(), refs.reservation(), refs.order()
    executor.execute(Receive(sku, location, 1))
    original = executor.execute(Reserve(rid, order, "web", (Line(sku, 1, location),)))
    # Sold out now: deciding the same reservation again would refuse it.
    results = one_batch(
        executor,
        [
            Reserve(rid, order, "web", (Line(sku, 1, location),)),
            Reserve(refs.reservation(), "O", "web", (Line(sku, 1, location),)),
        ],
    )
    assert isinstance(results[0], Outcome) and results[0].replayed, results
    assert results[0].position == original.position
    assert isinstance(results[1], InsufficientStock)
    assert ledger.item(sku, location).reserved == 1  # type: ignore[union-attr]


def test_an_event_loop_awaits_commands_without_blocking(container: Container) -> None:
    executor = container.executor
    sku, location = refs.sku(), refs.location()

    async def burst() -> list[Outcome]:
        return await asyncio.gather(*(executor.run(Receive(sku, location, 1)) for _ in range(20)))

    outcomes = asyncio.run(burst())
    assert sorted(o.body["on_hand"] for o in outcomes) == list(range(1, 21))

    async def refused() -> BaseException:
        try:
            await executor.run(Adjust(sku, location, -99, "lost"))
        except StockError as exc:
            return exc
        raise AssertionError("expected a refusal")

    assert isinstance(asyncio.run(refused()), StockError)


def test_a_batch_loads_its_cold_aggregates_in_one_go(container: Container) -> None:
    executor, ledger = container.executor, container.ledger
    location = refs.location()
    skus = [refs.sku() for _ in range(4)]
    for sku in skus:
        executor.execute(Receive(sku, location, 3))
        executor.execute(Adjust(sku, location, -1, "damaged"))
    ids = [StockItem.create_id(sku, location) for sku in skus]
    loaded = ledger.load_many([*ids, StockItem.create_id(refs.sku(), location)])
    assert set(loaded) == set(ids)  # the one never stored is simply absent
    for item_id in ids:
        one = ledger.load(item_id)
        assert (loaded[item_id].version, loaded[item_id].on_hand) == (one.version, one.on_hand)

    executor.working.clear()  # every aggregate cold again
    results = one_batch(
        executor,
        [Reserve(refs.reservation(), "O", "web", (Line(sku, 2, location),)) for sku in skus],
    )
    assert all(isinstance(r, Outcome) for r in results), results
    assert [ledger.item(sku, location).reserved for sku in skus] == [2, 2, 2, 2]  # type: ignore[union-attr]
