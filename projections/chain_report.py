"""What verifying the audit chain reads (the stored events and the stored chain, each in
position order) and what it reports: each event (or checkpoint) found not as it was chained,
and the counts of what was compared."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol
from uuid import UUID

from projections.chain import CANONICAL
from projections.store import View, query

BATCH = 1000
MAX_FINDINGS = 1000


class StoredLog(Protocol):
    """What verification reads of the event store (the ledger's recorders have both)."""

    def select_notifications(
        self, start: int | None, limit: int, stop: int | None = None, topics: Sequence[str] = ()
    ) -> Sequence[Any]:
        """Stored events from ``start`` (inclusive), in position order."""
        ...

    def select_position(self, originator_id: UUID, version: int) -> int | None:
        """The position of one aggregate event, if it is stored."""
        ...


@dataclass(frozen=True)
class Finding:
    """One event (or checkpoint) that is not as it was chained."""

    kind: str
    position: int
    originator_id: str | None
    originator_version: int | None
    detail: str


@dataclass
class ChainReport:
    """What ``verify_chain`` found."""

    canonical: str = CANONICAL
    checked: int = 0  # chained events compared with the log
    tip: int = 0  # the last chained position
    unchained: int = 0  # events after the tip, not chained yet
    checkpoints: int = 0  # checkpoints compared with the chain
    findings: list[Finding] = field(default_factory=list)
    more_findings: int = 0  # findings beyond MAX_FINDINGS, counted only

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.findings

    def add(self, finding: Finding) -> None:
        """Keep a finding (the first MAX_FINDINGS of them; the rest are counted)."""
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(finding)
        else:
            self.more_findings += 1

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data; ``first`` is the earliest finding."""
        data = asdict(self)
        data["ok"] = self.ok
        data["first"] = data["findings"][0] if self.findings else None
        return data


def chain_rows(view: View, tip: int) -> Iterator[dict[str, Any]]:
    """The stored chain up to ``tip``, in position order, read BATCH rows at a time."""
    after = -(2**62)
    while True:
        rows = query(
            view,
            "SELECT position, originator_id, originator_version, hash FROM audit_chain "
            "WHERE position > %s AND position <= %s ORDER BY position LIMIT %s",
            (after, tip, BATCH),
        )
        yield from rows
        if len(rows) < BATCH:
            return
        after = int(rows[-1]["position"])


def stored_events(log: StoredLog) -> Iterator[Any]:
    """Every stored event, in position order, read BATCH at a time."""
    start: int | None = None
    while True:
        batch = log.select_notifications(start, BATCH)
        yield from batch
        if len(batch) < BATCH:
            return
        start = batch[-1].id + 1
