"""When the service cannot take or finish a command now: not a refusal (StockError) but a
503 with Retry-After. Nothing was written when the command was not taken; when its answer did
not come in time its outcome is unknown, and the client retries with its idempotency key."""

from __future__ import annotations


class Unavailable(Exception):
    """Try again shortly; ``code`` is a stable machine-readable name."""

    code = "unavailable"
    retry_after = 1


class CommandQueueFull(Unavailable):
    """MAX_PENDING_COMMANDS commands are already waiting: this one was not taken."""

    code = "command_queue_full"


class StorageUnavailable(Unavailable):
    """The event store did not answer in time (the database is down or unreachable)."""

    code = "storage_unavailable"
    retry_after = 2
