"""The executor, given commands, when a batch runs, then each command's own answer: a refusal
alone, a conflict with another process retried for its commands only, and a retry with an
idempotency key inside the same batch answered from the first. On a SQLite file: two ledgers
on one file play two service processes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from application.aggregates import Aggregates
from application.command import Decision, Outcome, changed, decide
from application.executor import Executor
from application.movements import Adjust, AtItem, Receive
from application.reservations import Reserve
from application.service import StockLedger
from application.unavailable import CommandQueueFull
from domain.errors import IdempotencyKeyReused, NegativeOnHand
from domain.routing import Line
from interfaces.storage.config import persistence_env
from tests import refs
from tests.gate import held, one_batch


@dataclass(frozen=True)
class Counted(AtItem):
    """A receipt of one unit that notes each time it is decided."""

    label: str
    decided: list[str]  # the labels of the Counted commands decided, in order


@decide.register
def _counted(command: Counted, seen: Aggregates) -> Decision:
    command.decided.append(command.label)
    index = seen.index(command.sku)
    item = seen.item_or_new(command.sku, command.location, index)
    item.receive(1, command.label, None)
    return Decision(changed(index, item), {"on_hand": item.on_hand})


@pytest.fixture
def url(tmp_path: Path) -> str:
    """One SQLite file for the test's ledgers."""
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture
def executor(url: str) -> Iterator[Executor]:
    """An executor over a fresh ledger."""
    ledger = StockLedger(persistence_env(url))
    running = Executor(ledger)
    yield running
    running.stop()
    ledger.close()


def test_a_refused_command_gets_its_error_and_the_others_in_its_batch_commit(
    executor: Executor,
) -> None:
    sku, location = refs.sku(), refs.location()
    executor.execute(Receive(sku, location, 3))
    results = one_batch(
        executor,
        [
            Receive(sku, location, 2),
            Adjust(sku, location, -99, "lost"),
            Receive(sku, location, 4),
        ],
    )
    assert isinstance(results[1], NegativeOnHand)
    assert [r.body["on_hand"] for r in results if isinstance(r, Outcome)] == [5, 9]
    item = executor.ledger.item(sku, location)
    assert item is not None and (item.on_hand, item.version) == (9, 4)  # nothing of the refusal


def test_a_conflict_with_another_process_retries_only_the_commands_that_saw_it(
    executor: Executor, url: str
) -> None:
    hot, calm, location = refs.sku(), refs.sku(), refs.location()
    executor.execute(Receive(hot, location, 10))
    executor.execute(Receive(calm, location, 10))
    other = StockLedger(persistence_env(url))
    try:
        Executor(other).execute(Receive(hot, location, 5))  # this executor's copy is stale now
    finally:
        other.close()
    decided: list[str] = []
    results = one_batch(
        executor, [Counted(hot, location, "hot", decided), Counted(calm, location, "calm", decided)]
    )
    assert [r.body["on_hand"] for r in results if isinstance(r, Outcome)] == [16, 11]
    assert decided == ["hot", "calm", "hot"]  # decided again: only the one that conflicted


def test_a_retry_with_the_same_key_in_the_same_batch_gets_the_first_answer(
    executor: Executor,
) -> None:
    sku, location, key = refs.sku(), refs.location(), refs.key()
    rid = refs.reservation()
    executor.execute(Receive(sku, location, 1))
    reserve = Reserve(rid, "O-1", "web", (Line(sku, 1, location),))
    results = one_batch(
        executor,
        [
            Receive(sku, location, 2, "PO-1", key=key),
            reserve,
            Receive(sku, location, 2, "PO-1", key=key),
            reserve,
            Receive(sku, location, 3, "PO-1", key=key),
        ],
    )
    first, reserved, again, reserved_again, other = results
    assert isinstance(first, Outcome) and isinstance(again, Outcome)
    assert again.replayed and (again.body, again.position) == (first.body, first.position)
    assert isinstance(reserved, Outcome) and isinstance(reserved_again, Outcome)
    assert reserved_again.replayed and reserved_again.position == reserved.position
    assert isinstance(other, IdempotencyKeyReused)
    item = executor.ledger.item(sku, location)
    assert item is not None and (item.on_hand, item.reserved) == (3, 1)


def test_a_full_queue_refuses_a_command_at_once_and_writes_nothing(url: str) -> None:
    ledger = StockLedger(persistence_env(url))
    executor = Executor(ledger, max_pending=2)
    sku, location = refs.sku(), refs.location()
    try:
        hold = held(executor)
        waiting = [executor.submit(Receive(sku, location, 1)) for _ in range(2)]
        with pytest.raises(CommandQueueFull):
            executor.submit(Receive(sku, location, 100))
        hold.gate.set()
        assert [f.result(10).body["on_hand"] for f in waiting] == [1, 2]
        item = ledger.item(sku, location)
        assert item is not None and item.on_hand == 2
    finally:
        executor.stop()
        ledger.close()
