"""The running service: the ledger, its executor, the views' followers, messaging and the
sweeper, started and stopped together (bootstrap.py builds it)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.projection import ProjectionRunner

from application.executor import Executor
from application.keyring import Keyring
from application.service import StockLedger
from application.sweeper import ExpirySweeper
from interfaces.messaging.credentials import CredentialIssuer
from interfaces.messaging.embedded import EmbeddedNats
from interfaces.messaging.runtime import MessagingRuntime
from interfaces.runtime import messaging
from interfaces.runtime.runners import start_runners, stop_runners
from interfaces.runtime.settings import Settings
from interfaces.runtime.views_process import ViewsProcess, child_env
from interfaces.storage.listen import listen
from projections.follower import Follower
from projections.group import FollowerGroup, shares_store
from projections.registry import READ_MODELS
from projections.store import View


class ViewNotCaughtUp(Exception):
    """A view did not reach the asked position in time."""


@dataclass
class Container:
    """Everything the service runs, wired together."""

    settings: Settings
    env: dict[str, str]
    ledger: StockLedger
    executor: Executor
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
            self.views_process = ViewsProcess(child_env(self.settings, self.nats_url))
            self.ledger.listeners.append(self.views_process.wake)
            self.views_process.start()
        else:
            self.start_views()
            self.start_messaging(reactor=self.settings.reactor, confirmations=True)
        self.sweeper.start()

    def wake_followers(self) -> None:
        """Wake every follower now, rather than at its next poll."""
        for worker in self.workers:
            worker.wake()

    def start_views(self) -> None:
        """Follow the log with the batching followers (woken after each commit here, and by
        LISTEN/NOTIFY on PostgreSQL), or with VIEW_FOLLOWER=runner (runners.py)."""
        runner = self.postgres and self.settings.view_follower == "runner"
        if runner:
            self.runners = start_runners(self.env, self.views)
        wanted = [n for n in self.followers if not runner or READ_MODELS[n].wants_notifications]
        followers = [self.followers[name] for name in wanted]
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
            self.listen(channel, self.wake_followers)

    def listen(self, channel: str, wake: Callable[[], None]) -> None:
        """Call ``wake`` on each NOTIFY of ``channel`` (PostgreSQL), until the stop."""
        self._listeners.append(listen(self.settings.database_url, channel, wake, self._stopping))

    def start_messaging(self, *, reactor: bool, confirmations: bool) -> None:
        """Connect to NATS_URL, or start the embedded nats-server, and run the workers."""
        messaging.start(self, reactor=reactor, confirmations=confirmations)

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
        self.executor.stop()
        for worker in self.workers:
            worker.stop()
        stop_runners(self.runners)
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
