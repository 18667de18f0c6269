"""The messaging side of a process: one thread with an asyncio loop running the broker, the
reactor (outbox -> JetStream) and the confirmations consumer. The process that consumes the
confirmations also creates every credentialed channel's adapter consumer (the adapters' NATS
users may only bind to theirs)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Coroutine
from typing import Any

from application.service import StockLedger
from interfaces.messaging import confirmations
from interfaces.messaging.broker import Broker
from interfaces.messaging.errors import MessagingError
from interfaces.messaging.reactor import Reactor
from interfaces.messaging.streams import ConsumerSpec, adapter_consumer
from interfaces.messaging.users import Login, without_credentials
from projections.store import View

log = logging.getLogger(__name__)


class MessagingRuntime:
    """Starts and stops the messaging workers of a process."""

    def __init__(
        self,
        url: str,
        ledger: StockLedger,
        outbox: View,
        *,
        reactor: bool,
        confirmations: bool,
        login: Login | None = None,
    ) -> None:
        self.url = url
        self.login = login
        self.ledger = ledger
        self.broker = Broker()
        self.reactor = Reactor(outbox, self.broker) if reactor else None
        self.with_confirmations = confirmations
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._ready: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="messaging", daemon=True)

    def start(self) -> None:
        """Start the workers in the background; they wait for NATS if it is not up yet."""
        self._thread.start()

    def wake(self, *_: object) -> None:
        """New outbox rows are committed: publish them now rather than at the next poll."""
        if self.reactor is not None:
            self.reactor.wake.set()

    def ensure_consumer(self, spec: ConsumerSpec, timeout: float = 10.0) -> None:
        """From another thread: create (or update) a durable consumer once connected;
        MessagingError when that is not done within `timeout` seconds."""
        if self._loop is None or self._ready is None:
            raise MessagingError("messaging has not started")
        future = asyncio.run_coroutine_threadsafe(self._ensure(spec), self._loop)
        try:
            future.result(timeout)
        except TimeoutError as exc:
            future.cancel()
            raise MessagingError(f"NATS did not create {spec.durable} in {timeout}s") from exc

    def stop(self) -> None:
        """Stop the workers and close the connection."""
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(timeout=15)

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._stopping, self._ready = asyncio.Event(), asyncio.Event()
        self._loop = asyncio.get_running_loop()
        connecting = asyncio.create_task(self._connect())
        stop = asyncio.create_task(self._stopping.wait())
        await asyncio.wait({connecting, stop}, return_when=asyncio.FIRST_COMPLETED)
        if self._stopping.is_set():
            connecting.cancel()
            return
        workers = [asyncio.create_task(w) for w in self._workers()]
        await self._stopping.wait()
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        with contextlib.suppress(MessagingError):
            await self.broker.close()

    async def _connect(self) -> None:
        connected = False
        while True:
            try:
                if not connected:  # a refused login is retried too: the operator may fix it
                    await self.broker.connect(self.url, name="stocksync", login=self.login)
                    connected = True
                await self.broker.ensure_streams()
                if self.with_confirmations:
                    for channel in await asyncio.to_thread(self.ledger.adapter_credentials):
                        await self.broker.ensure_consumer(adapter_consumer(channel))
                log.info("messaging: connected to %s, streams ready", without_credentials(self.url))
                break
            except MessagingError as exc:
                log.warning("messaging: not ready (%s); retrying", exc)
                await asyncio.sleep(1.0)
        assert self._ready is not None
        self._ready.set()

    async def _ensure(self, spec: ConsumerSpec) -> None:
        assert self._ready is not None
        await self._ready.wait()
        await self.broker.ensure_consumer(spec)

    def _workers(self) -> list[Coroutine[Any, Any, None]]:
        assert self._stopping is not None
        workers: list[Coroutine[Any, Any, None]] = []
        if self.reactor is not None:
            workers.append(self.reactor.run(self._stopping))
        if self.with_confirmations:
            workers.append(confirmations.consume(self.broker, self.ledger, self._stopping))
        return workers
