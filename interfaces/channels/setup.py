"""An adapter's view of its channel: the connection (secrets resolved from the environment)
and, per SKU, the marketplace ids and the last value the marketplace confirmed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, cast

from application.service import StockLedger
from domain.listing import Listing
from interfaces.channels.contract import Connection, Marketplace, Result, Update


class AdapterConfigError(Exception):
    """The channel cannot be pushed: no connection, or a secret's variable is unset."""


def connection(
    ledger: StockLedger, channel: str, market: Marketplace, environ: Mapping[str, str] = os.environ
) -> Connection:
    """The channel's connection with its secrets read from the named environment variables."""
    config = ledger.channel(channel).connection
    if not config:
        raise AdapterConfigError(f"channel {channel!r} has no connection; PUT one first")
    names: dict[str, str] = dict(config.get("secrets") or {})
    missing = [n for n in market.secret_names if n not in names]
    if missing:
        raise AdapterConfigError(f"channel {channel!r} lacks secrets {', '.join(missing)}")
    unset = [env for env in names.values() if env not in environ]
    if unset:
        raise AdapterConfigError(f"environment variables not set: {', '.join(sorted(unset))}")
    return Connection(
        kind=market.kind,
        base_url=str(config["base_url"]),
        rate_limit=float(config["rate_limit"]),
        burst=int(config.get("burst") or 1),
        secrets={name: environ[env] for name, env in names.items()},
    )


class ListingBook:
    """Listings as the adapter needs them; remembers what it applied itself."""

    def __init__(self, ledger: StockLedger) -> None:
        self.ledger = ledger
        self._applied: dict[str, tuple[int, int]] = {}  # sku -> (position, available)

    def update(self, channel: str, body: dict[str, Any]) -> Update | None:
        """The Update for a message, or None when a newer position was already applied."""
        sku, position = str(body["sku"]), int(body["position"])
        applied = self._applied.get(sku)
        if applied is not None and applied[0] >= position:
            return None
        listing = cast(Listing | None, self.ledger.find(Listing.create_id(channel, sku)))
        last = applied[1] if applied else self._confirmed(listing)
        return Update(
            channel=channel,
            sku=sku,
            available=int(body["available"]),
            position=position,
            listing=dict(listing.identifiers) if listing else {},
            last_confirmed=last,
            reference=f"stocksync://events/{position}",
        )

    @staticmethod
    def _confirmed(listing: Listing | None) -> int | None:
        confirmed = listing.confirmed if listing else None
        if confirmed and confirmed.get("status") == "applied":
            return int(confirmed["available"])
        return None

    def applied(self, channel: str, update: Update, result: Result) -> None:
        """Remember an accepted push (Shopify's compare-and-set needs the value)."""
        self._applied[update.sku] = (update.position, update.available)
