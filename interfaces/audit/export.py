"""Writing an export: the events of a period with their chain hashes (the format is described
in interfaces/audit/format.py)."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO, cast

from interfaces.audit import chain_rows
from interfaces.audit.format import ExportFormat, Records
from projections.chain import GENESIS_HEX, stored_bytes
from projections.chain_verification import StoredLog
from projections.store import View

BATCH = 1000
Occurred = Callable[[Any], datetime | None]


@dataclass
class ExportSummary:
    """What an export wrote."""

    events: int = 0
    first_position: int | None = None
    last_position: int | None = None
    last_hash: str = GENESIS_HEX
    tip: int = 0  # the chain's tip: the export never goes past it
    unhashed: int = 0  # events in the range without a chain hash (the check will fail)


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
    summary = ExportSummary(tip=chain_rows.tip(view))
    records = Records(out, fmt)
    known: dict[int, str] = {}
    for event in _window(log, summary.tip, period, occurred, progress):
        if summary.first_position is None:
            records.write(chain_rows.header(view, event.id, period))
            summary.first_position = event.id
        if event.id not in known:
            known = chain_rows.hashes(view, event.id, event.id + BATCH)
        stored = known.get(event.id)
        summary.events += 1
        summary.last_position = event.id
        summary.unhashed += stored is None
        summary.last_hash = stored or summary.last_hash
        records.write(_event(event, stored))
    if summary.first_position is None:
        records.write(chain_rows.header(view, summary.tip + 1, period))
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


def _batches(log: StoredLog, tip: int) -> Iterator[list[Any]]:
    start: int | None = None
    while True:
        batch = list(log.select_notifications(start, BATCH, stop=tip))
        if batch:
            yield batch
        if len(batch) < BATCH:
            return
        start = batch[-1].id + 1


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
