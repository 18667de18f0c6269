"""The global log on a terminal or in a file: a rich table, JSON lines, or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from datetime import datetime
from enum import StrEnum
from typing import TextIO

from rich.console import Console
from rich.table import Table

from projections.event_keys import KEYS
from projections.event_query import Entry

CSV_COLUMNS = (
    "position",
    "occurred_at",
    "originator_type",
    "originator_id",
    "version",
    "type",
    "reference",
    "idempotency_key",
    *KEYS,
    "data",
)


class Format(StrEnum):
    """How `audit log` prints."""

    TABLE = "table"
    JSONL = "jsonl"
    CSV = "csv"


def iso(moment: datetime) -> str:
    """A UTC moment as the API shows it: ISO-8601 with Z."""
    return moment.isoformat().replace("+00:00", "Z")


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)


def jsonl(entries: Iterable[Entry], out: TextIO) -> None:
    """One JSON object per line, each exactly an item of `GET /v1/events`."""
    for entry in entries:
        out.write(_compact({**entry.record(), "occurred_at": iso(entry.occurred_at)}) + "\n")


def csv_rows(entries: Iterable[Entry], out: TextIO) -> None:
    """A header, then one row per event: the item flattened, with the keys it is filed under
    and its data as JSON text."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow(
            (
                entry.position,
                iso(entry.occurred_at),
                entry.originator_type,
                entry.originator_id,
                entry.version,
                entry.type,
                entry.reference or "",
                entry.idempotency_key or "",
                *(entry.keys[key] or "" for key in KEYS),
                _compact(entry.data),
            )
        )


def table(entries: Iterable[Entry], out: TextIO) -> None:
    """A rich table: one row per event, its keys in one column."""
    grid = Table()
    for column in ("position", "occurred_at", "event", "version", "keys", "reference", "data"):
        grid.add_column(column, overflow="fold")  # wrapped, never cut: nothing is hidden
    for entry in entries:
        keys = " ".join(f"{key}={value}" for key, value in entry.keys.items() if value)
        grid.add_row(
            str(entry.position),
            iso(entry.occurred_at),
            f"{entry.originator_type}.{entry.type}",
            str(entry.version),
            keys,
            entry.reference or "",
            _compact(entry.data),
        )
    Console(file=out).print(grid)


WRITERS: dict[Format, Callable[[Iterable[Entry], TextIO], None]] = {
    Format.TABLE: table,
    Format.JSONL: jsonl,
    Format.CSV: csv_rows,
}
