"""`stocksync audit log`: the same answers as `GET /v1/events`, as a table, JSON lines or CSV,
from a view the command brings up to the end of the log itself."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

from application.movements import Adjust, Receive
from domain.ids import stock_item_id
from interfaces.audit.log_format import CSV_COLUMNS
from interfaces.cli import cli
from interfaces.cli.audit_log import catch_up
from interfaces.runtime.container import Container
from interfaces.runtime.settings import Settings
from projections.follower import Follower
from projections.store import query
from tests import refs
from tests.audit.story import Story, positions, whole_log


def audit_log(settings: Settings, *options: str) -> Result:
    """Run `stocksync audit log` against the test's database; it must succeed."""
    result = invoke(settings, *options)
    assert result.exit_code == 0, result.output
    return result


def invoke(settings: Settings, *options: str) -> Result:
    env = {"DATABASE_URL": settings.database_url, "COLUMNS": "300"}
    return CliRunner().invoke(cli, ["audit", "log", *options], env=env)


def json_lines(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def record(container: Container) -> tuple[str, str, str]:
    """A few receipts and a reservation straight through the ledger (no view is followed)."""
    executor = container.executor
    sku, location, reference = refs.sku(), refs.location(), "PO-77"
    executor.execute(Receive(sku, location, 10, reference, key=refs.key()))
    executor.execute(Receive(refs.sku(), location, 4, None))
    executor.execute(Adjust(sku, location, -1, "damaged", "DMG-1"))
    return sku, location, reference


def test_json_lines_are_the_items_of_the_endpoint(client: TestClient, settings: Settings) -> None:
    story = Story().tell(client)
    everything = audit_log(settings, "--format", "jsonl")
    assert json_lines(everything) == whole_log(client, story.last)
    for filters in (["--sku", story.sku], ["--channel", story.channel, "--type", "Reserved"]):
        names = [option.removeprefix("--").replace("-", "_") for option in filters[::2]]
        expected = whole_log(client, story.last, **dict(zip(names, filters[1::2], strict=True)))
        assert expected
        assert json_lines(audit_log(settings, "--format", "jsonl", *filters)) == expected


def test_the_command_brings_the_view_up_to_the_end_of_the_log(
    container: Container, settings: Settings
) -> None:
    sku, location, reference = record(container)
    end = container.ledger.recorder.max_notification_id()
    assert container.followers["event_log"].position == 0  # nothing follows the log here
    rows = list(csv.DictReader(io.StringIO(audit_log(settings, "--format", "csv").stdout)))
    assert [int(row["position"]) for row in rows] == list(range(1, (end or 0) + 1))
    assert container.followers["event_log"].position == end
    assert tuple(rows[0]) == CSV_COLUMNS
    receipt = next(row for row in rows if row["reference"] == reference)
    assert receipt["originator_id"] == str(stock_item_id(sku, location))
    assert (receipt["type"], receipt["sku"], receipt["location"]) == ("Received", sku, location)
    assert (receipt["channel"], receipt["order_id"]) == ("", "")
    assert json.loads(receipt["data"]) == {"quantity": 10}


def test_the_table_shows_every_event(container: Container, settings: Settings) -> None:
    sku, location, _ = record(container)
    end = container.ledger.recorder.max_notification_id() or 0
    output = audit_log(settings, "--sku", sku).stdout
    for heading in ("position", "occurred_at", "event", "version", "keys", "reference", "data"):
        assert heading in output
    assert "StockItem.Received" in output and "StockItem.Adjusted" in output
    assert f"sku={sku} location={location}" in output
    assert "DMG-1" in output and '{"delta":-1,"reason":"damaged"}' in output
    everything = audit_log(settings).stdout
    assert all(f"│ {position} " in everything for position in range(1, end + 1))


def test_options_filter_and_page_like_the_endpoint(client: TestClient, settings: Settings) -> None:
    story = Story().tell(client)
    log = whole_log(client, story.last)
    page = json_lines(audit_log(settings, "--format", "jsonl", "--after", "3", "--limit", "4"))
    assert page == log[3:7]
    cut = log[len(log) // 2]["occurred_at"]
    since = json_lines(audit_log(settings, "--format", "jsonl", "--from", cut))
    before = json_lines(audit_log(settings, "--format", "jsonl", "--to", cut))
    assert positions(since) == positions(whole_log(client, story.last, **{"from": cut}))
    assert positions(before) == positions(whole_log(client, story.last, to=cut))
    by_order = json_lines(audit_log(settings, "--format", "jsonl", "--order-id", story.order))
    assert by_order == whole_log(client, story.last, order_id=story.order)
    assert invoke(settings, "--from", "yesterday").exit_code == 2
    assert invoke(settings, "--from", "2026-11-28", "--to", "2026-11-27").exit_code == 2
    assert invoke(settings, "--format", "xml").exit_code == 2


class RacedFollower(Follower):
    """Reads a stale position once: as if another follower had applied the same batch while
    this one was reading it."""

    raced = False

    @property
    def position(self) -> int:
        if not self.raced:
            self.raced = True
            return 0
        return super().position


def test_catching_up_after_another_follower_applies_nothing_twice(
    container: Container,
) -> None:
    record(container)
    view = container.views["event_log"]
    end = container.ledger.recorder.max_notification_id()
    container.followers["event_log"].catch_up()
    catch_up(RacedFollower(container.ledger, view))
    rows = query(view, "SELECT position FROM event_log ORDER BY position")
    assert [row["position"] for row in rows] == list(range(1, (end or 0) + 1))
