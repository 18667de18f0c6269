"""Exports, on both backends: `audit export` writes the stored events with their chain hashes;
`audit check` verifies the file alone (no database) and names the first bad line."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interfaces.audit.check import check
from interfaces.audit.format import FORMAT
from interfaces.cli import cli
from interfaces.runtime.container import Container
from interfaces.runtime.settings import Settings
from projections.chain import CANONICAL, GENESIS_HEX
from projections.store import query
from tests.audit.tampering import RawLog, workload

NO_DATABASE = {"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nowhere"}


def export(settings: Settings, out: Path, *options: str) -> str:
    result = CliRunner().invoke(
        cli,
        ["audit", "export", "--out", str(out), *options],
        env={"DATABASE_URL": settings.database_url},
    )
    assert result.exit_code == 0, result.output
    return result.output


def check_cli(path: Path) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(cli, ["audit", "check", str(path), "--json"], env=NO_DATABASE)
    return result.exit_code, json.loads(result.stdout)


def records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.mark.parametrize(
    ("name", "options"),
    [("ledger.jsonl", ()), ("ledger.csv", ()), ("ledger.txt", ("--format", "csv"))],
)
def test_an_export_checks_out_with_the_file_alone(
    container: Container, settings: Settings, tmp_path: Path, name: str, options: tuple[str, ...]
) -> None:
    workload(container.executor)
    end = container.ledger.recorder.max_notification_id()
    out = tmp_path / name
    assert f"{end} events (positions 1..{end})" in export(settings, out, *options)
    is_csv = name != "ledger.jsonl"
    assert out.read_text().startswith("record,position," if is_csv else '{"record":"header"')

    code, report = check_cli(out)
    assert code == 0, report
    assert (report["events"], report["first_position"], report["last_position"]) == (end, 1, end)
    chain = query(
        container.views["audit_chain"], "SELECT hash FROM audit_chain WHERE position=%s", (end,)
    )
    assert report["last_hash"] == chain[0]["hash"]


def test_the_header_says_how_to_check_the_file(
    container: Container, settings: Settings, tmp_path: Path
) -> None:
    workload(container.executor, rounds=1)
    out = tmp_path / "ledger.jsonl"
    export(settings, out)
    header, *events, trailer = records(out)
    assert header["format"] == FORMAT and header["canonical"] == CANONICAL
    assert "SHA-256" in str(header["definition"])
    assert (header["previous_position"], header["previous_hash"]) == (None, GENESIS_HEX)
    assert [e["position"] for e in events] == list(range(1, len(events) + 1))
    assert trailer == {
        "record": "trailer",
        "count": len(events),
        "last_position": len(events),
        "last_hash": events[-1]["hash"],
    }


def test_a_period_exports_its_events_after_the_hash_before_them(
    container: Container, settings: Settings, tmp_path: Path
) -> None:
    executor = container.executor
    workload(executor, rounds=1)
    since = datetime.now(UTC)
    first = (container.ledger.recorder.max_notification_id() or 0) + 1
    workload(executor, rounds=2)
    until = datetime.now(UTC)
    last = container.ledger.recorder.max_notification_id()
    workload(executor, rounds=1)
    out = tmp_path / "period.jsonl"
    export(settings, out, "--from", since.isoformat(), "--to", until.isoformat())

    header, *events, _ = records(out)
    assert [e["position"] for e in events] == list(range(first, (last or 0) + 1))
    before = query(
        container.views["audit_chain"],
        "SELECT hash FROM audit_chain WHERE position=%s",
        (first - 1,),
    )
    assert (header["previous_position"], header["previous_hash"]) == (first - 1, before[0]["hash"])
    assert check(out).ok


def test_a_tampered_export_line_is_named_offline(
    container: Container, settings: Settings, tmp_path: Path
) -> None:
    workload(container.executor, rounds=2)
    out = tmp_path / "ledger.jsonl"
    export(settings, out)
    lines = out.read_text().splitlines(keepends=True)
    edited = next(n for n, line in enumerate(lines) if '"reference\\":\\"DMG\\"' in line)

    tampered = tmp_path / "edited.jsonl"
    tampered.write_text("".join(lines).replace('\\"DMG\\"', '\\"DMX\\"', 1))
    code, report = check_cli(tampered)
    assert code == 1
    assert report["line"] == edited + 1
    assert "does not follow from the line before" in str(report["problem"])

    without = tmp_path / "without.jsonl"
    without.write_text("".join(lines[:3] + lines[4:]))
    assert (check(without).line, check(without).ok) == (4, False)

    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(lines[:-1]))
    assert check(cut).problem == "the file ends without its trailer: it was cut short"


def test_an_event_altered_in_the_database_fails_the_check_of_its_export(
    container: Container, settings: Settings, tmp_path: Path
) -> None:
    workload(container.executor)
    container.followers["audit_chain"].catch_up()
    RawLog.of(container).edit(5)
    out = tmp_path / "ledger.csv"
    export(settings, out)
    report = check(out)
    assert report.line == 7  # the column names, the header, then positions 1..5
    assert report.problem is not None and report.problem.startswith("position 5:")
