"""Limits (issue 11 §3): a body over 1 MiB is a 413, a reservation over 1,000 lines or a page
over 1,000 items a 422; each is a problem+json, and none of them writes anything."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from fastapi.testclient import TestClient

from tests import refs
from tests.http.api import assert_problem, order, receive, stock

MIB = 1024 * 1024
JSON = {"content-type": "application/json"}


def log_position(client: TestClient) -> int:
    """The end of the event log: a refused request must leave it where it was."""
    position: int = client.app.state.container.ledger.recorder.max_notification_id() or 0  # type: ignore[attr-defined]
    return position


def padded(size: int) -> bytes:
    """A valid receipt body of exactly ``size`` bytes (JSON allows trailing spaces)."""
    body = json.dumps({"quantity": 1, "reference": "PAD"}).encode()
    return body + b" " * (size - len(body))


def test_a_body_over_1_mib_is_refused_with_413_and_writes_nothing(client: TestClient) -> None:
    url = stock(refs.location(), refs.sku(), "/receipts")
    before = log_position(client)
    with_length = client.post(url, content=padded(MIB + 1), headers=JSON)
    assert_problem(with_length, 413, "body_too_large")
    chunked = client.post(url, content=iter([padded(MIB + 1)]), headers=JSON)
    assert "content-length" not in chunked.request.headers
    assert_problem(chunked, 413, "body_too_large")
    assert log_position(client) == before
    assert client.post(url, content=padded(MIB), headers=JSON).status_code == 200


def test_an_endless_body_is_cut_off_at_the_limit_not_read_whole(client: TestClient) -> None:
    chunk = b" " * (64 * 1024)
    reads = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    headers = [(k.encode(), v.encode()) for k, v in {**client.headers, **JSON}.items()]
    path = stock(refs.location(), refs.sku(), "/receipts")
    scope = {"type": "http", "method": "POST", "path": path, "headers": headers}
    scope |= {"http_version": "1.1", "scheme": "http", "query_string": b"", "root_path": ""}
    asyncio.run(client.app(scope, receive, send))  # type: ignore[arg-type]
    assert sent[0]["status"] == 413
    assert reads == MIB // len(chunk) + 1  # 16 chunks make 1 MiB; the 17th crosses it


def test_a_reservation_of_more_than_1000_lines_is_refused(client: TestClient) -> None:
    sku = refs.sku()
    receive(client, refs.location(), sku, 5)
    lines = [{"sku": f"{sku}-{n}", "quantity": 1} for n in range(1001)]
    before = log_position(client)
    problem = assert_problem(client.post("/v1/reservations", json=order(lines)), 422)
    assert problem["code"] == "invalid_request" and "lines" in problem["detail"], problem
    assert log_position(client) == before
    # 1,000 lines pass the limit; these are refused for want of stock alone.
    short = client.post("/v1/reservations", json=order(lines[:1000]))
    assert len(assert_problem(short, 409, "insufficient_stock")["lines"]) == 1000


def test_a_page_of_more_than_1000_items_is_refused(client: TestClient) -> None:
    loc, sku = refs.location(), refs.sku()
    receive(client, loc, sku, 5)
    assert client.put("/v1/channels/shop", json={"kind": "shopify"}).status_code == 200
    pages = [
        stock(loc, sku, "/events"),
        "/v1/events",
        "/v1/channels/shop/availability",
        "/v1/channels/shop/sync",
        "/v1/replenishment",
    ]
    for url in pages:
        assert_problem(client.get(url, params={"limit": 1001}), 422, "invalid_request")
        assert client.get(url, params={"limit": 1000}).status_code == 200, url
