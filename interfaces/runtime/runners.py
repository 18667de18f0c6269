"""VIEW_FOLLOWER=runner: the library's ProjectionRunner follows the views on PostgreSQL (one
event per transaction), instead of our batching follower."""

from __future__ import annotations

from typing import Any

from eventsourcing.projection import ProjectionRunner

from application.service import StockLedger
from projections.registry import READ_MODELS
from projections.store import View, ViewProjection


def start_runners(env: dict[str, str], views: dict[str, View]) -> list[ProjectionRunner[Any, Any]]:
    """A started runner per view that reads events (the audit chain, which reads stored
    notifications, keeps its Follower)."""
    # Each runner opens its own application and view: one connection each is plenty.
    env = {**env, "POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "2"}
    runners: list[ProjectionRunner[Any, Any]] = []
    for name, model in READ_MODELS.items():
        if model.wants_notifications:
            continue  # followed by its Follower (Container.start_views)
        projection = type(f"{model.__name__}Projection", (ViewProjection,), {"name": name})
        runner: ProjectionRunner[Any, Any] = ProjectionRunner(
            application_class=StockLedger,
            projection_class=projection,
            view_class=type(views[name]),
            env=env,
        )
        runner.__enter__()
        runners.append(runner)
    return runners


def stop_runners(runners: list[ProjectionRunner[Any, Any]]) -> None:
    """Stop, join and close every runner, and its view's store."""
    for runner in runners:
        runner.__exit__(None, None, None)
        runner.view.datastore.close()
    runners.clear()
