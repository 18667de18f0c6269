"""ChannelIndex: the names of every declared channel, for listing and recomputation."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.ids import channel_index_id


class ChannelIndex(Aggregate):
    """One per ledger; saved with each new Channel."""

    @staticmethod
    def create_id() -> Any:
        """The one index's id."""
        return channel_index_id()

    @event("Started")
    def __init__(self) -> None:
        self.names: list[str] = []

    def add(self, name: str) -> None:
        """Record a newly declared channel."""
        if name not in self.names:
            self._added(name)

    @event("Added")
    def _added(self, name: str) -> None:
        self.names.append(name)
        self.names.sort()
