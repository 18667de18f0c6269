"""Movements at one SKU-location, its level now and then, its history, and a SKU's totals."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from tests import refs
from tests.http.api import (
    assert_level,
    assert_problem,
    command,
    history,
    level,
    receive,
    reserve,
    stock,
    transfer_body,
)


def moment() -> datetime:
    """Now, strictly after anything that already happened (the clock moves on first)."""
    before = datetime.now(UTC)
    while (now := datetime.now(UTC)) <= before:
        time.sleep(0.001)
    return now


def test_receipt_answers_the_new_stock_level(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    first = receive(client, loc, sku, 10)
    assert first["sku"] == sku and first["location"] == loc
    assert (first["on_hand"], first["reserved"], first["available"]) == (10, 0, 10)
    second = receive(client, loc, sku, 5)
    assert second["on_hand"] == 15
    assert second["version"] == first["version"] + 1
    assert second["position"] > first["position"]
    assert level(client, loc, sku) == second


def test_every_adjustment_reason_moves_on_hand_its_way(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    last = receive(client, loc, sku, 20)
    moves = [
        ("damaged", -2),
        ("lost", -1),
        ("found", 3),
        ("correction", -4),
        ("correction", 1),
        ("quality_hold", -5),
        ("quality_release", 2),
    ]
    for reason, delta in moves:
        body = {"delta": delta, "reason": reason, "reference": f"ADJ-{reason}"}
        now = command(client, loc, sku, "/adjustments", body)
        assert now["on_hand"] == last["on_hand"] + delta, reason
        assert now["position"] > last["position"], reason
        last = now
    adjusted = [e for e in history(client, loc, sku) if e["type"] == "Adjusted"]
    assert [(e["data"]["reason"], e["data"]["delta"]) for e in adjusted] == moves
    assert [e["reference"] for e in adjusted] == [f"ADJ-{r}" for r, _ in moves]


def test_refused_adjustments_write_nothing(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    before = receive(client, loc, sku, 3)
    refused = client.post(
        stock(loc, sku, "/adjustments"), json={"delta": -4, "reason": "lost", "reference": "X"}
    )
    assert_problem(refused, 409, "negative_on_hand")
    for reason, delta in [("damaged", 1), ("lost", 1), ("found", -1), ("quality_release", -1)]:
        body = {"delta": delta, "reason": reason}  # against the reason's direction
        assert_problem(client.post(stock(loc, sku, "/adjustments"), json=body), 422)
    assert level(client, loc, sku) == before


def test_count_sets_on_hand_and_records_the_delta(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    fresh = command(client, refs.location(), sku, "/counts", {"quantity": 4})
    assert fresh["on_hand"] == 4  # a count registers a location never seen
    receive(client, loc, sku, 10)
    counted = command(client, loc, sku, "/counts", {"quantity": 7, "reference": "COUNT-1"})
    assert counted["on_hand"] == 7
    zero = command(client, loc, sku, "/counts", {"quantity": 0})
    assert zero["on_hand"] == 0 and zero["position"] > counted["position"]
    counts = [e for e in history(client, loc, sku) if e["type"] == "Counted"]
    assert [e["data"]["delta"] for e in counts] == [-3, -7]
    assert counts[0]["reference"] == "COUNT-1"


def test_safety_stock_is_held_back_from_available(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    receive(client, loc, sku, 10)
    held = command(client, loc, sku, "/safety-stock", {"quantity": 3})
    assert (held["on_hand"], held["safety_stock"], held["available"]) == (10, 3, 7)
    beyond = command(client, loc, sku, "/safety-stock", {"quantity": 25})
    assert (beyond["safety_stock"], beyond["available"]) == (25, 0)
    cleared = command(client, loc, sku, "/safety-stock", {"quantity": 0})
    assert (cleared["safety_stock"], cleared["available"]) == (0, 10)
    assert cleared["position"] > beyond["position"] > held["position"]


def test_only_a_restockable_return_goes_back_on_hand(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    before = receive(client, loc, sku, 2)
    body = {"quantity": 3, "reference": "RMA-1", "restock": False}
    kept = command(client, loc, sku, "/returns", body)
    assert (kept["on_hand"], kept["available"]) == (2, 2)
    assert kept["version"] == before["version"] + 1 and kept["position"] > before["position"]
    returned = command(client, loc, sku, "/returns", {**body, "restock": True})
    assert (returned["on_hand"], returned["available"]) == (5, 5)
    events = history(client, loc, sku)[-2:]
    assert [(e["type"], e["data"]["restock"]) for e in events] == [
        ("Returned", False),
        ("Returned", True),
    ]
    assert {e["reference"] for e in events} == {"RMA-1"}
    assert {e["data"]["quantity"] for e in events} == {3}


def test_positions_increase_across_every_command(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    levels = [
        command(client, loc, sku, "/receipts", {"quantity": 9}),
        command(client, loc, sku, "/adjustments", {"delta": -1, "reason": "damaged"}),
        command(client, loc, sku, "/counts", {"quantity": 6}),
        command(client, loc, sku, "/safety-stock", {"quantity": 1}),
        command(client, loc, sku, "/returns", {"quantity": 1, "restock": True}),
    ]
    positions = [lv["position"] for lv in levels]
    assert positions == sorted(set(positions))
    assert level(client, loc, sku) == levels[-1]


def test_facts_that_leave_a_location_short_are_recorded(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    receive(client, loc, sku, 5)
    reserve(client, [{"sku": sku, "quantity": 5, "location": loc}])
    damaged = command(client, loc, sku, "/adjustments", {"delta": -2, "reason": "damaged"})
    assert (damaged["on_hand"], damaged["reserved"], damaged["available"]) == (3, 5, 0)
    counted = command(client, loc, sku, "/counts", {"quantity": 1})
    assert counted["on_hand"] == 1
    shortages = [e for e in history(client, loc, sku) if e["type"] == "ShortageDetected"]
    assert [e["data"]["shortfall"] for e in shortages] == [2, 4]


def test_a_never_seen_sku_or_location_is_404(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    assert_problem(client.get(stock(loc, sku)), 404)
    assert_problem(client.get(stock(loc, sku, "/events")), 404)
    assert_problem(client.get(f"/v1/skus/{sku}"), 404)
    receive(client, loc, sku, 1)
    for other in (stock(refs.location(), sku), stock(loc, refs.sku())):
        assert_problem(client.get(other), 404)
        assert_problem(client.get(f"{other}/events"), 404)
    assert_problem(client.get(f"/v1/skus/{refs.sku()}"), 404)


def test_level_as_of_a_moment(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    before_anything = moment()
    first = receive(client, loc, sku, 5)
    after_first = moment()
    second = receive(client, loc, sku, 3)
    after_second = moment()
    url = stock(loc, sku)

    def as_of(when: str) -> dict[str, Any]:
        response = client.get(url, params={"as_of": when})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert_level(body)
        return body

    assert as_of(after_first.isoformat()) == first
    assert as_of(after_second.isoformat()) == second
    assert as_of(after_first.isoformat().replace("+00:00", "Z")) == first
    assert as_of(after_first.replace(tzinfo=None).isoformat()) == first  # naive means UTC
    assert as_of(after_first.astimezone().isoformat()) == first  # any offset
    assert_problem(client.get(url, params={"as_of": before_anything.isoformat()}), 404)
    never = stock(refs.location(), sku)
    assert_problem(client.get(never, params={"as_of": after_second.isoformat()}), 404)


def test_level_as_of_a_version(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    first = receive(client, loc, sku, 5)
    second = receive(client, loc, sku, 3)
    url = stock(loc, sku)
    got = client.get(url, params={"as_of_version": first["version"]})
    assert got.status_code == 200, got.text
    assert got.json() == first
    got = client.get(url, params={"as_of_version": second["version"]})
    assert got.json() == second
    registered = client.get(url, params={"as_of_version": 1}).json()
    assert_level(registered)
    assert (registered["version"], registered["on_hand"]) == (1, 0)
    never = stock(refs.location(), sku)
    assert_problem(client.get(never, params={"as_of_version": 1}), 404)


def test_events_are_paged_by_version(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    for quantity in (1, 2, 3, 4):
        last = receive(client, loc, sku, quantity)
    url = stock(loc, sku, "/events")
    seen: list[dict[str, Any]] = []
    after = 0
    while True:
        response = client.get(url, params={"after": after, "limit": 2})
        assert response.status_code == 200, response.text
        page = response.json()
        assert set(page) >= {"events", "next_after"}
        assert len(page["events"]) <= 2
        seen.extend(page["events"])
        if page["next_after"] is None:
            break
        assert page["next_after"] == page["events"][-1]["version"]
        after = page["next_after"]
    assert [e["version"] for e in seen] == list(range(1, last["version"] + 1))
    for event in seen:
        assert set(event) >= {"version", "type", "occurred_at", "reference", "data"}
        datetime.fromisoformat(str(event["occurred_at"]))
    received = [e for e in seen if e["type"] == "Received"]
    assert [e["data"]["quantity"] for e in received] == [1, 2, 3, 4]
    assert {e["reference"] for e in received} == {"PO"}
    tail = client.get(url, params={"after": 3}).json()
    assert [e["version"] for e in tail["events"]] == list(range(4, last["version"] + 1))
    assert tail["next_after"] is None


def test_sku_totals_are_the_sums_over_its_locations(client: TestClient) -> None:
    sku, near, far, spare = refs.sku(), refs.location(), refs.location(), refs.location()
    receive(client, near, sku, 10)
    receive(client, far, sku, 2)
    command(client, far, sku, "/safety-stock", {"quantity": 5})  # far: available 0, not -3
    reserve(client, [{"sku": sku, "quantity": 4, "location": near}])
    assert client.post("/v1/transfers", json=transfer_body(sku, near, spare, 1)).status_code == 201
    response = client.get(f"/v1/skus/{sku}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) >= {"sku", "totals", "locations"} and body["sku"] == sku
    locations = {lv["location"]: lv for lv in body["locations"]}
    assert set(locations) == {near, far, spare}
    for loc, lv in locations.items():
        assert_level(lv)
        assert lv == level(client, loc, sku)
    fields = ("on_hand", "reserved", "safety_stock", "in_transit", "available")
    totals = {f: body["totals"][f] for f in fields}
    assert totals == {f: sum(lv[f] for lv in locations.values()) for f in fields}
    assert totals == {
        "on_hand": 11,
        "reserved": 4,
        "safety_stock": 5,
        "in_transit": 1,
        "available": 5,
    }
