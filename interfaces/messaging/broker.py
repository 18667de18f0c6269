"""The one module that imports nats-py: JetStream publishing, pull consumers and stream reads.

Errors surface as `MessagingError` / `PublishFailed`, never as nats-py exceptions. The client
reconnects forever (max_reconnect_attempts=-1, every `reconnect_wait` seconds): during an outage
operations fail within their timeout, the caller retries, and the Broker is never rebuilt.

MaxAckPending: a consumer stops delivering, silently, once that many messages are delivered and
not yet acked (nats-server's default is 1000). Consumers here default to 20000 and their callers
must ack, nak or term every delivery promptly, including the ones they coalesce away.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import nats
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import AuthorizationError
from nats.errors import Error as NatsError
from nats.js import JetStreamContext, api
from nats.js.errors import NotFoundError

from interfaces.messaging.acks import abandon, all_acks
from interfaces.messaging.errors import (
    ConsumerMissing,
    LoginRefused,
    MessagingError,
    PublishFailed,
)
from interfaces.messaging.message import MSG_ID_HEADER, Message
from interfaces.messaging.streams import (
    DUPLICATE_WINDOW,
    STREAMS,
    ConsumerSpec,
    StreamSpec,
    StreamStatus,
)
from interfaces.messaging.users import Login, without_credentials

__all__ = ["Broker", "Delivery", "Message", "PullConsumer"]
log = logging.getLogger(__name__)
Handler = Callable[[Message], Awaitable[None]]
Unsubscribe = Callable[[], Awaitable[None]]


@contextmanager
def _translated(what: str) -> Iterator[None]:
    try:
        yield
    except (NatsError, TimeoutError) as exc:
        raise MessagingError(f"{what}: {exc!r}") from exc


@dataclass(frozen=True)
class Delivery:
    """One message from a pull consumer; settle it with exactly one of ack, nak or term."""

    subject: str
    data: bytes
    headers: dict[str, str] | None
    msg_id: str | None
    num_delivered: int
    _msg: Msg = field(repr=False, compare=False)

    async def ack(self) -> None:
        """Done with it: it will not be delivered again."""
        with _translated("ack"):
            await self._msg.ack()

    async def nak(self, delay: float | None = None) -> None:
        """A transient failure: deliver it again, after `delay` seconds when given."""
        with _translated("nak"):
            await self._msg.nak(delay)

    async def term(self) -> None:
        """A poison message: never deliver it again."""
        with _translated("term"):
            await self._msg.term()

    async def in_progress(self) -> None:
        """Still working on it: restart its ack_wait timer."""
        with _translated("in_progress"):
            await self._msg.in_progress()


def _message(msg: Msg) -> Message:
    headers = dict(msg.headers) if msg.headers else None
    msg_id = headers.get(MSG_ID_HEADER) if headers else None
    return Message(msg.subject, msg.data, msg_id, headers)


def _delivery(msg: Msg) -> Delivery:
    m = _message(msg)
    return Delivery(m.subject, m.data, m.headers, m.msg_id, msg.metadata.num_delivered, msg)


class PullConsumer:
    """A durable pull consumer bound to one stream."""

    def __init__(self, subscription: JetStreamContext.PullSubscription) -> None:
        self._subscription = subscription

    async def fetch(self, batch: int, timeout: float) -> list[Delivery]:
        """Up to `batch` deliveries, waiting at most `timeout` seconds; [] when none came."""
        try:
            msgs = await self._subscription.fetch(batch, timeout)
        except TimeoutError:
            return []
        except NatsError as exc:
            raise MessagingError(f"fetch: {exc!r}") from exc
        return [_delivery(msg) for msg in msgs]

    async def close(self) -> None:
        """Stop pulling; the durable consumer and its position stay on the server."""
        with _translated("unsubscribe"):
            await self._subscription.unsubscribe()


def _stream_config(spec: StreamSpec, duplicate_window: float) -> api.StreamConfig:
    return api.StreamConfig(
        name=spec.name,
        description=spec.description,
        subjects=list(spec.subjects),
        retention=api.RetentionPolicy.LIMITS,
        storage=api.StorageType.FILE,
        discard=api.DiscardPolicy.OLD,
        num_replicas=1,
        max_age=spec.max_age,
        max_bytes=spec.max_bytes,
        duplicate_window=duplicate_window,
    )


def _differs(current: api.StreamConfig, wanted: api.StreamConfig) -> bool:
    fields = ("description", "subjects", "max_age", "max_bytes", "duplicate_window", "discard")
    return any(getattr(current, name) != getattr(wanted, name) for name in fields)


class Broker:
    """A NATS connection with JetStream; `connect` first, `close` at the end."""

    def __init__(self, reconnect_wait: float = 0.25, request_timeout: float = 5.0) -> None:
        self.reconnect_wait = reconnect_wait
        self.request_timeout = request_timeout
        self._nc: Client | None = None
        self._js: JetStreamContext | None = None
        self._refusal: asyncio.Event | None = None
        self._dropped = asyncio.Event()  # set when this connection drops, then replaced

    @property
    def refused(self) -> bool:
        """True once the server refused this client's login (a wrong or rotated password)."""
        return self._refusal is not None and self._refusal.is_set()

    @property
    def connected(self) -> bool:
        """True while the connection is up (False while it reconnects or once it is closed)."""
        return self._nc is not None and self._nc.is_connected

    async def connect(
        self, url: str, name: str, timeout: float | None = None, login: Login | None = None
    ) -> None:
        """Connect, retrying until the server answers (at most `timeout` seconds when given),
        as `login`'s user (or the URL's, nats://user:password@host:port) with its inbox."""
        connecting = nats.connect(
            url,
            name=name,
            **(login or Login()).options(),
            allow_reconnect=True,
            max_reconnect_attempts=-1,
            reconnect_time_wait=self.reconnect_wait,
            connect_timeout=2,
            error_cb=self._on_error,
            disconnected_cb=self._on_disconnected,
            reconnected_cb=self._on_reconnected,
        )
        self._refusal = asyncio.Event()  # a wrong password is not retried until the timeout
        refused = asyncio.ensure_future(self._refusal.wait())
        task = asyncio.ensure_future(connecting)
        await asyncio.wait({task, refused}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        refused.cancel()
        where = without_credentials(url)
        if not task.done():
            task.cancel()
            if self.refused:
                raise LoginRefused(f"{where} refused the login: a wrong or rotated password")
            raise MessagingError(f"cannot connect to {where}: no answer in {timeout}s")
        try:
            self._nc = task.result()
        except (NatsError, OSError) as exc:
            raise MessagingError(f"cannot connect to {where}: {exc!r}") from exc
        self._js = self._nc.jetstream(timeout=self.request_timeout)

    async def close(self) -> None:
        """Flush what is buffered and close the connection."""
        nc, self._nc, self._js = self._nc, None, None
        if nc is not None and not nc.is_closed:
            await nc.close()

    async def ensure_streams(
        self, duplicate_window: float = DUPLICATE_WINDOW, specs: Sequence[StreamSpec] = STREAMS
    ) -> None:
        """Create each stream, or update it when its config differs; safe to call again."""
        for spec in specs:
            wanted = _stream_config(spec, duplicate_window)
            with _translated(f"ensure stream {spec.name}"):
                try:
                    current = (await self._js_ctx().stream_info(spec.name)).config
                except NotFoundError:
                    await self._js_ctx().add_stream(wanted)
                    continue
                if _differs(current, wanted):
                    await self._js_ctx().update_stream(wanted)

    async def stream_status(self, name: str) -> StreamStatus:
        """A stream's message count and settings."""
        with _translated(f"stream info {name}"):
            info = await self._js_ctx().stream_info(name)
        config, state = info.config, info.state
        return StreamStatus(
            name,
            state.messages,
            state.last_seq,
            tuple(config.subjects or ()),
            config.duplicate_window,
            config.max_age or 0.0,
            config.max_bytes or -1,
        )

    async def publish_batch(self, messages: Sequence[Message], timeout: float) -> list[bool]:
        """Publish pipelined and wait for every ack; per message, True when it was a duplicate.

        Raises PublishFailed when any ack fails or is missing after `timeout` seconds, and at
        once when the connection drops first: the acks awaited over it will never come.
        """
        deadline, dropped = asyncio.get_running_loop().time() + timeout, self._dropped
        futures: list[asyncio.Future[api.PubAck]] = []
        try:
            for message in messages:
                futures.append(await self._send(message, deadline))
            acks = await all_acks(futures, deadline, dropped)
        except (NatsError, TimeoutError) as exc:
            abandon(futures)
            raise PublishFailed(f"{len(messages)} messages, not all acked: {exc!r}") from exc
        return [bool(ack.duplicate) for ack in acks]

    async def publish(self, subject: str, data: bytes, msg_id: str | None = None) -> bool:
        """Publish one message to JetStream and wait for its ack; True when a duplicate."""
        message = Message(subject, data, msg_id)
        return (await self.publish_batch([message], self.request_timeout))[0]

    async def consumer(self, spec: ConsumerSpec, create: bool = True) -> PullConsumer:
        """Bind to a durable pull consumer, creating it (or updating its config) first when
        `create`; otherwise ConsumerMissing when it does not exist."""
        with _translated(f"consumer {spec.durable} on {spec.stream}"):
            if create:
                await self.ensure_consumer(spec)
            else:
                try:
                    await self._js_ctx().consumer_info(spec.stream, spec.durable)
                except NotFoundError as exc:
                    raise ConsumerMissing(f"no consumer {spec.durable} on {spec.stream}") from exc
            sub = await self._js_ctx().pull_subscribe_bind(durable=spec.durable, stream=spec.stream)
        return PullConsumer(sub)

    async def ensure_consumer(self, spec: ConsumerSpec) -> None:
        """Create a durable pull consumer, or update its config; safe to call again."""
        config = api.ConsumerConfig(
            name=spec.durable,
            durable_name=spec.durable,
            filter_subject=spec.filter_subject,
            ack_policy=api.AckPolicy.EXPLICIT,
            ack_wait=spec.ack_wait,
            max_ack_pending=spec.max_ack_pending,
        )
        with _translated(f"consumer {spec.durable} on {spec.stream}"):
            await self._js_ctx().add_consumer(spec.stream, config)

    async def stream_messages(self, stream: str, subject_filter: str = ">") -> list[Message]:
        """Every message a stream holds under `subject_filter`, oldest first (for checks)."""
        config = api.ConsumerConfig(ack_policy=api.AckPolicy.NONE, inactive_threshold=10.0)
        messages: list[Message] = []
        with _translated(f"read {stream}"):
            sub = await self._js_ctx().pull_subscribe(subject_filter, stream=stream, config=config)
            info = await sub.consumer_info()
            while len(messages) < (info.num_pending or 0):
                wanted = min((info.num_pending or 0) - len(messages), 1000)
                messages.extend(_message(m) for m in await sub.fetch(wanted, self.request_timeout))
            await sub.unsubscribe()
            await self._js_ctx().delete_consumer(stream, info.name)
        return messages

    async def subscribe(self, subject: str, handler: Handler) -> Unsubscribe:
        """Core NATS: call `handler` with each message on `subject` (no JetStream, no ack),
        from once the server has the subscription (when this returns)."""

        async def callback(msg: Msg) -> None:
            await handler(_message(msg))

        with _translated(f"subscribe {subject}"):
            sub = await self._client().subscribe(subject, cb=callback)
            await self._client().flush()
        return sub.unsubscribe

    async def _send(self, message: Message, deadline: float) -> asyncio.Future[api.PubAck]:
        stall = max(deadline - asyncio.get_running_loop().time(), 0.001)
        headers = message.all_headers()
        return await self._js_ctx().publish_async(
            message.subject, message.data, wait_stall=stall, headers=headers
        )

    def _client(self) -> Client:
        if self._nc is None:
            raise MessagingError("the broker is not connected")
        return self._nc

    def _js_ctx(self) -> JetStreamContext:
        if self._js is None:
            raise MessagingError("the broker is not connected")
        return self._js

    async def _on_error(self, exc: Exception) -> None:
        if self._refused_by(exc):
            return
        # While reconnecting, every refused attempt lands here: keep those out of the warnings.
        log.log(logging.DEBUG if isinstance(exc, OSError) else logging.WARNING, "nats: %r", exc)

    async def _on_disconnected(self) -> None:
        self._dropped.set()
        self._dropped = asyncio.Event()
        if self._nc is not None and not self._refused_by(self._nc.last_error):
            log.warning("nats: disconnected")  # not a close() of ours

    def _refused_by(self, exc: Exception | None) -> bool:
        # At connect, a refusal is an error callback; later (the password was rotated), it is
        # why the server closed the connection, and nats-py then does not reconnect.
        refused = (
            isinstance(exc, AuthorizationError) or "authorization violation" in str(exc).lower()
        )
        if refused and self._refusal is not None:
            self._refusal.set()
            log.error("nats: the server refused the login (a wrong or rotated password)")
        return refused

    async def _on_reconnected(self) -> None:
        url = self._client().connected_url
        log.info("nats: reconnected to %s", url and without_credentials(url.geturl()))
