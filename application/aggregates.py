"""Finding aggregates by what clients call them: the lookups that the command handlers (over
the executor's working set) and the queries (over the store) share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, cast
from uuid import UUID

from domain.channel import Channel
from domain.channel_index import ChannelIndex
from domain.errors import ChannelNotFound, ReservationNotFound, TransferNotFound
from domain.listing import Listing
from domain.reservation import Reservation
from domain.sku_index import SkuIndex
from domain.stock_item import StockItem
from domain.transfer import Transfer


class Aggregates(ABC):
    """Aggregates by id (``find``), and by the names clients use."""

    @abstractmethod
    def find(self, aggregate_id: UUID) -> Any | None:
        """The aggregate, or None when it was never created."""

    def item(self, sku: str, location: str) -> StockItem | None:
        """The StockItem for a SKU at a location, if it was ever seen."""
        return cast(StockItem | None, self.find(StockItem.create_id(sku, location)))

    def item_or_new(self, sku: str, location: str, index: SkuIndex) -> StockItem:
        """The StockItem, registered (and indexed) when first seen."""
        found = self.item(sku, location)
        if found is not None:
            return found
        index.add(location)
        return StockItem(sku, location)

    def index(self, sku: str) -> SkuIndex:
        """The SKU's location index, new if the SKU was never seen."""
        found = self.find(SkuIndex.create_id(sku))
        return cast(SkuIndex, found) if found is not None else SkuIndex(sku)

    def reservation(self, reservation_id: str) -> Reservation:
        """The reservation, or ReservationNotFound."""
        found = self.find(Reservation.create_id(reservation_id))
        if found is None:
            raise ReservationNotFound(f"no reservation {reservation_id!r}")
        return cast(Reservation, found)

    def find_transfer(self, transfer_id: str) -> Transfer:
        """The transfer, or TransferNotFound."""
        found = self.find(Transfer.create_id(transfer_id))
        if found is None:
            raise TransferNotFound(f"no transfer {transfer_id!r}")
        return cast(Transfer, found)

    def channel(self, name: str) -> Channel:
        """The channel, or ChannelNotFound."""
        found = self.find(Channel.create_id(name))
        if found is None:
            raise ChannelNotFound(f"no channel {name!r}")
        return cast(Channel, found)

    def channel_index(self) -> ChannelIndex:
        """The index of declared channels (new if none was ever declared)."""
        found = self.find(ChannelIndex.create_id())
        return cast(ChannelIndex, found) if found is not None else ChannelIndex()

    def channels(self) -> list[Channel]:
        """Every declared channel, by name."""
        return [self.channel(name) for name in self.channel_index().names]

    def listing(self, channel: str, sku: str) -> Listing:
        """A SKU's listing on a channel, new if it was never touched."""
        found = self.find(Listing.create_id(channel, sku))
        return cast(Listing, found) if found is not None else Listing(channel, sku)
