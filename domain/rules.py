"""Validation of channel rules: whole numbers, never negative, percent at most 100."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.errors import InvalidCommand

LIMITS: dict[str, tuple[int, int | None]] = {
    "buffer": (0, None),
    "percent": (0, 100),
    "max_listed": (0, None),
    "zero_below": (0, None),
    "ring_fence": (0, None),
}


def check_rules(rules: Mapping[str, Any], *, allow_ring_fence: bool) -> None:
    """Refuse unknown rules and values out of range; None means "no rule"."""
    for name, value in rules.items():
        if name not in LIMITS or (name == "ring_fence" and not allow_ring_fence):
            raise InvalidCommand(f"unknown rule {name!r}")
        if value is None:
            continue
        low, high = LIMITS[name]
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            raise InvalidCommand(f"rule {name} must be a whole number >= {low}, got {value!r}")
        if high is not None and value > high:
            raise InvalidCommand(f"rule {name} must be at most {high}, got {value}")
