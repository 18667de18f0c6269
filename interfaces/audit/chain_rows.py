"""The audit chain's rows an export carries: its tip, the hashes of a range, the header."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from interfaces.audit.format import DEFINITION, FORMAT
from projections.chain import CANONICAL, GENESIS_HEX
from projections.store import View, query


def tip(view: View) -> int:
    """The last chained position."""
    rows = query(view, "SELECT MAX(position) AS tip FROM audit_chain")
    return int(rows[0]["tip"] or 0)


def hashes(view: View, first: int, last: int) -> dict[int, str]:
    """The chain hashes of positions first..last."""
    rows = query(
        view,
        "SELECT position, hash FROM audit_chain WHERE position >= %s AND position <= %s",
        (first, last),
    )
    return {int(row["position"]): str(row["hash"]) for row in rows}


def header(
    view: View, first: int, period: tuple[datetime | None, datetime | None]
) -> dict[str, Any]:
    """The header record of an export starting at ``first``."""
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
