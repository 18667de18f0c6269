"""The event classes the views dispatch on (with ``match``, by class, never by name).

The library makes an aggregate's event classes from its ``@event("Name")`` methods when the
aggregate class is created, so a type checker cannot see ``StockItem.Reserved``: each class the
views match on is named once here. The names are the classes themselves; their fields are typed
Any (the event bodies in domain/ declare them).
"""

from __future__ import annotations

from typing import Any, Final

from domain.channel import Channel
from domain.channel_index import ChannelIndex
from domain.listing import Listing
from domain.reservation import Reservation
from domain.stock_item import StockItem

_stock_item: Any = StockItem
Registered: Final[type[Any]] = _stock_item.Registered
Reserved: Final[type[Any]] = _stock_item.Reserved
ReservationReleased: Final[type[Any]] = _stock_item.ReservationReleased
ReservationFulfilled: Final[type[Any]] = _stock_item.ReservationFulfilled
ReplenishmentRequested: Final[type[Any]] = _stock_item.ReplenishmentRequested
ReplenishmentCleared: Final[type[Any]] = _stock_item.ReplenishmentCleared

_channel: Any = Channel
ChannelDeclared: Final[type[Any]] = _channel.Declared
ChannelConfigured: Final[type[Any]] = _channel.Configured
_channel_index: Any = ChannelIndex
ChannelIndexAdded: Final[type[Any]] = _channel_index.Added

_listing: Any = Listing
ListingOpened: Final[type[Any]] = _listing.Opened
ListingRulesSet: Final[type[Any]] = _listing.RulesSet
ListingConfirmed: Final[type[Any]] = _listing.Confirmed

_reservation: Any = Reservation  # an order's reservation (StockItem's are above)
Placed: Final[type[Any]] = _reservation.Placed
Released: Final[type[Any]] = _reservation.Released
Fulfilled: Final[type[Any]] = _reservation.Fulfilled
