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

import csv
import json
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

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


class ExportFormat(StrEnum):
    """The file formats of `audit export`."""

    JSONL = "jsonl"
    CSV = "csv"


def infer_format(path: Path, given: ExportFormat | None) -> ExportFormat:
    """The format asked for, else CSV for a .csv file and JSON lines otherwise."""
    if given is not None:
        return given
    return ExportFormat.CSV if path.suffix.lower() == ".csv" else ExportFormat.JSONL


class Records:
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
