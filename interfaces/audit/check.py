"""`audit check`: verifying an export with the file alone; the report names the first bad line."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO

from interfaces.audit.fields import BadLine, end, follow, start
from interfaces.audit.format import COLUMNS, EVENT_FIELDS


@dataclass
class CheckReport:
    """What `audit check` found in a file: ``line`` and ``problem`` name the first bad line."""

    path: str
    events: int = 0
    first_position: int | None = None
    last_position: int | None = None
    last_hash: str | None = None
    line: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """True when the file checks out."""
        return self.problem is None

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {**asdict(self), "ok": self.ok}


def check(path: Path) -> CheckReport:
    """Verify an export with the file alone; the report names the first bad line."""
    report = CheckReport(str(path), line=1)
    try:
        with path.open(newline="", encoding="utf-8") as source:
            _check(report, _read(source, _is_csv(path, source)))
    except _At as exc:
        report.line, report.problem = exc.at, str(exc)
    except BadLine as exc:
        report.problem = str(exc)
    except (UnicodeDecodeError, csv.Error) as exc:
        report.problem = f"unreadable: {exc}"
    if report.ok:
        report.line = None
    return report


def _check(report: CheckReport, records: Iterator[tuple[int, dict[str, Any]]]) -> None:
    # report.line follows the record being checked, so a BadLine names it.
    report.line, header = next(records, (1, {}))
    previous, last = start(header)
    for report.line, record in records:
        if record.get("record") == "trailer":
            end(report.events, record, previous)
            _nothing_after(records)
            return
        previous, last = follow(record, previous, last)
        report.events += 1
        if report.first_position is None:
            report.first_position = last
        report.last_position, report.last_hash = last, previous.hex()
    report.line += 1
    raise BadLine("the file ends without its trailer: it was cut short")


class _At(BadLine):
    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.at = line


def _is_csv(path: Path, source: TextIO) -> bool:
    if path.suffix.lower() in (".csv", ".jsonl", ".json"):
        return path.suffix.lower() == ".csv"
    first = source.read(1)
    source.seek(0)
    return first != "{"


def _read(source: TextIO, is_csv: bool) -> Iterator[tuple[int, dict[str, Any]]]:
    if is_csv:
        yield from _read_csv(source)
        return
    for number, text in enumerate(source, start=1):
        try:
            record = json.loads(text)
        except ValueError as exc:
            raise _At(number, f"not JSON: {exc}") from exc
        if not isinstance(record, dict):
            raise _At(number, "not a JSON object")
        yield number, record


def _read_csv(source: TextIO) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.reader(source)
    if tuple(next(reader, ())) != COLUMNS:
        raise _At(1, f"the first row must name the columns {', '.join(COLUMNS)}")
    start = reader.line_num + 1
    for row in reader:
        if len(row) != len(COLUMNS):
            raise _At(start, f"{len(row)} columns, not {len(COLUMNS)}")
        cells = dict(zip(COLUMNS, row, strict=True))
        if cells["record"] == "event":
            yield start, {k: cells[k] for k in ("record", *EVENT_FIELDS)}
        else:
            try:
                meta = json.loads(cells["meta"])
            except ValueError as exc:
                raise _At(start, f"meta is not JSON: {exc}") from exc
            yield start, {**meta, "record": cells["record"]}
        start = reader.line_num + 1


def _nothing_after(records: Iterator[tuple[int, dict[str, Any]]]) -> None:
    for line, _ in records:
        raise _At(line, "a record after the trailer")
