"""A day in the ledger, told through the HTTP API, and the global log as the tests read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from tests import refs
from tests.http.api import receive

ITEM_KEYS = {
    "position",
    "originator",
    "version",
    "type",
    "occurred_at",
    "reference",
    "idempotency_key",
    "data",
}


@dataclass
class Story:
    """Two SKUs in two warehouses, a channel with a ring fence, a released reservation and a
    received transfer. Every id is fresh."""

    sku: str = field(default_factory=refs.sku)
    other_sku: str = field(default_factory=refs.sku)
    source: str = field(default_factory=refs.location)
    target: str = field(default_factory=refs.location)
    channel: str = field(default_factory=lambda: refs.location().replace("WH", "CH"))
    reservation: str = field(default_factory=refs.reservation)
    order: str = field(default_factory=refs.order)
    transfer: str = field(default_factory=refs.transfer)
    purchase_order: str = field(default_factory=lambda: refs.order().replace("O", "PO"))
    key: str = field(default_factory=refs.key)
    last: int = 0  # the position of the story's last event

    def tell(self, client: TestClient) -> Story:
        """Run every command; the story's last position is kept for min_position."""
        self._ok(
            client.put(
                f"/v1/channels/{self.channel}",
                json={"kind": "shopify", "locations": [self.source]},
            )
        )
        self._ok(client.put(f"/v1/channels/{self.channel}/skus/{self.sku}", json={"ring_fence": 1}))
        self._ok(
            client.post(
                f"/v1/stock/{self.source}/{self.sku}/receipts",
                json={"quantity": 10, "reference": self.purchase_order},
                headers={"Idempotency-Key": self.key},
            )
        )
        self.last = max(self.last, receive(client, self.target, self.other_sku, 5)["position"])
        line = {"sku": self.sku, "quantity": 2, "location": self.source}
        order = {
            "reservation_id": self.reservation,
            "order_id": self.order,
            "channel": self.channel,
            "lines": [line],
        }
        self._ok(client.post("/v1/reservations", json=order), 201)
        self._ok(client.post(f"/v1/reservations/{self.reservation}/release", json={}))
        transfer = {
            "transfer_id": self.transfer,
            "sku": self.sku,
            "from_location": self.source,
            "to_location": self.target,
            "quantity": 3,
        }
        self._ok(client.post("/v1/transfers", json=transfer), 201)
        self._ok(client.post(f"/v1/transfers/{self.transfer}/receive", json={}))
        return self

    def _ok(self, response: Any, status: int = 200) -> None:
        assert response.status_code == status, response.text
        self.last = max(self.last, int(response.json()["position"]))


def events(client: TestClient, **params: Any) -> dict[str, Any]:
    """One page of `GET /v1/events`, which must answer 200."""
    response = client.get("/v1/events", params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


def whole_log(client: TestClient, min_position: int, **filters: Any) -> list[dict[str, Any]]:
    """Every matching item, page by page."""
    items: list[dict[str, Any]] = []
    after: int | None = 0
    while after is not None:
        page = events(client, after=after, limit=1000, min_position=min_position, **filters)
        items += page["events"]
        after = page["next_after"]
    return items


def positions(items: list[dict[str, Any]]) -> list[int]:
    """The positions of items, in their order."""
    return [item["position"] for item in items]


def named(item: dict[str, Any]) -> str:
    """'StockItem.Received' for an item."""
    return f"{item['originator']['type']}.{item['type']}"
