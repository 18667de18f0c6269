"""Identifiers: the public id pattern and the deterministic aggregate ids derived from it."""

from __future__ import annotations

import re
from uuid import UUID, uuid5

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
_ID_RE = re.compile(ID_PATTERN)

# A fixed namespace, so that every process (and every replay) derives the same ids.
NAMESPACE = UUID("6f1c2a4e-5b0d-4c7e-9a51-3d2f8e7b6c10")


def is_valid_id(value: str) -> bool:
    """True when ``value`` matches the public id pattern (SKUs, locations, channels, ...)."""
    # fullmatch: with match, "$" also matches before a trailing newline ("SKU-1\n").
    return bool(_ID_RE.fullmatch(value))


def stock_item_id(sku: str, location: str) -> UUID:
    """The id of the StockItem for one SKU at one location ('@' cannot occur in either id)."""
    return uuid5(NAMESPACE, f"stock:{sku}@{location}")


def sku_index_id(sku: str) -> UUID:
    """The id of the SkuIndex that lists a SKU's locations."""
    return uuid5(NAMESPACE, f"sku:{sku}")


def reservation_id_of(reservation_id: str) -> UUID:
    """The id of the Reservation aggregate for a client's reservation id."""
    return uuid5(NAMESPACE, f"reservation:{reservation_id}")


def transfer_id_of(transfer_id: str) -> UUID:
    """The id of the Transfer aggregate for a client's transfer id."""
    return uuid5(NAMESPACE, f"transfer:{transfer_id}")


def channel_id_of(name: str) -> UUID:
    """The id of the Channel aggregate."""
    return uuid5(NAMESPACE, f"channel:{name}")


def listing_id_of(channel: str, sku: str) -> UUID:
    """The id of the Listing aggregate: one SKU on one channel ('/' cannot occur in ids)."""
    return uuid5(NAMESPACE, f"listing:{channel}/{sku}")


def adapter_credential_id(channel: str) -> UUID:
    """The id of the AdapterCredential of a channel's adapter."""
    return uuid5(NAMESPACE, f"adapter-credential:{channel}")


def channel_index_id() -> UUID:
    """The id of the one ChannelIndex."""
    return uuid5(NAMESPACE, "channels")


def api_token_id_of(token_id: str) -> UUID:
    """The id of the ApiToken aggregate."""
    return uuid5(NAMESPACE, f"token:{token_id}")
