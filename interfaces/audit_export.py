"""Exports an auditor checks alone: stored events with their chain hashes, in JSON lines or CSV.

An export (format ``stocksync-audit-export/1``) is three kinds of records, in this order:

- one ``header``: the format, the canonical-bytes version and its definition, the period asked
  for, and ``previous_hash``: the chain hash before the first exported event (of the chained
  event at ``previous_position``; 64 zeros when the export starts at the log's beginning);
- one ``event`` per stored event, in log order: ``position``, ``originator_id``,
  ``originator_version``, ``topic``, ``state`` with its ``state_encoding`` (``utf-8``: the
  stored bytes are this text in UTF-8; ``base64``: they are this base64) and ``hash``, the
  chain hash stored in audit_chain for that position;
- one ``trailer``: how many events, the last position and the last hash.

JSON lines hold one record per line, with ``record`` naming its kind. CSV has the columns
``record, position, originator_id, originator_version, topic, state_encoding, state, hash,
meta``; the header and trailer rows keep their fields as a JSON object in ``meta``.

An export covers consecutive positions: from the first event at or after ``--from`` up to, not
including, the first event after that at or after ``--to`` (events' own times), and never past
the chain's tip. ``check`` needs the file alone: it recomputes every hash from the header's
``previous_hash`` and names the first line that does not follow.
"""

from __future__ import annotations

import base64
import binascii
import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO, cast

from projections.chain import CANONICAL, GENESIS_HEX, canonical, link, stored_bytes
from projections.chain_verification import StoredLog
from projections.store import View, query

FORMAT = "stocksync-audit-export/1"
DEFINITION = (
    "hash(n) = SHA-256(hash(n-1) || canonical(n)), hash(n-1) as its 32 raw bytes; "
    "canonical(n) = five fields, each an 8-byte big-endian length then its bytes: position "
    "(decimal ASCII), originator_id (UTF-8 text), originator_version (decimal ASCII), topic "
    "(UTF-8), state (the stored bytes: the UTF-8 of `state` when state_encoding is utf-8, "
    "its base64 decoding when it is base64)"
)
COLUMNS = (
    "record",
    "position",
    "originator_id",
    "originator_version",
    "topic",
    "state_encoding",
    "state",
    "hash",
    "meta",
)
EVENT_FIELDS = COLUMNS[1:8]
BATCH = 1000
Occurred = Callable[[Any], datetime | None]


class ExportFormat(StrEnum):
    """The file formats of `audit export`."""

    JSONL = "jsonl"
    CSV = "csv"


def infer_format(path: Path, given: ExportFormat | None) -> ExportFormat:
    """The format asked for, else CSV for a .csv file and JSON lines otherwise."""
    if given is not None:
        return given
    return ExportFormat.CSV if path.suffix.lower() == ".csv" else ExportFormat.JSONL


@dataclass
class ExportSummary:
    """What an export wrote."""

    events: int = 0
    first_position: int | None = None
    last_position: int | None = None
    last_hash: str = GENESIS_HEX
    tip: int = 0  # the chain's tip: the export never goes past it
    unhashed: int = 0  # events in the range without a chain hash (the check will fail)


class _Records:
    """Writes records as JSON lines or CSV rows."""

    def __init__(self, out: TextIO, fmt: ExportFormat) -> None:
        self.out = out
        self.csv = csv.writer(out, lineterminator="\n") if fmt is ExportFormat.CSV else None
        if self.csv is not None:
            self.csv.writerow(COLUMNS)

    def write(self, record: dict[str, Any]) -> None:
        if self.csv is None:
            self.out.write(json.dumps(record, separators=(",", ":")) + "\n")
        elif record["record"] == "event":
            cells = ("" if record[f] is None else record[f] for f in EVENT_FIELDS)
            self.csv.writerow(["event", *cells, ""])
        else:
            meta = {k: v for k, v in record.items() if k != "record"}
            self.csv.writerow([record["record"], *[""] * len(EVENT_FIELDS), json.dumps(meta)])


def export(
    log: StoredLog,
    view: View,
    out: TextIO,
    fmt: ExportFormat,
    period: tuple[datetime | None, datetime | None] = (None, None),
    occurred: Occurred | None = None,
    progress: Callable[[int], None] | None = None,
) -> ExportSummary:
    """Write the events of ``period`` (by ``occurred``, their time) with their chain hashes."""
    summary = ExportSummary(tip=_tip(view))
    records = _Records(out, fmt)
    hashes: dict[int, str] = {}
    for event in _window(log, summary.tip, period, occurred, progress):
        if summary.first_position is None:
            records.write(_header(view, event.id, period))
            summary.first_position = event.id
        if event.id not in hashes:
            hashes = _hashes(view, event.id, event.id + BATCH)
        stored = hashes.get(event.id)
        summary.events += 1
        summary.last_position = event.id
        summary.unhashed += stored is None
        summary.last_hash = stored or summary.last_hash
        records.write(_event(event, stored))
    if summary.first_position is None:
        records.write(_header(view, summary.tip + 1, period))
    records.write(
        {
            "record": "trailer",
            "count": summary.events,
            "last_position": summary.last_position,
            "last_hash": summary.last_hash,
        }
    )
    return summary


def _window(
    log: StoredLog,
    tip: int,
    period: tuple[datetime | None, datetime | None],
    occurred: Occurred | None,
    progress: Callable[[int], None] | None,
) -> Iterator[Any]:
    """Consecutive events: from the first at or after ``since`` to the next one at or after
    ``until`` (excluded). An event whose time cannot be read neither opens nor closes it."""
    since, until = period
    timed = occurred is not None and (since is not None or until is not None)
    started = since is None
    for batch in _batches(log, tip):
        for event in batch:
            moment = occurred(event) if timed and occurred else None
            if not started:
                started = moment is not None and since is not None and moment >= since
                if not started:
                    continue
            if until is not None and moment is not None and moment >= until:
                return
            yield event
        if progress:
            progress(len(batch))


