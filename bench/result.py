"""What a scenario reports: its figures per system, its ratios against the issue's targets, and
the invariants it checked. A broken invariant raises InvariantViolated, which fails the run."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class InvariantViolated(AssertionError):
    """Oversold, lost or unexplained: the figures of this run cannot be trusted."""


def check(condition: bool, message: str) -> None:
    """Raise InvariantViolated(message) unless ``condition`` holds."""
    if not condition:
        raise InvariantViolated(message)


@dataclass(frozen=True)
class Ratio:
    """stocksync's figure over a baseline's (or an ideal's), against the issue's target.
    ``at_least``: the ratio must reach the target; otherwise it must not exceed it."""

    label: str
    value: float
    target: float
    at_least: bool = True

    @property
    def met(self) -> bool:
        """True when the target is met."""
        return self.value >= self.target if self.at_least else self.value <= self.target

    def as_dict(self) -> dict[str, Any]:
        """For the JSON report."""
        return {**asdict(self), "value": round(self.value, 3), "met": self.met}


@dataclass
class Result:
    """One scenario on one backend."""

    scenario: str
    backend: str
    title: str
    unit: str  # of the headline figure, e.g. "reservations/s"
    headline: str = "per_second"  # the key of each system's figures that the plots compare
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)  # system -> figures
    ratios: list[Ratio] = field(default_factory=list)
    invariants: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    status: str = "ok"  # ok, failed (an invariant or an error), skipped
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """For the JSON report."""
        data = asdict(self)
        data["ratios"] = [r.as_dict() for r in self.ratios]
        data["seconds"] = round(self.seconds, 1)
        return data
