"""Verifying the audit chain: recompute it from the stored events and compare with audit_chain.

The stored events and the stored chain are walked together in position order. Each chained
event's hash is recomputed from the stored hash before it and the event as stored now, so every
tampered event is named, not only the first, and the walk re-synchronises after each one:

- altered: the event at a chained position is still there, with other content;
- removed: a chained position holds no event any more;
- inserted: an event sits at a position at or before the chain's tip that was never chained;
- reordered: an event now sits at another position than the one it was chained at;
- rewritten: the stored chain no longer matches a checkpoint taken earlier (audit_checkpoints),
  so the log and the chain were both rewritten at or before the checkpoint's position.

Events after the chain's tip are not chained yet; they are counted, not findings.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from projections.chain import GENESIS, link, notification_bytes
from projections.chain_report import ChainReport, Finding, StoredLog, chain_rows, stored_events
from projections.store import View, query

__all__ = ["ChainReport", "Finding", "StoredLog", "verify_chain"]


def verify_chain(log: StoredLog, view: View) -> ChainReport:
    """Walk the stored events and the stored chain together; report every difference."""
    walk = _Walk(log, view)
    walk.run()
    return walk.report


class _Walk:
    def __init__(self, log: StoredLog, view: View) -> None:
        self.log = log
        self.view = view
        self.report = ChainReport()
        tip = query(view, "SELECT MAX(position) AS tip FROM audit_chain")
        self.report.tip = int(tip[0]["tip"] or 0)
        # A checkpoint past the chain's tip in the same snapshot means the chain lost its end;
        # one past the walk's tip only is new, and not walked.
        rows = query(
            view,
            "SELECT position, hash, count, (SELECT MAX(position) FROM audit_chain) AS tip "
            "FROM audit_checkpoints",
        )
        self.checkpoints = {
            int(row["position"]): row
            for row in rows
            if int(row["position"]) <= self.report.tip or int(row["position"]) > (row["tip"] or 0)
        }

    def run(self) -> None:
        tip = self.report.tip  # the walk stops there: the chain may grow meanwhile
        events = stored_events(self.log)
        event = next(events, None)
        previous = GENESIS
        for seq, row in enumerate(chain_rows(self.view, tip), start=1):
            position = int(row["position"])
            while event is not None and event.id < position:
                self._unchained(event)
                event = next(events, None)
            if event is not None and event.id == position:
                self._compare(previous, row, event)
                event = next(events, None)
            else:
                self._missing(row)
            self._checkpoint(row, seq)
            previous = bytes.fromhex(row["hash"])
            self.report.checked += 1
        while event is not None and event.id <= tip:
            self._unchained(event)
            event = next(events, None)
        self.report.unchained = sum(1 for _ in events) + (event is not None)
        for position in sorted(self.checkpoints):
            self._rewritten(position, "no chained event at the checkpoint's position")

    def _compare(self, previous: bytes, row: dict[str, Any], event: Any) -> None:
        if link(previous, notification_bytes(event)).hex() == row["hash"]:
            return
        position, now = event.id, (str(event.originator_id), int(event.originator_version))
        chained = (row["originator_id"], int(row["originator_version"]))
        if now == chained:
            self._find("altered", event, "its content differs from what was chained")
            return
        moved_from = self._chained_at(*now)
        if moved_from is not None:
            self._find("reordered", event, f"it was chained at position {moved_from}")
            return
        moved_to = self.log.select_position(UUID(chained[0]), chained[1])
        if moved_to is not None:
            detail = f"{chained[0]} v{chained[1]}, chained here, is now at position {moved_to}"
            self._find("reordered", event, detail)
            return
        detail = f"it replaced {chained[0]} v{chained[1]}, which was chained at {position}"
        self._find("altered", event, detail)

    def _missing(self, row: dict[str, Any]) -> None:
        originator, version = row["originator_id"], int(row["originator_version"])
        moved_to = self.log.select_position(UUID(originator), version)
        kind, detail = (
            ("removed", "the chained event is no longer in the log")
            if moved_to is None
            else ("reordered", f"the chained event is now at position {moved_to}")
        )
        self.report.add(Finding(kind, int(row["position"]), originator, version, detail))

    def _unchained(self, event: Any) -> None:
        moved_from = self._chained_at(str(event.originator_id), int(event.originator_version))
        if moved_from is None:
            self._find("inserted", event, "this position was never chained")
        else:
            self._find("reordered", event, f"it was chained at position {moved_from}")

    def _checkpoint(self, row: dict[str, Any], seq: int) -> None:
        position = int(row["position"])
        checkpoint = self.checkpoints.pop(position, None)
        if checkpoint is None:
            return
        self.report.checkpoints += 1
        if checkpoint["hash"] != row["hash"] or int(checkpoint["count"]) != seq:
            detail = (
                f"checkpoint {checkpoint['hash'][:16]}… after {checkpoint['count']} events, "
                f"chain now {row['hash'][:16]}… after {seq}"
            )
            self._rewritten(position, detail)

    def _rewritten(self, position: int, detail: str) -> None:
        self.report.add(Finding("rewritten", position, None, None, detail))

    def _find(self, kind: str, event: Any, detail: str) -> None:
        self.report.add(
            Finding(kind, event.id, str(event.originator_id), event.originator_version, detail)
        )

    def _chained_at(self, originator_id: str, version: int) -> int | None:
        rows = query(
            self.view,
            "SELECT position FROM audit_chain WHERE originator_id=%s AND originator_version=%s",
            (originator_id, version),
        )
        return int(rows[0]["position"]) if rows else None
