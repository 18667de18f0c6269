"""Fixtures: every storage test runs on SQLite and on PostgreSQL.

PostgreSQL defaults to 127.0.0.1:5432 (user postgres); set STOCKSYNC_TEST_POSTGRES_URL to
another server's maintenance database URL to override. Each test gets its own database, created
and dropped here. Under CI=true an unreachable PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from interfaces.http.app import create_app
from interfaces.runtime.bootstrap import Container, build
from interfaces.runtime.settings import Settings
from tests.tokens import ADMIN, ADMIN_TOKEN

ADMIN_URL = os.environ.get(
    "STOCKSYNC_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    try:
        return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        message = f"PostgreSQL unreachable at {ADMIN_URL}: {exc}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: PostgreSQL tests must run)", pytrace=False)
        pytest.skip(message)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    name = f"stocksync_test_{uuid.uuid4().hex[:12]}"
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with _admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'stocksync.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings for a test service: fast sweeps and polls, and the tests' admin token."""
    return Settings(
        database_url=database_url,
        stocksync_admin_token=ADMIN_TOKEN,
        sweep_interval=0.05,
        follower_poll_interval=0.02,
        embedded_nats=False,  # messaging tests start their own nats-server
        views_process=False,  # followers in the test's process; e2e tests run `serve`'s child
    )


@pytest.fixture
def container(settings: Settings) -> Iterator[Container]:
    """A built (not started) service; the test starts what it needs."""
    built = build(settings)
    yield built
    built.stop()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """The real HTTP app, started (followers, sweeper) and stopped around the test; its
    requests carry the admin token unless a test sends another Authorization header."""
    app = create_app(build(settings))
    with TestClient(app, headers=ADMIN) as test_client:
        yield test_client
