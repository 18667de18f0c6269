"""The service answers and records, on both backends."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import refs


def test_receipt_then_level(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    posted = client.post(f"/v1/stock/{loc}/{sku}/receipts", json={"quantity": 5, "reference": "PO"})
    assert posted.status_code == 200, posted.text
    got = client.get(f"/v1/stock/{loc}/{sku}")
    assert got.json() == posted.json()
