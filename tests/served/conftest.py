"""The service as it runs: the real `stocksync serve`, built from its environment with an admin
token, on a free port. Tests here probe it over real HTTP (uvicorn, sockets, chunked bodies)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.processes import Service, free_port, stocksync_command

# Accepted as an admin token by the service (issue 11 §1); every request here sends it.
ADMIN_TOKEN = "served-admin-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@contextmanager
def serving(database_url: str, log_dir: Path) -> Iterator[str]:
    """`stocksync serve` on a free port; yields its base URL, stops it afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "STOCKSYNC_ADMIN_TOKEN": ADMIN_TOKEN,
        "NATS_STORE": str(log_dir / "nats"),  # the embedded nats-server, as `serve` runs
        "PYTHONUNBUFFERED": "1",
    }
    url = f"http://127.0.0.1:{port}"
    args = [stocksync_command(), "serve", "--port", str(port), "--no-access-log"]
    service = Service("service", args, env, log_dir, health_url=f"{url}/healthz")
    try:
        service.start().wait_ready()
        yield url
    finally:
        service.stop()


@pytest.fixture
def served(database_url: str, tmp_path: Path) -> Iterator[str]:
    """The served app on each backend; yields its base URL."""
    with serving(database_url, tmp_path) as url:
        yield url


@pytest.fixture
def served_on_sqlite(tmp_path: Path) -> Iterator[str]:
    """The served app on SQLite alone, for what does not depend on the backend."""
    with serving(f"sqlite:///{tmp_path / 'stocksync.db'}", tmp_path) as url:
        yield url
