"""The composition root: builds the ledger, its executor, its views, their followers and the
sweeper from Settings (the environment by default). Tests call build() with their own
settings."""

from __future__ import annotations

from typing import cast

from application.executor import Executor
from application.keyring import Keyring
from application.service import StockLedger
from application.sweeper import Clock, ExpirySweeper, SystemClock
from interfaces.runtime.container import Container
from interfaces.runtime.settings import Settings
from interfaces.storage.config import persistence_env
from projections import reservations
from projections.chain import AuditChain
from projections.follower import Follower
from projections.registry import READ_MODELS
from projections.store import View, view_class


def build(settings: Settings | None = None, clock: Clock | None = None) -> Container:
    """Build the service from settings (default: the environment)."""
    settings = settings or Settings()
    env = persistence_env(settings.database_url)
    ledger = StockLedger(env)
    postgres = env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    views: dict[str, View] = {
        name: cast(View, ledger.factory.tracking_recorder(view_class(model, postgres)))
        for name, model in READ_MODELS.items()
    }
    chain = cast(AuditChain, views[AuditChain.name].model)
    chain.checkpoint_every = settings.audit_checkpoint_every
    followers = {
        name: Follower(ledger, view, poll_interval=settings.follower_poll_interval)
        for name, view in views.items()
    }
    executor = Executor(
        ledger, max_pending=settings.max_pending_commands, timeout=settings.command_timeout
    )
    clock = clock or SystemClock()
    sweeper = ExpirySweeper(
        ledger,
        executor,
        lambda now, limit: reservations.due(views["reservations"], now, limit),
        clock,
        settings.sweep_interval,
    )
    keyring = Keyring(ledger, clock, settings.admin_token, settings.token_refresh_interval)
    return Container(settings, env, ledger, executor, views, followers, sweeper, keyring)
