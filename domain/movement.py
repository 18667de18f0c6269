"""Rules on a movement's own inputs: integer quantities, and adjustment reasons with their sign."""

from __future__ import annotations

from domain.errors import InvalidCommand

# Which way each adjustment reason moves on hand: -1 down, +1 up, 0 either way.
ADJUSTMENT_REASONS: dict[str, int] = {
    "damaged": -1,
    "lost": -1,
    "found": 1,
    "correction": 0,
    "quality_hold": -1,
    "quality_release": 1,
}


def _is_int(value: object) -> bool:
    # bool is an int in Python; a quantity of True is still a mistake.
    return isinstance(value, int) and not isinstance(value, bool)


def require_movement(quantity: int) -> None:
    """A movement moves at least one whole unit."""
    if not _is_int(quantity) or quantity <= 0:
        raise InvalidCommand(f"quantity must be a whole number above 0, got {quantity!r}")


def require_count(quantity: int) -> None:
    """A count or a safety stock is a whole number, 0 or more."""
    if not _is_int(quantity) or quantity < 0:
        raise InvalidCommand(f"quantity must be a whole number, 0 or more, got {quantity!r}")


def check_adjustment(delta: int, reason: str) -> None:
    """The reason must be known, the delta non-zero and in the reason's direction."""
    if reason not in ADJUSTMENT_REASONS:
        known = ", ".join(ADJUSTMENT_REASONS)
        raise InvalidCommand(f"unknown adjustment reason {reason!r}; expected one of {known}")
    if not _is_int(delta) or delta == 0:
        raise InvalidCommand(f"delta must be a non-zero whole number, got {delta!r}")
    direction = ADJUSTMENT_REASONS[reason]
    if direction * delta < 0:
        sign = "negative" if direction < 0 else "positive"
        raise InvalidCommand(f"an adjustment for {reason!r} must be {sign}, got {delta}")
