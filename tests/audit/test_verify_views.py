"""`stocksync audit verify` replays every view and reports any row that differs."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from application.channels import DeclareChannel
from application.movements import Receive
from application.reservations import Reserve
from domain.listing import Listing
from domain.routing import Line
from interfaces.cli import cli
from interfaces.runtime.container import Container
from projections.follower import Follower
from tests import refs


def _workload(container: Container) -> tuple[str, str]:
    ledger = container.ledger
    executor = container.executor
    sku, wh = refs.sku(), refs.location()
    executor.execute(DeclareChannel("shop", "shopify", [], {"buffer": 1}))
    executor.execute(Receive(sku, wh, 10, "PO"))
    executor.execute(Reserve(refs.reservation(), refs.order(), "shop", [Line(sku, 2)], None))
    for view in container.views.values():
        Follower(ledger, view).catch_up()
    return sku, wh


def _verify(database_url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict[str, object]]:
    monkeypatch.setenv("DATABASE_URL", database_url)
    result = CliRunner().invoke(cli, ["audit", "verify", "--json"])
    return result.exit_code, json.loads(result.stdout.strip().splitlines()[-1])


def test_a_healthy_store_has_no_differences(
    container: Container, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _workload(container)
    code, report = _verify(database_url, monkeypatch)
    assert (code, report["ok"], report["differences"]) == (0, True, [])
    assert int(str(report["rows_compared"])) > 0


def test_a_corrupted_row_is_reported(
    container: Container, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sku, _ = _workload(container)
    with container.views["inventory"].cursor(commit=True) as cur:
        cur.execute("UPDATE stock_levels SET on_hand = on_hand + 1 WHERE sku = %s", (sku,))
    code, report = _verify(database_url, monkeypatch)
    assert code == 1 and report["ok"] is False
    differences = report["differences"]
    assert isinstance(differences, list)
    assert {(d["table"], (d["live"] or d["replayed"])["sku"]) for d in differences} == {
        ("stock_levels", sku)
    }
    assert {d["live"]["on_hand"] for d in differences if d["live"]} == {11}


def test_a_corrupted_listing_sync_row_is_reported(
    container: Container, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sku, _ = _workload(container)
    listing = Listing("shop", sku)
    listing.confirm(7, 3, "applied", "ok", "2026-01-01T00:00:00+00:00", 7)
    container.ledger.save(listing)
    Follower(container.ledger, container.views["inventory"]).catch_up()
    with container.views["inventory"].cursor(commit=True) as cur:
        cur.execute("UPDATE listing_sync SET confirmed_detail = 'forged' WHERE sku = %s", (sku,))
    code, report = _verify(database_url, monkeypatch)
    assert code == 1 and report["ok"] is False
    differences = report["differences"]
    assert isinstance(differences, list)
    assert {(d["table"], (d["live"] or d["replayed"])["sku"]) for d in differences} == {
        ("listing_sync", sku)
    }
    assert {d["live"]["confirmed_detail"] for d in differences if d["live"]} == {"forged"}
