"""Every refusal the domain and the command layer can give, under one base."""

from __future__ import annotations

from dataclasses import dataclass


class StockError(Exception):
    """Base of every refusal; ``code`` is a stable machine-readable name."""

    code = "stock_error"


class InvalidCommand(StockError):
    """The command is malformed in a way only the domain can tell (a rule on its own inputs)."""

    code = "invalid_command"


@dataclass(frozen=True)
class Shortfall:
    """One line that cannot be promised: what was asked and what there was."""

    sku: str
    location: str | None
    requested: int
    available: int


class InsufficientStock(StockError):
    """A promise (reservation, transfer) asks for more than is available."""

    code = "insufficient_stock"

    def __init__(self, shortfalls: list[Shortfall]) -> None:
        self.shortfalls = shortfalls
        detail = "; ".join(
            f"{s.sku}@{s.location or '*'}: requested {s.requested}, available {s.available}"
            for s in shortfalls
        )
        super().__init__(f"insufficient stock: {detail}")


class NegativeOnHand(StockError):
    """An adjustment would take on hand below zero; the tool for an unknown quantity is a count."""

    code = "negative_on_hand"


class StockItemNotFound(StockError):
    """The SKU has never been seen at that location (or not by that time)."""

    code = "stock_item_not_found"


class SkuNotFound(StockError):
    """The SKU has never been seen anywhere."""

    code = "sku_not_found"


class ReservationNotFound(StockError):
    """No reservation has that id."""

    code = "reservation_not_found"


class TransferNotFound(StockError):
    """No transfer has that id."""

    code = "transfer_not_found"


class ReservationClosed(StockError):
    """The reservation was already released or fulfilled, so it cannot change any more."""

    code = "reservation_closed"


class TransferClosed(StockError):
    """The transfer was already received."""

    code = "transfer_closed"


class IdempotencyKeyReused(StockError):
    """The idempotency key was already used by a different command or body."""

    code = "idempotency_key_reused"


class ConcurrencyConflict(StockError):
    """Other writers kept changing the same aggregates; the bounded retries ran out."""

    code = "concurrency_conflict"


class PositionNotReached(StockError):
    """A consistency token (``min_position``) beyond the end of the log: never one we gave."""

    code = "position_not_reached"


class ChannelNotFound(StockError):
    """No channel of that name was declared."""

    code = "channel_not_found"


class Unauthenticated(StockError):
    """No API token, or one that is unknown, revoked or expired."""

    code = "unauthenticated"

    def __init__(self, detail: str, *, presented: bool) -> None:
        # Whether a token was sent: RFC 6750 answers a bad one with error="invalid_token".
        self.presented = presented
        super().__init__(detail)


class Forbidden(StockError):
    """A valid API token that may not do this: a scope it lacks, or a channel not its own."""

    code = "forbidden"

    def __init__(self, detail: str, *, scope: str | None = None) -> None:
        self.scope = scope  # the missing scope, when that is the reason
        super().__init__(detail)


class TokenNotFound(StockError):
    """No API token has that id."""

    code = "token_not_found"
