"""One successful request per /v1 route, against a small world made with the admin token. The
auth tests check that this table and the app's routes are the same set, so a new route cannot
be left without its 401, 403 and success tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from tests import refs
from tests.http.api import order, receive, reserve, transfer_body
from tests.tokens import issue

Route = tuple[str, str]  # (method, path template)


@dataclass(frozen=True)
class Call:
    """A request: its URL, and its JSON body for a write."""

    url: str
    body: dict[str, Any] | None = None
    params: dict[str, Any] = field(default_factory=dict)
    passed: int | None = None  # a status other than 2xx that still means "past the token check"


def v1_routes(client: TestClient) -> set[Route]:
    """Every (method, path) the app serves under /v1, read from the app's routes (included
    routers flattened as FastAPI's own OpenAPI generation does). A route without methods (a
    mount) counts as "*", which has no scope and so fails the tests."""
    return {
        (method, context.path)
        for context in iter_route_contexts(client.app.routes)  # type: ignore[attr-defined]
        if (context.path or "").startswith("/v1")
        for method in (context.methods or {"*"})
    }


@dataclass
class World:
    """Stock at a location, a channel that sells it, reservations, a transfer, a spare token."""

    sku: str = field(default_factory=refs.sku)
    location: str = field(default_factory=refs.location)
    channel: str = field(default_factory=lambda: refs.reservation().replace("R-", "C-"))
    held: list[str] = field(default_factory=lambda: ["R-1", "R-2", "R-3"])  # until made
    transfer: str = ""
    spare_id: str = ""
    position: int = 0

    def make(self, client: TestClient) -> World:
        """Record it all through the API."""
        declared = client.put(f"/v1/channels/{self.channel}", json={"kind": "shopify"})
        assert declared.status_code == 200, declared.text
        receive(client, self.location, self.sku, 50)
        lines = [{"sku": self.sku, "quantity": 1}]
        self.held = [reserve(client, lines, channel=self.channel)["reservation_id"] for _ in "123"]
        moved = client.post("/v1/transfers", json=transfer_body(self.sku, self.location, "X", 1))
        assert moved.status_code == 201, moved.text
        self.transfer, self.position = moved.json()["transfer_id"], moved.json()["position"]
        self.spare_id = issue(client, "read").split("_")[1]
        return self


def cases(w: World) -> dict[Route, Call]:
    """The successful request of each route."""
    stock, channel, res = f"/v1/stock/{w.location}/{w.sku}", f"/v1/channels/{w.channel}", w.held
    caught_up = {"min_position": w.position}
    ids = {"inventory_item_id": "gid://shopify/InventoryItem/1", "location_id": "gid://x/1"}
    return {
        ("POST", "/v1/stock/{location}/{sku}/receipts"): Call(f"{stock}/receipts", {"quantity": 1}),
        ("POST", "/v1/stock/{location}/{sku}/adjustments"): Call(
            f"{stock}/adjustments", {"delta": -1, "reason": "damaged"}
        ),
        ("POST", "/v1/stock/{location}/{sku}/counts"): Call(f"{stock}/counts", {"quantity": 49}),
        ("PUT", "/v1/stock/{location}/{sku}/safety-stock"): Call(
            f"{stock}/safety-stock", {"quantity": 1}
        ),
        ("POST", "/v1/stock/{location}/{sku}/returns"): Call(
            f"{stock}/returns", {"quantity": 1, "restock": True}
        ),
        ("PUT", "/v1/stock/{location}/{sku}/reorder-point"): Call(
            f"{stock}/reorder-point", {"reorder_point": 1, "reorder_quantity": 5}
        ),
        ("GET", "/v1/stock/{location}/{sku}"): Call(stock),
        ("GET", "/v1/stock/{location}/{sku}/events"): Call(f"{stock}/events"),
        ("GET", "/v1/skus/{sku}"): Call(f"/v1/skus/{w.sku}"),
        ("POST", "/v1/reservations"): Call(
            "/v1/reservations", order([{"sku": w.sku, "quantity": 1}], channel=w.channel)
        ),
        ("GET", "/v1/reservations/{reservation_id}"): Call(f"/v1/reservations/{res[0]}"),
        ("POST", "/v1/reservations/{reservation_id}/release"): Call(
            f"/v1/reservations/{res[1]}/release", {}
        ),
        ("POST", "/v1/reservations/{reservation_id}/fulfil"): Call(
            f"/v1/reservations/{res[2]}/fulfil", {}
        ),
        ("POST", "/v1/transfers"): Call(
            "/v1/transfers", transfer_body(w.sku, w.location, refs.location(), 1)
        ),
        ("GET", "/v1/transfers/{transfer_id}"): Call(f"/v1/transfers/{w.transfer}"),
        ("POST", "/v1/transfers/{transfer_id}/receive"): Call(
            f"/v1/transfers/{w.transfer}/receive", {}
        ),
        ("PUT", "/v1/channels/{channel}"): Call(
            channel, {"kind": "shopify", "rules": {"buffer": 1}}
        ),
        ("GET", "/v1/channels/{channel}"): Call(channel),
        ("GET", "/v1/channels"): Call("/v1/channels"),
        ("PUT", "/v1/channels/{channel}/skus/{sku}"): Call(
            f"{channel}/skus/{w.sku}", {"ring_fence": 1}
        ),
        ("GET", "/v1/channels/{channel}/availability/{sku}"): Call(
            f"{channel}/availability/{w.sku}", params=caught_up
        ),
        ("GET", "/v1/channels/{channel}/availability"): Call(
            f"{channel}/availability", params=caught_up
        ),
        ("PUT", "/v1/channels/{channel}/listings/{sku}"): Call(f"{channel}/listings/{w.sku}", ids),
        ("GET", "/v1/channels/{channel}/sync"): Call(f"{channel}/sync"),
        ("GET", "/v1/replenishment"): Call("/v1/replenishment", params=caught_up),
        ("GET", "/v1/events"): Call("/v1/events", params=caught_up),
        ("POST", "/v1/tokens"): Call("/v1/tokens", {"name": "ci", "scopes": ["read"]}),
        ("GET", "/v1/tokens"): Call("/v1/tokens"),
        ("DELETE", "/v1/tokens/{token_id}"): Call(f"/v1/tokens/{w.spare_id}"),
        # The test service runs without NATS: past the token check this answers 503
        # nats_unavailable; tests/integration/test_nats_credentials.py covers its success.
        ("POST", "/v1/channels/{channel}/nats-credentials"): Call(
            f"{channel}/nats-credentials", {}, passed=503
        ),
    }


def send(client: TestClient, method: str, call: Call, headers: dict[str, str]) -> Any:
    """Send a route's request with these headers."""
    return client.request(method, call.url, json=call.body, params=call.params, headers=headers)
