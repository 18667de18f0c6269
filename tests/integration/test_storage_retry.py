"""A batch that fails on dead connections (PostgreSQL ended the pool's sessions, as a restart
or a failover does) runs again: its healthy commands succeed, none is refused. The batch's
keyed commands make its first query the receipts lookup, which fails on the dead session."""

from __future__ import annotations

import logging

import psycopg
import pytest

from application.command import Outcome
from application.movements import Receive
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings
from tests import refs
from tests.gate import one_batch


def test_a_batch_on_dead_connections_runs_again_not_refused(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    container = build(Settings(database_url=postgres_url, embedded_nats=False))
    executor = container.executor
    sku, location = refs.sku(), refs.location()
    try:
        executor.execute(Receive(sku, location, 1))  # the pool holds open sessions now
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        commands = [Receive(sku, location, 1, key=refs.key()) for _ in range(10)]
        with caplog.at_level(logging.WARNING, logger="application.executor"):
            results = one_batch(executor, list(commands))
        assert "trying again" in caplog.text  # the batch failed once, and ran again
        assert all(isinstance(r, Outcome) for r in results), results
        assert sorted(r.body["on_hand"] for r in results if isinstance(r, Outcome)) == list(
            range(2, 12)
        )
    finally:
        container.stop()
