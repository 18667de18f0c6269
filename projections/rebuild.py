"""Rebuilding a view: drop it, then replay the whole log into it (the indexes only readers
use are created at the end: a failed rebuild leaves them to the next start, whose
CREATE ... IF NOT EXISTS makes them)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.application import Application

from projections.follower import Follower
from projections.group import FollowerGroup, shares_store
from projections.registry import READ_MODELS
from projections.store import View, index, reset

REBUILD_BATCH = 5000  # events per transaction: a rebuild has no one waiting on a batch


class UnknownView(LookupError):
    """No view is called that, and no view holds a table called that."""


def view_name(name: str) -> str:
    """The view that holds ``name`` (a view's name or one of its tables' names)."""
    for view, model in READ_MODELS.items():
        if name == view or name in model.tables:
            return view
    known = sorted({*READ_MODELS, *(t for m in READ_MODELS.values() for t in m.tables)})
    raise UnknownView(f"no view or table {name!r}; known: {', '.join(known)}")


def rebuild(
    app: Application[Any], view: View, progress: Callable[[int], None] | None = None
) -> int:
    """Drop the view and replay the log into it; returns how many events were replayed."""
    return rebuild_all(app, [view], progress)


def rebuild_all(
    app: Application[Any], views: Sequence[View], progress: Callable[[int], None] | None = None
) -> int:
    """Drop the views and replay the log into them together (each batch read and decoded
    once, one transaction per batch); returns how many events were replayed."""
    live = [view.model for view in views]
    for view in views:
        reset(view)
        view.model = copy.copy(view.model)  # keeps its settings (the chain's checkpoints)
        view.model.emit = False
    try:
        followers = [Follower(app, view, batch_size=REBUILD_BATCH) for view in views]
        if len(views) > 1 and shares_store(views):
            replayed = FollowerGroup(followers, batch_size=REBUILD_BATCH).catch_up(progress)
        else:
            replayed = sum(follower.catch_up(progress) for follower in followers)
        for view in views:
            index(view)
        return replayed
    finally:
        for view, model in zip(views, live, strict=True):
            view.model = model