def occurred_by(mapper: Any) -> Occurred:
    """An event's time by the application's mapper; None when it does not decode (a tampered
    event may not: the check names it)."""

    def occurred(event: Any) -> datetime | None:
        try:
            return cast(datetime, mapper.to_domain_event(event).timestamp)
        except Exception:
            return None

    return occurred


def _tip(view: View) -> int:
    rows = query(view, "SELECT MAX(position) AS tip FROM audit_chain")
    return int(rows[0]["tip"] or 0)


def _batches(log: StoredLog, tip: int) -> Iterator[list[Any]]:
    start: int | None = None
    while True:
        batch = list(log.select_notifications(start, BATCH, stop=tip))
        if batch:
            yield batch
        if len(batch) < BATCH:
            return
        start = batch[-1].id + 1


def _hashes(view: View, first: int, last: int) -> dict[int, str]:
    rows = query(
        view,
        "SELECT position, hash FROM audit_chain WHERE position >= %s AND position <= %s",
        (first, last),
    )
    return {int(row["position"]): str(row["hash"]) for row in rows}


def _header(
    view: View, first: int, period: tuple[datetime | None, datetime | None]
) -> dict[str, Any]:
    rows = query(
        view,
        "SELECT position, hash FROM audit_chain WHERE position < %s ORDER BY position DESC LIMIT 1",
        (first,),
    )
    since, until = period
    return {
        "record": "header",
        "format": FORMAT,
        "canonical": CANONICAL,
        "definition": DEFINITION,
        "from": since.isoformat() if since else None,
        "to": until.isoformat() if until else None,
        "previous_position": int(rows[0]["position"]) if rows else None,
        "previous_hash": str(rows[0]["hash"]) if rows else GENESIS_HEX,
        "exported_at": datetime.now(UTC).isoformat(),
    }


def _event(event: Any, chain_hash: str | None) -> dict[str, Any]:
    state = stored_bytes(event.state)
    try:
        text, encoding = state.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = base64.b64encode(state).decode("ascii"), "base64"
    return {
        "record": "event",
        "position": event.id,
        "originator_id": str(event.originator_id),
        "originator_version": event.originator_version,
        "topic": event.topic,
        "state_encoding": encoding,
        "state": text,
        "hash": chain_hash,
    }


# --- the offline check -------------------------------------------------------------------------


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


class BadLine(Exception):
    """A line of an export that does not check out."""


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
    previous, last = _start(header)
    for report.line, record in records:
        if record.get("record") == "trailer":
            _end(report, record, previous)
            _nothing_after(records)
            return
        previous, last = _follow(record, previous, last)
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


def _start(header: dict[str, Any]) -> tuple[bytes, int | None]:
    if header.get("record") != "header":
        raise BadLine("the first record must be the header")
    if header.get("format") != FORMAT or header.get("canonical") != CANONICAL:
        raise BadLine(
            f"unknown format {header.get('format')!r} / {header.get('canonical')!r}; "
            f"this checker reads {FORMAT} / {CANONICAL}"
        )
    position = header.get("previous_position")
    previous = None if position is None else _integer(position, "previous_position")
    return _digest(header.get("previous_hash"), "previous_hash"), previous


def _follow(record: dict[str, Any], previous: bytes, last: int | None) -> tuple[bytes, int]:
    if record.get("record") != "event":
        raise BadLine(f"unexpected record {record.get('record')!r}")
    position = _integer(record.get("position"), "position")
    version = _integer(record.get("originator_version"), "originator_version")
    if last is not None and position <= last:
        raise BadLine(f"position {position} does not come after {last}: lines were reordered")
    event = canonical(
        position,
        _text(record.get("originator_id"), "originator_id"),
        version,
        _text(record.get("topic"), "topic"),
        _state(record),
    )
    expected = link(previous, event)
    if _digest(record.get("hash"), "hash") != expected:
        raise BadLine(
            f"position {position}: the hash does not follow from the line before: this line "
            "was altered, or a line before it was removed or reordered"
        )
    return expected, position


def _end(report: CheckReport, trailer: dict[str, Any], previous: bytes) -> None:
    if trailer.get("count") != report.events:
        raise BadLine(
            f"the trailer counts {trailer.get('count')} events, the file has {report.events}: "
            "lines were removed or added"
        )
    if _digest(trailer.get("last_hash"), "last_hash") != previous:
        raise BadLine("the trailer's last_hash is not the last event's hash")


def _nothing_after(records: Iterator[tuple[int, dict[str, Any]]]) -> None:
    for line, _ in records:
        raise _At(line, "a record after the trailer")


def _state(record: dict[str, Any]) -> bytes:
    text, encoding = _text(record.get("state"), "state"), record.get("state_encoding")
    if encoding == "utf-8":
        return text.encode("utf-8")
    if encoding == "base64":
        try:
            return base64.b64decode(text, validate=True)
        except binascii.Error as exc:
            raise BadLine(f"state is not base64: {exc}") from exc
    raise BadLine(f"unknown state_encoding {encoding!r}")


def _integer(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise BadLine(f"{name} is not an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    raise BadLine(f"{name} is not an integer: {value!r}")


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise BadLine(f"{name} is missing or not text")
    return value


def _digest(value: Any, name: str) -> bytes:
    try:
        digest = bytes.fromhex(_text(value, name))
    except ValueError as exc:
        raise BadLine(f"{name} is not hex") from exc
    if len(digest) != 32:
        raise BadLine(f"{name} is not a SHA-256 digest")
    return digest
