"""Grant: what an API token may do, by scope and by channel. The HTTP layer asks these rules;
it does not make its own."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.errors import Forbidden, InvalidCommand
from domain.ids import is_valid_id

READ = "read"
STOCK_WRITE = "stock:write"
RESERVATIONS_WRITE = "reservations:write"
CHANNELS_WRITE = "channels:write"
AUDIT_READ = "audit:read"
ADMIN = "admin"
SCOPES = (READ, STOCK_WRITE, RESERVATIONS_WRITE, CHANNELS_WRITE, AUDIT_READ, ADMIN)


@dataclass(frozen=True)
class Grant:
    """A token's scopes, and the channels it is limited to (none: every channel)."""

    scopes: frozenset[str]
    channels: frozenset[str] = frozenset()

    @property
    def limited(self) -> bool:
        """True when the token may act on its own channels only."""
        return bool(self.channels)

    def allows(self, scope: str) -> bool:
        """True when the token holds the scope, or admin (which is every scope)."""
        return ADMIN in self.scopes or scope in self.scopes

    def covers(self, channel: str | None) -> bool:
        """True when the token may act on ``channel``. A limited token covers its own channels
        only, and nothing that belongs to no channel (``None``)."""
        return not self.channels or channel in self.channels

    def require(self, scope: str) -> None:
        """Forbidden unless the token holds ``scope``."""
        if not self.allows(scope):
            raise Forbidden(f"this token lacks the scope {scope!r}", scope=scope)

    def require_channel(self, channel: str | None) -> None:
        """Forbidden unless the token covers ``channel``. The refusal names the token's own
        channels, never the other one: a portal must not learn what else exists."""
        if not self.covers(channel):
            own = ", ".join(sorted(self.channels))
            raise Forbidden(f"this token may act only on its channels ({own})")


def check_grant(scopes: Iterable[str], channels: Iterable[str]) -> None:
    """At least one scope, every scope known, every channel a valid id."""
    scopes = list(scopes)
    if not scopes:
        raise InvalidCommand(f"a token needs at least one scope: {', '.join(SCOPES)}")
    for scope in scopes:
        if scope not in SCOPES:
            raise InvalidCommand(f"unknown scope {scope!r}; expected one of {', '.join(SCOPES)}")
    for channel in channels:
        if not is_valid_id(channel):
            raise InvalidCommand(f"invalid channel id {channel!r}")
