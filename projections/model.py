"""ReadModel: what a view is, independent of the database it lives in."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar, LiteralString

from projections.cursor import ViewCursor
from projections.table import Index

Positioned = tuple[Any, int]  # a domain event and its log position (notification id)


class ReadModel(ABC):
    """A view: its tables (portable DDL) and how a batch of events changes them.

    ``apply`` runs inside the transaction that also advances the view's tracking position, so
    a batch is applied exactly once or not at all.
    """

    name: ClassVar[str]
    tables: ClassVar[tuple[str, ...]]
    ddl: ClassVar[tuple[LiteralString, ...]]
    # True: ``apply`` gets the stored notifications (id, originator_id, originator_version,
    # topic, state bytes) instead of domain events; such a view is always run by a Follower.
    wants_notifications: ClassVar[bool] = False
    # Indexes for readers only (also in ``ddl``): a rebuild creates them after the replay.
    search_indexes: ClassVar[tuple[Index, ...]] = ()

    def __init__(self, emit: bool = True) -> None:
        # A rebuild replays history without announcing it again (no outbox messages).
        self.emit = emit

    def committed(self, position: int) -> None:  # noqa: B027 (a hook; most models keep nothing)
        """The batch ending at ``position`` was committed (a model may keep what it read)."""

    def discarded(self) -> None:  # noqa: B027 (a hook; most models keep nothing)
        """The batch was rolled back: forget anything kept from it."""

    @abstractmethod
    def apply(self, cur: ViewCursor, batch: Sequence[Positioned]) -> None:
        """Change the view's rows for these (event, log position) pairs, in log order."""
