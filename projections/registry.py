"""Every read model the service keeps, by name."""

from __future__ import annotations

from projections.chain import AuditChain
from projections.event_log import EventLog
from projections.inventory import Inventory
from projections.model import ReadModel
from projections.reservations import Reservations

READ_MODELS: dict[str, type[ReadModel]] = {
    model.name: model for model in (Inventory, Reservations, EventLog, AuditChain)
}
