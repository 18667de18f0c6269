"""Whether a marketplace agrees with us, for one (channel, SKU)."""

from __future__ import annotations

from datetime import datetime


def sync_status(
    expected: int,
    expected_since: datetime,
    confirmed: int | None,
    confirmed_status: str | None,
    confirmed_at: datetime | None,
    now: datetime,
    drift_after_seconds: float,
) -> str:
    """in_sync, pending, failed or drifted.

    - in_sync: the marketplace last confirmed the value we expect;
    - failed: its last answer was a failure or a rejection;
    - drifted: the confirmed value has differed from the expected one for longer than the
      threshold (counted from the later of the expected change and the last confirmation);
    - pending: otherwise (a change is on its way).
    """
    if confirmed_status in ("failed", "rejected"):
        return "failed"
    if confirmed is not None and confirmed == expected and confirmed_status == "applied":
        return "in_sync"
    since = max(expected_since, confirmed_at) if confirmed_at else expected_since
    if (now - since).total_seconds() > drift_after_seconds:
        return "drifted"
    return "pending"
