"""Command receipts: what a succeeded command answered, stored with its events.

The recorder writes a receipt in the same transaction as the command's events, so a key is
remembered exactly when the command happened. The receipt's position is the notification id of
the command's last event, filled in by the recorder once the ids are known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import StoredEvent


@dataclass(frozen=True)
class PendingReceipt:
    """A receipt to write with a save: ``last_event`` indexes the command's last stored event."""

    key: str
    fingerprint: str
    body: str
    last_event: int


@dataclass(frozen=True)
class StoredReceipt:
    """A receipt as read back: the original body and position."""

    key: str
    fingerprint: str
    body: str
    position: int


class LedgerRecorder(Protocol):
    """What the command layer needs of the recorder beyond the library's ApplicationRecorder."""

    def select_receipts(self, keys: Sequence[str]) -> dict[str, StoredReceipt]:
        """The receipts stored under any of ``keys``."""
        ...

    def select_position(self, originator_id: UUID, version: int) -> int | None:
        """The notification id (log position) of one aggregate event."""
        ...

    def select_histories(self, originator_ids: Sequence[UUID]) -> list[StoredEvent]:
        """Every stored event of these aggregates, by aggregate then version, in few queries."""
        ...


def receipt_rows(receipts: Sequence[PendingReceipt], ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """Rows for the receipts table, with each receipt's position taken from the new ids."""
    return [(r.key, r.fingerprint, r.body, ids[r.last_event]) for r in receipts]
