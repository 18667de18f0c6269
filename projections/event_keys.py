"""The filter keys of a logged event: the SKU, location, channel, reservation, order and transfer
it concerns, so that the global log can be searched by them.

An aggregate's first event names its subject (StockItem.Registered its SKU and location,
Reservation.Placed its reservation, order and channel, ...); every later event of the aggregate
inherits those keys, and the fields an event carries itself win (StockItem.Reserved names its
own reservation, order and channel). A key that is not one value is None: a transfer goes
between two locations, and a reservation of several SKUs has no single SKU.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.ids import reservation_id_of
from projections import events

KEYS = ("sku", "location", "channel", "reservation_id", "order_id", "transfer_id")
KEY_SET = frozenset(KEYS)
MEMO = 100_000  # reservation ids remembered

Keys = dict[str, str]  # only the keys that apply


def own_keys(event: Any) -> Keys:
    """The keys an event carries in its own fields."""
    fields = event.__dict__
    # Most events carry none of the keys or one: intersect first, then look.
    own = {key: fields[key] for key in KEY_SET & fields.keys() if isinstance(fields[key], str)}
    match event:
        case events.ChannelDeclared() | events.ChannelIndexAdded():  # `name` names a channel
            own["channel"] = event.name
        case events.Placed():
            own.update(_lines_keys(event.lines))
    return own


def _lines_keys(lines: list[dict[str, Any]]) -> Keys:
    keys: Keys = {}
    for key in ("sku", "location"):
        values = {line.get(key) for line in lines}
        if len(values) == 1 and isinstance(found := values.pop(), str):
            keys[key] = found
    return keys


def is_creation(event: Any) -> bool:
    """True for an aggregate's first event, which names the aggregate's subject."""
    return int(event.originator_version) == 1


class ReservationIds(dict[str, UUID]):
    """The Reservation aggregate's id of each reservation id, computed once: it is a uuid5,
    and hashing it again for every event of a reservation cost as much as its row."""

    def __missing__(self, reservation: str) -> UUID:
        if len(self) >= MEMO:
            self.clear()
        found = self[reservation] = reservation_id_of(reservation)
        return found


def related(event: Any, ids: ReservationIds) -> list[UUID]:
    """The aggregates whose subjects this event's keys come from (its own, its reservation's)."""
    related_ids = [] if is_creation(event) else [event.originator_id]
    reservation = event.__dict__.get("reservation_id")
    if isinstance(reservation, str):
        related_ids.append(ids[reservation])
    return related_ids


def event_keys(event: Any, subjects: dict[UUID, Keys], ids: ReservationIds | None = None) -> Keys:
    """Every key of an event: its own fields, its aggregate's subject, then its reservation's
    (a released hold on a StockItem belongs to the reservation's order and channel)."""
    keys = {**subjects.get(event.originator_id, {}), **own_keys(event)}
    reservation = keys.get("reservation_id")
    if reservation is not None:
        aggregate_id = (ids if ids is not None else ReservationIds())[reservation]
        for key, value in subjects.get(aggregate_id, {}).items():
            keys.setdefault(key, value)
    return keys
