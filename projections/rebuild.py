"""Rebuilding a view: drop it, then replay the whole log into it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from eventsourcing.application import Application

from projections.follower import Follower
from projections.registry import READ_MODELS
from projections.store import View, reset


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
    reset(view)
    live = view.model
    view.model = copy.copy(live)  # keeps its settings (e.g. the audit chain's checkpoints)
    view.model.emit = False
    try:
        return Follower(app, view).catch_up(progress)
    finally:
        view.model = live
