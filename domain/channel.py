"""Channel: a place that sells stock, with its kind, its feeding locations and default rules."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.availability import Rules
from domain.connection import check_connection
from domain.errors import InvalidCommand
from domain.ids import channel_id_of
from domain.rules import check_rules

KINDS = ("shopify", "amazon", "shopee", "woocommerce", "webhook", "ebay", "lazada", "tiktok")


class Channel(Aggregate):
    """A sales channel. Every change is an event, so past rules can be replayed."""

    @staticmethod
    def create_id(name: str) -> Any:
        """Deterministic from the channel's name."""
        return channel_id_of(name)

    @staticmethod
    def check(kind: str, rules: dict[str, Any]) -> None:
        """A known kind and valid rules."""
        check_kind(kind)
        check_rules(rules, allow_ring_fence=False)

    @event("Declared")
    def __init__(self, name: str, kind: str, locations: list[str], rules: dict[str, Any]) -> None:
        self.name = name
        self.kind = kind
        self.locations = locations
        self.rules = rules
        self.connection: dict[str, Any] | None = None

    def configure(self, kind: str, locations: list[str], rules: dict[str, Any]) -> None:
        """Change kind, locations or rules; an identical configuration records nothing."""
        self.check(kind, rules)
        if (kind, locations, rules) != (self.kind, self.locations, self.rules):
            self._configured(kind, locations, rules)

    @event("Configured")
    def _configured(self, kind: str, locations: list[str], rules: dict[str, Any]) -> None:
        self.kind = kind
        self.locations = locations
        self.rules = rules

    def connect(self, connection: dict[str, Any]) -> None:
        """Set the marketplace connection; an identical one records nothing."""
        check_connection(connection)
        if connection != self.connection:
            self._connected(connection)

    @event("Connected")
    def _connected(self, connection: dict[str, Any]) -> None:
        self.connection = connection

    @property
    def default_rules(self) -> Rules:
        """The channel's rules as the pipeline takes them."""
        return Rules().overridden(self.rules)


def check_kind(kind: str) -> None:
    """Refuse unknown kinds."""
    if kind not in KINDS:
        raise InvalidCommand(f"unknown channel kind {kind!r}; expected one of {', '.join(KINDS)}")
