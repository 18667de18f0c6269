"""Fixtures: a test-owned nats-server on a free port, and a Stack that starts the service,
simulators and adapters as real processes and stops them all afterwards, even on failure.

The `database_url` fixture (tests/conftest.py) runs each test on SQLite and on PostgreSQL.
A failed test prints the log tail of every process it started.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from interfaces.messaging.embedded import EmbeddedNats
from tests.e2e.processes import Processes, free_port
from tests.e2e.stack import Stack, base_env

REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Remember each phase's report on the item, for the fixtures' teardown."""
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


@pytest.fixture
def nats(tmp_path: Path) -> Iterator[EmbeddedNats]:
    """A nats-server with JetStream that the test owns (so it can stop and restart it)."""
    server = EmbeddedNats(tmp_path / "nats", port=free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def stack(
    request: pytest.FixtureRequest, tmp_path: Path, database_url: str, nats: EmbeddedNats
) -> Iterator[Stack]:
    """Processes on the test's database and nats-server; all stopped when the test ends."""
    processes = Processes(tmp_path / "logs", base_env(os.environ, database_url, nats.url))
    built = Stack(processes, nats)
    try:
        yield built
    finally:
        reports = request.node.stash.get(REPORTS, {})
        if any(report.failed for report in reports.values()):
            print(processes.report())
        built.close()
