"""Point-in-time answers come from events and do not move when history goes on."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from tests import refs


def _moment() -> str:
    # Event timestamps are taken at save time; a short pause separates "before" from "after".
    time.sleep(0.02)
    moment = datetime.now(UTC).isoformat()
    time.sleep(0.02)
    return moment


def _ok(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def test_answers_as_of_a_moment_do_not_change_with_later_events(client: TestClient) -> None:
    sku, wh1, wh2, shop, other = refs.sku(), refs.location(), refs.location(), "shop", "mkt"
    _ok(
        client.put(
            f"/v1/channels/{shop}",
            json={"kind": "shopify", "locations": [wh1], "rules": {"buffer": 2, "percent": 80}},
        )
    )
    _ok(client.put(f"/v1/channels/{other}", json={"kind": "amazon"}))
    _ok(client.put(f"/v1/channels/{other}/skus/{sku}", json={"ring_fence": 3}))
    _ok(client.post(f"/v1/stock/{wh1}/{sku}/receipts", json={"quantity": 20}))
    _ok(client.post(f"/v1/stock/{wh2}/{sku}/receipts", json={"quantity": 6}))
    _ok(
        client.post(
            "/v1/reservations",
            json={
                "reservation_id": refs.reservation(),
                "order_id": refs.order(),
                "channel": other,
                "lines": [{"sku": sku, "quantity": 2, "location": wh2}],
            },
        )
    )
    then = _moment()
    before_sku = _ok(client.get(f"/v1/skus/{sku}", params={"as_of": then}))
    before_shop = _ok(client.get(f"/v1/channels/{shop}/availability/{sku}", params={"as_of": then}))
    assert before_shop["available"] == 13  # (20 - fence 1) * 80% = 15, - 2
    assert before_shop["explanation"]["pool_by_location"] == {wh1: 20}
    assert before_shop["explanation"]["fences_of_other_channels"] == {other: 1}
    assert before_shop["explanation"]["steps"]["after_percent"] == 15
    # History goes on: more stock, new rules, a rule change on the channel itself.
    _ok(client.post(f"/v1/stock/{wh1}/{sku}/receipts", json={"quantity": 100}))
    _ok(client.put(f"/v1/channels/{shop}", json={"kind": "shopify", "rules": {"buffer": 9}}))
    _ok(client.put(f"/v1/channels/{other}/skus/{sku}", json={"ring_fence": 0}))
    assert _ok(client.get(f"/v1/skus/{sku}", params={"as_of": then})) == before_sku
    after = client.get(f"/v1/channels/{shop}/availability/{sku}", params={"as_of": then})
    assert _ok(after) == before_shop
    now = _ok(client.get(f"/v1/channels/{shop}/availability/{sku}", params={"as_of": _moment()}))
    assert now["available"] == 126 - 2 - 9  # every location now, no fence, no percent


def test_before_anything_existed_is_a_404(client: TestClient) -> None:
    early = datetime(2000, 1, 1, tzinfo=UTC).isoformat()
    sku, wh = refs.sku(), refs.location()
    _ok(client.put("/v1/channels/shop", json={"kind": "shopify"}))
    _ok(client.post(f"/v1/stock/{wh}/{sku}/receipts", json={"quantity": 1}))
    assert client.get(f"/v1/skus/{sku}", params={"as_of": early}).status_code == 404
    got = client.get(f"/v1/channels/shop/availability/{sku}", params={"as_of": early})
    assert got.status_code == 404
    assert got.headers["content-type"].startswith("application/problem+json")
