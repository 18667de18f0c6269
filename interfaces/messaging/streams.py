"""The JetStream streams stocksync owns, with their retention limits (no nats import here).

Every stream uses file storage, one replica and "limits" retention: messages stay until they are
older than `max_age` or the stream passes `max_bytes`, then the oldest go first (discard old).
Consumers never delete messages, so any number of adapters, checks and replays read the same
history. The limits:

| stream                  | subjects                 | max_age  | max_bytes |
| ----------------------- | ------------------------ | -------- | --------- |
| STOCKSYNC_AVAILABILITY  | stocksync.availability.> | 7 days   | 1 GiB     |
| STOCKSYNC_EVENTS        | stocksync.events.>       | 30 days  | 4 GiB     |
| STOCKSYNC_CONFIRMATIONS | stocksync.confirmations.>| 30 days  | 1 GiB     |
| STOCKSYNC_DEADLETTER    | stocksync.deadletter.>   | 90 days  | 256 MiB   |
| STOCKSYNC_AUDIT         | stocksync.audit.>        | 365 days | 256 MiB   |

An adapter stopped for longer than 7 days has lost the older availability messages and needs a
full resync; the ledger, not NATS, is the source of truth. JetStream reserves `max_bytes` of the
server's file store for each stream. The duplicate window (Nats-Msg-Id) defaults to 2 minutes:
a batch retried within it is stored once.
"""

from __future__ import annotations

from dataclasses import dataclass

from interfaces.messaging import subjects

DAY = 86_400.0
MIB = 1024 * 1024
DUPLICATE_WINDOW = 120.0


@dataclass(frozen=True)
class StreamSpec:
    """One stream: its name, the subjects it stores and its limits (seconds, bytes)."""

    name: str
    subjects: tuple[str, ...]
    max_age: float
    max_bytes: int
    description: str = ""


AVAILABILITY = StreamSpec(
    "STOCKSYNC_AVAILABILITY",
    (f"{subjects.AVAILABILITY}.>",),
    7 * DAY,
    1024 * MIB,
    "Per channel and SKU availability, for the channel adapters.",
)
EVENTS = StreamSpec(
    "STOCKSYNC_EVENTS",
    (f"{subjects.EVENTS}.>",),
    30 * DAY,
    4096 * MIB,
    "Every stock event, for WMS, ERP and analytics consumers.",
)
CONFIRMATIONS = StreamSpec(
    "STOCKSYNC_CONFIRMATIONS",
    (f"{subjects.CONFIRMATIONS}.>",),
    30 * DAY,
    1024 * MIB,
    "What the adapters pushed to the marketplaces, and how it went.",
)
DEADLETTER = StreamSpec(
    "STOCKSYNC_DEADLETTER",
    (f"{subjects.DEADLETTER}.>",),
    90 * DAY,
    256 * MIB,
    "What the adapters gave up on, with the reason.",
)
AUDIT = StreamSpec(
    "STOCKSYNC_AUDIT",
    (f"{subjects.AUDIT}.>",),
    365 * DAY,
    256 * MIB,
    "Audit checkpoints over the event log.",
)
STREAMS: tuple[StreamSpec, ...] = (AVAILABILITY, EVENTS, CONFIRMATIONS, DEADLETTER, AUDIT)


@dataclass(frozen=True)
class StreamStatus:
    """What a stream holds now, and the settings it runs with (for health and checks)."""

    name: str
    messages: int
    last_sequence: int
    subjects: tuple[str, ...]
    duplicate_window: float
    max_age: float
    max_bytes: int


@dataclass(frozen=True)
class ConsumerSpec:
    """A durable pull consumer: its stream, its name, what it delivers and how it is acked."""

    stream: str
    durable: str
    filter_subject: str
    ack_wait: float = 30.0
    max_ack_pending: int = 20000


def adapter_consumer(channel: str) -> ConsumerSpec:
    """The durable consumer of one channel's adapter: the service creates it (the adapter's
    NATS user may only bind to it) and the adapter pulls its channel's figures from it."""
    return ConsumerSpec(
        AVAILABILITY.name,
        subjects.durable_name("adapter", channel),
        subjects.availability_filter(channel),
        ack_wait=60.0,
    )
