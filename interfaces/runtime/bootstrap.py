"""The composition root: builds the ledger, its views, their followers and the sweeper from
Settings. Tests call build() with their own settings."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any, cast

from eventsourcing.projection import ProjectionRunner

from application.keyring import Keyring
from application.service import StockLedger
from application.sweeper import Clock, ExpirySweeper, SystemClock
from interfaces.messaging.credentials import CredentialIssuer
from interfaces.messaging.embedded import EmbeddedNats
from interfaces.messaging.runtime import MessagingRuntime
from interfaces.runtime.nats_setup import service_login, start_embedded
from interfaces.runtime.settings import Settings
from interfaces.runtime.views_process import ViewsProcess
from interfaces.storage.config import persistence_env
from interfaces.storage.listen import listen
from projections import reservations
from projections.chain import AuditChain
from projections.follower import Follower
from projections.group import FollowerGroup, shares_store
from projections.outbox import CHANNEL as OUTBOX_CHANNEL
from projections.registry import READ_MODELS
from projections.store import View, ViewProjection, view_class


class ViewNotCaughtUp(Exception):
    """A view did not reach the asked position in time."""


@dataclass
class Container:
    """Everything the service runs, wired together."""

    settings: Settings
    env: dict[str, str]
    ledger: StockLedger
    views: dict[str, View]
    followers: dict[str, Follower]
    sweeper: ExpirySweeper
    keyring: Keyring
    runners: list[ProjectionRunner[Any, Any]] = field(default_factory=list)
    nats_url: str | None = None
    embedded: EmbeddedNats | None = None
    messaging: MessagingRuntime | None = None
    credentials: CredentialIssuer | None = None  # adapters' NATS users, where the API is served
    views_process: ViewsProcess | None = None
    workers: list[Follower | FollowerGroup] = field(default_factory=list)  # the running ones
    _stopping: threading.Event = field(default_factory=threading.Event)
    _listeners: list[threading.Thread] = field(default_factory=list)

    @property
    def postgres(self) -> bool:
        """True on PostgreSQL, False on SQLite."""
        return self.env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"

    def start(self) -> None:
        """Start the views' followers and the reactor (in a child process with VIEWS_PROCESS),
        the expiry sweeper, the confirmations consumer and the API tokens' keyring."""
        self.keyring.start()
        if self.settings.views_process:
            self.start_messaging(reactor=False, confirmations=True)
            self.views_process = ViewsProcess(self.child_env())
            self.ledger.listeners.append(self.views_process.wake)
            self.views_process.start()
        else:
            self.start_views()
            self.start_messaging(reactor=self.settings.reactor, confirmations=True)
        self.sweeper.start()

    def child_env(self) -> dict[str, str]:
        """The environment of `stocksync follow`: these settings, and this process's NATS
        server (never another embedded one)."""
        env = {**os.environ, **self.settings.as_env()}
        env.update(EMBEDDED_NATS="false", VIEWS_PROCESS="false")
        env.pop("NATS_URL", None)
        if self.nats_url is not None:
            env["NATS_URL"] = self.nats_url
        return env

    def wake_followers(self) -> None:
        """Wake every follower now rather than at its next poll."""
        for worker in self.workers:
            worker.wake()

    def start_views(self) -> None:
        """Follow the log with the batching follower (woken in-process after each save, and by
        LISTEN/NOTIFY on PostgreSQL), or, with VIEW_FOLLOWER=runner on PostgreSQL, with the
        library's ProjectionRunner (one event per transaction; the audit chain, which reads
        stored notifications, always has a follower)."""
        runner = self.postgres and self.settings.view_follower == "runner"
        if runner:
            self._start_runners()
        followers = [
            f
            for name, f in self.followers.items()
            if not runner or READ_MODELS[name].wants_notifications
        ]
        workers: list[Follower | FollowerGroup] = list(followers)
        if len(followers) > 1 and shares_store([f.view for f in followers]):
            workers = [FollowerGroup(followers, poll_interval=self.settings.follower_poll_interval)]
        for worker in workers:
            self.ledger.listeners.append(worker.wake)
            worker.start()
        self.workers.extend(workers)
        if self.postgres:
            # The library NOTIFYs a channel named after the events table on every insert.
            channel = self.ledger.recorder.events_table_name.replace(".", "_")  # type: ignore[attr-defined]
            self._listeners.append(
                listen(self.settings.database_url, channel, self.wake_followers, self._stopping)
            )

    def start_messaging(self, *, reactor: bool, confirmations: bool) -> None:
        """Connect to NATS_URL, or start the embedded nats-server (which admits only the
        service and the adapters issued a credential), and run the workers."""
        url = self.settings.nats_url
        if url is None and self.settings.embedded_nats:
            self.embedded = start_embedded(self.settings, self.ledger)
            url = self.embedded.url
        if url is None:
            return
        self.nats_url = url
        login, outbox = service_login(self.settings), self.views["inventory"]
        self.messaging = MessagingRuntime(
            url, self.ledger, outbox, reactor=reactor, confirmations=confirmations, login=login
        )
        if confirmations:
            self.credentials = CredentialIssuer(self.ledger, url, self.messaging, self.embedded)
        self.followers["inventory"].listeners.append(self.messaging.wake)
        self.followers[AuditChain.name].listeners.append(self.messaging.wake)
        if self.postgres and reactor:  # outbox rows committed by another process
            self._listeners.append(
                listen(
                    self.settings.database_url, OUTBOX_CHANNEL, self.messaging.wake, self._stopping
                )
            )
        self.messaging.start()

    def _start_runners(self) -> None:
        # Each runner opens its own application and view: one connection each is plenty.
        env = {**self.env, "POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "2"}
        for name, model in READ_MODELS.items():
            if model.wants_notifications:
                continue  # followed by its Follower (start_views)
            projection = type(f"{model.__name__}Projection", (ViewProjection,), {"name": name})
            runner: ProjectionRunner[Any, Any] = ProjectionRunner(
                application_class=StockLedger,
                projection_class=projection,
                view_class=type(self.views[name]),
                env=env,
            )
            runner.__enter__()
            self.runners.append(runner)

    def stop(self) -> None:
        """Stop every background worker and close connections."""
        self._stopping.set()
        if self.views_process is not None:
            self.views_process.stop()
        for thread in self._listeners:
            thread.join(timeout=2)  # each wakes within half a second to see the stop
        if self.messaging is not None:
            self.messaging.stop()
        if self.embedded is not None:
            self.embedded.stop()
        self.sweeper.stop()
        self.keyring.stop()
        for worker in self.workers:
            worker.stop()
        for runner in self.runners:
            runner.__exit__(None, None, None)  # stops, joins, closes its application
            runner.view.datastore.close()
        self.runners.clear()
        self.ledger.close()

    def wait_for(self, view: str, position: int, timeout: float) -> None:
        """Block until ``view`` has applied ``position``; ViewNotCaughtUp after ``timeout``."""
        deadline = time.monotonic() + timeout
        pause = 0.001
        while self.followers[view].position < position:
            if time.monotonic() >= deadline:
                raise ViewNotCaughtUp(f"view {view} has not reached position {position} yet")
            time.sleep(pause)
            pause = min(pause * 2, 0.02)


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
    clock = clock or SystemClock()
    sweeper = ExpirySweeper(
        ledger,
        lambda now, limit: reservations.due(views["reservations"], now, limit),
        clock,
        settings.sweep_interval,
    )
    keyring = Keyring(ledger, clock, settings.admin_token, settings.token_refresh_interval)
    return Container(settings, env, ledger, views, followers, sweeper, keyring)
