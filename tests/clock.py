"""A Clock the test moves by hand (the Clock port of application/sweeper.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class ManualClock:
    """Stands still until the test moves it."""

    def __init__(self, start: datetime | None = None) -> None:
        self.moment = start or datetime.now(UTC)

    def now(self) -> datetime:
        """The moment the test has set."""
        return self.moment

    def advance(self, seconds: float) -> None:
        """Move time on."""
        self.moment += timedelta(seconds=seconds)
