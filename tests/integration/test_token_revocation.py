"""A token issued or revoked by one service works, or stops working, in every other service on
the same database within 5 s: two independently built apps (and the CLI) on one database."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from domain.grant import READ
from interfaces.cli import cli
from interfaces.http.app import create_app
from interfaces.runtime.bootstrap import Container, build
from interfaces.runtime.settings import Settings
from tests.tokens import ADMIN, bearer, issue

PROMISE = 5.0  # seconds: the issue's bound for another process to see a revocation


@pytest.fixture
def other(settings: Settings) -> Iterator[tuple[TestClient, Container]]:
    """A second service on the same database. Only its keyring runs (its refresh thread at the
    default interval): two sets of view followers on one SQLite file would only contend."""
    container = build(settings)
    container.keyring.start()
    yield TestClient(create_app(container, manage=False), headers=ADMIN), container
    container.stop()


def within(seconds: float, happened: Callable[[], bool]) -> float:
    """How long until ``happened()``; fails after ``seconds``."""
    start = time.monotonic()
    while not happened():
        assert time.monotonic() - start < seconds, f"not within {seconds} s"
        time.sleep(0.02)
    return time.monotonic() - start


def status(client: TestClient, token: str) -> int:
    return client.get("/v1/channels", headers=bearer(token)).status_code


def test_a_token_revoked_in_one_service_stops_in_another_within_5_s(
    client: TestClient, other: tuple[TestClient, Container]
) -> None:
    second, _ = other
    token = issue(client, READ)
    within(PROMISE, lambda: status(second, token) == 200)
    assert client.delete(f"/v1/tokens/{token.split('_')[1]}").status_code == 204
    assert status(client, token) == 401  # at once where it was revoked
    within(PROMISE, lambda: status(second, token) == 401)


def test_another_service_learns_of_a_revocation_at_its_next_refresh(
    client: TestClient, settings: Settings
) -> None:
    second = build(settings)  # no refresh thread: the test refreshes by hand
    try:
        token = issue(client, READ)
        second.keyring.refresh()
        assert second.keyring.grant(token) is not None
        assert client.delete(f"/v1/tokens/{token.split('_')[1]}").status_code == 204
        second.keyring.refresh()
        assert second.keyring.grant(token) is None
    finally:
        second.stop()


def test_tokens_made_and_revoked_by_the_cli_reach_a_running_service(
    client: TestClient, settings: Settings
) -> None:
    env = {"DATABASE_URL": settings.database_url, "COLUMNS": "300"}
    runner = CliRunner()
    made = runner.invoke(cli, ["tokens", "create", "--name", "cli", "--scope", READ], env=env)
    assert made.exit_code == 0, made.output
    token = made.stdout.strip()
    assert token.startswith("sst_") and token not in made.stderr
    within(PROMISE, lambda: status(client, token) == 200)
    listed = runner.invoke(cli, ["tokens", "list"], env=env)
    token_id = token.split("_")[1]
    assert token_id in listed.stdout and token not in listed.stdout
    revoked = runner.invoke(cli, ["tokens", "revoke", token_id], env=env)
    assert revoked.exit_code == 0, revoked.output
    within(PROMISE, lambda: status(client, token) == 401)
    unknown = runner.invoke(cli, ["tokens", "revoke", "0000000000000000"], env=env)
    assert unknown.exit_code == 1 and "no API token" in unknown.stderr
