"""The audit chain: a SHA-256 hash chain over the stored event log, kept beside it.

hash(0) is 32 zero bytes; hash(n) = SHA-256(hash(n-1) || canonical(event n)), where hash(n-1)
is the raw 32-byte digest and event n is the n-th stored event in log order. The canonical
bytes of an event (version ``stocksync-chain/1``) are five fields, each written as an 8-byte
big-endian unsigned length followed by that many bytes:

1. the position (the log's notification id) in decimal ASCII, e.g. ``b"42"``;
2. the originator id as text (a UUID in its lower-case hyphenated form);
3. the originator version in decimal ASCII;
4. the topic in UTF-8, e.g. ``b"domain.stock_item:StockItem.Received"``;
5. the stored state: the exact bytes of the ``state`` column.

Everything comes from the stored row, so anyone can recompute the chain from the database (or
from an export) without our code. ``audit_chain`` holds each event's chain hash; every
``checkpoint_every``-th event also gets a row in ``audit_checkpoints`` and an outbox message
for ``stocksync.audit.checkpoints``, so that copies live outside the database.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from projections import outbox
from projections.cursor import ViewCursor
from projections.model import Positioned, ReadModel
from projections.table import Index, Table

CANONICAL = "stocksync-chain/1"
BY_EVENT = Index("audit_chain_by_event", "audit_chain", "originator_id, originator_version")
CHAIN = Table(
    "audit_chain",
    ("position", "seq", "originator_id", "originator_version", "hash"),
    ("position",),
)
GENESIS = bytes(32)
GENESIS_HEX = GENESIS.hex()
LENGTH = struct.Struct(">Q").pack  # a field's length: 8 bytes, big-endian, unsigned


def canonical(
    position: int, originator_id: object, originator_version: int, topic: str, state: bytes | str
) -> bytes:
    """The bytes of one stored event that the chain hashes (``stocksync-chain/1``)."""
    a, b, c = str(position).encode(), str(originator_id).encode(), str(originator_version).encode()
    d, e = topic.encode(), stored_bytes(state)
    # Written out, not in a loop: this runs for every event the chain or an audit reads.
    return b"".join(
        (
            LENGTH(len(a)),
            a,
            LENGTH(len(b)),
            b,
            LENGTH(len(c)),
            c,
            LENGTH(len(d)),
            d,
            LENGTH(len(e)),
            e,
        )
    )


def stored_bytes(state: bytes | str) -> bytes:
    """The state column's bytes. SQLite may hand back text (a BLOB edited with a text
    function becomes TEXT); its bytes are then its UTF-8, as SQLite stores it."""
    return state.encode() if isinstance(state, str) else bytes(state)


def link(previous: bytes, event: bytes) -> bytes:
    """The chain hash after an event: SHA-256(previous hash || canonical bytes of the event)."""
    return hashlib.sha256(previous + event).digest()


def notification_bytes(notification: Any) -> bytes:
    """The canonical bytes of a stored event as the recorder returns it (a Notification)."""
    return canonical(
        notification.id,
        notification.originator_id,
        notification.originator_version,
        notification.topic,
        notification.state,
    )


class AuditChain(ReadModel):
    """One chain hash per stored event, and a checkpoint every ``checkpoint_every`` events.

    ``audit_checkpoints`` is not one of the view's tables: a rebuild keeps it, so a chain
    recomputed over an altered log still disagrees with the checkpoints taken before."""

    name = "audit_chain"
    tables = ("audit_chain",)
    ddl = (
        "CREATE TABLE IF NOT EXISTS audit_chain ("
        "position BIGINT PRIMARY KEY, seq BIGINT NOT NULL, originator_id TEXT NOT NULL, "
        "originator_version BIGINT NOT NULL, hash TEXT NOT NULL)",
        BY_EVENT.create,
        "CREATE TABLE IF NOT EXISTS audit_checkpoints ("
        "position BIGINT PRIMARY KEY, hash TEXT NOT NULL, count BIGINT NOT NULL, "
        "at TIMESTAMPTZ NOT NULL)",
        *outbox.DDL,
    )
    search_indexes = (BY_EVENT,)
    wants_notifications = True
    checkpoint_every = 1000

    def apply(self, cur: ViewCursor, batch: Sequence[Positioned]) -> None:
        """Chain the batch's stored events after the last chained one."""
        cur.execute("SELECT seq, hash FROM audit_chain ORDER BY position DESC LIMIT 1")
        last = cur.fetchone()
        previous, seq = (bytes.fromhex(last["hash"]), int(last["seq"])) if last else (GENESIS, 0)
        rows: list[tuple[Any, ...]] = []
        checkpoints: list[tuple[Any, ...]] = []
        for notification, position in batch:
            previous = link(previous, notification_bytes(notification))
            seq += 1
            rows.append(
                (
                    position,
                    seq,
                    str(notification.originator_id),
                    notification.originator_version,
                    previous.hex(),
                )
            )
            if seq % self.checkpoint_every == 0:
                checkpoints.append((position, previous.hex(), seq, datetime.now(UTC)))
        cur.insert(CHAIN, rows)
        self._checkpoint(cur, checkpoints)

    def _checkpoint(self, cur: ViewCursor, checkpoints: list[tuple[Any, ...]]) -> None:
        # A rebuild never overwrites a checkpoint: the old one is the evidence.
        cur.executemany(
            "INSERT INTO audit_checkpoints (position, hash, count, at) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (position) DO NOTHING",
            checkpoints,
        )
        if self.emit and checkpoints:
            messages = outbox.Outbox()
            for position, chain_hash, count, at in checkpoints:
                messages.checkpoint(position, chain_hash, count, at)
            messages.write(cur)
